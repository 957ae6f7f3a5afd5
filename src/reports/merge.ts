// Combining the reports of shards (one per account, region or repository) into one: SARIF logs
// keep every run as it was (category, fingerprints, taxonomies), ecsguard JSON reports are
// merged result by result with their roll-ups by control recomputed. Each input is judged by the
// thresholds it was written with (or the ones given to merge), and the worst verdict is the
// merged one: a shard that failed fails the whole.
import { SEVERITIES, type Severity } from '../engine/rule-types.js';
import type { Status } from '../engine/results.js';
import { controlStatus } from '../compliance/rollup.js';
import { countStatuses } from './summary.js';
import { UserError } from '../util/errors.js';
import { groupBy } from '../util/group.js';
import { toolVersion } from '../util/version.js';
import { REPORT_SCHEMA_VERSION } from './json.js';

export type ExitCode = 0 | 1 | 2;

export interface Thresholds {
  failOn?: Severity | 'none';
  failOnUnknown?: boolean;
}

export interface MergeInput<T> {
  file: string;
  value: T;
}

export interface Merged<T> {
  value: T;
  exitCode: ExitCode;
  /** Worth saying, not errors: more runs than GitHub code scanning accepts in one upload. */
  warnings: string[];
}

type Json = Record<string, unknown>;

const GITHUB_MAX_RUNS = 20;

function failing(status: string, severity: Severity, failOn: Severity | 'none', failOnUnknown: boolean): boolean {
  if (status === 'unknown') return failOnUnknown;
  return status === 'fail' && failOn !== 'none' && SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(failOn);
}

function maxExit(codes: Iterable<ExitCode>): ExitCode {
  let m: ExitCode = 0;
  for (const c of codes) if (c > m) m = c;
  return m;
}

// SARIF levels, for runs that carry no ecsguard severity (another tool's, or an older ecsguard's)
const LEVEL_SEVERITY: Record<string, Severity> = { error: 'high', warning: 'medium', note: 'low', none: 'info' };

/** A SARIF run's verdict: its own thresholds (recorded by ecsguard) unless merge was given some. */
function sarifRunExit(run: Json, given: Thresholds): ExitCode {
  const invocation = ((run.invocations as Json[] | undefined) ?? [])[0];
  if (invocation?.executionSuccessful === false) return 2;
  const recorded = (invocation?.properties ?? {}) as Json;
  const category = String((run.automationDetails as Json | undefined)?.id ?? '');
  const failOn = given.failOn ?? (recorded.failOn as Severity | 'none' | undefined) ?? 'low';
  const failOnUnknown = given.failOnUnknown ?? (typeof recorded.failOnUnknown === 'boolean' ? recorded.failOnUnknown : category.startsWith('ecsguard/live/'));
  for (const r of (run.results as Json[] | undefined) ?? []) {
    if (Array.isArray(r.suppressions) && r.suppressions.length > 0) continue;
    const props = (r.properties ?? {}) as Json;
    const status = typeof props.status === 'string' ? props.status : r.kind === 'open' ? 'unknown' : r.kind === undefined || r.kind === 'fail' ? 'fail' : 'other';
    const severity = SEVERITIES.includes(props.severity as Severity) ? (props.severity as Severity) : LEVEL_SEVERITY[String(r.level ?? 'warning')] ?? 'medium';
    if (failing(status, severity, failOn, failOnUnknown)) return 1;
  }
  return 0;
}

/** Every run of every log, unchanged. Two runs of one tool with one category would be rejected by code scanning: an error. */
export function mergeSarif(inputs: Array<MergeInput<Json>>, given: Thresholds = {}): Merged<Json> | { error: UserError } {
  const runs: Json[] = [];
  const categories = new Map<string, string>();
  for (const input of inputs) {
    for (const run of input.value.runs as Json[]) {
      const tool = String(((run.tool as Json).driver as Json).name);
      const category = String((run.automationDetails as Json | undefined)?.id ?? '');
      const key = `${tool}\u0000${category}`;
      const earlier = categories.get(key);
      if (earlier !== undefined) return { error: new UserError(`${tool} run with category "${category}" is in both ${earlier} and ${input.file} (the same shard twice?); code scanning accepts one run per tool and category`, input.file) };
      categories.set(key, input.file);
      runs.push(run);
    }
  }
  const warnings = runs.length > GITHUB_MAX_RUNS ? [`${runs.length} runs: GitHub code scanning accepts at most ${GITHUB_MAX_RUNS} in one upload; merge the shards in groups, or upload them one by one`] : [];
  return {
    value: { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs },
    exitCode: maxExit(runs.map((run) => sarifRunExit(run, given))),
    warnings,
  };
}

/** A JSON report's verdict, from its results and the thresholds it recorded (or those given). */
function reportExit(report: Json, given: Thresholds): ExitCode {
  const summary = report.summary as Json;
  if ((summary.errors as number) > 0 || summary.exitCode === 2) return 2;
  const failOn = given.failOn ?? (summary.failOn as Severity | 'none');
  // reports before 1.2 do not record it: their exit code says whether anything failed
  if (given.failOn === undefined && given.failOnUnknown === undefined && typeof summary.failOnUnknown !== 'boolean') return summary.exitCode as ExitCode;
  const failOnUnknown = given.failOnUnknown ?? summary.failOnUnknown === true;
  return (report.results as Json[]).some((r) => failing(String(r.status), r.severity as Severity, failOn, failOnUnknown)) ? 1 : 0;
}

