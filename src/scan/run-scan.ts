// One scan from start to end: configuration, rules, the input (files, or an inventory snapshot
// of live accounts), evaluation, waivers and the exit code. The CLI only parses arguments and
// writes the report this returns.
import { describeGap } from '../inventory/gap.js';
import { ArnIndex, Inventory } from '../inventory/inventory.js';
import { CONFIG_NAMES, configIn, emptyConfig, excludeMatcher, findConfig, loadConfig, unknownRuleIds } from '../engine/config.js';
import { describeConfiguration, type ConfigurationReport } from '../engine/config-report.js';
import type { RuleSetting } from '../engine/evaluate.js';
import { loadRules } from '../engine/load-rules.js';
import { checkConfiguredParameters } from '../engine/rule-parameters.js';
import { NO_EXPIRY, type Result, type Waiver } from '../engine/results.js';
import type { InlineSuppression } from '../inventory/suppressions.js';
import { SEVERITIES, type Rule, type Severity } from '../engine/rule-types.js';
import { applyWaivers, waiverLimits } from '../engine/waivers.js';
import { DEFAULT_MAX_FILE_BYTES } from '../documents/read-text.js';
import { displayPath, findFiles, safeRealpath, type FoundFile } from '../sources/files/walk.js';
import { emptyBatch, evaluateResources, isTerraformFile, rulesByType, scanFiles, scanTerraformFolders, type BatchContext, type BatchOutcome } from './scan-files.js';
import { loadHclParser } from '../documents/hcl-syntax.js';
import { groupBy } from '../util/group.js';
import { UserError } from '../util/errors.js';
import { loadFile } from '../sources/files/load-file.js';
import { readSnapshot } from '../inventory/snapshot.js';
import { digest } from '../util/digest.js';
import { fingerprintOf } from '../engine/fingerprint.js';
import type { Baseline } from './baseline.js';
import type { ScanOutcome } from '../reports/outcome.js';
import { dirname, resolve, sep } from 'node:path';
import { realpathSync, statSync } from 'node:fs';

