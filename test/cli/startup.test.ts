// Start-up stays light: the CLI runs from one bundle with a code cache, and a scan of JSON files
// loads neither the AWS SDK nor the YAML parser (only live commands and YAML files need them).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from '../helpers.js';

function modulesLoaded(args: string[]): string[] {
  const dir = tempDir({ 'td.json': JSON.stringify({ family: 'x', containerDefinitions: [{ name: 'a', image: 'nginx:1.27' }] }), 'td.yaml': 'family: y\ncontainerDefinitions:\n  - { name: a, image: nginx }\n', 'main.tf': 'resource "aws_ecs_task_definition" "z" {\n  family = "z"\n  container_definitions = jsonencode([{ name = "a", image = "nginx" }])\n}\n' });
  const hook = join(dir, 'hook.cjs');
  // records every module the process asks for through require (the bundle's externals do)
  // and every WebAssembly file it reads (the HCL parser is bundled, and reads its .wasm files)
  writeFileSync(hook, `const M = require('node:module'); const load = M._load; const seen = new Set();
M._load = function (request, ...rest) { seen.add(request); return load.call(this, request, ...rest); };
const fs = require('node:fs'); const read = fs.readFileSync;
fs.readFileSync = function (p, ...rest) { if (String(p).endsWith('.wasm')) seen.add('wasm:' + require('node:path').basename(String(p))); return read.call(this, p, ...rest); };
process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(join(dir, 'loaded.json'))}, JSON.stringify([...seen])));`);
  const r = spawnSync(process.execPath, ['--require', hook, BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  expect([0, 1]).toContain(r.status);
  return JSON.parse(readFileSync(join(dir, 'loaded.json'), 'utf8'));
}

describe('start-up', () => {
  it('runs the bundle with its code cache beside it', () => {
    expect(existsSync(join(ROOT, 'dist/bundle/ecsguard.cjs'))).toBe(true);
    expect(existsSync(join(ROOT, 'dist/bundle/ecsguard.cjs.cache'))).toBe(true);
  });
  it('a scan of JSON files loads neither the AWS SDK, nor the YAML parser, nor the HCL parser', () => {
    const loaded = modulesLoaded(['scan', 'td.json', '--no-config']);
    expect(loaded.filter((m) => m.startsWith('@aws-sdk/') || m.startsWith('@smithy/') || m === 'yaml' || m.startsWith('wasm:'))).toEqual([]);
    // the record is real: a YAML file does load the YAML parser, a .tf file the HCL parser
    expect(modulesLoaded(['scan', 'td.yaml', '--no-config'])).toContain('yaml');
    expect(modulesLoaded(['scan', 'main.tf', '--no-config'])).toEqual(expect.arrayContaining(['wasm:tree-sitter-hcl.wasm', 'wasm:web-tree-sitter.wasm']));
  });
});
