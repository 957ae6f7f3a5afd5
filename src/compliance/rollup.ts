// Results by control: for each runbook control statement and each NIST CSF 1.1 / 2.0
// subcategory, the rules behind it, how their results came out in this scan, and the worst
// status as the control's status. Security teams read compliance this way, not rule by rule.
import { groupBy } from '../util/group.js';
import { CSF11_FUNCTIONS, CSF11_TITLES, CSF20_FUNCTIONS, CSF20_TITLES } from './nist-csf.js';
import { CONTROL_STATEMENTS, SECTIONS } from './runbook.js';

/** A result's status, as reports carry it. */
export type Status = 'fail' | 'pass' | 'unknown' | 'not-applicable' | 'waived';

/** What the roll-up reads of a rule: its id and mappings. */
export interface MappedRule {
  id: string;
  mappings: { nist: { csf11: readonly string[]; csf20: readonly string[] }; runbook: { section: string; controls?: readonly number[] } };
}

/** What the roll-up reads of a result. */
export interface StatusOf {
  ruleId: string;
  status: Status;
}

export type Framework = 'csf11' | 'csf20' | 'runbook';
export const FRAMEWORKS: readonly Framework[] = ['runbook', 'csf11', 'csf20'];
export const FRAMEWORK_NAMES: Record<Framework, string> = { runbook: 'ECS security runbook control statements and operational practices', csf11: 'NIST CSF 1.1', csf20: 'NIST CSF 2.0' };

/**
 * Worst first. not-evaluated: rules exist but none produced a result; off: its only rules are
 * turned off (shipped off, or by the configuration); no-rules: nothing checks it.
 */
export type ControlStatus = Status | 'not-evaluated' | 'off' | 'no-rules';
const ORDER: readonly ControlStatus[] = ['fail', 'unknown', 'waived', 'pass', 'not-applicable', 'not-evaluated', 'off', 'no-rules'];

export interface ControlRollup {
  framework: Framework;
  id: string;
  title: string;
  /** CSF function ("Protect") or "Control statement". */
  group: string;
  rules: string[];
  /** Rules that check it but are turned off (only when no rule that runs does). */
  offRules?: string[];
  counts: Record<Status, number>;
  status: ControlStatus;
}

/** A rule's controls: its CSF subcategories, or its runbook control statements and operational practice. */
export function controlIds(rule: MappedRule, framework: Framework): readonly string[] {
  if (framework === 'runbook') {
    const ids = (rule.mappings.runbook.controls ?? []).map(String);
    return isPractice(rule.mappings.runbook.section) ? [...ids, rule.mappings.runbook.section] : ids;
  }
  return rule.mappings.nist[framework];
}

function isPractice(id: string): boolean {
  return id.startsWith('ops-');
}

/** Control statements by number, then the operational practices. */
function runbookOrder(a: string, b: string): number {
  if (isPractice(a) !== isPractice(b)) return isPractice(a) ? 1 : -1;
  return isPractice(a) ? (a < b ? -1 : 1) : Number(a) - Number(b);
}

export function titleOf(framework: Framework, id: string): string {
  if (framework === 'runbook') return isPractice(id) ? SECTIONS[id] ?? '' : CONTROL_STATEMENTS[Number(id)] ?? '';
  return (framework === 'csf11' ? CSF11_TITLES[id] : CSF20_TITLES[id]) ?? '';
}

export function groupOf(framework: Framework, id: string): string {
  if (framework === 'runbook') return isPractice(id) ? 'Operational practice' : 'Control statement';
  const fn = id.split('.')[0]!;
  return (framework === 'csf11' ? CSF11_FUNCTIONS[fn] : CSF20_FUNCTIONS[fn]) ?? fn;
}

export function worst(statuses: Iterable<ControlStatus>): ControlStatus {
  let best = ORDER.length - 1;
  for (const s of statuses) best = Math.min(best, ORDER.indexOf(s));
  return ORDER[best]!;
}

function emptyCounts(): Record<Status, number> {
  return { fail: 0, unknown: 0, waived: 0, pass: 0, 'not-applicable': 0 };
}

