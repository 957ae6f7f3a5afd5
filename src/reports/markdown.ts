// Markdown for pull-request comments: a summary line, a table of findings, then what could not
// be evaluated and what is waived.
import type { Result } from '../engine/results.js';
import type { ScanOutcome } from '../scan/run-scan.js';
import { configurationLines, countStatuses, exitMeaning, firstParagraph, gitignoreLine, listedResults } from './summary.js';
import { cell, code } from './markdown-text.js';

export function renderMarkdown(outcome: ScanOutcome): string {
  const c = countStatuses(outcome.results);
  const listed = listedResults(outcome);
  const fixes = new Map(outcome.rules.map((r) => [r.id, firstParagraph(r.remediation)]));
  const out: string[] = ['## ecsguard', ''];
  out.push(`**${c.fail} failed** · ${c.unknown} could not be evaluated · ${c.waived} waived · ${c.pass} passed · ${c['not-applicable']} not applicable — ${outcome.filesScanned} file(s), ${outcome.resources} resource(s), ${outcome.rules.length} rule(s)`);
  out.push('');
  for (const line of configurationLines(outcome)) out.push(`- ${cell(line)}`);
  const ignored = gitignoreLine(outcome);
  if (ignored) out.push(`- ${cell(ignored)}`);
  out.push('');
  const section = (title: string, rows: Result[], withFix: boolean) => {
    if (rows.length === 0) return;
    out.push(`### ${title}`, '');
    out.push(withFix ? '| Severity | Rule | Location | Finding | Fix |' : '| Severity | Rule | Location | Detail |');
    out.push(withFix ? '| --- | --- | --- | --- | --- |' : '| --- | --- | --- | --- |');
    for (const r of rows) {
      const cells = [r.severity, code(r.ruleId), code(`${r.location.file}:${r.location.line}`), cell(r.message)];
      if (withFix) cells.push(cell(fixes.get(r.ruleId) ?? ''));
      if (r.status === 'waived' && r.waiver) cells[3] += ` (waived until ${r.waiver.expires}, ${cell(r.waiver.owner)}: ${cell(r.waiver.reason)})`;
      out.push(`| ${cells.join(' | ')} |`);
    }
    out.push('');
  };
  section('Failing', listed.filter((r) => r.status === 'fail'), true);
  section('Could not be evaluated', listed.filter((r) => r.status === 'unknown'), false);
  section('Waived', listed.filter((r) => r.status === 'waived'), false);
  if (outcome.errors.length > 0) {
    out.push('### Errors', '');
    for (const e of outcome.errors) out.push(`- ${code(e.format())}`);
    out.push('');
  }
  out.push(`_${exitMeaning(outcome)}_`, '');
  return out.join('\n');
}
