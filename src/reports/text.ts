// The terminal report: the configuration in use, then findings grouped by file with
// file:line:column, severity, status, rule, message and the fix; then what could not be scanned,
// and a one-line summary with the exit code. Every text that comes from a file is written on one
// line with its control, line-breaking and bidirectional characters escaped (oneLine), so a value
// cannot forge a report line or reorder what the reader sees.
import type { ScanOutcome } from './outcome.js';
import { oneLine } from '../util/printable.js';
import { CHUNK_CHARS } from '../util/json-chunks.js';
import { baselineLine, configurationLines, controlsOf, countStatuses, exitMeaning, firstParagraph, gitignoreLine, listedResults, liveResourceLabel, waiverUntil } from './summary.js';
import { rollUpFunctions, type ControlStatus } from '../compliance/rollup.js';

/** ANSI colours for a terminal: severity and status words only. */
const COLOURS: Record<string, string> = { critical: '1;31', high: '31', medium: '33', low: '36', info: '2', fail: '31', unknown: '35', waived: '34', pass: '32' };

export interface TextOptions {
  /** Colour severities and statuses (a terminal that allows it: see cli/colour.ts). */
  colour?: boolean;
}

/**
 * The report as chunks of lines, made as they are written: a report of every finding can outgrow
 * one string, and need not be held whole.
 */
export function* renderText(outcome: ScanOutcome, options: TextOptions = {}): Generator<string> {
  const paint = (word: string, width: number) => {
    const padded = word.padEnd(width);
    const code = options.colour ? COLOURS[word] : undefined;
    return code ? `\x1b[${code}m${word}\x1b[0m${padded.slice(word.length)}` : padded;
  };
  const lines = new LineChunks();
  for (const l of configurationLines(outcome)) lines.push(oneLine(l));
  lines.push('');
  const remediation = new Map(outcome.rules.map((r) => [r.id, oneLine(firstParagraph(r.remediation))]));
  let currentFile = '';
  // a rule's fix is printed under its first finding in each file, not repeated under every one
  let fixed = new Set<string>();
  for (const r of listedResults(outcome)) {
    if (r.location.file !== currentFile) {
      if (currentFile) lines.push('');
      currentFile = r.location.file;
      fixed = new Set();
      lines.push(oneLine(currentFile));
      yield* lines.take();
    }
    const live = liveResourceLabel(r);
    lines.push(`  ${`${r.location.line}:${r.location.column}`.padEnd(8)} ${paint(r.severity, 8)} ${paint(r.status, 8)} ${r.ruleId}  ${live ? `[${oneLine(live)}] ` : ''}${oneLine(r.message)}${r.baselineState === 'new' ? '  (new)' : ''}`);
    const pad = ' '.repeat(29);
    if (r.status === 'fail' && !fixed.has(r.ruleId)) {
      fixed.add(r.ruleId);
      lines.push(`${pad}fix: ${remediation.get(r.ruleId) ?? ''}`);
    }
    if (r.status === 'waived' && r.waiver) lines.push(`${pad}waived ${waiverUntil(r.waiver)} by ${oneLine(r.waiver.owner)}: ${oneLine(r.waiver.reason)}`);
    if (r.expiredWaiver) lines.push(`${pad}note: the waiver at ${oneLine(r.expiredWaiver.source.file)}:${r.expiredWaiver.source.line} expired on ${r.expiredWaiver.expires} and no longer applies`);
    if (r.related?.length) for (const l of r.related) lines.push(`${pad}see ${oneLine(l.file)}:${l.line}:${l.column} (${oneLine(l.pointer.slice(1).replace(/\//g, '.'))})`);
  }
  if (outcome.errors.length > 0) {
    if (lines.length) lines.push('');
    lines.push(`Errors (${outcome.errors.length}):`);
    for (const e of outcome.errors) lines.push(`  ${e.format()}`);
  }
  const c = countStatuses(outcome.results);
  if (lines.length) lines.push('');
  for (const l of complianceSummary(outcome)) lines.push(l);
  lines.push('');
  lines.push(
    // a snapshot's count is the one the collection's "wrote" line gave: every resource in it
    `${outcome.liveScope ? `${plural(outcome.filesScanned, 'snapshot')} scanned, ${plural(outcome.liveScope.resources, 'resource')} (${outcome.resources} evaluated by the rules)` : `${plural(outcome.filesScanned, 'file')} scanned, ${plural(outcome.resources, 'resource')}`}, ${plural(outcome.rules.length, 'rule')}: ` +
      `${c.fail} failed, ${c.unknown} could not be evaluated, ${c.waived} waived, ${c.pass} passed, ${c['not-applicable']} not applicable`,
  );
  for (const extra of [baselineLine(outcome), gitignoreLine(outcome)]) if (extra) lines.push(oneLine(extra));
  lines.push(exitMeaning(outcome));
  yield* lines.take(true);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Lines written into chunks of CHUNK_CHARS (young objects), each line ending with a newline. */
class LineChunks {
  private readonly done: string[] = [];
  private buf = '';
  length = 0;
  push(line: string): void {
    this.buf += line + '\n';
    this.length++;
    if (this.buf.length >= CHUNK_CHARS) {
      this.done.push(this.buf);
      this.buf = '';
    }
  }
  /** The chunks filled so far (and with `all`, the last one too), handed over once. */
  take(all = false): string[] {
    if (all && this.buf) {
      this.done.push(this.buf);
      this.buf = '';
    }
    return this.done.splice(0);
  }
}

/** One screen: NIST CSF 2.0 functions, then the runbook's control statements. */
function complianceSummary(outcome: ScanOutcome): string[] {
  const out = ['By NIST CSF 2.0 function:'];
  const tally = (k: Record<string, number>) => `${k.fail} failed, ${k.unknown} unknown, ${k.waived} waived, ${k.pass} passed`;
  for (const f of rollUpFunctions(outcome.enabledRules, outcome.results, 'csf20')) {
    if (f.status === 'no-rules') continue;
    out.push(`  ${`${f.name} (${f.id})`.padEnd(14)} ${word(f.status).padEnd(13)} ${tally(f.counts)}`);
  }
  out.push('By runbook control statement and operational practice:');
  for (const c of controlsOf(outcome, ['runbook'])) {
    const title = c.title.length > 64 ? `${c.title.slice(0, 61)}...` : c.title;
    const n = c.rules.length || c.offRules?.length || 0;
    out.push(`  ${c.id.padEnd(5)} ${word(c.status).padEnd(14)} ${title}${n ? ` (${n} rule${n === 1 ? '' : 's'}${c.rules.length ? '' : ' turned off'})` : ''}`);
  }
  return out;
}

function word(s: ControlStatus): string {
  return s === 'no-rules' ? 'not covered' : s;
}
