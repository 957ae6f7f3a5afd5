// What a deployed resource can hold where a template computes a value: the items of a list once
// each Fn::If branch that can be taken is taken (AWS::NoValue removes an item), and the texts a
// computed string can be, literal parts known and deploy-time parts as placeholders. Literal
// text inside an intrinsic is known text: a password inside a !Sub URL is still a password.
import { isObject, own, type JsonValue } from '../util/json.js';
import { BASE64_KEY, credentialOf, describeComputed, isComputed, isNoValue, oneOfValues, referenceSource, subReferenceSource, type ReferenceSource } from './computed.js';

export interface ListItem {
  value: JsonValue;
  /** Pointer segments of the item: into the Fn::If branch when the item is one. */
  readonly segments: readonly string[];
  /** The conditions that select this branch: "UseSidecar is true". */
  condition?: string;
}

/** Fn::If nested deeper than this is left as one computed item. */
const MAX_BRANCH_DEPTH = 8;

/** The items of a list: Fn::If items give each branch, AWS::NoValue and null items none. */
export function listItems(list: readonly JsonValue[], base: readonly string[]): ListItem[] {
  const out: ListItem[] = [];
  for (let i = 0; i < list.length; i++) addBranches(out, list[i]!, [...base, String(i)], undefined, 0);
  return out;
}

/**
 * The items of the lists last asked for, with what they were computed from. Every rule that
 * reads a resource's containers asks for the same list at the same place, one rule after the
 * other: while the list holds the same elements and is asked for at the same place, its items
 * are given again (a few identity tests instead of new segment arrays and items for every rule).
 * A few entries, not a WeakMap: weak entries cost every garbage collection, and rules run on one
 * resource at a time.
 */
const KEPT = 4;
const kept: Array<{ list: readonly JsonValue[]; elements: readonly JsonValue[]; base: readonly string[]; items: readonly ListItem[] }> = [];
let nextKept = 0;

function keptListItems(list: readonly JsonValue[], base: readonly string[]): readonly ListItem[] {
  for (const k of kept) if (k.list === list && sameElements(k.elements, list) && sameElements(k.base, base)) return k.items;
  const items = listItems(list, base);
  kept[nextKept] = { list, elements: list.slice(), base: base.slice(), items };
  nextKept = (nextKept + 1) % KEPT;
  return items;
}

function sameElements<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The branches a value can take: itself, or each side of an Fn::If (nested ones too) with its
 * condition; an AWS::NoValue side gives none. A whole list or map under Fn::If is each branch.
 * `condition` is the one the value already sits under (its container's): branches add to it.
 */
export function valueBranches(value: JsonValue | undefined, base: readonly string[], condition?: string): ListItem[] {
  if (value === undefined) return [];
  const out: ListItem[] = [];
  // items' segments are read only: a value that is no Fn::If shares the caller's
  addBranches(out, value, base, condition, 0);
  return out;
}

/**
 * The items of a list, or of each branch of an Fn::If over lists; undefined when it is not one.
 * The items are shared by every caller that asks for the same list at the same place: read only.
 */
export function listItemsOf(value: JsonValue | undefined, base: readonly string[]): readonly ListItem[] | undefined {
  if (Array.isArray(value)) return keptListItems(value, base);
  if (!ifBranches(value ?? null)) return undefined;
  const out: ListItem[] = [];
  for (const b of valueBranches(value, base)) {
    if (!Array.isArray(b.value)) return undefined;
    for (const item of listItems(b.value, b.segments)) {
      if (b.condition && item.condition && contradicts(b.condition, item.condition)) continue; // in no branch that can be taken
      out.push(b.condition ? { ...item, condition: item.condition ? both(b.condition, item.condition) : b.condition } : item);
    }
  }
  return out;
}

function addBranches(out: ListItem[], value: JsonValue, segments: readonly string[], condition: string | undefined, depth: number): void {
  if (value === null || isNoValue(value)) return;
  if (contradicts(condition)) return; // a nested Fn::If taken both ways: no branch at all
  const branches = ifBranches(value);
  if (branches && depth < MAX_BRANCH_DEPTH) {
    addBranches(out, branches.then, [...segments, 'Fn::If', '1'], both(condition, `${branches.name} is true`), depth + 1);
    addBranches(out, branches.else, [...segments, 'Fn::If', '2'], both(condition, `${branches.name} is false`), depth + 1);
    return;
  }
  const item: ListItem = { value, segments };
  if (condition !== undefined) item.condition = condition;
  out.push(item);
}

/** Two conditions that hold together (`condition A is true and condition B is false`), either one alone. */
export function both(a: string | undefined, b: string): string;
export function both(a: string | undefined, b: string | undefined): string | undefined;
export function both(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined || b === undefined || a === b) return a ?? b;
  // a clause already said (a nested Fn::If on the same condition) is said once
  const said = new Set(a.split(CLAUSE_SEPARATOR));
  const added = b.split(CLAUSE_SEPARATOR).filter((c) => !said.has(c));
  return added.length === 0 ? a : `${a}${CLAUSE_SEPARATOR}${added.join(CLAUSE_SEPARATOR)}`;
}

