#!/usr/bin/env node
// Bundles the compiled CLI (dist/cli/main.js) into one CommonJS file, dist/bundle/ecsguard.cjs,
// so a scan loads one script instead of ~90 modules, and bin/ecsguard.cjs can run it with a V8
// code cache (Node 20 has no compile cache for ES modules). The AWS SDK stays outside: the live
// collectors are only initialised, and the SDK only required, when a live command runs. Then one
// scan of an example warms the code cache that ships beside the bundle.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist/bundle/ecsguard.cjs');
rmSync(join(root, 'dist/bundle'), { recursive: true, force: true });
await build({
  entryPoints: [join(root, 'dist/cli/main.js')],
  outfile,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // paths built from import.meta.url keep working: the bundle sits as deep as dist/cli/
  banner: { js: "const __ecsguard_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__ecsguard_import_meta_url' },
  external: ['@aws-sdk/*', '@smithy/*'],
  // the HCL parser's CommonJS build: its ES module build imports node:module dynamically, which a
  // vm script cannot; bundled here, it is evaluated only when a scan meets a .tf file
  alias: { 'web-tree-sitter': join(dirname(createRequire(import.meta.url).resolve('web-tree-sitter')), 'web-tree-sitter.cjs') },
  logLevel: 'warning',
});
const warm = spawnSync(process.execPath, [join(root, 'bin/ecsguard.cjs'), 'scan', join(root, 'fixtures/examples/ecs-cli/shop-web.json'), '--no-config', '--quiet', '--output', 'json=-'], { cwd: root, encoding: 'utf8', env: { ...process.env, ECSGUARD_WRITE_CODE_CACHE: '1' } });
// the example has findings on purpose: exit 1 is a good run
if (warm.status !== 0 && warm.status !== 1) {
  process.stderr.write(`bundle: the bundled CLI failed on the example (exit ${warm.status}): ${warm.stderr}\n`);
  process.exit(1);
}
