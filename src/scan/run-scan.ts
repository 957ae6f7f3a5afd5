// One file scan from start to end: configuration, rules, files, resources, evaluation, waivers
// and the exit code. The CLI only parses arguments and writes the report this returns.
import { ArnIndex, Inventory } from '../inventory/inventory.js';
import type { Resource } from '../inventory/resource.js';
import { emptyConfig, excludeMatcher, findConfig, loadConfig, unknownRuleIds, type Config } from '../engine/config.js';
import { evaluateOne, type RuleSetting } from '../engine/evaluate.js';
import { loadRules } from '../engine/load-rules.js';
import type { Result } from '../engine/results.js';
import { SEVERITIES, type Rule, type Severity } from '../engine/rule-types.js';
import { applyWaivers } from '../engine/waivers.js';
import { loadFile } from '../sources/files/load-file.js';
import { DEFAULT_MAX_FILE_BYTES } from '../sources/files/read-text.js';
import { findFiles } from '../sources/files/walk.js';
import type { UserError } from '../util/errors.js';

export interface ScanRequest {
  targets: string[];
  cwd: string;
  rulesDirs: string[];
  /** A configuration file, `false` for none, undefined to search upward from the first target. */
  config?: string | false;
  /** YYYY-MM-DD, for waiver expiry. */
  today: string;
  maxBytes?: number;
  failOn?: Severity | 'none';
  failOnUnknown?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface ScanOutcome {
  rules: Rule[];
  results: Result[];
  /** Problems that make the exit code 2: bad input, configuration, rules. */
  errors: UserError[];
  /** Said once, not errors: a named file that is not a task definition. */
  notices: UserError[];
  skipped: Array<[string, string]>;
  filesScanned: number;
  resources: number;
  config: Config;
  failOn: Severity | 'none';
  failOnUnknown: boolean;
  exitCode: 0 | 1 | 2;
}

export function runScan(req: ScanRequest): ScanOutcome {
  const errors: UserError[] = [];
  const notices: UserError[] = [];
  let config = emptyConfig(req.cwd);
  const configPath = req.config === false ? undefined : req.config ?? findConfig(req.targets[0] ?? req.cwd);
  if (configPath) {
    const loaded = loadConfig(configPath, req.cwd);
    if (loaded.ok) config = loaded.config;
    else errors.push(loaded.error);
  }
  const loadedRules = loadRules(req.rulesDirs, req.cwd);
  errors.push(...loadedRules.errors);
  errors.push(...unknownRuleIds(config, loadedRules.rules));
  const rules: Rule[] = [];
  const settings = new Map<string, RuleSetting>();
  for (const rule of loadedRules.rules) {
    const own = config.rules[rule.id] ?? Object.entries(config.rules).find(([id]) => rule.aliases?.includes(id))?.[1];
    const enabled = own?.enabled ?? rule.enabled ?? true;
    if (!enabled) continue;
    rules.push(rule);
    settings.set(rule.id, { severity: own?.severity ?? rule.severity, parameters: { ...(rule.parameters ?? {}), ...(own?.parameters ?? {}) } });
  }
  const walk = findFiles(req.targets, { cwd: req.cwd, excluded: excludeMatcher(config, req.cwd) });
  errors.push(...walk.errors);
  const skipped = [...walk.skipped];
  let filesScanned = 0;
  let evaluated = 0;
  const maxBytes = req.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  const arns = new ArnIndex();
  const byRule = new Map<string, Rule[]>();
  for (const rule of rules) byRule.set(rule.resource, [...(byRule.get(rule.resource) ?? []), rule]);
  // Results are computed file by file so a parsed file can be dropped once evaluated; a pair
  // that looked for a role by ARN in vain is kept, to be evaluated again after the last file.
  const perPair: Result[][] = [];
  const deferred: Array<{ rule: Rule; resource: Resource; inventory: Inventory; slot: number }> = [];
  walk.files.forEach((f, i) => {
    const loaded = loadFile(f.path, f.display, { explicit: f.explicit, maxBytes });
    errors.push(...loaded.errors);
    if (loaded.notice) notices.push(loaded.notice);
    if (loaded.skipped) skipped.push([f.display, loaded.skipped]);
    else if (loaded.errors.length === 0 || loaded.resources.length > 0) filesScanned++;
    if (loaded.resources.length > 0) {
      const inventory = new Inventory(loaded.resources, arns);
      for (const resource of loaded.resources) {
        const applicable = byRule.get(resource.type);
        if (!applicable) continue;
        evaluated++;
        for (const rule of applicable) {
          const out: Result[] = [];
          evaluateOne(rule, settings.get(rule.id)!, resource, inventory, out);
          if (inventory.takeMisses().length > 0) deferred.push({ rule, resource, inventory, slot: perPair.length });
          perPair.push(out);
        }
      }
    }
    req.onProgress?.(i + 1, walk.files.length);
  });
  for (const d of deferred) {
    const out: Result[] = [];
    evaluateOne(d.rule, settings.get(d.rule.id)!, d.resource, d.inventory, out);
    perPair[d.slot] = out;
  }
  const results = applyWaivers(perPair.flat(), config.waivers, {
    today: req.today,
    cwd: req.cwd,
    configDir: config.dir,
    rules,
  });
  const failOn = req.failOn ?? config.failOn ?? 'low';
  const failOnUnknown = req.failOnUnknown ?? config.failOnUnknown ?? false;
  const threshold = failOn === 'none' ? Infinity : SEVERITIES.indexOf(failOn);
  const failing = results.some((r) => (r.status === 'fail' && SEVERITIES.indexOf(r.severity) >= threshold) || (failOnUnknown && r.status === 'unknown'));
  const exitCode = errors.length > 0 ? 2 : failing ? 1 : 0;
  return {
    rules,
    results,
    errors,
    notices,
    skipped,
    filesScanned,
    resources: evaluated,
    config,
    failOn,
    failOnUnknown,
    exitCode,
  };
}
