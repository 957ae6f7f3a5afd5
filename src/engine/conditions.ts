// Evaluates a rule's declarative conditions in three-valued logic: a value the template computes
// at deploy time makes a condition unknown (with the reason), never true or false by guess.
import { describeComputed, isComputed, unknownPhrase } from '../inventory/computed.js';
import { isObject, type JsonValue } from '../util/json.js';
import { parsePointer, toPointer } from '../util/pointer.js';
import type { Condition, LeafCondition } from './rule-types.js';
import type { Resource } from '../inventory/resource.js';
import { roleGrants } from '../predicates/role-grants.js';

export type Tri = true | false | 'unknown';

export interface ConditionResult {
  value: Tri;
  /** The place the deciding leaf tested; a pointer is built from it only when one is needed. */
  at: Resolved;
  reason?: string;
  data?: Record<string, string>;
}

/** JSON pointer (into the resource) of the place a condition result names. */
export function pointerOf(r: ConditionResult | Resolved): string {
  return toPointer(segmentsOf('at' in r ? r.at : r));
}

export interface Scope {
  root: JsonValue;
  /** The resource whose data is the root, for operators that read it whole (`grants`). */
  subject?: Resource;
  /** Segments of the current element (empty for the resource itself). */
  base: string[];
  /** The current element's value (the root for the resource itself). */
  value: JsonValue | undefined;
}

/** Longest value a rule's regular expression is run on; longer values are unknown. */
const MAX_REGEX_INPUT = 4096;

export interface Resolved {
  found: boolean;
  value?: JsonValue;
  /** The place: base segments plus the first `depth` segments of the path. */
  base: string[];
  rel: string[];
  depth: number;
  /** Set when a computed value stands on the path (or is the value itself). */
  computed?: string;
}

export function segmentsOf(r: Resolved): string[] {
  return r.depth === 0 ? r.base : [...r.base, ...r.rel.slice(0, r.depth)];
}

interface CompiledPath {
  absolute: boolean;
  segments: string[];
}

// Paths come from rules: a handful of strings evaluated millions of times; parse each once.
const compiledPaths = new Map<string, CompiledPath>();
function compilePath(path: string): CompiledPath {
  let c = compiledPaths.get(path);
  if (!c) {
    const absolute = path.startsWith('/');
    const rest = absolute ? path.slice(1) : path;
    c = { absolute, segments: rest === '' || rest === '.' ? [] : parsePointer('/' + rest) };
    compiledPaths.set(path, c);
  }
  return c;
}

export function scopeOf(root: JsonValue, subject?: Resource): Scope {
  return subject ? { root, subject, base: [], value: root } : { root, base: [], value: root };
}

export function resolvePath(scope: Scope, path: string): Resolved {
  const { absolute, segments: rel } = compilePath(path);
  let cur: JsonValue | undefined = absolute ? scope.root : scope.value;
  const base = absolute ? [] : scope.base;
  for (let i = 0; i < rel.length; i++) {
    if (isComputed(cur)) return { found: true, value: cur, base, rel, depth: i, computed: describeComputed(cur!) };
    const seg = rel[i]!;
    if (Array.isArray(cur) && /^(0|[1-9][0-9]{0,8})$/.test(seg)) {
      cur = cur[Number(seg)];
    } else if (isObject(cur) && Object.prototype.hasOwnProperty.call(cur, seg)) {
      cur = cur[seg];
    } else {
      return { found: false, base, rel, depth: i + 1 };
    }
    if (cur === undefined) return { found: false, base, rel, depth: i + 1 };
  }
  if (isComputed(cur)) return { found: true, value: cur, base, rel, depth: rel.length, computed: describeComputed(cur!) };
  return { found: cur !== undefined && cur !== null, value: cur ?? undefined, base, rel, depth: rel.length };
}

