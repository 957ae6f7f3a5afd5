#!/usr/bin/env node
// Checks the import boundaries of .dependency-cruiser.cjs (DESIGN.md's arrows) over every module
// in src/: each .ts file is an entry (dependency-cruiser reads them as text, type-only imports
// included). Prints one line per broken boundary and exits 1 when there is one:
// `npm run check-imports`; test/import-boundaries.test.ts runs it in CI.
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const config = createRequire(import.meta.url)(join(ROOT, '.dependency-cruiser.cjs'));

function tsFiles(root, dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? (e.name === 'generated' ? [] : tsFiles(root, p)) : e.name.endsWith('.ts') ? [relative(root, p)] : [];
  });
}

/** The broken boundaries of the project at `root` (its src/), as `rule: from -> to` lines. */
export async function checkImports(root = ROOT) {
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const { output } = await cruise(tsFiles(root, join(root, 'src')), { ...config.options, validate: true, ruleSet: { forbidden: config.forbidden } });
    return { modules: output.summary.totalCruised, imports: output.summary.totalDependenciesCruised, broken: output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`) };
  } finally {
    process.chdir(cwd);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { modules, imports, broken } = await checkImports();
  for (const line of broken) process.stdout.write(`${line}\n`);
  process.stdout.write(`check-imports: ${modules} modules, ${imports} imports, ${broken.length} broken boundaries\n`);
  process.exit(broken.length > 0 ? 1 : 0);
}
