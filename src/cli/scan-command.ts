// `ecsguard scan` (options -> runScan -> reports) and `ecsguard controls` (the same scan,
// reported by control), sharing one reading of the options. Nothing is written before the options,
// the paths and the baseline are known to be good: a usage error or a missing path leaves the
// previous report where it was (GitHub would read an empty SARIF as "every alert fixed").
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { runScan } from '../scan/run-scan.js';
import type { ScanOutcome } from '../reports/outcome.js';
import { readBaseline, type Baseline } from '../scan/baseline.js';
import { oneLine } from '../util/printable.js';
import { describeFsError } from '../util/errors.js';
import { isRealDate } from '../util/dates.js';
import { SEVERITIES, type Severity } from '../engine/rule-types.js';
import { gitTopLevel } from '../engine/config.js';
import { DEFAULT_MAX_FILE_BYTES } from '../documents/read-text.js';
import { displayPath } from '../sources/files/walk.js';
import { CONTROLS_HELP, SCAN_HELP } from './help.js';
import { FRAMEWORKS, type Framework } from '../compliance/rollup.js';
import { controlsOf } from '../reports/summary.js';
import { CONTROL_FORMATS, renderControls, type ControlFormat } from '../reports/controls.js';
import { REPORT_FORMATS, renderReport, type ReportFormat, type ReportOptions } from '../reports/render.js';
import { asffTarget } from '../reports/asff.js';
import { UsageError, parseOptions, ruleSources } from './args.js';
import { parseOutputs, writeOutput } from './outputs.js';
import { colourAllowed } from './colour.js';
import { createProgress } from './progress.js';
import { collectToSnapshot, LIVE_OPTIONS, liveConfig, REGION, wroteLine } from './live-options.js';

export const SCAN_OPTIONS = {
  format: { type: 'string' },
  output: { type: 'string', short: 'o', multiple: true },
  'fail-on': { type: 'string' },
  'fail-on-unknown': { type: 'boolean' },
  'fail-on-new': { type: 'boolean' },
  baseline: { type: 'string' },
  check: { type: 'string', multiple: true },
  'skip-check': { type: 'string', multiple: true },
  rules: { type: 'string', multiple: true },
  'var-file': { type: 'string', multiple: true },
  'no-builtin-rules': { type: 'boolean' },
  config: { type: 'string' },
  'no-config': { type: 'boolean' },
  'no-gitignore': { type: 'boolean' },
  'max-waiver-days': { type: 'string' },
  'max-file-size': { type: 'string' },
  today: { type: 'string' },
  'sarif-unknown': { type: 'string' },
  'sarif-waived': { type: 'string' },
  'asff-account': { type: 'string' },
  'asff-region': { type: 'string' },
  'source-root': { type: 'string' },
  category: { type: 'string' },
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
} as const;

export async function scanCommand(argv: string[]): Promise<number> {
  return runCommand(argv, 'scan');
}

export async function controlsCommand(argv: string[]): Promise<number> {
  return runCommand(argv, 'controls');
}

const list = (values: string[] | undefined) => (values === undefined ? undefined : values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean));

