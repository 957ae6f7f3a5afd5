// Loads rule files (YAML), validates each against rules/schema.json, then checks what a schema
// cannot: message ids that exist, predicates that exist, regexes that cannot backtrack without
// bound, unique ids. A broken rule is a UserError naming the file, line and field.
import { readdirSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateRule } from '../generated/validators.js';
import { PREDICATES } from '../predicates/index.js';
import { UserError, describeFsError } from '../util/errors.js';
import { parsePointer } from '../util/pointer.js';
import { validateWith } from '../util/schema-errors.js';
import { parseDocumentText } from '../sources/files/parse-document.js';
import { readText } from '../sources/files/read-text.js';
import { unsafeRegexReason } from './conditions.js';
import type { Condition, Rule, RuleDefinition } from './rule-types.js';

export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

export interface LoadedRules {
  rules: Rule[];
  errors: UserError[];
}

export function loadRules(userDirs: string[], cwd: string): LoadedRules {
  const out: LoadedRules = { rules: [], errors: [] };
  const dirs: Array<[string, boolean]> = [[BUILTIN_RULES_DIR, true], ...userDirs.map((d): [string, boolean] => [resolve(cwd, d), false])];
  const ids = new Map<string, string>();
  for (const [dir, builtin] of dirs) {
    for (const path of ruleFiles(dir, cwd, out.errors)) {
      const display = relative(cwd, path).split(sep).join('/') || path;
      const loaded = loadRuleFile(path, display, builtin);
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

export function loadRuleFile(path: string, display: string, builtin: boolean): RuleFileResult {
  const text = readText(path, display, 1024 * 1024);
  if (!text.ok) return { ok: false, error: text.error };
  const parsed = parseDocumentText(text.text, display.endsWith('.json') ? display : display);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const { doc } = parsed;
  const at = (pointer: string, message: string) => {
    const pos = doc.locate(parsePointer(pointer));
    return { ok: false as const, error: new UserError(`invalid rule: ${message}`, display, pos.line, pos.column) };
  };
  const problem = validateWith(validateRule, doc.value);
  if (problem) return at(problem.pointer, problem.message);
  const def = doc.value as unknown as RuleDefinition;
  const expectedName = basename(path).replace(/\.ya?ml$/i, '');
  if (expectedName !== def.id) return at('/id', `the file of rule "${def.id}" must be named ${def.id}.yaml`);
  const semantic = checkSemantics(def);
  if (semantic) return at(semantic.pointer, semantic.message);
  const rule: Rule = { ...def, file: display, builtin, locate: (p) => doc.locate(parsePointer(p)) };
  return { ok: true, rule };
}

function checkSemantics(def: RuleDefinition): { pointer: string; message: string } | undefined {
  const messages = new Set(Object.keys(def.messages));
  if (def.check.as && !def.check.each) return { pointer: '/check/as', message: 'check.as needs check.each' };
  for (const [i, e] of def.check.expect.entries()) {
    if ('predicate' in e) {
      const p = Object.prototype.hasOwnProperty.call(PREDICATES, e.predicate) ? PREDICATES[e.predicate] : undefined;
      if (!p) return { pointer: `/check/expect/${i}/predicate`, message: `unknown predicate "${e.predicate}" (known: ${Object.keys(PREDICATES).join(', ')})` };
      const missing = p.messages.filter((m) => !messages.has(m));
      if (missing.length > 0) return { pointer: '/messages', message: `predicate "${e.predicate}" reports message ids the rule does not define: ${missing.join(', ')}` };
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
  for (const [i, c] of def.cases.entries()) {
    for (const [j, f] of (c.findings ?? []).entries()) {
      if (!messages.has(f.message)) return { pointer: `/cases/${i}/findings/${j}/message`, message: `message id "${f.message}" is not defined under messages` };
    }
    if (c.findings && c.expect !== 'fail') return { pointer: `/cases/${i}/findings`, message: 'findings are only expected of a failing case' };
  }
  return undefined;
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

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
