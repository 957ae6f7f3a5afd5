// Counts shared by every report.
import { NO_EXPIRY, type Result, type Status, type Waiver } from '../engine/results.js';
import type { ScanOutcome } from './outcome.js';
import type { Severity } from '../engine/rule-types.js';
import { FRAMEWORKS, rollUp, type ControlRollup, type Framework } from '../compliance/rollup.js';

export type StatusCounts = Record<Status, number>;

export function countStatuses(results: Iterable<{ status: Result['status'] }>): StatusCounts {
  const counts: StatusCounts = { fail: 0, unknown: 0, waived: 0, pass: 0, 'not-applicable': 0 };
  for (const r of results) counts[r.status]++;
  return counts;
}

/** Findings worth listing: fail, unknown and waived, by file then line. */
/** The scan's results by control: the rules that ran, and those turned off (a control only they check is off). */
export function controlsOf(outcome: ScanOutcome, frameworks: readonly Framework[] = FRAMEWORKS): ControlRollup[] {
  return rollUp(outcome.enabledRules, outcome.results, frameworks, outcome.offRules);
}

/** Each rule's severity as the scan ran it (after configuration): that of its results. */
export function severitiesByRule(results: readonly Result[]): Map<string, Severity> {
  const out = new Map<string, Severity>();
  for (const r of results) if (!out.has(r.ruleId)) out.set(r.ruleId, r.severity);
  return out;
}

/** Results a report lists as findings: failing, unknown and waived (not passes, not not-applicable). */
export function isListed(status: string): boolean {
  return status === 'fail' || status === 'unknown' || status === 'waived';
}

export function listedResults(outcome: ScanOutcome): Result[] {
  return outcome.results
    .filter((r) => isListed(r.status))
    .sort((a, b) => (a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1 : a.location.line - b.location.line || a.location.column - b.location.column || (a.ruleId < b.ruleId ? -1 : 1)));
}

/** First paragraph of a rule's remediation, on one line. */
export function firstParagraph(text: string): string {
  const para = text.split(/\n\s*\n/)[0] ?? text;
  // the paragraph may lead into a snippet ("... For example:"); the one-line fix stops before it
  return para.replace(/\s+/g, ' ').trim().replace(/\s*For example:$/, '');
}

export function exitMeaning(outcome: ScanOutcome): string {
  if (outcome.exitCode === 2) return 'exit 2: errors (see above); files that could be read were still scanned';
  if (outcome.exitCode === 1) {
    return outcome.failOnUnknown && outcome.results.some((r) => r.status === 'unknown')
      ? `exit 1: failing findings at or above ${outcome.failOn}, or checks that could not be evaluated`
      : `exit 1: failing findings at or above ${outcome.failOn}`;
  }
  return outcome.failOn === 'none' ? 'exit 0: --fail-on none' : `exit 0: nothing failing at or above ${outcome.failOn}`;
}

/**
 * What every human report says about its configuration, one line each: the file in use and what
 * it changed, configuration files found and ignored, waivers expiring far out. Plain text; the
 * caller escapes it for its format.
 */
export function configurationLines(outcome: ScanOutcome): string[] {
  const c = outcome.configuration;
  const changes: string[] = [];
  if (c.disabledRules.length) changes.push(`rules disabled: ${c.disabledRules.join(', ')}`);
  if (c.enabledRules.length) changes.push(`rules enabled: ${c.enabledRules.join(', ')}`);
  if (c.severities.length) changes.push(`severities changed: ${c.severities.map((s) => `${s.rule} ${s.from} -> ${s.to}`).join(', ')}`);
  if (c.parameters.length) changes.push(`parameters set: ${c.parameters.join(', ')}`);
  if (c.failOn !== undefined) changes.push(`fail-on ${c.failOn}`);
  if (c.failOnUnknown !== undefined) changes.push(`fail-on-unknown ${c.failOnUnknown}`);
  if (c.exclude.length) changes.push(`excluded paths: ${c.exclude.join(', ')}`);
  if (c.maxWaiverDays !== undefined) changes.push(`max-waiver-days ${c.maxWaiverDays}`);
  const w = c.waivers;
  changes.push(`${w.active} active waiver${w.active === 1 ? '' : 's'}${w.earliest ? ` (expiring ${w.earliest === w.latest ? w.earliest : `${w.earliest} to ${w.latest}`})` : ''}${w.expired ? `, ${w.expired} expired` : ''}${w.refused ? `, ${w.refused} refused` : ''}`);
  const lines: string[] = [];
  if (c.file !== undefined) lines.push(`Configuration: ${c.file}${c.source === 'option' ? ' (--config)' : ''}: ${changes.join('; ')}`);
  else lines.push(`Configuration: none (${c.source === 'disabled' ? '--no-config' : 'no .ecsguard.yaml from the working directory up to the repository top'})`);
  if (c.inlineSuppressions && c.inlineSuppressions.found > 0) {
    lines.push(`Inline suppressions: ${c.inlineSuppressions.found} written in the scanned files${c.inlineSuppressions.allowed ? ' (applied as waivers)' : ', not applied (allow-inline-suppressions: false)'}`);
  }
  if (c.checks) lines.push(`Command line: --check ${c.checks.join(',')} (only these rules run)`);
  if (c.skippedChecks) lines.push(`Command line: --skip-check ${c.skippedChecks.join(',')} (these rules do not run)`);
  for (const f of c.ignored) lines.push(`Ignored configuration: ${f}, found with the scanned files, is not used (only --config or the .ecsguard.yaml from the working directory up applies)`);
  for (const f of c.farWaivers) lines.push(`Warning: the waiver for ${f.rule} at ${f.file}:${f.line} ${f.expires === NO_EXPIRY ? 'has no expiry' : `expires ${f.expires}, more than a year from today`} (set max-waiver-days to refuse such waivers)`);
  return lines;
}

/** Against a --baseline report: what is new, unchanged and no longer there. */
export function baselineLine(outcome: ScanOutcome): string | undefined {
  const b = outcome.baseline;
  return b ? `Baseline ${b.file}: ${b.new} new, ${b.unchanged} unchanged, ${b.absent.length} no longer present` : undefined;
}

/** "N files ignored by .gitignore: see --verbose", when a directory scan left candidate files out. */
export function gitignoreLine(outcome: ScanOutcome): string | undefined {
  const n = outcome.ignoredByGitignore;
  return n > 0 ? `${n} file${n === 1 ? '' : 's'} ignored by .gitignore: see --verbose, or scan them with --no-gitignore` : undefined;
}

/** "until 2026-12-31", or "with no expiry" for an inline suppression that gives none. */
export function waiverUntil(w: Waiver): string {
  return w.expires === NO_EXPIRY ? 'with no expiry' : `until ${w.expires}`;
}

const RESOURCE_WORDS: Record<string, string> = {
  'ecs:task-definition': 'task definition',
  'ecs:service': 'service',
  'ecs:cluster': 'cluster',
  'ec2:container-instance': 'container instance',
  'ec2:vpc': 'VPC',
  'iam:role': 'role',
  'aws:account': 'account',
};

/** For a live result, what and where the resource is: `task definition shop-web:3 in 123456789012/eu-west-1`. */
export function liveResourceLabel(r: Result): string | undefined {
  if (!r.resource.live) return undefined;
  const what = RESOURCE_WORDS[r.resource.type] ?? r.resource.type;
  const where = [r.resource.account, r.resource.region].filter(Boolean).join('/');
  return `${what} ${r.resource.name}${where && r.resource.type !== 'aws:account' ? ` in ${where}` : ''}`;
}
