// Loads rule files (YAML), validates each against rules/schema.json, then checks what a schema
// cannot: message ids that exist, predicates that exist, regexes that cannot backtrack without
// bound, unique ids. A broken rule is a UserError naming the file, line and field.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { digest } from '../util/digest.js';
import { basename, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateRule } from '../generated/validators.js';
import { PREDICATES } from '../predicates/index.js';
import { parameterDefaults, predicateProblem } from '../predicates/define.js';
import type { Predicate } from '../predicates/types.js';
import { createRequire } from 'node:module';
import { UserError, describeFsError } from '../util/errors.js';
import { parsePointer } from '../util/pointer.js';
import { readValidatedDocument } from '../documents/validated-document.js';
import { unsafeRegexReason } from './conditions.js';
import { relationStartsFrom } from '../inventory/inventory.js';
import type { Condition, Rule, RuleDefinition } from './rule-types.js';

export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));
/** Written by scripts/build.mjs: the shipped rules, validated, with a hash of each file. */
export const BUILTIN_BUNDLE = fileURLToPath(new URL('../generated/builtin-rules.json', import.meta.url));

export interface RuleBundle {
  /** Each rule file's hash, and its size and modification time to skip hashing when unchanged. */
  files: Array<{ path: string; sha1: string; size: number; mtimeMs: number }>;
  rules: RuleDefinition[];
}

export interface LoadedRules {
  rules: Rule[];
  errors: UserError[];
}

export interface LoadOptions {
  /** Read the shipped rules from their YAML, not the build's bundle. */
  useBundle?: boolean;
  /** Load the shipped rules at all (false: only the user directories, --no-builtin-rules). */
  builtin?: boolean;
}

export function loadRules(userDirs: string[], cwd: string, options: LoadOptions = {}): LoadedRules {
  const out: LoadedRules = { rules: [], errors: [] };
  const ids = new Map<string, string>();
  // the shipped predicates, and those the --rules directories bring (their predicates/ folder)
  const registry: Record<string, Predicate> = { ...PREDICATES };
  for (const dir of userDirs) loadUserPredicates(resolve(cwd, dir), cwd, registry, out.errors);
  // The shipped rules come from the build's bundle while it matches the YAML files byte for
  // byte; an edited rule file is read (and validated) from its YAML as any other.
  const withBuiltin = options.builtin !== false;
  const bundled = options.useBundle === false || !withBuiltin ? undefined : freshBundle(cwd);
  if (bundled) {
    for (const rule of bundled) {
      for (const id of [rule.id, ...(rule.aliases ?? [])]) ids.set(id, rule.file);
      out.rules.push({ ...rule, predicates: calledPredicates(rule, registry) });
    }
  }
  const dirs: Array<[string, boolean]> = [...(bundled || !withBuiltin ? [] : [[BUILTIN_RULES_DIR, true] as [string, boolean]]), ...userDirs.map((d): [string, boolean] => [resolve(cwd, d), false])];
  for (const [dir, builtin] of dirs) {
    for (const path of ruleFiles(dir, cwd, out.errors)) {
      const display = relative(cwd, path).split(sep).join('/') || path;
      const loaded = loadRuleFile(path, display, builtin, registry);
      if (!loaded.ok) {
        out.errors.push(loaded.error);
        continue;
      }
      const rule = loaded.rule;
      const clash = [rule.id, ...(rule.aliases ?? [])].find((id) => ids.has(id));
      if (clash) {
        out.errors.push(new UserError(`rule id "${clash}" is already used by ${ids.get(clash)}`, display, rule.locate('/id').line));
        continue;
      }
      for (const id of [rule.id, ...(rule.aliases ?? [])]) ids.set(id, display);
      out.rules.push(rule);
    }
  }
  return out;
}

function freshBundle(cwd: string): Rule[] | undefined {
  if (!existsSync(BUILTIN_BUNDLE)) return undefined;
  let bundle: RuleBundle;
  try {
    bundle = JSON.parse(readFileSync(BUILTIN_BUNDLE, 'utf8')) as RuleBundle;
  } catch {
    return undefined;
  }
  const onDisk = ruleFiles(BUILTIN_RULES_DIR, cwd, []).map((p) => relative(BUILTIN_RULES_DIR, p).split(sep).join('/'));
  if (onDisk.join('\n') !== bundle.files.map((f) => f.path).join('\n')) return undefined;
  // an installed package (no sources beside it) is used as built; a working tree may have edits
  const workingTree = existsSync(fileURLToPath(new URL('../../src/', import.meta.url)));
  for (const f of workingTree ? bundle.files : []) {
    const path = join(BUILTIN_RULES_DIR, f.path);
    const st = statSync(path);
    if (st.size === f.size && st.mtimeMs === f.mtimeMs) continue; // as built: no need to read it
    if (sha1(readFileSync(path)) !== f.sha1) return undefined;
  }
  return bundle.rules.map((def, i) => {
    const path = join(BUILTIN_RULES_DIR, bundle.files[i]!.path);
    const display = relative(cwd, path).split(sep).join('/') || path;
    let locate: Rule['locate'] | undefined;
    // positions are only needed for errors and `rules test`: parse the YAML then, not at start-up
    const lazyLocate: Rule['locate'] = (p) => {
      if (!locate) {
        const loaded = loadRuleFile(path, display, true);
        locate = loaded.ok ? loaded.rule.locate : () => ({ line: 1, column: 1 });
      }
      return locate(p);
    };
    return { ...def, file: display, builtin: true, locate: lazyLocate, predicates: {} };
  });
}

