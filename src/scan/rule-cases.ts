// Runs the cases every rule carries (`cases:` in its YAML): the same harness for `ecsguard rules
// test` and the vitest suite. Cases name message ids, pointers and data, never message wording.
import { realpathSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { loadTerraformModule, TerraformModules } from '../sources/files/terraform-hcl/module.js';
import { isTerraformFile } from './scan-files.js';
import { Inventory } from '../inventory/inventory.js';
import type { Resource } from '../inventory/resource.js';
import { loadFile } from '../sources/files/load-file.js';
import { DEFAULT_MAX_FILE_BYTES } from '../documents/read-text.js';
import { isObject, type JsonObject } from '../util/json.js';
import { evaluateOne } from '../engine/evaluate.js';
import type { Result } from '../engine/results.js';
import type { Rule, RuleCase } from '../engine/rule-types.js';

export interface CaseOutcome {
  rule: string;
  name: string;
  /** Where the case is written: rule file and line. */
  where: string;
  passed: boolean;
  todo?: string;
  problems: string[];
}

export function runRuleCases(rule: Rule, cwd: string): CaseOutcome[] {
  return rule.cases.map((c, i) => runCase(rule, c, i, cwd));
}

function runCase(rule: Rule, c: RuleCase, index: number, cwd: string): CaseOutcome {
  const where = `${rule.file}:${rule.locate(`/cases/${index}`).line}`;
  const outcome: CaseOutcome = { rule: rule.id, name: c.name, where, passed: false, problems: [] };
  if (c.todo !== undefined) outcome.todo = c.todo;
  let resources: Resource[];
  try {
    resources = c.file !== undefined ? caseFileResources(rule, c.file, cwd, outcome) : caseResources(rule, c, index);
  } catch (err) {
    outcome.problems.push(`could not build the case: ${(err as Error).message}`);
    return outcome;
  }
  const subjects = resources.filter((r) => r.type === rule.resource && (c.address === undefined || r.id === c.address || r.origin.address === c.address));
  if (subjects.length === 0) outcome.problems.push(`the case has no ${rule.resource}${c.address ? ` ${c.address}` : ''} to evaluate`);
  const inventory = new Inventory(resources);
  const results: Result[] = [];
  const setting = { severity: rule.severity, parameters: { ...(rule.parameters ?? {}), ...(c.parameters ?? {}) } };
  try {
    for (const s of subjects) evaluateOne(rule, setting, s, inventory, results);
  } catch (err) {
    outcome.problems.push(`the rule threw: ${(err as Error).message}`);
    return outcome;
  }
  const status = results.some((r) => r.status === 'fail')
    ? 'fail'
    : results.some((r) => r.status === 'unknown')
      ? 'unknown'
      : results.some((r) => r.status === 'pass')
        ? 'pass'
        : 'not-applicable';
  if (status !== c.expect) {
    const detail = results.filter((r) => r.status === status).map((r) => (r.messageId ? `${r.messageId} at ${r.location.pointer || '/'}` : r.reason ?? r.message));
    outcome.problems.push(`expected ${c.expect}, got ${status}${detail.length ? ` (${detail.join('; ')})` : ''}`);
  }
  if (c.lookalike && status === 'fail') outcome.problems.push('a lookalike must not fail');
  if (c.findings) compareFindings(c, results.filter((r) => r.status === 'fail'), outcome);
  outcome.passed = outcome.problems.length === 0;
  return outcome;
}

function compareFindings(c: RuleCase, actual: Result[], outcome: CaseOutcome): void {
  const expected = c.findings ?? [];
  if (expected.length !== actual.length) {
    outcome.problems.push(`expected ${expected.length} finding(s), got ${actual.length}: ${actual.map((r) => `${r.messageId} at ${r.location.pointer}`).join('; ')}`);
  }
  const unmatched = [...actual];
  for (const e of expected) {
    const idx = unmatched.findIndex(
      (r) =>
        r.messageId === e.message &&
        (e.pointer === undefined || relatedPointer(r) === e.pointer) &&
        (e.line === undefined || r.location.line === e.line) &&
        Object.entries(e.data ?? {}).every(([k, v]) => String(r.data?.[k]) === String(v)),
    );
    if (idx === -1) {
      outcome.problems.push(`no finding matches ${JSON.stringify(e)}; got ${unmatched.map((r) => JSON.stringify({ message: r.messageId, line: r.location.line, pointer: relatedPointer(r), data: r.data })).join(', ') || 'none'}`);
    } else {
      unmatched.splice(idx, 1);
    }
  }
}

/** The pointer into the subject (findings located in a related resource keep the subject's too). */
function relatedPointer(r: Result): string {
  return r.related?.[0]?.pointer ?? r.location.pointer;
}

function caseResources(rule: Rule, c: RuleCase, index: number): Resource[] {
  const file = rule.file;
  const subject: Resource = {
    type: rule.resource,
    id: c.id ?? `case-${index}`,
    name: typeof c.resource?.family === 'string' ? c.resource.family : c.id ?? `case-${index}`,
    data: (c.resource ?? {}) as JsonObject,
    origin: { kind: 'file', file, shape: 'register-task-definition', locate: (p) => rule.locate(`/cases/${index}/resource${p}`) },
  };
  const place = (r: Resource) => {
    if (c.region !== undefined) r.region = c.region;
    if (c.account !== undefined) r.account = c.account;
    return r;
  };
  place(subject);
  if (c.gaps) subject.gaps = c.gaps;
  const out: Resource[] = [subject];
  (c.related ?? []).forEach((r, k) => {
    if (!isObject(r.data)) return;
    const related: Resource = place({
      type: r.type,
      id: r.id,
      name: typeof r.data.RoleName === 'string' ? r.data.RoleName : r.id,
      data: r.data,
      origin: { kind: 'file', file, shape: 'register-task-definition', locate: (p) => rule.locate(`/cases/${index}/related/${k}/data${p}`) },
    });
    if (r.gaps) related.gaps = r.gaps;
    if (r.unseen !== undefined) related.unseen = r.unseen;
    out.push(related);
    if (r.link) subject.links = { ...(subject.links ?? {}), [r.link]: r.id };
  });
  return out;
}

function caseFileResources(rule: Rule, file: string, cwd: string, outcome: CaseOutcome): Resource[] {
  const abs = resolve(dirname(resolve(cwd, rule.file)), file);
  const display = relative(cwd, abs).split(sep).join('/');
  if (isTerraformFile(abs)) {
    // the HCL parser is loaded by the caller (loadHclParser): cases run synchronously
    const root = realpathSync(dirname(abs));
    const modules = new TerraformModules({ maxBytes: DEFAULT_MAX_FILE_BYTES, roots: [root], display: (p) => relative(cwd, p).split(sep).join('/') });
    const loaded = loadTerraformModule([{ path: abs, display }], modules);
    for (const e of loaded.errors) outcome.problems.push(`fixture: ${e.format()}`);
    return loaded.resources;
  }
  const loaded = loadFile(join(abs), display, { explicit: true, maxBytes: DEFAULT_MAX_FILE_BYTES });
  for (const e of loaded.errors) outcome.problems.push(`fixture: ${e.format()}`);
  return loaded.resources;
}

/** Whether any case of the rules reads a Terraform file (the HCL parser must be loaded first). */
export function casesReadTerraform(rules: readonly Rule[]): boolean {
  return rules.some((r) => r.cases.some((c) => c.file !== undefined && isTerraformFile(c.file)));
}
