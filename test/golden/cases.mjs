// The golden reports: each case is an ecsguard command run from the project root on the shipped
// examples with the fixture rule set (fixtures/test-rules), and the file its output must equal.
// `npm run update-golden` (scripts/update-golden.mjs) writes the files; test/reports/golden.test.ts
// compares. Run on the fixture rules, a new shipped rule changes no golden file.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const GOLDEN_DIR = join(ROOT, 'test/golden');
export const FIXTURE_RULES = ['--no-builtin-rules', '--rules', 'fixtures/test-rules'];
const examples = ['fixtures/examples', '--config', 'test/golden/ecsguard.yaml', '--today', '2026-11-24', ...FIXTURE_RULES];

export const GOLDEN_CASES = [
  { file: 'examples.txt', args: ['scan', ...examples] },
  { file: 'examples.json', args: ['scan', ...examples, '--format', 'json'] },
  { file: 'examples.sarif', args: ['scan', ...examples, '--format', 'sarif'] },
  { file: 'examples.md', args: ['scan', ...examples, '--format', 'markdown'] },
  { file: 'examples.junit.xml', args: ['scan', ...examples, '--format', 'junit'] },
  { file: 'examples-controls.txt', args: ['controls', ...examples] },
  { file: 'shop-web.txt', args: ['scan', 'fixtures/examples/ecs-cli/shop-web.json', '--no-config', ...FIXTURE_RULES] },
];

/**
 * Runs a case and returns its output as the golden file holds it: the exit code first, JSON
 * indented, and what differs between two equal runs replaced (the version, the checkout's path,
 * the time).
 */
export function runGoldenCase(c) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/ecsguard.cjs'), ...c.args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
  let out = r.stdout;
  if (/\.(json|sarif)$/.test(c.file)) out = JSON.stringify(JSON.parse(out), null, 2) + '\n';
  out = out.split(`file://${ROOT}/`).join('file:///ROOT/').split(version).join('<version>');
  out = out.replace(/"generatedAt": "[0-9T:.Z-]+"/g, '"generatedAt": "<time>"');
  return `# ecsguard ${c.args.join(' ')}\n# exit ${r.status}\n${out}`;
}