export function evaluateCondition(cond: Condition, scope: Scope, regexes: RegexCache): ConditionResult {
  if ('all' in cond) return combine(cond.all, scope, regexes, 'all');
  if ('any' in cond) return combine(cond.any, scope, regexes, 'any');
  if ('not' in cond) {
    const r = evaluateCondition(cond.not, scope, regexes);
    return { ...r, value: r.value === 'unknown' ? 'unknown' : !r.value };
  }
  if ('grants' in cond) return evaluateGrants(cond.grants, scope);
  return evaluateLeaf(cond, scope, regexes);
}

/** `grants: { action, resource }`: whether the role in scope allows the action on the resource. */
function evaluateGrants(g: { action: string; resource: string }, scope: Scope): ConditionResult {
  const role = scope.subject;
  const at = (pointer: string): Resolved => ({ found: true, base: parsePointer(pointer), rel: [], depth: 0 });
  if (!role || role.type !== 'iam:role') return { value: 'unknown', at: at(''), reason: `grants reads an IAM role, and this is ${role ? role.type : 'no resource'}` };
  const v = roleGrants(role, g.action, g.resource);
  const out: ConditionResult = { value: v.value, at: at(v.pointer), data: { action: g.action, resource: g.resource, role: role.name } };
  if (v.reason !== undefined) out.reason = v.reason;
  return out;
}

function combine(conds: Condition[], scope: Scope, regexes: RegexCache, mode: 'all' | 'any'): ConditionResult {
  let unknown: ConditionResult | undefined;
  let last: ConditionResult | undefined;
  for (const c of conds) {
    const r = evaluateCondition(c, scope, regexes);
    last = r;
    if (r.value === 'unknown') unknown ??= r;
    else if (mode === 'all' && r.value === false) return r;
    else if (mode === 'any' && r.value === true) return r;
  }
  return unknown ?? { ...last!, value: mode === 'all' };
}

function evaluateLeaf(c: LeafCondition, scope: Scope, regexes: RegexCache): ConditionResult {
  const r = resolvePath(scope, c.path);
  const result = (value: Tri, data?: Record<string, string>): ConditionResult => (data ? { value, at: r, data } : { value, at: r });
  if (c.exists !== undefined) {
    // a computed value exists, whatever it turns out to be; an empty string does not
    return result((r.found && r.value !== '') === c.exists);
  }
  if (r.computed) return { value: 'unknown', at: r, reason: `${describePath(segmentsOf(r))} is ${unknownPhrase(r.value!)}` };
  const v = r.found ? r.value : undefined;
  const norm = (x: JsonValue | undefined) => (c.ignoreCase && typeof x === 'string' ? x.toLowerCase() : x);
  if (c.equals !== undefined) return result(v !== undefined && norm(v) === norm(c.equals));
  if (c.notEquals !== undefined) return result(v === undefined || norm(v) !== norm(c.notEquals));
  if (c.in !== undefined) return result(v !== undefined && c.in.some((x) => norm(x) === norm(v)));
  if (c.notIn !== undefined) return result(v === undefined || !c.notIn.some((x) => norm(x) === norm(v)));
  if (c.matches !== undefined || c.notMatches !== undefined) {
    const positive = c.matches !== undefined;
    if (typeof v !== 'string') return result(!positive);
    if (v.length > MAX_REGEX_INPUT) return { value: 'unknown', at: r, reason: `${describePath(segmentsOf(r))} is longer than ${MAX_REGEX_INPUT} characters` };
    const hit = regexes.get((positive ? c.matches : c.notMatches)!, !!c.ignoreCase).test(v);
    return result(positive ? hit : !hit);
  }
  for (const op of ['gt', 'gte', 'lt', 'lte'] as const) {
    const bound = c[op];
    if (bound === undefined) continue;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?[0-9]{1,15}(\.[0-9]{1,15})?$/.test(v) ? Number(v) : undefined;
    if (n === undefined) return result(false);
    return result(op === 'gt' ? n > bound : op === 'gte' ? n >= bound : op === 'lt' ? n < bound : n <= bound);
  }
  if (c.hasKeys !== undefined) {
    const missing = c.hasKeys.filter((k) => !(isObject(v) && Object.prototype.hasOwnProperty.call(v, k) && v[k] !== null && v[k] !== ''));
    return missing.length === 0 ? result(true) : result(false, { missing: missing.join(', ') });
  }
  const quantifier = c.forAll ? 'forAll' : c.forAny ? 'forAny' : c.forNone ? 'forNone' : undefined;
  if (quantifier) {
    const sub = c[quantifier]!;
    if (v === undefined) return result(quantifier !== 'forAny');
    if (!Array.isArray(v)) return result(false);
    let unknown: ConditionResult | undefined;
    for (let i = 0; i < v.length; i++) {
      const item = evaluateCondition(sub, { root: scope.root, base: [...segmentsOf(r), String(i)], value: v[i] }, regexes);
      if (item.value === 'unknown') {
        unknown ??= item;
        continue;
      }
      if (quantifier === 'forAll' && !item.value) return item;
      if (quantifier === 'forAny' && item.value) return item;
      if (quantifier === 'forNone' && item.value) return { ...item, value: false };
    }
    if (unknown) return unknown;
    return result(quantifier !== 'forAny');
  }
  throw new Error(`condition on ${c.path} has no operator`);
}

