// Evaluates a rule's declarative conditions in three-valued logic: a value the template computes
// at deploy time makes a condition unknown (with the reason), never true or false by guess.
import { describeComputed, isComputed, isNoValue, oneOfConstruct, oneOfValues, oneOfWhens, unknownPhrase } from '../inventory/computed.js';
import { both, contradicts, ifBranches } from '../inventory/intrinsic-values.js';
import { isObject, type JsonValue } from '../util/json.js';
import { arrayIndexOf, parsePointer, toPointer } from '../util/pointer.js';
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
  /**
   * A false that holds only for some of the values the template can give (a branch of an Fn::If,
   * a value of an Fn::FindInMap): when it is false, and when it would be true instead.
   */
  when?: string;
  trueWhen?: string;
}

/** JSON pointer (into the resource) of the place a condition result names. */
export function pointerOf(r: ConditionResult | Resolved): string {
  return toPointer(segmentsOf('at' in r ? r.at : r));
}

export interface Scope {
  root: JsonValue;
  /** The resource whose data is the root, for operators that read it whole (`grants`). */
  subject?: Resource;
  /** Segments of the current element (empty for the resource itself); shared, never changed. */
  base: readonly string[];
  /** The current element's value (the root for the resource itself). */
  value: JsonValue | undefined;
  /** When the element exists (an Fn::If branch it is in): values given only otherwise are not its. */
  when?: string;
}

/** Longest value a rule's regular expression is run on; longer values are unknown. */
const MAX_REGEX_INPUT = 4096;

export interface Resolved {
  found: boolean;
  value?: JsonValue;
  /** The place: base segments plus the first `depth` segments of the path. */
  base: readonly string[];
  rel: readonly string[];
  depth: number;
  /** Set when a computed value stands on the path (or is the value itself). */
  computed?: string;
}

export function segmentsOf(r: Resolved): readonly string[] {
  return r.depth === 0 ? r.base : [...r.base, ...r.rel.slice(0, r.depth)];
}

interface CompiledPath {
  absolute: boolean;
  segments: string[];
  /** Each segment as an array index (digits, no leading zero), or -1. */
  indices: number[];
}

// Paths come from rules: a handful of strings evaluated millions of times; parse each once.
const compiledPaths = new Map<string, CompiledPath>();
function compilePath(path: string): CompiledPath {
  let c = compiledPaths.get(path);
  if (!c) {
    const absolute = path.startsWith('/');
    const rest = absolute ? path.slice(1) : path;
    const segments = rest === '' || rest === '.' ? [] : parsePointer('/' + rest);
    c = { absolute, segments, indices: segments.map(arrayIndexOf) };
    compiledPaths.set(path, c);
  }
  return c;
}

export function scopeOf(root: JsonValue, subject?: Resource): Scope {
  return subject ? { root, subject, base: [], value: root } : { root, base: [], value: root };
}

export function resolvePath(scope: Scope, path: string): Resolved {
  return resolveCompiled(scope, compilePath(path));
}

