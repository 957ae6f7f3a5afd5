// The README's table of inputs names an example of each: every one is a file ecsguard reads
// resources from (a folder: a Terraform module), so the table claims only what works.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load, ROOT, runCli } from '../helpers.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const table = readme.slice(readme.indexOf('| input | example |'));
const examples = [...new Set([...table.slice(0, table.indexOf('\n\n')).matchAll(/`(fixtures\/[^`]+)`/g)].map((m) => m[1]!))];

describe("the README's input examples", () => {
  it('are listed', () => expect(examples.length).toBeGreaterThan(20));
  it.each(examples.filter((e) => !e.endsWith('/')))('%s holds resources', (example) => {
    const loaded = load(example, true, example);
    expect(loaded.errors).toEqual([]);
    expect(loaded.resources.length).toBeGreaterThan(0);
  });
  it.each(examples.filter((e) => e.endsWith('/')))('%s scans as a module', (example) => {
    const r = runCli(['scan', example, '--no-config', '--format', 'json']);
    expect(JSON.parse(r.stdout).summary.resources).toBeGreaterThan(0);
  });
});
