import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { BUILTIN_RULES_DIR, loadRules } from '../../src/engine/load-rules.js';
import { runRuleCases } from '../../src/scan/rule-cases.js';
import { loadHclParser } from '../../src/documents/hcl-syntax.js';

const cwd = process.cwd();
// cases on .tf files read them through the HCL parser, loaded once here (the runner is synchronous)
await loadHclParser();
const { rules, errors } = loadRules([], cwd);

describe('shipped rules load', () => {
  it('without errors', () => {
    expect(errors.map((e) => e.format())).toEqual([]);
    // one rule per file, named by its id
    const files = readdirSync(BUILTIN_RULES_DIR).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, ''));
    expect(rules.map((r) => r.id).sort()).toEqual(files.sort());
    expect(rules.every((r) => r.file === `rules/${r.id}.yaml`)).toBe(true);
  });
});

for (const rule of rules) {
  describe(`${rule.id} cases`, () => {
    for (const outcome of runRuleCases(rule, cwd)) {
      const run = outcome.todo ? it.todo : it;
      run(`${outcome.name} (${outcome.where})`, () => {
        expect(outcome.problems).toEqual([]);
      });
    }
  });
}