function resolveCompiled(scope: Scope, path: CompiledPath): Resolved {
  const rel = path.segments;
  let cur: JsonValue | undefined = path.absolute ? scope.root : scope.value;
  const base = path.absolute ? [] : scope.base;
  for (let i = 0; i < rel.length; i++) {
    if (isComputed(cur)) return { found: true, value: cur, base, rel, depth: i, computed: describeComputed(cur!) };
    const seg = rel[i]!;
    const index = path.indices[i]!;
    if (Array.isArray(cur) && index !== -1) {
      cur = cur[index];
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

/** A condition compiled once into a closure: its operator, path and operands decided at compile time. */
type Evaluator = (scope: Scope, regexes: RegexCache) => ConditionResult;

// Rules' conditions are evaluated on every resource: each is compiled on first use and kept
// with the condition object (rules are loaded once and never changed).
const evaluators = new WeakMap<Condition, Evaluator>();

export function evaluateCondition(cond: Condition, scope: Scope, regexes: RegexCache): ConditionResult {
  let evaluate = evaluators.get(cond);
  if (evaluate === undefined) {
    evaluate = compileCondition(cond);
    evaluators.set(cond, evaluate);
  }
  return evaluate(scope, regexes);
}

function compileCondition(cond: Condition): Evaluator {
  if ('all' in cond) {
    const parts = cond.all.map(compileCondition);
    return (scope, regexes) => combine(parts, scope, regexes, 'all');
  }
  if ('any' in cond) {
    const parts = cond.any.map(compileCondition);
    return (scope, regexes) => combine(parts, scope, regexes, 'any');
  }
  if ('not' in cond) {
    const inner = compileCondition(cond.not);
    return (scope, regexes) => {
      const r = inner(scope, regexes);
      // false only for some values: the negation is false for the others
      if (r.trueWhen !== undefined) return { ...r, value: false, when: r.trueWhen, trueWhen: r.when! };
      return { ...r, value: r.value === 'unknown' ? 'unknown' : !r.value };
    };
  }
  if ('grants' in cond) {
    const grants = cond.grants;
    return (scope) => evaluateGrants(grants, scope);
  }
  return compileLeaf(cond);
}

/**
 * `grants: { action, resource }`: whether the role in scope allows the action on the resource; of
 * a list of actions, the first it allows (true), else the first it may (unknown), else false.
 */
function evaluateGrants(g: { action: string | string[]; resource: string }, scope: Scope): ConditionResult {
  const role = scope.subject;
  const at = (pointer: string): Resolved => ({ found: true, base: parsePointer(pointer), rel: [], depth: 0 });
  if (!role || role.type !== 'iam:role') return { value: 'unknown', at: at(''), reason: `grants reads an IAM role, and this is ${role ? role.type : 'no resource'}` };
  let decided: ConditionResult | undefined;
  for (const action of typeof g.action === 'string' ? [g.action] : g.action) {
    const v = roleGrants(role, action, g.resource);
    const out: ConditionResult = { value: v.value, at: at(v.pointer), data: { action, resource: g.resource, role: role.name } };
    if (v.reason !== undefined) out.reason = v.reason;
    if (v.value === true) return out;
    if (decided === undefined || (v.value === 'unknown' && decided.value !== 'unknown')) decided = out;
  }
  return decided!;
}

function combine(parts: Evaluator[], scope: Scope, regexes: RegexCache, mode: 'all' | 'any'): ConditionResult {
  let unknown: ConditionResult | undefined;
  let last: ConditionResult | undefined;
  const partly: ConditionResult[] = [];
  for (const part of parts) {
    const r = part(scope, regexes);
    last = r;
    if (r.value === 'unknown') unknown ??= r;
    else if (mode === 'all' && r.value === false) return r;
    else if (mode === 'any' && r.value === true) return r;
    else if (r.trueWhen !== undefined) partly.push(r);
  }
  return unknown ?? (mode === 'any' ? someOf(partly) : undefined) ?? { ...last!, value: mode === 'all' };
}

/**
 * `any` of parts that are false for some values each: one such part decides (false when it is,
 * true when it is); with several, which combinations the template allows is not worked out.
 */
function someOf(partly: ConditionResult[]): ConditionResult | undefined {
  if (partly.length === 0) return undefined;
  if (partly.length === 1) return partly[0];
  return { value: 'unknown', at: partly[0]!.at, reason: `it depends on how ${partly[0]!.when} and ${partly[1]!.when} combine at deploy time` };
}

/** How a leaf decides on the value its path found (computed values are decided before this). */
type Decide = (v: JsonValue | undefined, r: Resolved, scope: Scope, regexes: RegexCache) => ConditionResult;

function compileLeaf(c: LeafCondition): Evaluator {
  const path = compilePath(c.path);
  if (c.exists !== undefined) {
    // a computed value exists, whatever it turns out to be; an empty string does not
    const exists = c.exists;
    const decideExists: Decide = (v, r) => ({ value: (v !== undefined && v !== null && v !== '') === exists, at: r });
    return (scope, regexes) => {
      const r = resolveCompiled(scope, path);
      if (!r.computed) return { value: (r.found && r.value !== '') === exists, at: r };
      // an Fn::If with AWS::NoValue on one side: the field is absent there
      const alternatives = decideAlternatives(r, decideExists, scope, regexes, true);
      if (alternatives) return alternatives;
      if (r.depth === r.rel.length) return { value: exists, at: r };
      // a computed value above the field (a whole block from a variable) may or may not hold it
      return { value: 'unknown', at: r, reason: `${describePath(segmentsOf(r))} is ${unknownPhrase(r.value!)}` };
    };
  }
  const decide = compileOperator(c);
  return (scope, regexes) => {
    const r = resolveCompiled(scope, path);
    if (r.computed) return decideAlternatives(r, decide, scope, regexes) ?? { value: 'unknown', at: r, reason: `${describePath(segmentsOf(r))} is ${unknownPhrase(r.value!)}` };
    return decide(r.found ? r.value : undefined, r, scope, regexes);
  };
}

/** Most alternatives a value is decided on one by one (nested Fn::If and FindInMap values multiply). */
const MAX_ALTERNATIVES = 32;

/** The values a template can give in place of a computed value, with when each is given. */
function alternativesOf(value: JsonValue, out: Array<{ value: JsonValue | undefined; when: string }>, when: string | undefined, depth: number): boolean {
  const branches = ifBranches(value);
  const values = branches ? undefined : oneOfValues(value);
  if ((!branches && !values) || depth > 4) return false;
  const sides: Array<[JsonValue, string]> = branches
    ? [[branches.then, `${branches.name} is true`], [branches.else, `${branches.name} is false`]]
    : values!.map((v, i) => [v, oneOfWhens(value)?.[i] ?? `${oneOfConstruct(value)} gives value ${i + 1} of ${values!.length}`]);
  for (const [side, w] of sides) {
    if (out.length >= MAX_ALTERNATIVES) return false;
    // AWS::NoValue removes the property: the field is absent on that side
    if (isNoValue(side)) out.push({ value: undefined, when: both(when, w) });
    else if (ifBranches(side) || oneOfValues(side)) {
      if (!alternativesOf(side, out, both(when, w), depth + 1)) return false;
    } else out.push({ value: side, when: both(when, w) });
  }
  return true;
}

/**
 * A computed value on the path that is one of values the template holds (either side of an
 * Fn::If, the values of an Fn::FindInMap): the leaf decided on each, the rest of the path read
 * from it. False when one fails (naming when; trueWhen when another passes), true when all pass,
 * undefined (unknown) when one cannot be decided.
 */
function decideAlternatives(r: Resolved, decide: Decide, scope: Scope, regexes: RegexCache, decidesComputed = false): ConditionResult | undefined {
  const given: Array<{ value: JsonValue | undefined; when: string }> = [];
  if (!alternativesOf(r.value!, given, undefined, 0)) return undefined;
  // only the values the template can give where the element is (and a branch that contradicts itself never)
  const possible = given.filter((o) => !contradicts(scope.when, o.when));
  const options = possible.length > 0 ? possible : given;
  const at = segmentsOf(r);
  const rest = r.rel.slice(r.depth);
  const restPath: CompiledPath = { absolute: false, segments: rest, indices: rest.map(arrayIndexOf) };
  let failed: ConditionResult | undefined;
  let passed: string | undefined;
  for (const o of options) {
    let res: ConditionResult;
    if (o.value === undefined) {
      res = decide(undefined, { found: false, base: at, rel: rest, depth: rest.length }, scope, regexes);
    } else {
      const sub = resolveCompiled({ root: scope.root, base: at, value: o.value }, restPath);
      // `exists` decides a computed value that is the field itself (it exists), not one above it
      if (sub.computed && !(decidesComputed && sub.depth === rest.length)) return undefined;
      res = decide(sub.found ? sub.value : undefined, sub, scope, regexes);
    }
    if (res.value === 'unknown') return undefined;
    if (res.value === false) failed ??= { ...res, when: o.when };
    else passed ??= o.when;
  }
  if (!failed) return { value: true, at: r };
  // false whatever the template gives: no condition to name
  if (passed === undefined) return { ...failed, when: undefined, trueWhen: undefined };
  return { ...failed, trueWhen: passed };
}

/** The leaf's operator: the first one set, in the order the rule format documents. */
function compileOperator(c: LeafCondition): Decide {
  const ignoreCase = !!c.ignoreCase;
  const norm = (x: JsonValue | undefined) => (ignoreCase && typeof x === 'string' ? x.toLowerCase() : x);
  if (c.equals !== undefined) {
    const want = norm(c.equals);
    return (v, r) => ({ value: v !== undefined && norm(v) === want, at: r });
  }
  if (c.notEquals !== undefined) {
    const unwanted = norm(c.notEquals);
    return (v, r) => ({ value: v === undefined || norm(v) !== unwanted, at: r });
  }
  if (c.in !== undefined) {
    const list = c.in.map(norm);
    return (v, r) => {
      const n = norm(v);
      return { value: v !== undefined && list.some((x) => x === n), at: r };
    };
  }
  if (c.notIn !== undefined) {
    const list = c.notIn.map(norm);
    return (v, r) => {
      const n = norm(v);
      return { value: v === undefined || !list.some((x) => x === n), at: r };
    };
  }
  if (c.matches !== undefined || c.notMatches !== undefined) {
    const positive = c.matches !== undefined;
    const pattern = (positive ? c.matches : c.notMatches)!;
    return (v, r, _scope, regexes) => {
      if (typeof v !== 'string') return { value: !positive, at: r };
      if (v.length > MAX_REGEX_INPUT) return { value: 'unknown', at: r, reason: `${describePath(segmentsOf(r))} is longer than ${MAX_REGEX_INPUT} characters` };
      const hit = regexes.get(pattern, ignoreCase).test(v);
      return { value: positive ? hit : !hit, at: r };
    };
  }
  for (const op of ['gt', 'gte', 'lt', 'lte'] as const) {
    const bound = c[op];
    if (bound === undefined) continue;
    return (v, r) => {
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?[0-9]{1,15}(\.[0-9]{1,15})?$/.test(v) ? Number(v) : undefined;
      if (n === undefined) return { value: false, at: r };
      return { value: op === 'gt' ? n > bound : op === 'gte' ? n >= bound : op === 'lt' ? n < bound : n <= bound, at: r };
    };
  }
  if (c.hasKeys !== undefined) {
    const keys = c.hasKeys;
    return (v, r) => {
      const missing = keys.filter((k) => !(isObject(v) && Object.prototype.hasOwnProperty.call(v, k) && v[k] !== null && v[k] !== ''));
      return missing.length === 0 ? { value: true, at: r } : { value: false, at: r, data: { missing: missing.join(', ') } };
    };
  }
  const quantifier = c.forAll ? 'forAll' : c.forAny ? 'forAny' : c.forNone ? 'forNone' : undefined;
  if (quantifier) {
    const sub = compileCondition(c[quantifier]!);
    return (v, r, scope, regexes) => {
      if (v === undefined) return { value: quantifier !== 'forAny', at: r };
      if (!Array.isArray(v)) return { value: false, at: r };
      let unknown: ConditionResult | undefined;
      const partly: ConditionResult[] = [];
      for (let i = 0; i < v.length; i++) {
        // an item is in the element's branch too
        const item = sub({ root: scope.root, base: [...segmentsOf(r), String(i)], value: v[i], ...(scope.when === undefined ? {} : { when: scope.when }) }, regexes);
        if (item.value === 'unknown') {
          unknown ??= item;
          continue;
        }
        if (quantifier === 'forAll' && !item.value) return item;
        if (quantifier === 'forAny' && item.value) return item;
        if (quantifier === 'forNone' && item.value) return { ...item, value: false };
        // an item true for some values only: none holds except then
        if (quantifier === 'forNone' && item.trueWhen !== undefined) return { ...item, value: false, when: item.trueWhen, trueWhen: item.when! };
        if (item.trueWhen !== undefined) partly.push(item);
      }
      if (unknown) return unknown;
      if (quantifier === 'forAny') return someOf(partly) ?? { value: false, at: r };
      return { value: true, at: r };
    };
  }
  return () => {
    throw new Error(`condition on ${c.path} has no operator`);
  };
}

function describePath(segments: readonly string[]): string {
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
