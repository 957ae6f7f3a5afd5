// `ecsguard scan` (options -> runScan -> one report) and `ecsguard controls` (the same scan,
// reported by control), sharing one reading of the options.
import { runScan } from '../scan/run-scan.js';
import { buildJsonReport } from '../reports/json.js';
import { renderMarkdown } from '../reports/markdown.js';
import { buildSarif } from '../reports/sarif.js';
import { renderText } from '../reports/text.js';
import { oneLine, printable } from '../util/printable.js';
import { SEVERITIES, type Severity } from '../engine/rule-types.js';
import { DEFAULT_MAX_FILE_BYTES } from '../sources/files/read-text.js';
import { CONTROLS_HELP, SCAN_HELP } from './help.js';
import { FRAMEWORKS, rollUp, type Framework } from '../compliance/rollup.js';
import { CONTROL_FORMATS, renderControls, type ControlFormat } from '../reports/controls.js';
import { UsageError, parseOptions } from './args.js';
import { writeOutput } from './output.js';
import { createProgress } from './progress.js';
import { collectToSnapshot, LIVE_OPTIONS } from './live-options.js';

const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

export async function scanCommand(argv: string[]): Promise<number> {
  return runCommand(argv, 'scan');
}

export async function controlsCommand(argv: string[]): Promise<number> {
  return runCommand(argv, 'controls');
}

