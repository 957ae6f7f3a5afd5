// Loads and evaluates a list of files, one at a time, keeping results and dropping parsed data.
// Lookups of a role by a literal ARN
// that found nothing are returned as "deferred" pairs, and roles that carry literal ARNs are
// returned too, so the caller can evaluate those pairs again once every file has been read.
import { dirname } from 'node:path';
import { ArnIndex, Inventory } from '../inventory/inventory.js';
import type { Resource } from '../inventory/resource.js';
import { evaluateOne, ResourceResults, RuleCrash, type RuleSetting } from '../engine/evaluate.js';
import { UserError } from '../util/errors.js';
import type { Result } from '../engine/results.js';
import type { Rule } from '../engine/rule-types.js';
import { loadFile } from '../sources/files/load-file.js';
import type { FoundFile } from '../sources/files/walk.js';
import type { InlineSuppression } from '../inventory/suppressions.js';
import { own } from '../util/json.js';
import { groupBy } from '../util/group.js';
import { loadTerraformModule, TerraformModules } from '../sources/files/terraform-hcl/module.js';
import { isTerragruntFile } from '../sources/files/terraform-hcl/terragrunt.js';

export interface DeferredPair {
  file: string;
  resourceId: string;
  ruleId: string;
  arns: readonly string[];
}

export interface BatchOutcome {
  results: Result[];
  errors: UserError[];
  notices: UserError[];
  skipped: Array<[string, string]>;
  filesScanned: number;
  evaluated: number;
  deferred: DeferredPair[];
  /** What a relation may name by literal ARN (roles, clusters): ARN -> file, for the second pass. */
  relatedArns: Array<[string, string]>;
  /** Suppressions written in the files read. */
  suppressions: InlineSuppression[];
}

export interface BatchContext {
  rules: Rule[];
  settings: Map<string, RuleSetting>;
  maxBytes: number;
  onFileDone?: () => void;
}

export function emptyBatch(): BatchOutcome {
  return { results: [], errors: [], notices: [], skipped: [], filesScanned: 0, evaluated: 0, deferred: [], relatedArns: [], suppressions: [] };
}

export function scanFiles(files: FoundFile[], ctx: BatchContext, arns = new ArnIndex(), out: BatchOutcome = emptyBatch()): BatchOutcome {
  const byType = rulesByType(ctx.rules);
  for (const f of files) {
    let loaded: ReturnType<typeof loadFile>;
    try {
      loaded = loadFile(f.path, f.display, { explicit: f.explicit, maxBytes: ctx.maxBytes });
    } catch (err) {
      out.errors.push(readFailure(err, f.display));
      ctx.onFileDone?.();
      continue;
    }
    for (const e of loaded.errors) out.errors.push(e);
    for (const x of loaded.suppressions) out.suppressions.push(x);
    if (loaded.notice) out.notices.push(loaded.notice);
    if (loaded.skipped) out.skipped.push([f.display, loaded.skipped]);
    else if (loaded.errors.length === 0 || loaded.resources.length > 0) out.filesScanned++;
    if (loaded.resources.length > 0) {
      for (const r of loaded.resources) {
        const arn = relatedArnOf(r);
        if (arn !== undefined) out.relatedArns.push([arn, f.display]);
      }
      evaluateResources(loaded.resources, byType, ctx.settings, new Inventory(loaded.resources, arns), out);
    }
    ctx.onFileDone?.();
  }
  return out;
}

/**
 * A file or module whose reading threw: crafted input that overflows the stack or V8's string
 * and array lengths, or a fault of ecsguard's. An error naming it; the other files are still
 * scanned.
 */
function readFailure(err: unknown, file: string): UserError {
  if (err instanceof UserError) return err;
  if (err instanceof RangeError) return new UserError('too large or nested too deeply to read; not scanned', file);
  // a fault in ecsguard's code names what it met; anything else may quote the file (V8's
  // SyntaxError of JSON.parse does), so only its kind is said
  const fault = err instanceof TypeError || err instanceof ReferenceError;
  const message = fault ? err.message.split('\n')[0]!.slice(0, 200) : err instanceof Error ? err.name : 'a value thrown';
  return new UserError(`internal error while reading it (${message}); not scanned`, file);
}

/**
 * Terraform configuration files (`.tf`, and `.tf.json` in its JSON syntax) and Terragrunt units
 * (`terragrunt.hcl`): read a folder at a time, each folder one module.
 */
export function isTerraformFile(path: string): boolean {
  return /\.tf(\.json)?$/i.test(path) || isTerragruntFile(path);
}

