#!/usr/bin/env node
// The build (`npm run build`, run by `npm ci` through prepare, and by the test setup):
// 1. standalone schema validators (src/generated/validators.ts) and the predicate index
//    (src/generated/predicates.ts),
// 2. TypeScript -> dist/,
// 3. the shipped rules, validated, bundled into dist/generated/builtin-rules.json so a scan
//    neither loads the YAML parser nor re-validates them at start-up;
// 4. the HCL parser's WebAssembly files copied to dist/generated/,
// 5. the CLI bundled into dist/bundle/ecsguard.cjs with its V8 code cache (scripts/bundle.mjs).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [join(root, 'scripts/build-validators.mjs')], { stdio: 'inherit' });
execFileSync(process.execPath, [join(root, 'scripts/build-predicate-index.mjs')], { stdio: 'inherit' });
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { stdio: 'inherit', cwd: root });

const { buildRuleBundle, BUILTIN_BUNDLE } = await import(join(root, 'dist/engine/load-rules.js'));
const { bundle, errors } = buildRuleBundle(root);
if (errors.length > 0) {
  for (const e of errors) process.stderr.write(`build: ${e.format()}\n`);
  process.exit(1);
}
mkdirSync(dirname(BUILTIN_BUNDLE), { recursive: true });
writeFileSync(BUILTIN_BUNDLE + '.tmp', JSON.stringify(bundle));
renameSync(BUILTIN_BUNDLE + '.tmp', BUILTIN_BUNDLE);
// the HCL parser's WebAssembly (runtime and grammar) ships beside the code that loads it
const require = createRequire(import.meta.url);
for (const [from, name] of [['web-tree-sitter/web-tree-sitter.wasm', 'web-tree-sitter.wasm'], ['@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm', 'tree-sitter-hcl.wasm']]) {
  copyFileSync(require.resolve(from), join(dirname(BUILTIN_BUNDLE), name));
}
execFileSync(process.execPath, [join(root, 'scripts/bundle.mjs')], { stdio: 'inherit' });