const CLAUSE_SEPARATOR = ' and ';

/** Names a condition too vaguely for two of its clauses to be the same condition. */
const VAGUE_CONDITION = /…|^condition a condition$|^the condition of /;

/** What a condition says of each named condition: true, false, or both (a branch that cannot be taken). */
function truthClauses(condition: string): Map<string, boolean | 'both'> {
  const out = new Map<string, boolean | 'both'>();
  for (const clause of condition.split(CLAUSE_SEPARATOR)) {
    const value = clause.endsWith(' is true') ? true : clause.endsWith(' is false') ? false : undefined;
    if (value === undefined) continue;
    const name = clause.slice(0, clause.length - (value ? ' is true' : ' is false').length);
    if (VAGUE_CONDITION.test(name)) continue;
    const before = out.get(name);
    out.set(name, before === undefined || before === value ? value : 'both');
  }
  return out;
}

/**
 * Whether two conditions (either may be undefined: always) cannot hold together, or one cannot
 * hold by itself: a named condition true in one and false in the other (an Fn::If on the same
 * condition taken one way for the network mode and the other way for a container's field).
 */
export function contradicts(a: string | undefined, b?: string): boolean {
  if (a === undefined && b === undefined) return false; // the common case, checked for every element
  const left = a === undefined ? new Map<string, boolean | 'both'>() : truthClauses(a);
  for (const v of left.values()) if (v === 'both') return true;
  if (b === undefined) return false;
  for (const [name, v] of truthClauses(b)) {
    const l = left.get(name);
    if (v === 'both' || (l !== undefined && l !== v)) return true;
  }
  return false;
}

/** `Fn::If [Name, then, else]`, with the condition's name as reports may show it. */
export function ifBranches(value: JsonValue): { name: string; then: JsonValue; else: JsonValue } | undefined {
  if (!isComputed(value)) return undefined;
  const args = own(value, 'Fn::If');
  if (!Array.isArray(args) || args.length !== 3) return undefined;
  const name = typeof args[0] === 'string' ? describeComputed({ Condition: args[0] }).replace(/^condition /, '') : 'a condition';
  return { name: `condition ${name}`, then: args[1]!, else: args[2]! };
}

export interface TextCandidate {
  text: string;
  /** Nothing in the text is decided at deploy time. */
  literal: boolean;
  /** The conditions under which the value is this text. */
  condition?: string;
}

export interface RenderedText {
  /** Every text the value can be (at most MAX_CANDIDATES). */
  texts: TextCandidate[];
  /** More texts than were rendered: what was not rendered is unseen. */
  incomplete: boolean;
  /** A credential another resource produces stands in the value. */
  credential?: { kind: string; construct: string };
  /** The named references the deploy-time parts are read from (a parameter, variable or attribute). */
  sources?: ReferenceSource[];
  /** Some deploy-time part is not in sources: a function, an import, a phrase, or past the limit. */
  unnamedParts?: boolean;
}

const MAX_CANDIDATES = 32;
const MAX_RENDER_DEPTH = 20;
/** Stands for a part decided at deploy time: a placeholder to the secret checks, never a key. */
export const DEPLOY_TIME_PART = '${?}';

/** The texts a string value (literal or computed) can be; a non-string value gives none. */
export function renderTexts(value: JsonValue, placeholder = DEPLOY_TIME_PART): RenderedText {
  const state: RenderedText = { texts: [], incomplete: false };
  state.texts = render(value, 0, placeholder, state);
  return state;
}