async function runCommand(argv: string[], command: 'scan' | 'controls'): Promise<number> {
  const help = command === 'scan' ? SCAN_HELP : CONTROLS_HELP;
  const { values, positionals } = parseOptions(argv, SCAN_OPTIONS, help);
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  const formats: readonly string[] = command === 'scan' ? REPORT_FORMATS : CONTROL_FORMATS;
  const format = values.format ?? 'text';
  if (!formats.includes(format)) throw new UsageError(`--format must be one of ${formats.join(', ')}`, help);
  const outputs = parseOutputs(values.output, format, formats, help);
  let frameworks: Framework[] = [...FRAMEWORKS];
  if (values.framework !== undefined) {
    if (command === 'scan') throw new UsageError('--framework belongs to "ecsguard controls"', help);
    frameworks = list(values.framework) as Framework[];
    const bad = frameworks.find((f) => !FRAMEWORKS.includes(f));
    if (bad) throw new UsageError(`--framework must be csf11, csf20 or runbook (got "${bad}")`, help);
  }
  const failOn = values['fail-on'] as Severity | 'none' | undefined;
  if (failOn !== undefined && failOn !== 'none' && !SEVERITIES.includes(failOn)) {
    throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, none`, help);
  }
  if (values.config !== undefined && values['no-config']) throw new UsageError('--config and --no-config cannot be used together', help);
  const today = values.today ?? new Date().toISOString().slice(0, 10);
  if (!isRealDate(today)) throw new UsageError(`--today must be a real date as YYYY-MM-DD (got "${oneLine(today)}")`, help);
  const maxBytes = values['max-file-size'] === undefined ? DEFAULT_MAX_FILE_BYTES : parseSize(values['max-file-size']);
  const maxWaiverDays = values['max-waiver-days'];
  if (maxWaiverDays !== undefined && !/^[0-9]{1,5}$/.test(maxWaiverDays)) throw new UsageError('--max-waiver-days must be a whole number of days', help);
  const sarifUnknown = values['sarif-unknown'] ?? 'companion';
  if (!['companion', 'omit', 'inline'].includes(sarifUnknown)) throw new UsageError('--sarif-unknown must be companion, omit or inline', help);
  const sarifWaived = values['sarif-waived'] ?? 'omit';
  if (!['omit', 'suppress'].includes(sarifWaived)) throw new UsageError('--sarif-waived must be omit or suppress', help);
  const asffAccount = values['asff-account'];
  if (asffAccount !== undefined && !/^[0-9]{12}$/.test(asffAccount)) throw new UsageError('--asff-account must be a 12-digit AWS account id', help);
  const asffRegion = values['asff-region'];
  if (asffRegion !== undefined && !REGION.test(asffRegion)) throw new UsageError('--asff-region must be an AWS region, such as us-east-1', help);
  const { rulesDirs, builtin } = ruleSources(values, help);
  if (values['fail-on-new'] && values.baseline === undefined) throw new UsageError('--fail-on-new needs --baseline', help);
  const cwd = process.cwd();
  if (values.live && values.inventory !== undefined) throw new UsageError('--live and --inventory cannot be used together', help);
  const liveish = values.live || values.inventory !== undefined;
  if (liveish && positionals.length > 0) throw new UsageError(`--${values.live ? 'live' : 'inventory'} scans no paths (got "${positionals[0]}")`, help);
  if (!values.live) {
    for (const k of Object.keys(LIVE_OPTIONS)) if ((values as Record<string, unknown>)[k] !== undefined) throw new UsageError(`--${k} needs --live`, help);
    if (values.snapshot !== undefined) throw new UsageError('--snapshot needs --live', help);
  }
  if (values['allow-unknown'] && values['fail-on-unknown']) throw new UsageError('--allow-unknown and --fail-on-unknown cannot be used together', help);
  const targets = positionals.length > 0 ? positionals : ['.'];
  // a path that is not there is a usage error: no report, the previous one left as it was
  for (const path of liveish ? [] : targets) {
    try {
      statSync(resolve(cwd, path));
    } catch (err) {
      throw new UsageError(`${oneLine(path)}: ${describeFsError(err)}`);
    }
  }
  // Terraform variable files are read as `terraform plan -var-file` reads them: named, so any path
  const varFiles = (values['var-file'] ?? []).map((f) => resolve(cwd, f));
  if (liveish && varFiles.length > 0) throw new UsageError('--var-file applies to Terraform files, not to --live or --inventory', help);
  for (const [i, path] of varFiles.entries()) {
    let isFile = false;
    try {
      isFile = statSync(path).isFile();
    } catch (err) {
      throw new UsageError(`--var-file ${oneLine(values['var-file']![i]!)}: ${describeFsError(err)}`);
    }
    if (!isFile) throw new UsageError(`--var-file ${oneLine(values['var-file']![i]!)}: not a regular file`);
  }
  let baseline: Baseline | undefined;
  if (values.baseline !== undefined) {
    const read = readBaseline(resolve(cwd, values.baseline), displayPath(cwd, resolve(cwd, values.baseline)));
    if (!read.ok) throw new UsageError(read.error.format());
    baseline = read.baseline;
  }
  let inventory = values.inventory;
  if (values.live) {
    const firstFile = outputs.find((o) => o.path !== undefined)?.path;
    const snapshot = values.snapshot ?? (firstFile ? firstFile.replace(/(\.[A-Za-z]+)?$/, '.inventory.json') : 'reports/ecsguard-inventory.json');
    const collected = await collectToSnapshot(values, snapshot, help, liveConfig(values['no-config'] ? false : values.config, cwd));
    if (collected.error) {
      process.stderr.write(`ecsguard: ${collected.error.format()}\n`);
      return 2;
    }
    if (!values.quiet) process.stderr.write(`ecsguard: ${wroteLine(collected)}\n`);
    inventory = snapshot;
  }
  const progress = createProgress(!values.quiet);
  const checks = list(values.check);
  const skipChecks = list(values['skip-check']);
  const outcome = await runScan({
    ...(inventory !== undefined ? { inventory } : {}),
    targets,
    cwd,
    rulesDirs,
    ...(builtin ? {} : { builtinRules: false }),
    config: values['no-config'] ? false : values.config,
    today,
    maxBytes,
    ...(failOn !== undefined ? { failOn } : {}),
    ...(values['fail-on-unknown'] ? { failOnUnknown: true } : values['allow-unknown'] ? { failOnUnknown: false } : {}),
    ...(values['no-gitignore'] ? { gitignore: false } : {}),
    ...(maxWaiverDays !== undefined ? { maxWaiverDays: Number(maxWaiverDays) } : {}),
    ...(checks ? { checks } : {}),
    ...(skipChecks ? { skipChecks } : {}),
    ...(varFiles.length > 0 ? { varFiles } : {}),
    ...(baseline ? { baseline, failOnNew: values['fail-on-new'] === true } : {}),
    onProgress: progress.update,
  });
  progress.done();
  if (outcome.unknownChecks.length > 0) throw new UsageError(`--check/--skip-check: no rule has the id ${outcome.unknownChecks.map((id) => `"${oneLine(id)}"`).join(', ')}`, help);
  for (const n of outcome.notices) process.stderr.write(`ecsguard: notice: ${n.format()}\n`);
  if (values.verbose) for (const [file, why] of outcome.skipped) process.stderr.write(`ecsguard: skipped ${oneLine(file)}: ${oneLine(why)}\n`);
  // Errors go to stderr as well, so they are seen when the report goes to a file or a pipe.
  const textOnStdout = outputs.some((o) => o.path === undefined && o.format === 'text');
  if (!textOnStdout) for (const e of outcome.errors) process.stderr.write(`ecsguard: ${e.format()}\n`);
  const options: ReportOptions = {
    live: liveish === true,
    generatedAt: new Date().toISOString(),
    sarif: {
      unknown: sarifUnknown as 'companion' | 'omit' | 'inline',
      waived: sarifWaived as 'omit' | 'suppress',
      automationId: values.category ?? defaultCategory(outcome, liveish === true),
      sourceRoot: values['source-root'] !== undefined ? resolve(cwd, values['source-root']) : gitTopLevel(cwd) ?? cwd,
      cwd,
    },
  };
  if (asffAccount !== undefined || asffRegion !== undefined) options.asff = { ...(asffAccount ? { account: asffAccount } : {}), ...(asffRegion ? { region: asffRegion } : {}) };
  if (command === 'scan' && outputs.some((o) => o.format === 'asff')) {
    const target = asffTarget(outcome, { ...options.asff, generatedAt: options.generatedAt });
    if (typeof target === 'string') throw new UsageError(`--format asff needs ${target}`, help);
  }
  const fullReport = outputs.find((o) => o.path !== undefined && (o.format === 'sarif' || o.format === 'json'))?.path;
  process.exitCode = outcome.exitCode; // set before writing: a closed pipe ends the process quietly
  let failed = false;
  for (const target of outputs) {
    const text =
      command === 'scan'
        ? renderReport(target.format as ReportFormat, outcome, { ...options, colour: target.path === undefined && target.format === 'text' && colourAllowed(process.stdout), ...(fullReport ? { fullReport } : {}) })
        : renderControls(target.format as ControlFormat, controlsOf(outcome, frameworks), outcome);
    const error = writeOutput(text, target, cwd);
    if (error) {
      process.stderr.write(`ecsguard: ${error.format()}\n`);
      failed = true;
    }
  }
  return failed ? 2 : outcome.exitCode;
}

/** One stable code-scanning category per kind of run: files, or the accounts and regions audited. */
function defaultCategory(outcome: ScanOutcome, live: boolean): string {
  if (!live) return 'ecsguard/files/';
  const scope = outcome.liveScope;
  if (!scope || scope.accounts.length === 0) return 'ecsguard/live/';
  return `ecsguard/live/${[...scope.accounts].sort().join('+')}/${[...scope.regions].sort().join('+')}/`;
}

function parseSize(s: string): number {
  const m = /^([0-9]{1,12})(k|kb|kib|m|mb|mib|g|gb|gib)?$/i.exec(s.trim());
  if (!m) throw new UsageError(`--max-file-size must be a size such as 1048576, 512k or 64m`, SCAN_HELP);
  const unit = (m[2] ?? '').toLowerCase()[0];
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Number(m[1]) * mult;
}

