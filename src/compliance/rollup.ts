// Results by control: for each runbook control statement and each NIST CSF 1.1 / 2.0
// subcategory, the rules behind it, how their results came out in this scan, and the worst
// status as the control's status. Security teams read compliance this way, not rule by rule.
import type { Result, Status } from '../engine/results.js';
import type { Rule } from '../engine/rule-types.js';
import { groupBy } from '../util/group.js';
import { CSF11_FUNCTIONS, CSF11_TITLES, CSF20_FUNCTIONS, CSF20_TITLES } from './nist-csf.js';
import { CONTROL_STATEMENTS } from './runbook.js';

export type Framework = 'csf11' | 'csf20' | 'runbook';
export const FRAMEWORKS: readonly Framework[] = ['runbook', 'csf11', 'csf20'];
export const FRAMEWORK_NAMES: Record<Framework, string> = { runbook: 'ECS security runbook control statements', csf11: 'NIST CSF 1.1', csf20: 'NIST CSF 2.0' };

/** Worst first. not-evaluated: rules exist but none produced a result; no-rules: nothing checks it. */
export type ControlStatus = Status | 'not-evaluated' | 'no-rules';
const ORDER: readonly ControlStatus[] = ['fail', 'unknown', 'waived', 'pass', 'not-applicable', 'not-evaluated', 'no-rules'];

export interface ControlRollup {
  framework: Framework;
  id: string;
  title: string;
  /** CSF function ("Protect") or "Control statement". */
  group: string;
  rules: string[];
  counts: Record<Status, number>;
  status: ControlStatus;
}

export function controlIds(rule: Rule, framework: Framework): string[] {
  if (framework === 'runbook') return (rule.mappings.runbook.controls ?? []).map(String);
  return rule.mappings.nist[framework];
}

export function titleOf(framework: Framework, id: string): string {
  if (framework === 'runbook') return CONTROL_STATEMENTS[Number(id)] ?? '';
  return (framework === 'csf11' ? CSF11_TITLES[id] : CSF20_TITLES[id]) ?? '';
}

export function groupOf(framework: Framework, id: string): string {
  if (framework === 'runbook') return 'Control statement';
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

/** A control's status from its rules' result counts: the worst seen, or why there is none. */
export function controlStatus(hasRules: boolean, counts: Record<Status, number>): ControlStatus {
  const seen = (Object.keys(counts) as Status[]).filter((s) => counts[s] > 0);
  return !hasRules ? 'no-rules' : seen.length === 0 ? 'not-evaluated' : worst(seen);
}

export function rollUp(rules: Rule[], results: Result[], frameworks: readonly Framework[] = FRAMEWORKS): ControlRollup[] {
  const byRule = groupBy(results, (r) => r.ruleId);
  const out: ControlRollup[] = [];
  for (const framework of frameworks) {
    const mapped = groupBy(rules.flatMap((rule) => controlIds(rule, framework).map((id) => ({ id, rule: rule.id }))), (m) => m.id);
    const ids = new Map<string, string[]>();
    if (framework === 'runbook') for (const id of Object.keys(CONTROL_STATEMENTS)) ids.set(id, []);
    for (const [id, list] of mapped) ids.set(id, list.map((m) => m.rule));
    const sorted = [...ids.keys()].sort((a, b) => (framework === 'runbook' ? Number(a) - Number(b) : a < b ? -1 : 1));
    for (const id of sorted) {
      const ruleIds = ids.get(id)!.sort();
      const counts = emptyCounts();
      for (const ruleId of ruleIds) for (const r of byRule.get(ruleId) ?? []) counts[r.status]++;
      out.push({ framework, id, title: titleOf(framework, id), group: groupOf(framework, id), rules: ruleIds, counts, status: controlStatus(ruleIds.length > 0, counts) });
    }
  }
  return out;
}

/** Counts by CSF function: each result once per function, however many subcategories it maps to. */
export function rollUpFunctions(rules: Rule[], results: Result[], framework: 'csf11' | 'csf20'): Array<{ id: string; name: string; counts: Record<Status, number>; status: ControlStatus; subcategories: string[] }> {
  const names = framework === 'csf11' ? CSF11_FUNCTIONS : CSF20_FUNCTIONS;
  const ruleFunctions = new Map(rules.map((r) => [r.id, new Set(r.mappings.nist[framework].map((id) => id.split('.')[0]!))]));
  const out = [];
  for (const [fn, name] of Object.entries(names)) {
    const counts = emptyCounts();
    for (const r of results) if (ruleFunctions.get(r.ruleId)?.has(fn)) counts[r.status]++;
    const subcategories = [...new Set(rules.flatMap((r) => r.mappings.nist[framework].filter((id) => id.startsWith(`${fn}.`))))].sort();
    out.push({ id: fn, name, counts, subcategories, status: controlStatus(subcategories.length > 0, counts) });
  }
  return out;
}