export interface TerraformScanOptions {
  /** Real paths of the scanned directories: modules and file() stay inside them. */
  roots: string[];
  display(path: string): string;
  /** Variable files (absolute paths) every root module reads after its own, as `-var-file` gives them. */
  varFiles: string[];
}

/**
 * Scans `.tf` files folder by folder (the HCL parser must be loaded). A folder that another
 * scanned folder calls as a local module is evaluated through that call, with its inputs, not
 * again on its own.
 */
export function scanTerraformFolders(files: FoundFile[], ctx: BatchContext, options: TerraformScanOptions, out: BatchOutcome): Set<string> {
  const modules = new TerraformModules({ maxBytes: ctx.maxBytes, roots: options.roots, display: options.display, varFiles: options.varFiles });
  const byFolder = groupBy(files, (f) => dirname(f.path));
  const walked = new Set(files.map((f) => f.path));
  // a .tf file named on the command line brings its folder: in Terraform the folder is the module
  for (const [folder, list] of byFolder) {
    if (!list.some((f) => f.explicit)) continue;
    const named = new Set(list.map((f) => f.path));
    for (const f of modules.folderFiles(folder)) if (!named.has(f.path)) list.push({ ...f, explicit: false });
  }
  const called = new Set<string>();
  for (const [folder, list] of byFolder) {
    for (const dir of modules.calledFolders(list)) if (dir !== folder) called.add(dir);
  }
  const byType = rulesByType(ctx.rules);
  for (const [folder, list] of byFolder) {
    if (called.has(modules.inside(folder) ?? folder)) {
      for (const f of list) {
        out.skipped.push([f.display, 'a module another scanned folder calls: evaluated through that call']);
        if (walked.has(f.path)) ctx.onFileDone?.();
      }
      continue;
    }
    let loaded: ReturnType<typeof loadTerraformModule>;
    try {
      loaded = loadTerraformModule(list, modules);
    } catch (err) {
      out.errors.push(readFailure(err, list[0]!.display));
      for (const f of list) if (walked.has(f.path)) ctx.onFileDone?.();
      continue;
    }
    for (const x of modules.skipped.splice(0)) out.skipped.push(x);
    for (const e of loaded.errors) out.errors.push(e);
    for (const n of loaded.notices) out.notices.push(n);
    for (const x of loaded.suppressions) out.suppressions.push(x);
    const broken = new Set(loaded.errors.map((e) => e.file));
    for (const f of list) {
      if (!modules.passedOver.has(f.display) && (!broken.has(f.display) || loaded.resources.length > 0)) out.filesScanned++;
      if (walked.has(f.path)) ctx.onFileDone?.();
    }
    if (loaded.resources.length > 0) evaluateResources(loaded.resources, byType, ctx.settings, new Inventory(loaded.resources), out);
  }
  return modules.consumed;
}

export function rulesByType(rules: Rule[]): Map<string, Rule[]> {
  return groupBy(rules, (rule) => rule.resource);
}

/** Evaluates each resource with the rules on its type. A rule that throws is an internal error. */
export function evaluateResources(resources: Resource[], byType: Map<string, Rule[]>, settings: Map<string, RuleSetting>, inventory: Inventory, out: Pick<BatchOutcome, 'results' | 'evaluated' | 'deferred' | 'errors'>): void {
  for (const resource of resources) {
    const applicable = byType.get(resource.type);
    if (!applicable) continue;
    out.evaluated++;
    const shared = new ResourceResults(resource);
    for (const rule of applicable) {
      try {
        evaluateOne(rule, settings.get(rule.id)!, resource, inventory, out.results, shared);
      } catch (err) {
        if (!(err instanceof RuleCrash)) throw err;
        out.errors.push(new UserError(`internal error: ${err.message}`, resource.origin.file));
        continue;
      }
      const misses = inventory.takeMisses();
      // an HCL module is read as a folder, not as a file the second pass could reload
      if (misses.length > 0 && resource.origin.shape !== 'terraform-hcl') out.deferred.push({ file: resource.origin.file, resourceId: resource.id, ruleId: rule.id, arns: misses });
    }
  }
}

/** The literal ARN a relation may name a resource by: a role's `Arn`, a cluster's ARN (its id in describe-clusters output). */
function relatedArnOf(r: Resource): string | undefined {
  const arn = r.type === 'iam:role' ? own(r.data, 'Arn') : r.type === 'ecs:cluster' && r.id.startsWith('arn:') ? r.id : undefined;
  return typeof arn === 'string' ? arn : undefined;
}