function describePath(segments: string[]): string {
  return segments.length === 0 ? 'the resource' : segments.join('.');
}

/** Compiled rule regexes, shared across resources. */
export class RegexCache {
  private readonly cache = new Map<string, RegExp>();
  get(pattern: string, ignoreCase: boolean): RegExp {
    const key = (ignoreCase ? 'i:' : 's:') + pattern;
    let r = this.cache.get(key);
    if (!r) {
      r = new RegExp(pattern, ignoreCase ? 'iu' : 'u');
      this.cache.set(key, r);
    }
    return r;
  }
}

/**
 * Refuses regular expressions that can backtrack without bound: a quantified group that holds a
 * quantifier or an alternation, and backreferences. Returns why, or undefined when safe.
 */
export function unsafeRegexReason(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u');
  } catch (e) {
    return `invalid regular expression (${(e as Error).message.replace(/^Invalid regular expression: /, '')})`;
  }
  // stack of groups: does the group contain a quantifier / alternation?
  const groups: Array<{ risky: boolean }> = [];
  let inClass = false;
  let lastGroupRisky = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return 'backreferences are not allowed in rule regexes';
      i++;
      lastGroupRisky = false;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      lastGroupRisky = false;
      continue;
    }
    const quantifier = ch === '*' || ch === '+' || ch === '?' || ch === '{';
    if (quantifier) {
      if (lastGroupRisky && ch !== '?') return 'a repeated group contains a repetition or an alternation (catastrophic backtracking)';
      if (ch === '{' && lastGroupRisky) return 'a repeated group contains a repetition or an alternation (catastrophic backtracking)';
      if (groups.length > 0 && ch !== '?') groups[groups.length - 1]!.risky = true;
      if (ch === '{') {
        const close = pattern.indexOf('}', i);
        if (close !== -1) i = close;
      }
      lastGroupRisky = false;
      continue;
    }
    if (ch === '|') {
      if (groups.length > 0) groups[groups.length - 1]!.risky = true;
      lastGroupRisky = false;
      continue;
    }
    if (ch === '(') {
      groups.push({ risky: false });
      if (pattern[i + 1] === '?') i++; // (?: (?= (?<name> : the '?' is not a quantifier
      lastGroupRisky = false;
      continue;
    }
    if (ch === ')') {
      const g = groups.pop();
      lastGroupRisky = !!g?.risky;
      if (g?.risky && groups.length > 0) groups[groups.length - 1]!.risky = true;
      continue;
    }
    lastGroupRisky = false;
  }
  return undefined;
}
