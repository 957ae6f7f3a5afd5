// Counts shared by every report.
import type { Result, Status } from '../engine/results.js';
import type { ScanOutcome } from '../scan/run-scan.js';

export type StatusCounts = Record<Status, number>;

export function countStatuses(results: Result[]): StatusCounts {
  const counts: StatusCounts = { fail: 0, unknown: 0, waived: 0, pass: 0, 'not-applicable': 0 };
  for (const r of results) counts[r.status]++;
  return counts;
}

/** Findings worth listing: fail, unknown and waived, by file then line. */
export function listedResults(outcome: ScanOutcome): Result[] {
  return outcome.results
    .filter((r) => r.status === 'fail' || r.status === 'unknown' || r.status === 'waived')
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
