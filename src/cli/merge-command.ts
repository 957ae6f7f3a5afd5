// `ecsguard merge`: the reports (or snapshots) of shards as one file. All inputs are of one kind,
// told apart by their content: SARIF logs, ecsguard JSON reports, or inventory snapshots. An
// input that cannot be read or is not of that kind is an error, and nothing is written: a merged
// report that silently lacks a shard would look like a whole audit.
import { resolve } from 'node:path';
import { validateReport, validateSarifInput } from '../generated/merge-validators.js';
import { validateSnapshot } from '../generated/validators.js';
import { mergeSnapshots, type Snapshot } from '../inventory/snapshot.js';
import { mergeReports, mergeSarif, type ExitCode, type Thresholds } from '../reports/merge.js';
import { readDocument, validateDocument } from '../documents/validated-document.js';
import { displayPath } from '../sources/files/walk.js';
import { SEVERITIES, type Severity } from '../engine/rule-types.js';
import { UserError } from '../util/errors.js';
import { oneLine } from '../util/printable.js';
import { jsonChunks } from '../util/json-chunks.js';
import { MERGE_HELP } from './help.js';
import { UsageError, parseOptions } from './args.js';
import { writeOutput } from './outputs.js';

type Kind = 'sarif' | 'report' | 'snapshot';
const KIND_NAMES: Record<Kind, string> = { sarif: 'SARIF log', report: 'ecsguard JSON report', snapshot: 'inventory snapshot' };
const A_KIND: Record<Kind, string> = { sarif: 'a SARIF log', report: 'an ecsguard JSON report', snapshot: 'an inventory snapshot' };
const MAX_INPUT_BYTES = 512 * 1024 * 1024;

function kindOf(value: unknown): Kind | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (Array.isArray(v.runs)) return 'sarif';
  const tool = v.tool as Record<string, unknown> | undefined;
  if (tool?.name !== 'ecsguard') return undefined;
  if (Array.isArray(v.resources) && 'collectedAt' in v) return 'snapshot';
  if (Array.isArray(v.results) && 'summary' in v) return 'report';
  return undefined;
}