/** Each rule's result counts, in one pass: a control or function then adds up its rules' counts. */
function countsByRule(results: readonly StatusOf[]): Map<string, Record<Status, number>> {
  const out = new Map<string, Record<Status, number>>();
  for (const r of results) {
    let c = out.get(r.ruleId);
    if (!c) out.set(r.ruleId, (c = emptyCounts()));
    c[r.status]++;
  }
  return out;
}

function addCounts(to: Record<Status, number>, from: Record<Status, number> | undefined): void {
  if (!from) return;
  for (const s of Object.keys(to) as Status[]) to[s] += from[s];
}

/** A control's status from its rules' result counts: the worst seen, or why there is none. */
export function controlStatus(hasRules: boolean, counts: Record<Status, number>, hasOffRules = false): ControlStatus {
  const seen = (Object.keys(counts) as Status[]).filter((s) => counts[s] > 0);
  return !hasRules ? (hasOffRules ? 'off' : 'no-rules') : seen.length === 0 ? 'not-evaluated' : worst(seen);
}

/**
 * Every control of the frameworks (each runbook control statement and operational practice, each
 * CSF subcategory a rule maps to) with the rules that ran on it; `off` are the rules loaded but
 * turned off, so a control only they check says so instead of "not covered".
 */
export function rollUp(rules: readonly MappedRule[], results: readonly StatusOf[], frameworks: readonly Framework[] = FRAMEWORKS, off: readonly MappedRule[] = []): ControlRollup[] {
  const byRule = countsByRule(results);
  const out: ControlRollup[] = [];
  const idsOf = (list: readonly MappedRule[], framework: Framework) => groupBy(list.flatMap((rule) => controlIds(rule, framework).map((id) => ({ id, rule: rule.id }))), (m) => m.id);
  for (const framework of frameworks) {
    const mapped = idsOf(rules, framework);
    const offMapped = idsOf(off, framework);
    const ids = new Set<string>();
    if (framework === 'runbook') {
      for (const id of Object.keys(CONTROL_STATEMENTS)) ids.add(id);
      for (const id of Object.keys(SECTIONS)) if (isPractice(id)) ids.add(id);
    }
    for (const id of [...mapped.keys(), ...offMapped.keys()]) ids.add(id);
    const sorted = [...ids].sort(framework === 'runbook' ? runbookOrder : (a, b) => (a < b ? -1 : 1));
    for (const id of sorted) {
      const ruleIds = (mapped.get(id) ?? []).map((m) => m.rule).sort();
      const offIds = ruleIds.length === 0 ? (offMapped.get(id) ?? []).map((m) => m.rule).sort() : [];
      const counts = emptyCounts();
      for (const ruleId of ruleIds) addCounts(counts, byRule.get(ruleId));
      const control: ControlRollup = { framework, id, title: titleOf(framework, id), group: groupOf(framework, id), rules: ruleIds, counts, status: controlStatus(ruleIds.length > 0, counts, offIds.length > 0) };
      if (offIds.length > 0) control.offRules = offIds;
      out.push(control);
    }
  }
  return out;
}

/** Counts by CSF function: each result once per function, however many subcategories it maps to. */
export function rollUpFunctions(rules: readonly MappedRule[], results: readonly StatusOf[], framework: 'csf11' | 'csf20'): Array<{ id: string; name: string; counts: Record<Status, number>; status: ControlStatus; subcategories: string[] }> {
  const names = framework === 'csf11' ? CSF11_FUNCTIONS : CSF20_FUNCTIONS;
  const ruleFunctions = new Map(rules.map((r) => [r.id, new Set(r.mappings.nist[framework].map((id) => id.split('.')[0]!))]));
  const byRule = countsByRule(results);
  const out = [];
  for (const [fn, name] of Object.entries(names)) {
    const counts = emptyCounts();
    for (const [ruleId, c] of byRule) if (ruleFunctions.get(ruleId)?.has(fn)) addCounts(counts, c);
    const subcategories = [...new Set(rules.flatMap((r) => r.mappings.nist[framework].filter((id) => id.startsWith(`${fn}.`))))].sort();
    out.push({ id: fn, name, counts, subcategories, status: controlStatus(subcategories.length > 0, counts) });
  }
  return out;
}