async function runCommand(argv: string[], command: 'scan' | 'controls'): Promise<number> {
  const help = command === 'scan' ? SCAN_HELP : CONTROLS_HELP;
  const { values, positionals } = parseOptions(
    argv,
    {
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      'fail-on': { type: 'string' },
      'fail-on-unknown': { type: 'boolean' },
      rules: { type: 'string', multiple: true },
      config: { type: 'string' },
      'no-config': { type: 'boolean' },
      'no-gitignore': { type: 'boolean' },
      'max-waiver-days': { type: 'string' },
      'max-file-size': { type: 'string' },
      today: { type: 'string' },
      verbose: { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      debug: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      live: { type: 'boolean' },
      inventory: { type: 'string' },
      snapshot: { type: 'string' },
      'allow-unknown': { type: 'boolean' },
      framework: { type: 'string', multiple: true },
      ...LIVE_OPTIONS,
    },
    help,
  );
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  const format = (values.format ?? 'text') as Format;
  const formats: readonly string[] = command === 'scan' ? FORMATS : CONTROL_FORMATS;
  if (!formats.includes(format)) throw new UsageError(`--format must be one of ${formats.join(', ')}`, help);
  let frameworks: Framework[] = [...FRAMEWORKS];
  if (values.framework !== undefined) {
    if (command === 'scan') throw new UsageError('--framework belongs to "ecsguard controls"', help);
    frameworks = values.framework.flatMap((f) => f.split(',')).map((f) => f.trim()) as Framework[];
    const bad = frameworks.find((f) => !FRAMEWORKS.includes(f));
    if (bad) throw new UsageError(`--framework must be csf11, csf20 or runbook (got "${bad}")`, help);
  }
  const failOn = values['fail-on'] as Severity | 'none' | undefined;
  if (failOn !== undefined && failOn !== 'none' && !SEVERITIES.includes(failOn)) {
    throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, none`, help);
  }
  if (values.config !== undefined && values['no-config']) throw new UsageError('--config and --no-config cannot be used together', help);
  const today = values.today ?? new Date().toISOString().slice(0, 10);
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(today)) throw new UsageError('--today must be a date as YYYY-MM-DD', help);
  const maxBytes = values['max-file-size'] === undefined ? DEFAULT_MAX_FILE_BYTES : parseSize(values['max-file-size']);
  const maxWaiverDays = values['max-waiver-days'];
  if (maxWaiverDays !== undefined && !/^[0-9]{1,5}$/.test(maxWaiverDays)) throw new UsageError('--max-waiver-days must be a whole number of days', help);
  const cwd = process.cwd();
  if (values.live && values.inventory !== undefined) throw new UsageError('--live and --inventory cannot be used together', help);
  const liveish = values.live || values.inventory !== undefined;
  if (liveish && positionals.length > 0) throw new UsageError(`--${values.live ? 'live' : 'inventory'} scans no paths (got "${positionals[0]}")`, help);
  if (!values.live) {
    for (const k of Object.keys(LIVE_OPTIONS)) if ((values as Record<string, unknown>)[k] !== undefined) throw new UsageError(`--${k} needs --live`, help);
    if (values.snapshot !== undefined) throw new UsageError('--snapshot needs --live', help);
  }
  if (values['allow-unknown'] && values['fail-on-unknown']) throw new UsageError('--allow-unknown and --fail-on-unknown cannot be used together', help);
  let inventory = values.inventory;
  if (values.live) {
    const snapshot = values.snapshot ?? (values.output ? values.output.replace(/(\.[A-Za-z]+)?$/, '.inventory.json') : 'reports/ecsguard-inventory.json');
    const collected = await collectToSnapshot(values, snapshot, help);
    if (collected.error) {
      process.stderr.write(`ecsguard: ${collected.error.format()}\n`);
      return 2;
    }
    if (!values.quiet) process.stderr.write(`ecsguard: wrote ${collected.file}: ${collected.resources} resources from ${collected.calls} calls${collected.gaps ? `, ${collected.gaps} failed (recorded as gaps)` : ''}\n`);
    inventory = snapshot;
  }
  const progress = createProgress(!values.quiet);
  const outcome = await runScan({
    ...(inventory !== undefined ? { inventory } : {}),
    targets: positionals.length > 0 ? positionals : ['.'],
    cwd,
    rulesDirs: values.rules ?? [],
    config: values['no-config'] ? false : values.config,
    today,
    maxBytes,
    ...(failOn !== undefined ? { failOn } : {}),
    ...(values['fail-on-unknown'] ? { failOnUnknown: true } : values['allow-unknown'] ? { failOnUnknown: false } : {}),
    ...(values['no-gitignore'] ? { gitignore: false } : {}),
    ...(maxWaiverDays !== undefined ? { maxWaiverDays: Number(maxWaiverDays) } : {}),
    onProgress: progress.update,
  });
  progress.done();
  for (const n of outcome.notices) process.stderr.write(`ecsguard: notice: ${n.format()}\n`);
  if (values.verbose) for (const [file, why] of outcome.skipped) process.stderr.write(`ecsguard: skipped ${oneLine(file)}: ${oneLine(why)}\n`);
  // Errors go to stderr as well, so they are seen when the report goes to a file or a pipe.
  if (format !== 'text' || values.output !== undefined) for (const e of outcome.errors) process.stderr.write(`ecsguard: ${e.format()}\n`);
  const rendered = command === 'scan' ? render(format, outcome, liveish) : renderControls(format as ControlFormat, rollUp(outcome.enabledRules, outcome.results, frameworks), outcome);
  // JSON escapes control characters itself; text and Markdown are read in terminals
  const text = format === 'json' || format === 'sarif' ? rendered : printable(rendered);
  const writeError = writeOutput(text, values.output, cwd);
  if (writeError) {
    process.stderr.write(`ecsguard: ${writeError.format()}\n`);
    return 2;
  }
  return outcome.exitCode;
}

function render(format: Format, outcome: Awaited<ReturnType<typeof runScan>>, live: boolean | undefined): string {
  switch (format) {
    case 'json':
      return JSON.stringify(buildJsonReport(outcome, new Date().toISOString()), null, 2) + '\n';
    case 'sarif':
      // compact: SARIF is for machines, and GitHub caps an upload at 10 MB gzipped
      return JSON.stringify(buildSarif(outcome, { automationId: live ? 'ecsguard/live/' : 'ecsguard/files/' })) + '\n';
    case 'markdown':
      return renderMarkdown(outcome);
    default:
      return renderText(outcome);
  }
}

function parseSize(s: string): number {
  const m = /^([0-9]{1,12})(k|kb|kib|m|mb|mib|g|gb|gib)?$/i.exec(s.trim());
  if (!m) throw new UsageError(`--max-file-size must be a size such as 1048576, 512k or 64m`, SCAN_HELP);
  const unit = (m[2] ?? '').toLowerCase()[0];
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Number(m[1]) * mult;
}