export function sha1(data: Buffer | string): string {
  return digest('sha1', data);
}

/** The bundle of shipped rules the build writes (see scripts/build.mjs). */
export function buildRuleBundle(cwd: string): { bundle?: RuleBundle; errors: UserError[] } {
  const { rules, errors } = loadRules([], cwd, { useBundle: false });
  if (errors.length > 0) return { errors };
  const files = ruleFiles(BUILTIN_RULES_DIR, cwd, []);
  const byFile = new Map(rules.map((r) => [resolve(cwd, r.file), r]));
  const bundle: RuleBundle = { files: [], rules: [] };
  for (const path of files) {
    const rule = byFile.get(path);
    if (!rule) continue;
    const { file: _file, builtin: _builtin, locate: _locate, predicates: _predicates, ...def } = rule;
    const st = statSync(path);
    bundle.files.push({ path: relative(BUILTIN_RULES_DIR, path).split(sep).join('/'), sha1: sha1(readFileSync(path)), size: st.size, mtimeMs: st.mtimeMs });
    bundle.rules.push(def);
  }
  return { bundle, errors: [] };
}

function ruleFiles(dir: string, cwd: string, errors: UserError[]): string[] {
  const files: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch (err) {
      errors.push(new UserError(`cannot read rules directory: ${describeFsError(err)}`, relative(cwd, d) || d));
      continue;
    }
    for (const e of entries) {
      const full = join(d, e.name);
      if (e.isDirectory()) stack.push(full);
      else if (/\.ya?ml$/i.test(e.name)) files.push(full);
    }
  }
  return files.sort();
}

export type RuleFileResult = { ok: true; rule: Rule } | { ok: false; error: UserError };

export function loadRuleFile(path: string, display: string, builtin: boolean, registry: Readonly<Record<string, Predicate>> = PREDICATES): RuleFileResult {
  const read = readValidatedDocument(path, display, validateRule, 'rule', undefined, { uniqueKeys: true });
  if (!read.ok) return read;
  const { doc, errorAt } = read.value;
  const at = (pointer: string, message: string) => ({ ok: false as const, error: errorAt(pointer, message) });
  const def = doc.value as unknown as RuleDefinition;
  const expectedName = basename(path).replace(/\.ya?ml$/i, '');
  if (expectedName !== def.id) return at('/id', `the file of rule "${def.id}" must be named ${def.id}.yaml`);
  const semantic = checkSemantics(def, registry);
  if (semantic) return at(semantic.pointer, semantic.message);
  const predicates = calledPredicates(def, registry);
  // a predicate's messages and parameters are its own: the rule gets them, and writes neither
  const messages: Record<string, string> = { ...(def.messages ?? {}) };
  let parameters = def.parameters;
  let parameterSchema = def.parameterSchema;
  for (const p of Object.values(predicates)) {
    Object.assign(messages, p.messages);
    if (p.parameters) {
      parameters = { ...(parameters ?? {}), ...(parameterDefaults(p) ?? {}) };
      parameterSchema = p.parameters;
    }
  }
  const rule: Rule = { ...def, messages, ...(parameters ? { parameters } : {}), ...(parameterSchema ? { parameterSchema } : {}), file: display, builtin, locate: (p) => doc.locate(parsePointer(p)), predicates };
  return { ok: true, rule };
}

function predicateOf(registry: Readonly<Record<string, Predicate>>, id: string): Predicate | undefined {
  return Object.prototype.hasOwnProperty.call(registry, id) ? registry[id] : undefined;
}

/** The predicates a rule's expectations call, by id. */
function calledPredicates(def: RuleDefinition, registry: Readonly<Record<string, Predicate>>): Record<string, Predicate> {
  const out: Record<string, Predicate> = Object.create(null) as Record<string, Predicate>;
  for (const e of def.check.expect) {
    const p = 'predicate' in e ? predicateOf(registry, e.predicate) : undefined;
    if (p) out[p.id] = p;
  }
  return out;
}