export interface ScanRequest {
  targets: string[];
  /** Scan this inventory snapshot (from `collect` or `scan --live`) instead of files. */
  inventory?: string;
  cwd: string;
  rulesDirs: string[];
  /** Load the shipped rules too (default true; false is --no-builtin-rules). */
  builtinRules?: boolean;
  /** A configuration file, `false` for none, undefined to search upward from the first target. */
  config?: string | false;
  /** YYYY-MM-DD, for waiver expiry. */
  today: string;
  maxBytes?: number;
  failOn?: Severity | 'none';
  failOnUnknown?: boolean;
  /** Honour .gitignore files in directory scans (default true). */
  gitignore?: boolean;
  /** Overrides the configuration's max-waiver-days. */
  maxWaiverDays?: number;
  /** Only these rules (ids or aliases), on top of the configuration (--check). */
  checks?: string[];
  /** Not these rules (--skip-check). */
  skipChecks?: string[];
  /** Terraform variable files for the root modules scanned, after their own (--var-file), as absolute paths. */
  varFiles?: string[];
  /** A previous report: results become new or unchanged. */
  baseline?: Baseline;
  /** Only results new against the baseline make the exit code 1. */
  failOnNew?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export async function runScan(req: ScanRequest): Promise<ScanOutcome> {
  const errors: UserError[] = [];
  const notices: UserError[] = [];
  let config = emptyConfig(req.cwd);
  // --config, or the first one from the working directory up: never one the scanned tree holds
  const configPath = req.config === false ? undefined : req.config ?? findConfig(req.cwd);
  const source: ConfigurationReport['source'] = req.config === false ? 'disabled' : req.config !== undefined ? 'option' : configPath ? 'found' : 'none';
  if (configPath) {
    const loaded = loadConfig(configPath, req.cwd);
    if (loaded.ok) config = loaded.config;
    else errors.push(loaded.error);
  }
  // the configuration's Terraform variable files, then those of --var-file (a later file wins)
  const varFiles: string[] = [];
  for (const f of config.varFiles ?? []) {
    let isFile = false;
    try {
      isFile = statSync(f.path).isFile();
    } catch {
      // named below
    }
    if (isFile) varFiles.push(f.path);
    else errors.push(new UserError(`terraform.var-files: ${displayPath(req.cwd, f.path)} is not a readable file; its variables are not used`, config.file, f.line));
  }
  varFiles.push(...(req.varFiles ?? []));
  const loadedRules = loadRules(req.rulesDirs, req.cwd, { builtin: req.builtinRules !== false });
  for (const list of [loadedRules.errors, unknownRuleIds(config, loadedRules.rules), checkConfiguredParameters(config, loadedRules.rules)]) for (const e of list) errors.push(e);
  const rules: Rule[] = [];
  const enabledRules: Rule[] = [];
  const offRules: Rule[] = [];
  const settings = new Map<string, RuleSetting>();
  const named = (list: string[] | undefined) => (list === undefined ? undefined : new Set(list));
  const only = named(req.checks);
  const skip = named(req.skipChecks);
  const known = new Set(loadedRules.rules.flatMap((r) => [r.id, ...(r.aliases ?? [])]));
  const unknownChecks = [...(req.checks ?? []), ...(req.skipChecks ?? [])].filter((id) => !known.has(id));
  const picked = (rule: Rule, set: Set<string> | undefined) => set !== undefined && [rule.id, ...(rule.aliases ?? [])].some((id) => set.has(id));
  for (const rule of loadedRules.rules) {
    const own = config.rules[rule.id] ?? Object.entries(config.rules).find(([id]) => rule.aliases?.includes(id))?.[1];
    // --check runs the rules it names (even ones shipped off), --skip-check never runs its own
    const enabled = picked(rule, skip) ? false : only ? picked(rule, only) : own?.enabled ?? rule.enabled ?? true;
    // a rule whose data only live accounts show does not run on files (it could only say unknown)
    const seen = rule.from ?? ['files', 'live'];
    if (enabled) enabledRules.push(rule);
    else offRules.push(rule);
    if (!enabled || !seen.includes(req.inventory ? 'live' : 'files')) continue;
    rules.push(rule);
    settings.set(rule.id, { severity: own?.severity ?? rule.severity, parameters: { ...(rule.parameters ?? {}), ...(own?.parameters ?? {}) } });
  }
  const skipped: Array<[string, string]> = [];
  const maxBytes = req.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  let batch: BatchOutcome;
  let ignoredByGitignore = 0;
  const ignoredConfigs: string[] = [];
  let liveScope: ScanOutcome['liveScope'];
  if (req.inventory) {
    const snap = scanSnapshot(req.inventory, req.cwd, { rules, settings, maxBytes });
    batch = snap.batch;
    liveScope = snap.scope;
  } else {
    const walk = findFiles(req.targets, { cwd: req.cwd, excluded: excludeMatcher(config, req.cwd), gitignore: req.gitignore !== false, configNames: CONFIG_NAMES });
    for (const e of walk.errors) errors.push(e);
    for (const x of walk.skipped) skipped.push(x);
    ignoredByGitignore = walk.ignoredByGitignore;
    const inUse = configPath ? resolve(req.cwd, configPath) : undefined;
    for (const found of [...walk.configFiles.map((d) => resolve(req.cwd, d)), ...configsAboveTargets(req.targets, req.cwd)]) {
      const display = displayPath(req.cwd, found);
      if (found !== inUse && !ignoredConfigs.includes(display)) ignoredConfigs.push(display);
    }
    batch = await scanAll(walk.files, { rules, settings, maxBytes }, { ...req, varFiles });
  }
  for (const e of batch.errors) errors.push(e);
  for (const n of batch.notices) notices.push(n);
  for (const x of batch.skipped) skipped.push(x);
  const filesScanned = batch.filesScanned;
  const evaluated = batch.evaluated;
  const maxWaiverDays = req.maxWaiverDays ?? config.maxWaiverDays;
  // suppressions written in the scanned files are waivers too, unless the configuration refuses them
  const inline = config.allowInlineSuppressions === false ? [] : batch.suppressions.map(inlineWaiver);
  for (const w of inline) {
    if (w.rule !== '*' && !known.has(w.rule)) errors.push(new UserError(`invalid inline suppression: unknown rule id "${w.rule}"`, w.source.file, w.source.line));
  }
  const limits = waiverLimits([...config.waivers, ...inline], req.today, maxWaiverDays);
  for (const w of limits.refused) {
    errors.push(new UserError(`invalid configuration: the waiver for ${w.rule} expires ${w.expires}, more than max-waiver-days (${maxWaiverDays}) after ${req.today}; it does not apply`, w.source.file, w.source.line));
  }
  const results = applyWaivers(batch.results, limits.accepted, {
    today: req.today,
    cwd: req.cwd,
    configDir: config.dir,
    rules,
  });
  const failOn = req.failOn ?? config.failOn ?? 'low';
  // an audit that could not see everything must not pass quietly: unknowns fail live scans
  const failOnUnknown = req.failOnUnknown ?? config.failOnUnknown ?? req.inventory !== undefined;
  const threshold = failOn === 'none' ? Infinity : SEVERITIES.indexOf(failOn);
  const baseline = req.baseline ? compareWithBaseline(results, req.baseline) : undefined;
  const counts = (r: Result) => !req.failOnNew || r.baselineState === 'new';
  const failing = results.some((r) => counts(r) && ((r.status === 'fail' && SEVERITIES.indexOf(r.severity) >= threshold) || (failOnUnknown && r.status === 'unknown')));
  const exitCode = errors.length > 0 ? 2 : failing ? 1 : 0;
  return {
    rules,
    enabledRules,
    offRules,
    results,
    errors,
    notices,
    skipped,
    filesScanned,
    resources: evaluated,
    config,
    configuration: {
      ...describeConfiguration(config, source, ignoredConfigs, loadedRules.rules, limits, req.today),
      inlineSuppressions: { found: batch.suppressions.length, allowed: config.allowInlineSuppressions !== false },
      ...(req.checks ? { checks: req.checks } : {}),
      ...(req.skipChecks ? { skippedChecks: req.skipChecks } : {}),
    },
    ignoredByGitignore,
    unknownChecks,
    ...(liveScope ? { liveScope } : {}),
    ...(baseline ? { baseline } : {}),
    failOn,
    failOnUnknown,
    exitCode,
  };
}

function inlineWaiver(s: InlineSuppression): Waiver {
  const w: Waiver = { rule: s.rule, reason: s.reason, owner: `inline in ${s.file}`, expires: s.expires ?? NO_EXPIRY, source: { file: s.file, line: s.line }, inline: s.targetLine !== undefined ? { file: s.file, line: s.targetLine, ...(s.targetEnd !== undefined ? { lastLine: s.targetEnd } : {}) } : { file: s.file } };
  if (s.resource !== undefined) w.resource = s.resource;
  return w;
}

/** Marks each listed result new or unchanged against the baseline; returns the counts and what is absent. */
function compareWithBaseline(results: Result[], baseline: Baseline): NonNullable<ScanOutcome['baseline']> {
  const seen = new Set<string>();
  let fresh = 0;
  let unchanged = 0;
  for (const r of results) {
    if (r.status !== 'fail' && r.status !== 'unknown' && r.status !== 'waived') continue;
    const fp = fingerprintOf(r);
    if (fp !== undefined && baseline.entries.has(fp)) {
      r.baselineState = 'unchanged';
      seen.add(fp);
      unchanged++;
    } else {
      r.baselineState = 'new';
      fresh++;
    }
  }
  const absent = [...baseline.entries.values()].filter((e) => !seen.has(e.fingerprint));
  return { file: baseline.file, new: fresh, unchanged, absent };
}

/**
 * Configuration files between the scanned paths and the working directory (deploy/.ecsguard.yaml
 * for `scan deploy/app.json`): a pull request controls them, so they are found to be named as
 * ignored, never read.
 */
function configsAboveTargets(targets: string[], cwd: string): string[] {
  const out: string[] = [];
  const root = resolve(cwd);
  for (const t of targets) {
    let dir = resolve(cwd, t);
    try {
      if (!statSync(dir).isDirectory()) dir = dirname(dir);
    } catch {
      continue;
    }
    while (dir !== root && dir.startsWith(root + sep)) {
      const found = configIn(dir);
      if (found && !out.includes(found)) out.push(found);
      dir = dirname(dir);
    }
  }
  return out;
}

/**
 * Scans the files one by one, then evaluates again the pairs that looked for a role by ARN in
 * vain if a later file defines a role with that ARN. (Worker threads were measured twice on the
 * two-core machines CI runs on: with half of 10,000 files on a second thread, each half took as
 * long as the whole scan on one thread, and taking the worker's results back cost 0.5-1.3 s more,
 * so files are scanned on one thread.)
 */
async function scanAll(files: FoundFile[], ctx: BatchContext, req: ScanRequest): Promise<BatchOutcome> {
  let done = 0;
  const terraform = files.filter((f) => isTerraformFile(f.path));
  let others = terraform.length === 0 ? files : files.filter((f) => !isTerraformFile(f.path));
  const progress = { ...ctx, onFileDone: () => req.onProgress?.(++done, files.length) };
  const outcome = emptyBatch();
  if (terraform.length > 0) {
    // the HCL parser (WebAssembly) is loaded only when a scan meets a .tf file
    await loadHclParser();
    const consumed = scanTerraformFolders(terraform, progress, { roots: scanRoots(req.targets, req.cwd), display: (p) => displayPath(req.cwd, p), varFiles: req.varFiles ?? [] }, outcome);
    // a JSON file a module reads with file() is part of that module, not a document of its own
    if (consumed.size > 0) {
      others = others.filter((f) => {
        if (!consumed.has(safeRealpath(f.path) ?? f.path)) return true;
        outcome.skipped.push([f.display, 'read by a Terraform module through file() or templatefile()']);
        progress.onFileDone();
        return false;
      });
    }
  }
  scanFiles(others, progress, undefined, outcome);
  return reevaluateDeferred(outcome, ctx);
}

/** Real paths of the scanned directories (a named file's folder): what file() and module sources may reach. */
function scanRoots(targets: string[], cwd: string): string[] {
  const out: string[] = [];
  for (const t of targets) {
    const abs = resolve(cwd, t);
    try {
      const dir = statSync(abs).isDirectory() ? abs : dirname(abs);
      out.push(realpathSync(dir));
    } catch {
      // a missing target was reported by the walk
    }
  }
  return out;
}

function reevaluateDeferred(outcome: BatchOutcome, ctx: BatchContext): BatchOutcome {
  const roleFile = new Map(outcome.relatedArns);
  const pending = outcome.deferred.filter((d) => d.arns.some((a) => roleFile.has(a)));
  if (pending.length === 0) return outcome;
  const arns = new ArnIndex();
  const load = (file: string) => loadFile(file, file, { explicit: true, maxBytes: ctx.maxBytes }).resources;
  for (const file of new Set(pending.flatMap((d) => d.arns.map((a) => roleFile.get(a)).filter((f): f is string => !!f)))) {
    for (const r of load(file)) arns.add(r);
  }
  const replaced = new Map<string, Result[]>();
  const key = (file: string, id: string, rule: string) => `${file}\u0000${id}\u0000${rule}`;
  const byFile = groupBy(pending, (d) => d.file);
  for (const [file, pairs] of byFile) {
    const resources = load(file);
    const inventory = new Inventory(resources, arns);
    for (const d of pairs) {
      const resource = resources.find((r) => r.id === d.resourceId);
      const rule = ctx.rules.find((r) => r.id === d.ruleId);
      if (!resource || !rule) continue;
      const out = { results: [] as Result[], evaluated: 0, deferred: [], errors: [] as UserError[] };
      evaluateResources([resource], new Map([[resource.type, [rule]]]), ctx.settings, inventory, out);
      for (const e of out.errors) outcome.errors.push(e);
      replaced.set(key(file, d.resourceId, d.ruleId), out.results);
    }
  }
  const results: Result[] = [];
  const emitted = new Set<string>();
  for (const r of outcome.results) {
    const k = key(r.resource.file, r.resource.id, r.ruleId);
    const replacement = replaced.get(k);
    if (!replacement) results.push(r);
    else if (!emitted.has(k)) {
      emitted.add(k);
      for (const x of replacement) results.push(x);
    }
  }
  return { ...outcome, results };
}

/**
 * Evaluates an inventory snapshot. A gap that left a whole resource type unseen (a list call
 * that failed in a region) becomes an unknown result for every rule on that type, pointing at the
 * gap in the snapshot: an audit never passes a region it could not read.
 */
function scanSnapshot(path: string, cwd: string, ctx: BatchContext): { batch: BatchOutcome; scope?: ScanOutcome['liveScope'] } {
  const display = displayPath(cwd, resolve(cwd, path));
  const out = emptyBatch();
  const read = readSnapshot(resolve(cwd, path), display);
  if (!read.ok) {
    out.errors.push(read.error);
    return { batch: out };
  }
  const snap = read.snapshot;
  out.filesScanned = 1;
  const inventory = new Inventory(snap.resources, undefined, snap.gaps);
  evaluateResources(snap.resources, rulesByType(ctx.rules), ctx.settings, inventory, out);
  // A rule with nothing to evaluate says so per account (a Fargate-only account has no container
  // instance to check): absence is visible, never silent. Unless a gap in that account explains
  // the absence, or the account itself could not be entered.
  const typesSeen = new Set(snap.resources.map((r) => `${r.type}|${r.account ?? ''}`));
  for (const rule of ctx.rules) {
    snap.resources.forEach((account, i) => {
      if (account.type !== 'aws:account' || account.unseen !== undefined) return;
      if (typesSeen.has(`${rule.resource}|${account.id}`) || inventory.gapForType(rule.resource, account.id) !== undefined) return;
      const reason = `account ${account.id} has no ${rule.resource} in the regions collected`;
      const pos = account.origin.locate('');
      out.results.push({
        ruleId: rule.id,
        severity: ctx.settings.get(rule.id)!.severity,
        resource: { type: 'aws:account', id: account.id, name: account.name, file: display, address: account.id, account: account.id, live: true },
        status: 'not-applicable',
        message: `Not applicable: ${reason}`,
        reason,
        location: { file: display, line: pos.line, column: pos.column, pointer: `/resources/${i}`, resourceId: account.id },
      });
    });
  }
  const seen = new Set<string>();
  snap.gaps.forEach((gap, i) => {
    const types = gap.affects.types ?? [];
    if (types.length === 0) return;
    const pos = snap.locateGap(i);
    for (const rule of ctx.rules) {
      if (!types.includes('*') && !types.includes(rule.resource)) continue;
      const key = `${rule.id}|${gap.account}|${gap.region}|${gap.service}:${gap.operation}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const reason = `${describeGap(gap)}, so ${rule.resource} resources there were not seen`;
      const scope = `${gap.account}/${gap.region}`;
      out.results.push({
        ruleId: rule.id,
        severity: ctx.settings.get(rule.id)!.severity,
        resource: { type: 'aws:account', id: scope, name: scope, file: display, account: gap.account, region: gap.region, live: true },
        status: 'unknown',
        message: `Could not evaluate: ${reason}`,
        reason,
        location: { file: display, line: pos.line, column: pos.column, pointer: `/gaps/${i}`, resourceId: scope },
        fingerprint: digest('sha256', `${rule.id}|gap|${key}`).slice(0, 32),
      });
    }
  });
  return { batch: out, scope: { accounts: snap.scope.accounts, regions: snap.scope.regions, resources: snap.resources.length } };
}
