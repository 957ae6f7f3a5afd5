// `ecsguard diff OLD.json NEW.json`: new, fixed and unchanged findings between two JSON reports,
// by rule and by control, in text, Markdown or JSON. Exit 1 when the later report has new failing
// findings at or above --fail-on: a trend gate that ignores what was already there.
import { resolve } from 'node:path';
import { validateReport } from '../generated/merge-validators.js';
import { readDocument, validateDocument } from '../documents/validated-document.js';
import { diffReports, newFailingAtOrAbove, renderDiffJson, renderDiffMarkdown, renderDiffText, type ReportForDiff } from '../reports/diff.js';
import { SEVERITIES } from '../engine/rule-types.js';
import { displayPath } from '../sources/files/walk.js';
import { UserError } from '../util/errors.js';
import { DIFF_HELP } from './help.js';
import { UsageError, parseOptions } from './args.js';
import { writeOutput } from './outputs.js';

const FORMATS = ['text', 'markdown', 'json'] as const;
const MAX_INPUT_BYTES = 512 * 1024 * 1024;

export const DIFF_OPTIONS = { format: { type: 'string', short: 'f' }, output: { type: 'string', short: 'o' }, 'fail-on': { type: 'string' }, debug: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

export function diffCommand(argv: string[]): number {
  const { values, positionals } = parseOptions(argv, DIFF_OPTIONS, DIFF_HELP);
  if (values.help) {
    process.stdout.write(DIFF_HELP);
    return 0;
  }
  if (positionals.length !== 2) throw new UsageError('diff compares two JSON reports: ecsguard diff OLD.json NEW.json', DIFF_HELP);
  const format = values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`, DIFF_HELP);
  const failOn = values['fail-on'] ?? 'low';
  if (failOn !== 'none' && !(SEVERITIES as readonly string[]).includes(failOn)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, none`, DIFF_HELP);
  const cwd = process.cwd();
  const errors: UserError[] = [];
  const reports: Array<{ file: string; report: ReportForDiff }> = [];
  for (const path of positionals) {
    const display = displayPath(cwd, resolve(cwd, path));
    const read = readDocument(resolve(cwd, path), display, MAX_INPUT_BYTES);
    if (!read.ok) {
      errors.push(read.error);
      continue;
    }
    const v = read.doc.value as { tool?: { name?: unknown }; results?: unknown };
    if (!v || typeof v !== 'object' || v.tool?.name !== 'ecsguard' || !Array.isArray(v.results)) {
      errors.push(new UserError('not an ecsguard JSON report (scan --format json)', display));
      continue;
    }
    const validated = validateDocument(read.doc, display, validateReport, 'ecsguard JSON report');
    if (!validated.ok) {
      errors.push(validated.error);
      continue;
    }
    reports.push({ file: display, report: read.doc.value as unknown as ReportForDiff });
  }
  if (errors.length > 0) {
    for (const e of errors) process.stderr.write(`ecsguard: ${e.format()}\n`);
    return 2;
  }
  const diff = diffReports(reports[0]!, reports[1]!);
  const text = format === 'json' ? renderDiffJson(diff) : format === 'markdown' ? renderDiffMarkdown(diff) : renderDiffText(diff);
  const error = writeOutput(text, values.output === undefined || values.output === '-' ? { format } : { format, path: values.output }, cwd);
  if (error) {
    process.stderr.write(`ecsguard: ${error.format()}\n`);
    return 2;
  }
  return newFailingAtOrAbove(diff, failOn).length > 0 ? 1 : 0;
}
