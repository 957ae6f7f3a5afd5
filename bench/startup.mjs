#!/usr/bin/env node
// Benchmark (not a test): start-up of a single-file scan against bare node (`node -e 0`), medians
// of repeated runs; target within 1.6x. Also the unbundled modules, for comparison.
// Usage: node bench/startup.mjs [runs]
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.argv[2] ?? 21);
const file = join(root, 'fixtures/examples/ecs-cli/shop-web.json');
const time = (args) => {
  const t = process.hrtime.bigint();
  spawnSync(process.execPath, args, { cwd: root });
  return Number(process.hrtime.bigint() - t) / 1e6;
};
const median = (f) => {
  const xs = Array.from({ length: RUNS }, f).sort((a, b) => a - b);
  return xs[Math.floor(xs.length / 2)];
};
const floor = median(() => time(['-e', '0']));
const bundled = median(() => time([join(root, 'bin/ecsguard.cjs'), 'scan', file, '--no-config']));
const modules = median(() => time(['--input-type=module', '-e', `const { main } = await import(${JSON.stringify(join(root, 'dist/cli/main.js'))}); process.exitCode = await main(['scan', ${JSON.stringify(file)}, '--no-config']);`]));
console.log(`start-up (${RUNS} runs, medians, wall time)`);
console.log(`node -e 0:                           ${floor.toFixed(0)} ms`);
console.log(`single-file scan (bundle + cache):   ${bundled.toFixed(0)} ms  (${(bundled / floor).toFixed(2)}x; target 1.6x)`);
console.log(`single-file scan (dist modules):     ${modules.toFixed(0)} ms  (${(modules / floor).toFixed(2)}x)`);
