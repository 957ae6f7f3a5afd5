#!/usr/bin/env node
// Regenerates the golden reports (test/golden/, from test/golden/cases.mjs) and the README's
// table of checks (from the rule files), after `npm run build`. Run it when a report format or a
// rule changes on purpose, and review the diff: test/reports/golden.test.ts and the README test compare.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GOLDEN_CASES, GOLDEN_DIR, ROOT, runGoldenCase } from '../test/golden/cases.mjs';

for (const c of GOLDEN_CASES) writeFileSync(join(GOLDEN_DIR, c.file), runGoldenCase(c));

const { loadRules } = await import(join(ROOT, 'dist/engine/load-rules.js'));
const { rulesMarkdownTable } = await import(join(ROOT, 'dist/cli/rules-command.js'));
const readme = join(ROOT, 'README.md');
const text = readFileSync(readme, 'utf8');
const START = '<!-- rules-table:start (npm run update-golden) -->\n';
const END = '<!-- rules-table:end -->';
const from = text.indexOf(START);
const to = text.indexOf(END);
if (from < 0 || to < from) throw new Error('README.md has no rules-table markers');
const { rules } = loadRules([], ROOT, { useBundle: false });
writeFileSync(readme, text.slice(0, from + START.length) + rulesMarkdownTable(rules) + text.slice(to));
console.log(`update-golden: ${GOLDEN_CASES.length} golden reports and the README table written`);