export const MERGE_OPTIONS = { output: { type: 'string', short: 'o' }, 'fail-on': { type: 'string' }, 'fail-on-unknown': { type: 'boolean' }, 'allow-unknown': { type: 'boolean' }, 'allow-gaps': { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' }, debug: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

export function mergeCommand(argv: string[]): number {
  const { values, positionals } = parseOptions(argv, MERGE_OPTIONS, MERGE_HELP);
  if (values.help) {
    process.stdout.write(MERGE_HELP);
    return 0;
  }
  if (positionals.length < 1) throw new UsageError('merge needs the files to combine: ecsguard merge A.sarif B.sarif ... --output all.sarif', MERGE_HELP);
  const failOn = values['fail-on'] as Severity | 'none' | undefined;
  if (failOn !== undefined && failOn !== 'none' && !SEVERITIES.includes(failOn)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, none`, MERGE_HELP);
  if (values['allow-unknown'] && values['fail-on-unknown']) throw new UsageError('--allow-unknown and --fail-on-unknown cannot be used together', MERGE_HELP);
  const given: Thresholds = { ...(failOn !== undefined ? { failOn } : {}), ...(values['fail-on-unknown'] ? { failOnUnknown: true } : values['allow-unknown'] ? { failOnUnknown: false } : {}) };
  const cwd = process.cwd();
  const out = values.output === undefined || values.output === '-' ? undefined : values.output;
  const outAbs = out === undefined ? undefined : resolve(cwd, out);

  const errors: UserError[] = [];
  const inputs: Array<{ file: string; kind: Kind; value: Record<string, unknown> }> = [];
  for (const path of positionals) {
    const display = displayPath(cwd, resolve(cwd, path));
    if (outAbs !== undefined && resolve(cwd, path) === outAbs) throw new UsageError(`--output ${oneLine(out!)} is also an input: write the merged file elsewhere`, MERGE_HELP);
    const read = readDocument(resolve(cwd, path), display, MAX_INPUT_BYTES);
    if (!read.ok) {
      errors.push(read.error);
      continue;
    }
    const kind = kindOf(read.doc.value);
    if (!kind) {
      errors.push(new UserError('not a SARIF log, an ecsguard JSON report or an inventory snapshot', display));
      continue;
    }
    const validated = validateDocument(read.doc, display, kind === 'sarif' ? validateSarifInput : kind === 'report' ? validateReport : validateSnapshot, KIND_NAMES[kind]);
    if (!validated.ok) {
      errors.push(validated.error);
      continue;
    }
    inputs.push({ file: display, kind, value: read.doc.value as Record<string, unknown> });
  }
  const kinds = new Set(inputs.map((i) => i.kind));
  if (kinds.size > 1) {
    const first = inputs[0]!;
    const other = inputs.find((i) => i.kind !== first.kind)!;
    errors.push(new UserError(`is ${A_KIND[other.kind]}, but ${first.file} is ${A_KIND[first.kind]}: merge files of one kind`, other.file));
  }
  if (errors.length > 0) {
    for (const e of errors) process.stderr.write(`ecsguard: ${e.format()}\n`);
    process.stderr.write(`ecsguard: nothing written: ${errors.length} of ${positionals.length} inputs could not be merged\n`);
    return 2;
  }

  const kind = inputs[0]!.kind;
  let text: string | Iterable<string>;
  let exitCode: ExitCode;
  let summary: string;
  if (kind === 'snapshot') {
    const merged = mergeSnapshots(inputs.map((i) => ({ file: i.file, value: i.value as unknown as Snapshot })));
    if (!merged.ok) {
      process.stderr.write(`ecsguard: ${merged.error.format()}\n`);
      return 2;
    }
    const s = merged.snapshot;
    text = JSON.stringify(s, null, 2) + '\n';
    exitCode = s.gaps.length > 0 && !values['allow-gaps'] ? 1 : 0;
    summary = `${plural(s.resources.length, 'resource')} of ${plural(s.scope.accounts.length, 'account')}${s.gaps.length ? `, ${plural(s.gaps.length, 'gap')}` : ''}`;
  } else if (kind === 'sarif') {
    const merged = mergeSarif(inputs, given);
    if ('error' in merged) {
      process.stderr.write(`ecsguard: ${merged.error.format()}\n`);
      return 2;
    }
    for (const w of merged.warnings) process.stderr.write(`ecsguard: warning: ${w}\n`);
    text = JSON.stringify(merged.value) + '\n';
    exitCode = merged.exitCode;
    const runs = merged.value.runs as Array<{ results?: unknown[] }>;
    summary = `${plural(runs.length, 'run')}, ${plural(runs.reduce((n, r) => n + (r.results?.length ?? 0), 0), 'result')}`;
  } else {
    const merged = mergeReports(inputs, given);
    // laid out as a scan's JSON report is: each result on a line of its own, written in chunks
    text = jsonChunks(merged.value, ['results'], merged.value.results as unknown[], 2, { oneLineItems: true });
    exitCode = merged.exitCode;
    const counts = (merged.value.summary as { results: Record<string, number> }).results;
    summary = `${plural((merged.value.results as unknown[]).length, 'result')} (${counts.fail} fail, ${counts.unknown} unknown)`;
  }
  const error = writeOutput(text, out === undefined ? { format: kind } : { format: kind, path: out }, cwd);
  if (error) {
    process.stderr.write(`ecsguard: ${error.format()}\n`);
    return 2;
  }
  if (!values.quiet && out !== undefined) process.stderr.write(`ecsguard: wrote ${oneLine(displayPath(cwd, outAbs!))}: ${plural(inputs.length, KIND_NAMES[kind])} merged, ${summary}\n`);
  return exitCode;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