function checkSemantics(def: RuleDefinition, registry: Readonly<Record<string, Predicate>>): { pointer: string; message: string } | undefined {
  const own = Object.keys(def.messages ?? {});
  const messages = new Set(own);
  if (def.check.as && !def.check.each) return { pointer: '/check/as', message: 'check.as needs check.each' };
  for (const [i, e] of def.check.expect.entries()) {
    if ('predicate' in e) {
      const p = predicateOf(registry, e.predicate);
      if (!p) return { pointer: `/check/expect/${i}/predicate`, message: `unknown predicate "${e.predicate}" (known: ${Object.keys(registry).sort().join(', ')})` };
      const twice = own.filter((m) => Object.prototype.hasOwnProperty.call(p.messages, m));
      if (twice.length > 0) return { pointer: `/messages/${twice[0]}`, message: `message "${twice[0]}" belongs to predicate "${p.id}", which defines it: remove it from the rule` };
      if (p.parameters && (def.parameters !== undefined || def.parameterSchema !== undefined)) {
        return { pointer: def.parameterSchema !== undefined ? '/parameterSchema' : '/parameters', message: `predicate "${p.id}" declares its parameters and their defaults: remove them from the rule` };
      }
      for (const m of Object.keys(p.messages)) messages.add(m);
    } else {
      if (!messages.has(e.message)) return { pointer: `/check/expect/${i}/message`, message: `message id "${e.message}" is not defined under messages` };
      const bad = unsafeRegex(e.that, `/check/expect/${i}/that`);
      if (bad) return bad;
    }
  }
  if (def.check.applies) {
    const bad = unsafeRegex(def.check.applies, '/check/applies');
    if (bad) return bad;
  }
  // `grants` reads an IAM role: the rule's subject, or the role it steps to with `via`
  if (def.resource !== 'iam:role' && !def.check.via) {
    const at = def.check.expect.findIndex((e) => 'that' in e && usesGrants(e.that));
    if (at !== -1) return { pointer: `/check/expect/${at}/that`, message: 'grants reads an IAM role: use it on iam:role rules, or step to the role with check.via' };
  }
  if (def.check.via && !relationStartsFrom(def.check.via, def.resource)) return { pointer: '/check/via', message: `check.via ${def.check.via} does not start from ${def.resource}: it steps from a task definition to its roles, or from a task started outside a service to the task role its overrides name` };
  for (const [i, c] of def.cases.entries()) {
    for (const [j, f] of (c.findings ?? []).entries()) {
      if (!messages.has(f.message)) return { pointer: `/cases/${i}/findings/${j}/message`, message: `message id "${f.message}" is not defined under messages` };
    }
    if (c.findings && c.expect !== 'fail') return { pointer: `/cases/${i}/findings`, message: 'findings are only expected of a failing case' };
  }
  return undefined;
}

function usesGrants(cond: Condition): boolean {
  if ('grants' in cond) return true;
  if ('all' in cond) return cond.all.some(usesGrants);
  if ('any' in cond) return cond.any.some(usesGrants);
  if ('not' in cond) return usesGrants(cond.not);
  return [cond.forAll, cond.forAny, cond.forNone].some((c) => c !== undefined && usesGrants(c));
}

function unsafeRegex(cond: Condition, pointer: string): { pointer: string; message: string } | undefined {
  if ('all' in cond || 'any' in cond) {
    const list = 'all' in cond ? cond.all : cond.any;
    const key = 'all' in cond ? 'all' : 'any';
    for (const [i, c] of list.entries()) {
      const bad = unsafeRegex(c, `${pointer}/${key}/${i}`);
      if (bad) return bad;
    }
    return undefined;
  }
  if ('not' in cond) return unsafeRegex(cond.not, `${pointer}/not`);
  if ('grants' in cond) return undefined;
  for (const key of ['matches', 'notMatches'] as const) {
    const pattern = cond[key];
    if (pattern === undefined) continue;
    const why = unsafeRegexReason(pattern);
    if (why) return { pointer: `${pointer}/${key}`, message: why };
  }
  for (const key of ['forAll', 'forAny', 'forNone'] as const) {
    const sub = cond[key];
    if (sub) return unsafeRegex(sub, `${pointer}/${key}`);
  }
  return undefined;
}

/**
 * The predicates a --rules directory brings: CommonJS modules in its predicates/ folder, each
 * exporting a predicate object ({ id, messages, parameters?, evaluate }). They are code ecsguard
 * runs, so they come only from directories named on the command line, never from scanned files.
 */
function loadUserPredicates(dir: string, cwd: string, registry: Record<string, Predicate>, errors: UserError[]): void {
  const folder = join(dir, 'predicates');
  if (!isDirectory(folder)) return;
  const req = createRequire(join(folder, 'index.cjs'));
  for (const name of readdirSync(folder).filter((f) => f.endsWith('.cjs')).sort()) {
    const path = join(folder, name);
    const display = relative(cwd, path).split(sep).join('/') || path;
    let loaded: unknown;
    try {
      loaded = req(path) as unknown;
    } catch (err) {
      errors.push(new UserError(`cannot load predicate: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, display));
      continue;
    }
    const p = (loaded as { default?: unknown }).default ?? loaded;
    const problem = predicateProblem(p);
    if (problem) {
      errors.push(new UserError(`invalid predicate: ${problem}`, display));
      continue;
    }
    const predicate = p as Predicate;
    if (predicateOf(registry, predicate.id)) {
      errors.push(new UserError(`invalid predicate: the id "${predicate.id}" is already a predicate's`, display));
      continue;
    }
    registry[predicate.id] = predicate;
  }
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
