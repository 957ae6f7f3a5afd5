// The terminal report: findings grouped by file with file:line:column, severity, status, rule,
// message and the fix; then what could not be scanned, and a one-line summary with the exit code.
import type { Result } from '../engine/results.js';
import type { ScanOutcome } from '../scan/run-scan.js';
import { countStatuses, exitMeaning, firstParagraph, listedResults } from './summary.js';

export function renderText(outcome: ScanOutcome): string {
  const lines: string[] = [];
  const remediation = new Map(outcome.rules.map((r) => [r.id, firstParagraph(r.remediation)]));
  let currentFile = '';
  for (const r of listedResults(outcome)) {
    if (r.location.file !== currentFile) {
      if (currentFile) lines.push('');
      currentFile = r.location.file;
      lines.push(currentFile);
    }
    lines.push(`  ${`${r.location.line}:${r.location.column}`.padEnd(8)} ${r.severity.padEnd(8)} ${statusWord(r).padEnd(8)} ${r.ruleId}  ${r.message}`);
    const pad = ' '.repeat(29);
    if (r.status === 'fail') lines.push(`${pad}fix: ${remediation.get(r.ruleId) ?? ''}`);
    if (r.status === 'waived' && r.waiver) lines.push(`${pad}waived until ${r.waiver.expires} by ${r.waiver.owner}: ${r.waiver.reason}`);
    if (r.expiredWaiver) lines.push(`${pad}note: the waiver at ${r.expiredWaiver.source.file}:${r.expiredWaiver.source.line} expired on ${r.expiredWaiver.expires} and no longer applies`);
    if (r.related?.length) for (const l of r.related) lines.push(`${pad}see ${l.file}:${l.line}:${l.column} (${l.pointer.slice(1).replace(/\//g, '.')})`);
  }
  if (outcome.errors.length > 0) {
    if (lines.length) lines.push('');
    lines.push(`Errors (${outcome.errors.length}):`);
    for (const e of outcome.errors) lines.push(`  ${e.format()}`);
  }
  const c = countStatuses(outcome.results);
  if (lines.length) lines.push('');
  lines.push(
    `${plural(outcome.filesScanned, 'file')} scanned, ${plural(outcome.resources, 'resource')}, ${plural(outcome.rules.length, 'rule')}: ` +
      `${c.fail} failed, ${c.unknown} could not be evaluated, ${c.waived} waived, ${c.pass} passed, ${c['not-applicable']} not applicable`,
  );
  lines.push(exitMeaning(outcome));
  return lines.join('\n') + '\n';
}

function statusWord(r: Result): string {
  return r.status === 'unknown' ? 'unknown' : r.status;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
