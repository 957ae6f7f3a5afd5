// A reader that throws (a fault of ecsguard's, or crafted input past V8's limits that no guard
// caught) costs the scan that one file or module: an error naming it, exit 2, and every other
// file still scanned. The readers are made to throw here, for named files only.
import { describe, expect, it, vi } from 'vitest';
import { FIXTURE_RULES, tempDir } from '../helpers.js';

vi.mock('../../src/sources/files/load-file.js', async (original) => {
  const real = await original<typeof import('../../src/sources/files/load-file.js')>();
  return {
    ...real,
    loadFile: (...args: Parameters<typeof real.loadFile>) => {
      if (args[1].endsWith('overflow.json')) throw new RangeError('Maximum call stack size exceeded');
      if (args[1].endsWith('fault.json')) throw new TypeError("Cannot read properties of undefined (reading 'x')\n    at somewhere (file.js:1:1)");
      if (args[1].endsWith('quoting.json')) throw new SyntaxError('Unexpected token \'h\', "hunter2-Quoted" is not valid JSON');
      return real.loadFile(...args);
    },
  };
});
vi.mock('../../src/sources/files/terraform-hcl/module.js', async (original) => {
  const real = await original<typeof import('../../src/sources/files/terraform-hcl/module.js')>();
  return {
    ...real,
    loadTerraformModule: (...args: Parameters<typeof real.loadTerraformModule>) => {
      if (args[0].some((f) => f.display.includes('broken-module/'))) throw new RangeError('Invalid string length');
      return real.loadTerraformModule(...args);
    },
  };
});

const td = (family: string) => JSON.stringify({ family, containerDefinitions: [{ name: 'app', image: 'nginx:1.27', privileged: true }] });
const tf = 'resource "aws_ecs_task_definition" "t" {\n  family = "t"\n  container_definitions = jsonencode([{ name = "app", image = "nginx:1.27", privileged = true }])\n}\n';

describe('a reader that throws', () => {
  it('is an error for its file or module alone, in one line; the rest is scanned and the exit code is 2', async () => {
    const { runScan } = await import('../../src/scan/run-scan.js');
    const dir = tempDir({ 'a-overflow.json': td('a'), 'b-fault.json': td('b'), 'b-quoting.json': td('q'), 'c-fine.json': td('c'), 'broken-module/main.tf': tf, 'fine-module/main.tf': tf });
    const outcome = await runScan({ targets: ['.'], cwd: dir, rulesDirs: [FIXTURE_RULES[2]!], builtinRules: false, config: false, today: '2026-12-03' });
    expect(outcome.errors.map((e) => e.format()).sort()).toEqual([
      'a-overflow.json: too large or nested too deeply to read; not scanned',
      "b-fault.json: internal error while reading it (Cannot read properties of undefined (reading 'x')); not scanned",
      // an error that may quote the file says only its kind
      'b-quoting.json: internal error while reading it (SyntaxError); not scanned',
      'broken-module/main.tf: too large or nested too deeply to read; not scanned',
    ]);
    const files = [...new Set(outcome.results.map((r) => r.location.file))].sort();
    expect(files).toEqual(['c-fine.json', 'fine-module/main.tf']);
    expect(outcome.filesScanned).toBe(2);
    expect(outcome.exitCode).toBe(2);
  });
});