function render(v: JsonValue, depth: number, ph: string, state: RenderedText): TextCandidate[] {
  if (typeof v === 'string') return [{ text: v, literal: true }];
  if (typeof v === 'number' || typeof v === 'boolean') return [{ text: String(v), literal: true }];
  if (v === null || !isObject(v)) return [];
  const deployTime = [{ text: ph, literal: false }];
  if (!isComputed(v)) return [];
  const source = referenceSource(v);
  if (source) addSource(state, source);
  if (depth > MAX_RENDER_DEPTH) {
    state.incomplete = true;
    return deployTime;
  }
  const cred = credentialOf(v);
  if (cred) {
    state.credential ??= cred;
    return deployTime;
  }
  const alternatives = oneOfValues(v);
  if (alternatives) return capped(alternatives.flatMap((a) => render(a, depth + 1, ph, state)), state);
  const branches = ifBranches(v);
  if (branches) {
    const side = (x: JsonValue, cond: string) => (isNoValue(x) ? [] : render(x, depth + 1, ph, state).filter((t) => !contradicts(t.condition, cond)).map((t) => ({ ...t, condition: both(t.condition, cond) })));
    return capped([...side(branches.then, `${branches.name} is true`), ...side(branches.else, `${branches.name} is false`)], state);
  }
  const [key, arg] = Object.entries(v)[0] as [string, JsonValue];
  switch (key) {
    case 'Fn::Sub': {
      const template = typeof arg === 'string' ? arg : Array.isArray(arg) && typeof arg[0] === 'string' ? arg[0] : undefined;
      if (template === undefined) return unnamed(state, deployTime);
      const vars = Array.isArray(arg) && isObject(arg[1]) ? arg[1] : undefined;
      const parts = subTemplateParts(template).map((p): TextCandidate[] => {
        if (p.literal !== undefined) return [{ text: p.literal, literal: true }];
        const bound = vars && Object.prototype.hasOwnProperty.call(vars, p.name!) ? vars[p.name!] : undefined;
        if (bound !== undefined) return render(bound, depth + 1, ph, state);
        const named = subReferenceSource(p.name!);
        if (named) addSource(state, named);
        return deployTime;
      });
      return concatenate(parts, '', state);
    }
    case 'Fn::Join': {
      if (!Array.isArray(arg) || typeof arg[0] !== 'string' || !Array.isArray(arg[1])) return unnamed(state, deployTime);
      return concatenate(arg[1].map((p) => render(p, depth + 1, ph, state)), arg[0], state);
    }
    case 'Fn::Select': {
      if (!Array.isArray(arg) || !Array.isArray(arg[1])) return unnamed(state, deployTime);
      const list = arg[1];
      const index = typeof arg[0] === 'number' ? arg[0] : typeof arg[0] === 'string' && /^[0-9]{1,6}$/.test(arg[0]) ? Number(arg[0]) : undefined;
      if (index !== undefined) return index < list.length ? render(list[index]!, depth + 1, ph, state) : [];
      return capped(list.flatMap((x) => render(x, depth + 1, ph, state)), state);
    }
    case 'Fn::Base64':
    case BASE64_KEY:
      return render(arg, depth + 1, ph, state);
    case '$template':
      return Array.isArray(arg) ? concatenate(arg.map((p) => render(p, depth + 1, ph, state)), '', state) : unnamed(state, deployTime);
    default:
      return source ? deployTime : unnamed(state, deployTime);
  }
}

function unnamed(state: RenderedText, texts: TextCandidate[]): TextCandidate[] {
  state.unnamedParts = true;
  return texts;
}

const MAX_SOURCES = 16;

function addSource(state: RenderedText, source: ReferenceSource): void {
  const list = (state.sources ??= []);
  if (list.length < MAX_SOURCES) list.push(source);
  else state.unnamedParts = true;
}

function capped(texts: TextCandidate[], state: RenderedText): TextCandidate[] {
  if (texts.length <= MAX_CANDIDATES) return texts;
  state.incomplete = true;
  return texts.slice(0, MAX_CANDIDATES);
}

/** Every combination of the parts' texts, joined by sep (at most MAX_CANDIDATES). */
function concatenate(parts: TextCandidate[][], sep: string, state: RenderedText): TextCandidate[] {
  let acc: TextCandidate[] = [{ text: '', literal: true }];
  parts.forEach((options, i) => {
    if (options.length === 0) options = [{ text: '', literal: true }];
    const next: TextCandidate[] = [];
    for (const a of acc) {
      for (const o of options) {
        if (next.length >= MAX_CANDIDATES) {
          state.incomplete = true;
          break;
        }
        const t: TextCandidate = { text: a.text + (i > 0 ? sep : '') + o.text, literal: a.literal && o.literal };
        const cond = a.condition && o.condition ? `${a.condition} and ${o.condition}` : a.condition ?? o.condition;
        if (cond !== undefined) t.condition = cond;
        next.push(t);
      }
    }
    acc = next;
  });
  return acc;
}

export interface SubPart {
  literal?: string;
  /** The name inside `${...}`: a parameter, resource, attribute or pseudo parameter. */
  name?: string;
}

/** A Fn::Sub template as literal parts and `${name}` references; `${!x}` is the literal `${x}`. */
export function subTemplateParts(template: string): SubPart[] {
  const parts: SubPart[] = [];
  let literal = '';
  let i = 0;
  while (i < template.length) {
    const start = template.indexOf('${', i);
    if (start === -1) {
      literal += template.slice(i);
      break;
    }
    literal += template.slice(i, start);
    const end = template.indexOf('}', start + 2);
    if (end === -1) {
      literal += template.slice(start);
      break;
    }
    if (template[start + 2] === '!') {
      literal += '${' + template.slice(start + 3, end + 1);
    } else {
      if (literal) parts.push({ literal });
      literal = '';
      parts.push({ name: template.slice(start + 2, end).trim() });
    }
    i = end + 1;
  }
  if (literal) parts.push({ literal });
  return parts;
}

/** A rendered text stands only for deploy-time parts (placeholders and separators). */
export function onlyDeployTimeParts(text: string, placeholder = DEPLOY_TIME_PART): boolean {
  return text.split(placeholder).join('').replace(/[\s:/.,;@_=-]/g, '') === '';
}

