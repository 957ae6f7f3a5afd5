// The completeness gate: a shipped rule without failing, passing and lookalike cases,
// remediation, references or mappings fails the build; so does a README table that drifted
// from the rule files.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/engine/load-rules.js';
import { rulesMarkdownTable } from '../../src/cli/rules-command.js';
import { ROOT } from '../helpers.js';

const { rules } = loadRules([], ROOT);
/** Resource types no Terraform configuration or plan can hold. */
const ONLY_OUTSIDE_TERRAFORM = new Set(['ecs:deploy-step']);

describe.each(rules.map((r) => [r.id, r] as const))('%s', (_, rule) => {
  it('has failing, passing and lookalike cases', () => {
    const enforced = rule.cases.filter((c) => c.todo === undefined);
    expect(enforced.some((c) => c.expect === 'fail')).toBe(true);
    expect(enforced.some((c) => c.expect === 'pass')).toBe(true);
    expect(enforced.some((c) => c.lookalike)).toBe(true);
    for (const c of enforced.filter((x) => x.expect === 'fail')) expect(c.findings?.length ?? 0, `${c.name} names its findings`).toBeGreaterThan(0);
  });
  it('runs on Terraform HCL when it runs on files: passing, failing at a line, and lookalike cases on .tf', () => {
    if (rule.from !== undefined && !rule.from.includes('files')) return;
    // a CI workflow's steps exist only in workflow files: Terraform writes none
    if (ONLY_OUTSIDE_TERRAFORM.has(rule.resource)) return;
    const hcl = rule.cases.filter((c) => c.todo === undefined && c.file?.endsWith('.tf'));
    expect(hcl.some((c) => c.expect === 'pass' && !c.lookalike), 'a passing .tf case').toBe(true);
    expect(hcl.some((c) => c.expect === 'fail' && c.findings?.every((f) => f.line !== undefined)), 'a failing .tf case with lines').toBe(true);
    expect(hcl.some((c) => c.lookalike), 'a lookalike .tf case').toBe(true);
  });
  it('has remediation, AWS references and NIST CSF 1.1 and 2.0 mappings', () => {
    expect(rule.remediation.length).toBeGreaterThan(40);
    expect(rule.references.every((r) => r.startsWith('https://docs.aws.amazon.com/'))).toBe(true);
    expect(rule.mappings.nist.csf11.length + rule.mappings.nist.csf20.length).toBeGreaterThan(0);
  });
  it('uses every message it defines', () => {
    const used = new Set(rule.cases.flatMap((c) => (c.findings ?? []).map((f) => f.message)));
    expect(Object.keys(rule.messages).filter((m) => !used.has(m))).toEqual([]);
  });
});

describe('rule ids', () => {
  it('are unique across ids and aliases', () => {
    const ids = rules.flatMap((r) => [r.id, ...(r.aliases ?? [])]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('README', () => {
  it('carries the table of checks generated from the rule files', () => {
    expect(readFileSync(`${ROOT}/README.md`, 'utf8')).toContain(rulesMarkdownTable(rules));
  });
});

describe('rule parameters', () => {
  it('every shipped default validates against the rule parameterSchema', async () => {
    const { checkParameterDefaults } = await import('../../src/engine/rule-parameters.js');
    for (const r of rules) expect(checkParameterDefaults(r), r.id).toBeUndefined();
  });
});

describe('rules and predicates in step', () => {
  it('every shipped predicate is called by a shipped rule, and each of its messages is a finding of one of that rule\'s cases', async () => {
    const { PREDICATES } = await import('../../src/predicates/index.js');
    for (const p of Object.values(PREDICATES)) {
      const callers = rules.filter((r) => r.check.expect.some((e) => 'predicate' in e && e.predicate === p.id));
      expect(callers.map((r) => r.id), p.id).not.toEqual([]);
      const found = new Set(callers.flatMap((r) => r.cases.flatMap((c) => (c.findings ?? []).map((f) => f.message))));
      expect(Object.keys(p.messages).filter((m) => !found.has(m)), p.id).toEqual([]);
    }
  });
});
