// Markdown for pull-request comments: a summary line, the configuration in use, a table of
// findings (the most severe first), then what could not be evaluated and what is waived. GitHub
// refuses a comment over 65,536 characters, so the report stops at MAX_MARKDOWN, says how many
// findings it left out, and points at the full report.
import type { Result } from '../engine/results.js';
import type { ScanOutcome } from './outcome.js';
import { SEVERITIES } from '../engine/rule-types.js';
import { baselineLine, configurationLines, countStatuses, exitMeaning, firstParagraph, gitignoreLine, listedResults, liveResourceLabel, waiverUntil } from './summary.js';
import { cell, code } from './markdown-text.js';

/** Below GitHub's 65,536-character limit for a comment, with room for what a workflow adds. */
export const MAX_MARKDOWN = 65_000;

export interface MarkdownOptions {
  /** The full report written beside this one (SARIF or JSON), for the "left out" pointer. */
  fullReport?: string;
  maxLength?: number;
}

export function renderMarkdown(outcome: ScanOutcome, options: MarkdownOptions = {}): string {
  const max = options.maxLength ?? MAX_MARKDOWN;
  const c = countStatuses(outcome.results);
  const listed = listedResults(outcome);
  const fixes = new Map(outcome.rules.map((r) => [r.id, firstParagraph(r.remediation)]));
  const head: string[] = ['## ecsguard', ''];
  head.push(`**${c.fail} failed** · ${c.unknown} could not be evaluated · ${c.waived} waived · ${c.pass} passed · ${c['not-applicable']} not applicable — ${outcome.liveScope ? `${outcome.liveScope.resources} resource(s) in the snapshot (${outcome.resources} evaluated)` : `${outcome.filesScanned} file(s), ${outcome.resources} resource(s)`}, ${outcome.rules.length} rule(s)`);
  head.push('');
  for (const line of configurationLines(outcome)) head.push(`- ${cell(line)}`);
  for (const extra of [baselineLine(outcome), gitignoreLine(outcome)]) if (extra) head.push(`- ${cell(extra)}`);
  head.push('');
  const tail: string[] = [];
  if (outcome.errors.length > 0) {
    tail.push('### Errors', '');
    for (const e of outcome.errors.slice(0, 50)) tail.push(`- ${code(e.format())}`);
    if (outcome.errors.length > 50) tail.push(`- ${outcome.errors.length - 50} more errors: see the full report`);
    tail.push('');
  }
  tail.push(`_${exitMeaning(outcome)}_`, '');
  let budget = max - head.join('\n').length - tail.join('\n').length - 400;
  const body: string[] = [];
  const leftOut: Record<string, number> = {};
  const section = (title: string, key: string, rows: Result[], withFix: boolean) => {
    if (rows.length === 0) return;
    const header = [`### ${title}`, '', withFix ? '| Severity | Rule | Location | Finding | Fix |' : '| Severity | Rule | Location | Detail |', withFix ? '| --- | --- | --- | --- | --- |' : '| --- | --- | --- | --- |'];
    budget -= header.join('\n').length + 2;
    body.push(...header);
    for (const [i, r] of bySeverity(rows).entries()) {
      const live = liveResourceLabel(r);
      const cells = [r.severity, code(r.ruleId), code(`${r.location.file}:${r.location.line}`) + (live ? ` (${cell(live)})` : ''), cell(r.message) + (r.baselineState === 'new' ? ' **(new)**' : '')];
      if (withFix) cells.push(cell(fixes.get(r.ruleId) ?? ''));
      if (r.status === 'waived' && r.waiver) cells[3] += ` (waived ${waiverUntil(r.waiver)}, ${cell(r.waiver.owner)}: ${cell(r.waiver.reason)})`;
      const row = `| ${cells.join(' | ')} |`;
      if (row.length + 1 > budget) {
        leftOut[key] = rows.length - i;
        break;
      }
      budget -= row.length + 1;
      body.push(row);
    }
    body.push('');
  };
  section('Failing', 'failing', listed.filter((r) => r.status === 'fail'), true);
  section('Could not be evaluated', 'unknown', listed.filter((r) => r.status === 'unknown'), false);
  section('Waived', 'waived', listed.filter((r) => r.status === 'waived'), false);
  const omitted = Object.entries(leftOut);
  if (omitted.length > 0) {
    const where = options.fullReport ? `the full report, ${code(options.fullReport)}` : 'the SARIF or JSON report (--output sarif=FILE or json=FILE)';
    body.push(`> ${omitted.map(([k, n]) => `${n} ${k === 'failing' ? 'failing findings' : k === 'unknown' ? 'checks that could not be evaluated' : 'waived findings'}`).join(', ')} are not shown here (a pull-request comment holds ${max.toLocaleString('en-US')} characters): see ${where}.`, '');
  }
  return [...head, ...body, ...tail].join('\n');
}

/** The most severe first; within a severity, by file and line (listedResults' order). */
function bySeverity(rows: Result[]): Result[] {
  return rows
    .map((r, i) => [r, i] as const)
    .sort(([a, ai], [b, bi]) => SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) || ai - bi)
    .map(([r]) => r);
}