function resultKey(r: Json): string {
  if (typeof r.fingerprint === 'string') return `${r.ruleId}|${r.status}|${r.fingerprint}`;
  const res = r.resource as Json;
  const loc = r.location as Json;
  return [r.ruleId, r.status, res.type, res.account ?? '', res.region ?? '', res.id, loc.file, loc.pointer].join('|');
}

function union(lists: unknown[][]): string[] {
  return [...new Set(lists.flat().map(String))].sort();
}

/**
 * One report from several: results and errors side by side (a result two shards both report is
 * kept once), rules and configurations united, summary counts and roll-ups by control recomputed
 * from the merged results.
 */
export function mergeReports(inputs: Array<MergeInput<Json>>, given: Thresholds = {}, generatedAt = new Date().toISOString()): Merged<Json> {
  const results: Json[] = [];
  const seen = new Set<string>();
  const rules = new Map<string, Json>();
  const errors: Json[] = [];
  const controls = new Map<string, { control: Json; rules: Set<string>; off: Set<string> }>();
  let filesScanned = 0;
  let resources = 0;
  let snapshotResources: number | undefined;
  let ignoredByGitignore = 0;
  for (const { value } of inputs) {
    const summary = value.summary as Json;
    filesScanned += summary.filesScanned as number;
    resources += summary.resources as number;
    ignoredByGitignore += (summary.ignoredByGitignore as number | undefined) ?? 0;
    if (typeof summary.snapshotResources === 'number') snapshotResources = (snapshotResources ?? 0) + summary.snapshotResources;
    for (const r of value.rules as Json[]) if (!rules.has(String(r.id))) rules.set(String(r.id), r);
    for (const r of value.results as Json[]) {
      const key = resultKey(r);
      if (seen.has(key)) continue;
      seen.add(key);
      results.push(r);
    }
    for (const e of value.errors as Json[]) errors.push(e);
    for (const c of value.controls as Json[]) {
      const key = `${c.framework}|${c.id}`;
      const entry = controls.get(key) ?? { control: c, rules: new Set<string>(), off: new Set<string>() };
      for (const id of c.rules as string[]) entry.rules.add(id);
      for (const id of (c.offRules as string[] | undefined) ?? []) entry.off.add(id);
      controls.set(key, entry);
    }
  }
  const byRule = groupBy(results, (r) => String(r.ruleId));
  const rolled = [...controls.values()].map(({ control, rules: ids, off }) => {
    const counts = countStatuses([...ids].flatMap((id) => (byRule.get(id) ?? []) as Array<{ status: Status }>));
    // a rule one shard ran is not off in the merged report
    const { offRules: _off, ...rest } = control;
    const offRules = ids.size === 0 && off.size > 0 ? { offRules: [...off].sort() } : {};
    return { ...rest, rules: [...ids].sort(), ...offRules, counts, status: controlStatus(ids.size > 0, counts, off.size > 0) };
  });
  const exitCode = maxExit(inputs.map((i) => reportExit(i.value, given)));
  const failOns = inputs.map((i) => (i.value.summary as Json).failOn as Severity | 'none');
  // the strictest threshold any shard used, unless one was given
  const failOn = given.failOn ?? failOns.reduce((a, b) => (b === 'none' ? a : a === 'none' || SEVERITIES.indexOf(b) < SEVERITIES.indexOf(a) ? b : a), 'none' as Severity | 'none');
  const failOnUnknown = given.failOnUnknown ?? inputs.some((i) => (i.value.summary as Json).failOnUnknown === true);
  const value: Json = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'ecsguard', version: toolVersion() },
    generatedAt,
    summary: {
      filesScanned,
      resources,
      rules: rules.size,
      results: countStatuses(results as Array<{ status: Status }>),
      errors: errors.length,
      failOn,
      failOnUnknown,
      exitCode,
      ignoredByGitignore,
      ...(snapshotResources !== undefined ? { snapshotResources } : {}),
    },
    configuration: mergeConfigurations(inputs.map((i) => i.value.configuration as Json)),
    rules: [...rules.values()],
    results,
    controls: rolled,
    errors,
    merged: inputs.map((i) => ({ file: i.file, generatedAt: String(i.value.generatedAt), exitCode: (i.value.summary as Json).exitCode })),
  };
  return { value, exitCode, warnings: [] };
}

/** Identical configurations stay as they are; different ones are united (what any shard changed). */
function mergeConfigurations(configs: Json[]): Json {
  const first = configs[0]!;
  if (configs.every((c) => JSON.stringify(c) === JSON.stringify(first))) return first;
  const list = (k: string) => configs.map((c) => (c[k] as unknown[] | undefined) ?? []);
  const waivers = configs.map((c) => c.waivers as Json);
  const dates = (k: string) => waivers.map((w) => w[k]).filter((d): d is string => typeof d === 'string').sort();
  const earliest = dates('earliest')[0];
  const latest = dates('latest').at(-1);
  const severities = new Map<string, Json>();
  for (const c of configs) for (const s of c.severities as Json[]) severities.set(`${s.rule}|${s.from}|${s.to}`, s);
  return {
    source: first.source,
    ignored: union(list('ignored')),
    disabledRules: union(list('disabledRules')),
    enabledRules: union(list('enabledRules')),
    severities: [...severities.values()],
    parameters: union(list('parameters')),
    exclude: union(list('exclude')),
    waivers: {
      active: waivers.reduce((n, w) => n + (w.active as number), 0),
      expired: waivers.reduce((n, w) => n + (w.expired as number), 0),
      refused: waivers.reduce((n, w) => n + (w.refused as number), 0),
      ...(earliest ? { earliest } : {}),
      ...(latest ? { latest } : {}),
    },
    farWaivers: list('farWaivers').flat(),
  };
}
