// Evaluates the HCL expressions a scan needs, in one module: literals, templates, references
// (locals, variables with defaults or a module call's inputs, other resources' literal
// attributes, module outputs), for expressions and the functions the issue lists (jsonencode,
// file, templatefile, merge, concat, lookup, format, join, and a few conversions). Anything else is
// a deploy-time value: a `$computed` marker naming the expression, which rules treat as unknown.
// Hostile input: every evaluation spends from one budget, recursion is bounded, cycles between
// locals are cut, and files are read only inside the scanned tree.
import { BASE64_KEY, COMPUTED_KEY, credentialOf, ECS_OPTIMIZED_AMI_NOTE, isComputed, oneOf, PAST_INSTANCE_CAP, TERRAFORM_INSTANCE_CAP, template, unseen } from '../../../inventory/computed.js';
import { namesEcsOptimizedImage } from '../../../inventory/user-data.js';
import { isObject, own, setOwn, type JsonObject, type JsonValue } from '../../../util/json.js';
import type { HclBlock, HclBody, HclExpr, HclLiteralPart, HclStep, HclTemplatePart } from '../../../documents/hcl-syntax.js';
import { parseDocumentText } from '../../../documents/parse-document.js';
import { defuseObject, defuseWrittenMarkers, parseJsonData } from '../../../inventory/written-markers.js';
import type { Place, Places } from './places.js';
import { JsonWithHoles } from '../json-holes.js';
import { containsComputed, pureFunction } from './functions.js';
import { credentialAttribute, secureParameterValue, sensitiveVariable } from './credential-outputs.js';
import type { RegistryCall } from './registry-modules.js';

export interface Declared {
  expr: HclExpr;
  file: string;
}

export interface ResourceDecl {
  mode: 'managed' | 'data';
  type: string;
  name: string;
  block: HclBlock;
  file: string;
}

export interface ModuleDecls {
  /** Absolute folder of the module. */
  dir: string;
  /** `module.app.` for a called module, '' for a root. */
  prefix: string;
  /** path.module: the folder relative to the root module's, as Terraform gives it. */
  pathModule: string;
  /** Absolute folder of the root module: Terraform's working directory, where file() paths start. */
  rootDir: string;
  locals: Map<string, Declared>;
  /** `sensitive`: declared `sensitive = true`, so what the module is given is a secret. */
  variables: Map<string, { default?: HclExpr; file: string; sensitive?: boolean }>;
  outputs: Map<string, Declared>;
  resources: Map<string, ResourceDecl>;
  /** Module calls: a local module's evaluator, or what a known registry module gives back (outputs). */
  calls: Map<string, { block: HclBlock; file: string; child?: ModuleEvaluator; registry?: RegistryCall; outputs?: Map<string, JsonValue> }>;
}

/** Reads a file for file() and templatefile(): only inside the scanned tree, with a size limit. */
export type ReadInside = (fromDir: string, path: string) => { ok: true; text: string; file: string } | { ok: false; reason: string };

/** A template read by templatefile() and parsed: the caller parses, so this module stays pure. */
export type ParseTemplate = (text: string, file: string) => HclTemplatePart[] | undefined;

export interface Frame {
  /** The file (display path) the expression is written in. */
  file: string;
  vars?: Map<string, JsonValue>;
  /** Inside a templatefile() template: no file access from there (a template cannot include itself). */
  inTemplate?: boolean;
  /** Where the values of a for expression's variables were written (the collection's members). */
  varPlaces?: Map<string, Place>;
  depth: number;
}

export interface Budget {
  left: number;
}

/** Expression evaluations a whole scan of one module tree may spend (a guard against blow-ups). */
export const EVALUATION_BUDGET = 2_000_000;
const MAX_DEPTH = 150;
const MAX_INSTANCES = TERRAFORM_INSTANCE_CAP;
/** How an instance or dynamic block standing for those past MAX_INSTANCES names its unknown key. */
const PAST_CAP = `(${PAST_INSTANCE_CAP})`;
/** Parts a template's directives may unroll to. */
const MAX_EXPANDED_PARTS = 100_000;

/** An expression written as one interpolation, `"${x}"` (Terraform 0.11's way to write x), as x. */
function singleInterpolation(expr: HclExpr): HclExpr {
  const only = expr.kind === 'template' && expr.parts.length === 1 ? expr.parts[0]! : undefined;
  return only && 'expr' in only ? only.expr : expr;
}

/**
 * What file() and a template_file's template hold when the file is not in the scanned tree (or
 * missing, which fails the plan): not a value known after apply, so not said to be one.
 */
const UNREAD = 'in a file outside the scanned tree, missing or not readable';

export function computed(text: string): JsonObject {
  return { [COMPUTED_KEY]: text };
}

/**
 * The size a value may reach, as the rules and reports would walk it: characters of its strings
 * and keys, and 8 a member, a member shared by reference counted each time it is met.
 */
const MAX_VALUE_SIZE = 16 * 1024 * 1024;
const TOO_LARGE = 'a value too large to evaluate';
const sizes = new WeakMap<object, number>();

/** Sizes of shared members are kept, so a value made of references to one is measured once a node. */
function sizeOf(v: JsonValue): number {
  if (typeof v === 'string') return v.length + 8;
  if (v === null || typeof v !== 'object') return 8;
  const known = sizes.get(v);
  if (known !== undefined) return known;
  let n = 8;
  if (Array.isArray(v)) {
    for (const x of v) if ((n += sizeOf(x)) > MAX_VALUE_SIZE) break;
  } else {
    for (const k of Object.keys(v)) if ((n += k.length + sizeOf(v[k]!)) > MAX_VALUE_SIZE) break;
  }
  sizes.set(v, n);
  return n;
}

function withinSize(v: JsonValue): boolean {
  return typeof v === 'string' ? v.length <= MAX_VALUE_SIZE : v === null || typeof v !== 'object' || sizeOf(v) <= MAX_VALUE_SIZE;
}

/** Markers of a member a known value does not have (an error in Terraform, caught by try()). */
const failures = new WeakSet<object>();

function failure(name: string): JsonObject {
  const marker = computed(`${name} (an attribute or element that is not set)`);
  failures.add(marker);
  return marker;
}

function isFailure(value: JsonValue | undefined): boolean {
  return typeof value === 'object' && value !== null && failures.has(value);
}

/** Objects that stand for JSON text (jsonencode's results): a template turns them into text. */
const encoded = new WeakSet<object>();

export function markEncoded(value: JsonValue): JsonValue {
  if (typeof value === 'object' && value !== null) encoded.add(value);
  return value;
}

export function isEncoded(value: JsonValue): boolean {
  return typeof value === 'object' && value !== null && encoded.has(value);
}

/**
 * The value with each member that stands for JSON text (a jsonencode inside a jsonencode: an
 * environment variable's value, say) replaced by that text, as Terraform writes it: only a whole
 * document is read as structure. A member with deploy-time parts is a deploy-time value.
 */
function encodeNested(value: JsonValue, seen = new WeakSet<object>()): JsonValue {
  if (typeof value !== 'object' || value === null || seen.has(value)) return value;
  seen.add(value);
  const text = (member: JsonValue) => (containsComputed(member) ? computed('jsonencode(…)') : JSON.stringify(member));
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (isEncoded(value[i]!)) value[i] = text(value[i]!);
      else encodeNested(value[i]!, seen);
    }
  } else {
    for (const k of Object.keys(value)) {
      const member = value[k]!;
      if (isEncoded(member)) setOwn(value, k, text(member));
      else encodeNested(member, seen);
    }
  }
  return value;
}

/** A short, safe name of an expression for a marker: references by name, never literal text. */
export function nameOf(expr: HclExpr): string {
  switch (expr.kind) {
    case 'variable':
      return expr.name;
    case 'access': {
      let out = nameOf(expr.base);
      for (const s of expr.steps) {
        if ('attr' in s) out += `.${s.attr}`;
        else if ('index' in s) out += s.index.kind === 'literal' && typeof s.index.value === 'number' ? `[${s.index.value}]` : '[…]';
        else out += '[*]';
      }
      return out;
    }
    case 'call':
      return `${expr.name}(…)`;
    case 'conditional':
      return 'a conditional expression';
    case 'for':
      return 'a for expression';
    case 'template':
      return 'a string template';
    default:
      return 'an expression';
  }
}

/**
 * A conditional's condition as findings name it: references by name, literals as `…`
 * (`var.env == …`), so no literal text of the file reaches a message.
 */
function conditionName(expr: HclExpr): string {
  const part = (e: HclExpr) => (e.kind === 'variable' || e.kind === 'access' ? nameOf(e) : '…');
  if (expr.kind === 'variable' || expr.kind === 'access') return nameOf(expr);
  if (expr.kind === 'binary' && (expr.left.kind === 'variable' || expr.left.kind === 'access' || expr.right.kind === 'variable' || expr.right.kind === 'access')) return `${part(expr.left)} ${expr.op} ${part(expr.right)}`;
  if (expr.kind === 'unary' && expr.op === '!') return `!${part(expr.operand)}`;
  return 'the condition of a Terraform conditional';
}

/** `random_password.db.result`, `aws_iam_access_key.ci[0].secret`: the credential the attribute hands over, if it is one. */
function credentialReference(key: string, steps: readonly HclStep[], construct: string): JsonValue | undefined {
  const data = key.startsWith('data.');
  const type = key.slice(data ? 5 : 0, key.indexOf('.', data ? 5 : 0));
  // the attribute follows the instance key or splat of a counted resource
  let attr: string | undefined;
  for (const s of steps) {
    if ('index' in s) continue;
    attr = 'attr' in s ? s.attr : s.splat.find((x): x is { attr: string } => 'attr' in x)?.attr;
    break;
  }
  return attr === undefined ? undefined : credentialAttribute(data ? 'data' : 'managed', type, attr, construct);
}

export class ModuleEvaluator {
  /** Named values evaluated once (see once()), and those being evaluated now. */
  private readonly memo = new Map<string, JsonValue>();
  private readonly inProgress = new Set<string>();
  /** Times an expression was too deeply nested to evaluate (see once()). */
  private depthHits = 0;

  constructor(
    readonly decls: ModuleDecls,
    readonly places: Places,
    readonly budget: Budget,
    private readonly readInside: ReadInside,
    private readonly parseTemplate: ParseTemplate,
    /** Inputs given by the module call, evaluated in the caller. */
    private readonly inputs: Map<string, JsonValue> = new Map(),
  ) {}

  place(file: string, offset: number): Place {
    return { file, offset };
  }

  evaluate(expr: HclExpr, frame: Frame): JsonValue {
    if (--this.budget.left < 0) return computed('an expression past the evaluation budget');
    if (frame.depth > MAX_DEPTH) {
      this.depthHits++;
      return computed('an expression nested too deeply');
    }
    let v: JsonValue;
    try {
      v = this.evaluateKind(expr, frame, { ...frame, depth: frame.depth + 1 });
    } catch (err) {
      // a function's result past V8's string or array length (replace, format, join of huge parts)
      if (err instanceof RangeError) return computed(TOO_LARGE);
      throw err;
    }
    // a few written lines can double a value at every reference: past the cap it is not known
    return withinSize(v) ? v : computed(TOO_LARGE);
  }

  private evaluateKind(expr: HclExpr, frame: Frame, inner: Frame): JsonValue {
    switch (expr.kind) {
      case 'literal':
        return expr.value;
      case 'template':
        return this.template(expr.parts, inner);
      case 'tuple': {
        const out: JsonValue[] = [];
        this.places.value(out, this.place(frame.file, expr.start));
        for (const item of expr.items) {
          const v = this.evaluate(item, inner);
          this.places.member(out, out.length, this.place(frame.file, item.start));
          out.push(v);
        }
        return out;
      }
      case 'object': {
        const out: JsonObject = {};
        this.places.value(out, this.place(frame.file, expr.start));
        for (const item of expr.items) {
          const key = this.evaluate(item.key, inner);
          if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') return computed('an object with a key known only at deploy time');
          setOwn(out, String(key), this.evaluate(item.value, inner));
          const bound = item.value.kind === 'variable' ? frame.varPlaces?.get(item.value.name) : undefined;
          this.places.member(out, String(key), bound ?? this.place(frame.file, item.start));
        }
        return defuseObject(out);
      }
      case 'variable':
        return this.reference(expr, [], inner);
      case 'access':
        if (expr.base.kind === 'variable') return this.reference(expr.base, expr.steps, inner, expr);
        return this.steps(this.evaluate(expr.base, inner), expr.steps, inner, nameOf(expr));
      case 'call':
        return this.call(expr, inner);
      case 'conditional': {
        const c = this.evaluate(expr.cond, inner);
        if (c === true) return this.evaluate(expr.then, inner);
        if (c === false) return this.evaluate(expr.otherwise, inner);
        const a = this.evaluate(expr.then, inner);
        const b = this.evaluate(expr.otherwise, inner);
        if (JSON.stringify(a) === JSON.stringify(b)) return a;
        // the condition by name when it is a reference (var.debug), never its literal text
        const cond = conditionName(expr.cond);
        return oneOf('a Terraform conditional', [a, b], [`${cond} is true`, `${cond} is false`]);
      }
      case 'unary': {
        const v = this.evaluate(expr.operand, inner);
        if (expr.op === '!' && typeof v === 'boolean') return !v;
        if (expr.op === '-' && typeof v === 'number') return -v;
        return computed('an operation');
      }
      case 'binary':
        return this.binary(expr.op, this.evaluate(expr.left, inner), this.evaluate(expr.right, inner));
      case 'for':
        return this.forExpr(expr, inner);
      case 'opaque':
        return computed('an expression of a kind ecsguard does not evaluate');
    }
  }

  private binary(op: string, a: JsonValue, b: JsonValue): JsonValue {
    if (isComputed(a) || isComputed(b) || typeof a === 'object' || typeof b === 'object') {
      if (op === '==' || op === '!=') {
        if (!containsComputed(a) && !containsComputed(b)) return (JSON.stringify(a) === JSON.stringify(b)) === (op === '==');
      }
      return computed('an operation');
    }
    switch (op) {
      case '==':
        return a === b;
      case '!=':
        return a !== b;
      case '&&':
        return typeof a === 'boolean' && typeof b === 'boolean' ? a && b : computed('an operation');
      case '||':
        return typeof a === 'boolean' && typeof b === 'boolean' ? a || b : computed('an operation');
    }
    if (typeof a !== 'number' || typeof b !== 'number') return computed('an operation');
    switch (op) {
      case '<':
        return a < b;
      case '>':
        return a > b;
      case '<=':
        return a <= b;
      case '>=':
        return a >= b;
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        return b === 0 ? computed('a division by zero') : a / b;
      case '%':
        return b === 0 ? computed('a division by zero') : a % b;
    }
    return computed('an operation');
  }

  /**
   * Template parts with their `%{ for }` and `%{ if }` directives unrolled: literal text, and each
   * interpolation with the frame it is evaluated in (a loop's variables bound); a deploy-time
   * value as the phrase for why, when a directive cannot be decided here.
   */
  private expandDirectives(parts: HclTemplatePart[], frame: Frame, out: Array<HclLiteralPart | { expr: HclExpr; frame: Frame }> = [], depth = 0): typeof out | JsonObject {
    for (const p of parts) {
      if ('text' in p || 'expr' in p) {
        if (out.length >= MAX_EXPANDED_PARTS || --this.budget.left < 0) return computed('an expression past the evaluation budget');
        out.push('text' in p ? p : { expr: p.expr, frame });
        continue;
      }
      if (depth > MAX_DEPTH) return computed('an expression nested too deeply');
      if (p.branch) {
        const c = this.evaluate(p.branch.cond, frame);
        if (typeof c !== 'boolean') return computed('a string template with directives');
        const r = this.expandDirectives(c ? p.branch.then : p.branch.else, frame, out, depth + 1);
        if (!Array.isArray(r)) return r;
        continue;
      }
      if (!p.loop) return computed('a string template with directives');
      const collection = this.evaluate(p.loop.collection, frame);
      if (isComputed(collection) || typeof collection !== 'object' || collection === null) return computed('a string template with directives');
      const entries: Array<[JsonValue, JsonValue]> = Array.isArray(collection) ? collection.map((v, i) => [i, v]) : Object.keys(collection).sort().map((k) => [k, collection[k]!]);
      for (const [k, v] of entries) {
        const vars = new Map(frame.vars);
        if (p.loop.key !== undefined) vars.set(p.loop.key, k);
        vars.set(p.loop.value, v);
        const r = this.expandDirectives(p.loop.body, { ...frame, vars }, out, depth + 1);
        if (!Array.isArray(r)) return r;
      }
    }
    return out;
  }

  /** A template's parts with directives unrolled, each interpolation with its frame; a deploy-time value when a directive cannot be. */
  private unrolled(parts: HclTemplatePart[], frame: Frame): Array<HclLiteralPart | { expr: HclExpr; frame: Frame }> | JsonObject {
    return parts.some((p) => 'directive' in p) ? this.expandDirectives(parts, frame) : parts.map((p) => ('expr' in p ? { expr: p.expr, frame } : (p as HclLiteralPart)));
  }

  /**
   * A template: its text, or the value of a lone interpolation (Terraform keeps its type); with
   * parts known only at deploy time, the known text kept around them ("${repo.url}:latest").
   */
  private template(parts: HclTemplatePart[], frame: Frame): JsonValue {
    if (parts.length === 1 && 'expr' in parts[0]!) return this.evaluate(parts[0].expr, frame);
    const flat = this.unrolled(parts, frame);
    if (!Array.isArray(flat)) return flat;
    const out: JsonValue[] = [];
    for (const p of flat) {
      if ('text' in p) {
        out.push(p.text);
        continue;
      }
      const v = this.evaluate(p.expr, p.frame);
      out.push(this.toText(v) ?? (isComputed(v) ? v : computed(nameOf(p.expr))));
    }
    return template(out);
  }

  /** A value as template text, or undefined when it is not known or not text. */
  toText(v: JsonValue): string | undefined {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (isEncoded(v) && !containsComputed(v)) return JSON.stringify(v);
    return undefined;
  }

  private forExpr(expr: Extract<HclExpr, { kind: 'for' }>, frame: Frame): JsonValue {
    const collection = this.evaluate(expr.collection, frame);
    if (isComputed(collection) || (typeof collection !== 'object' || collection === null)) return computed('a for expression over a value known only at deploy time');
    const entries: Array<[JsonValue, JsonValue, string | number]> = Array.isArray(collection)
      ? collection.map((v, i) => [i, v, i])
      : Object.keys(collection).sort().map((k) => [k, collection[k]!, k]);
    const objectOut: JsonObject | undefined = expr.key ? {} : undefined;
    const listOut: JsonValue[] = [];
    const target = objectOut ?? listOut;
    this.places.value(target, this.place(frame.file, expr.start));
    for (const [k, v, fromKey] of entries) {
      if (--this.budget.left < 0) return computed('an expression past the evaluation budget');
      const vars = new Map(frame.vars);
      if (expr.keyVar !== undefined) vars.set(expr.keyVar, k);
      vars.set(expr.valueVar, v);
      // a member set to the loop's variable points at the collection member that holds its value
      const at = this.places.memberOf(collection, fromKey);
      const varPlaces = new Map(frame.varPlaces);
      for (const name of expr.keyVar !== undefined ? [expr.keyVar, expr.valueVar] : [expr.valueVar]) {
        if (at) varPlaces.set(name, at);
        else varPlaces.delete(name);
      }
      const f: Frame = { ...frame, vars, varPlaces };
      if (expr.cond) {
        const c = this.evaluate(expr.cond, f);
        if (c === false) continue;
        if (c !== true) return computed('a for expression with a condition known only at deploy time');
      }
      const value = this.evaluate(expr.value, f);
      if (objectOut) {
        const key = this.evaluate(expr.key!, f);
        if (typeof key !== 'string' && typeof key !== 'number') return computed('a for expression with keys known only at deploy time');
        const name = String(key);
        if (expr.grouping) {
          const list = own(objectOut, name);
          if (Array.isArray(list)) list.push(value);
          else setOwn(objectOut, name, [value]);
        } else setOwn(objectOut, name, value);
        this.places.copyMember(collection, fromKey, objectOut, name);
      } else {
        this.places.copyMember(collection, fromKey, listOut, listOut.length);
        listOut.push(value);
      }
    }
    if (objectOut) defuseObject(objectOut);
    return target;
  }

  private steps(value: JsonValue, steps: readonly HclStep[], frame: Frame, name: string): JsonValue {
    let v = value;
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i]!;
      // the marker met names the cause (a variable, each.value), better than the whole path
      if (isComputed(v)) return isObject(v) && Object.prototype.hasOwnProperty.call(v, COMPUTED_KEY) ? v : computed(name);
      if ('attr' in s) {
        const next = isObject(v) ? own(v, s.attr) : undefined;
        // a member a known value does not have is an error in Terraform: what try() catches
        if (next === undefined) return failure(name);
        v = next;
      } else if ('index' in s) {
        const k = this.evaluate(s.index, frame);
        if (isComputed(k)) return computed(name);
        const next = Array.isArray(v) && typeof k === 'number' ? v[k] : isObject(v) && (typeof k === 'string' || typeof k === 'number') ? own(v, String(k)) : undefined;
        if (next === undefined) return failure(name);
        v = next;
      } else {
        if (!Array.isArray(v)) return computed(name);
        const out: JsonValue[] = [];
        for (const item of v) out.push(this.steps(item, s.splat, frame, name));
        return this.steps(out, steps.slice(i + 1), frame, name);
      }
    }
    return v;
  }

  private reference(root: Extract<HclExpr, { kind: 'variable' }>, steps: readonly HclStep[], frame: Frame, whole?: HclExpr): JsonValue {
    const name = whole ? nameOf(whole) : root.name;
    const bound = frame.vars?.get(root.name);
    if (bound !== undefined) return this.steps(bound, steps, frame, name);
    const first = steps[0];
    const attr = first && 'attr' in first ? first.attr : undefined;
    switch (root.name) {
      case 'local':
        if (attr === undefined) return computed(name);
        return this.steps(this.local(attr, frame.depth), steps.slice(1), frame, name);
      case 'var': {
        if (attr === undefined) return computed(name);
        return this.steps(this.variable(attr, frame.depth), steps.slice(1), frame, name);
      }
      case 'path':
        if (attr === 'module') return this.decls.pathModule;
        if (attr === 'root' || attr === 'cwd') return '.';
        return computed(name);
      case 'module': {
        const call = attr === undefined ? undefined : this.decls.calls.get(attr);
        const second = steps[1];
        const given = second && 'attr' in second ? call?.outputs?.get(second.attr) : undefined;
        if (given !== undefined) return this.steps(given, steps.slice(2), frame, name);
        if (!call?.child || !second || !('attr' in second)) return computed(this.decls.prefix + name);
        return this.steps(call.child.output(second.attr, frame.depth), steps.slice(2), frame, name);
      }
      case 'data': {
        const second = steps[1];
        if (attr === undefined || !second || !('attr' in second)) return computed(this.decls.prefix + name);
        return this.resourceReference(`data.${attr}.${second.attr}`, steps.slice(2), frame, name);
      }
      case 'count':
      case 'each':
      case 'self':
      case 'terraform':
        return computed(name);
    }
    if (attr === undefined) return computed(this.decls.prefix + name);
    return this.resourceReference(`${root.name}.${attr}`, steps.slice(1), frame, name);
  }

  /** `aws_iam_role.exec.name`: a literal attribute of the resource, else a deploy-time value. */
  private resourceReference(key: string, steps: readonly HclStep[], frame: Frame, name: string): JsonValue {
    const decl = this.decls.resources.get(key);
    const marker = credentialReference(key, steps, this.decls.prefix + name) ?? computed(this.decls.prefix + name);
    // `aws_ecr_repository.app.repository_url`, or of one instance: `...app[0].repository_url`
    const last = steps[steps.length - 1];
    const instance = steps.length === 2 && 'index' in steps[0]!;
    if ((steps.length === 1 || instance) && last && 'attr' in last && last.attr === 'repository_url' && /^(data\.)?aws_ecr_repository\./.test(key)) {
      return this.ecrRepositoryUrl(key, instance ? undefined : decl, frame, name);
    }
    if (!decl) return marker;
    if (decl.mode === 'data' && decl.type === 'aws_iam_policy_document') {
      const first = steps[0];
      if (first && 'attr' in first && (first.attr === 'json' || first.attr === 'minified_json')) {
        const doc = this.policyDocument(key, decl, frame);
        return isComputed(doc) ? marker : markEncoded(doc);
      }
      return marker;
    }
    if (decl.mode === 'data' && decl.type === 'template_file') {
      // the template provider's data source, as older modules render container definitions
      const first = steps[0];
      const t = first && 'attr' in first && first.attr === 'rendered' ? this.templateFileData(decl, frame) : undefined;
      if (t === UNREAD) return unseen(UNREAD);
      if (!t) return marker;
      const v = this.template(t.parts, { file: t.file, vars: t.vars, inTemplate: true, depth: frame.depth + 1 });
      return isComputed(v) ? marker : v;
    }
    if (decl.mode === 'data' && decl.type === 'cloudinit_config') {
      const first = steps[0];
      const rendered = steps.length === 1 && first && 'attr' in first && first.attr === 'rendered' ? this.cloudInit(decl, frame) : undefined;
      return rendered ?? marker;
    }
    if (decl.mode === 'data' && this.findsEcsOptimizedAmi(decl, steps, frame)) return computed(`${this.decls.prefix}${name} (${ECS_OPTIMIZED_AMI_NOTE})`);
    if (decl.mode === 'data') return marker;
    const counted = decl.block.body.attributes.some((a) => a.name === 'count' || a.name === 'for_each');
    const first = steps[0];
    if (counted || !first || !('attr' in first)) return marker;
    const attr = first.attr === 'id' && decl.type === 'aws_iam_role' ? 'name' : first.attr;
    if (decl.type === 'aws_ssm_parameter' && (attr === 'value' || attr === 'insecure_value') && this.attribute(key, decl, 'type', frame) === 'SecureString') {
      return secureParameterValue(this.decls.prefix + name);
    }
    const value = this.attribute(key, decl, attr, frame);
    if (value !== undefined && credentialOf(value)) return value;
    return value === undefined || containsComputed(value) ? marker : this.steps(value, steps.slice(1), frame, name);
  }

  /**
   * An ECR repository's `repository_url` is `ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME` whatever
   * the account and region: its registry is ECR's, known before apply.
   */
  private ecrRepositoryUrl(key: string, decl: ResourceDecl | undefined, frame: Frame, name: string): JsonValue {
    const base = this.decls.prefix + name.slice(0, name.lastIndexOf('.'));
    const counted = decl?.block.body.attributes.some((a) => a.name === 'count' || a.name === 'for_each');
    const repo = decl && !counted ? this.attribute(key, decl, 'name', frame) : undefined;
    const repoName = typeof repo === 'string' ? repo : computed(`${base}.name`);
    return template([computed(`${base}.registry_id`), '.dkr.ecr.', computed(`${base}.region`), '.amazonaws.com/', repoName]);
  }

  /**
   * `data.aws_ssm_parameter.x.value` of the public ECS AMI parameter, or `data.aws_ami.x.id` of an
   * image filtered by an ECS AMI name: unknown until apply, but known to be an ECS-optimized AMI.
   */
  private findsEcsOptimizedAmi(decl: ResourceDecl, steps: readonly HclStep[], frame: Frame): boolean {
    const first = steps[0];
    const attr = steps.length === 1 && first && 'attr' in first ? first.attr : undefined;
    const f: Frame = { file: decl.file, depth: frame.depth + 1 };
    if (decl.type === 'aws_ssm_parameter' && (attr === 'value' || attr === 'insecure_value')) {
      return namesEcsOptimizedImage(this.attrValue(decl.block.body, 'name', f));
    }
    if (decl.type === 'aws_ami' && (attr === 'id' || attr === 'image_id')) {
      if (namesEcsOptimizedImage(this.attrValue(decl.block.body, 'name_regex', f))) return true;
      return this.expandBlocks(decl.block.body, 'filter', f).some((b) => this.attrValue(b.body, 'name', b.frame) === 'name' && namesEcsOptimizedImage(this.attrValue(b.body, 'values', b.frame)));
    }
    return false;
  }

  /**
   * data "cloudinit_config": its parts as the MIME multipart text cloud-init reads (EC2 user data),
   * base64-encoded unless `base64_encode = false`. Compression is left out: what the checks read is
   * the text. Undefined when a part's content type or the encoding is known only at deploy time.
   */
  private cloudInit(decl: ResourceDecl, frame: Frame): JsonValue | undefined {
    if (decl.block.body.attributes.some((a) => a.name === 'count' || a.name === 'for_each')) return undefined;
    const f: Frame = { file: decl.file, depth: frame.depth + 1 };
    const attr = (body: HclBody, name: string) => this.attrValue(body, name, f);
    const encode = attr(decl.block.body, 'base64_encode') ?? true;
    if (typeof encode !== 'boolean') return undefined;
    const boundary = 'MIMEBOUNDARY';
    const parts: JsonValue[] = [`Content-Type: multipart/mixed; boundary="${boundary}"\nMIME-Version: 1.0\n\n`];
    for (const part of decl.block.body.blocks) {
      if (part.type !== 'part') continue;
      const type = attr(part.body, 'content_type') ?? 'text/plain';
      const content = attr(part.body, 'content');
      if (typeof type !== 'string' || content === undefined) return undefined;
      parts.push(`--${boundary}\nContent-Type: ${type}\n\n`, content, '\n');
    }
    parts.push(`--${boundary}--\n`);
    const text = template(parts);
    if (!encode) return text;
    return typeof text === 'string' ? Buffer.from(text, 'utf8').toString('base64') : { [BASE64_KEY]: text };
  }

  /** A top-level attribute of another resource, evaluated once (cycles cut). */
  /**
   * A named value evaluated once (a local, a variable's default, an output, another resource's
   * attribute, a policy document); met again while it is being evaluated, it is a cycle.
   */
  private once(key: string, cycle: string, compute: () => JsonValue): JsonValue {
    if (this.memo.has(key)) return this.memo.get(key)!;
    if (this.inProgress.has(key)) return computed(`${cycle} (a cycle of references)`);
    this.inProgress.add(key);
    const hits = this.depthHits;
    const v = compute();
    this.inProgress.delete(key);
    // a value cut short by the depth it was reached at may be whole from a shallower reference
    if (this.depthHits === hits) this.memo.set(key, v);
    return v;
  }

  /** A top-level attribute of another resource, or undefined when it does not set it. */
  private attribute(key: string, decl: ResourceDecl, attr: string, frame: Frame): JsonValue | undefined {
    const a = decl.block.body.attributes.find((x) => x.name === attr);
    if (!a) return undefined;
    return this.once(`attr\u0000${key}\u0000${attr}`, `${this.decls.prefix}${key}.${attr}`, () => this.evaluate(a.value, { file: decl.file, depth: frame.depth + 1 }));
  }

  // A named value is evaluated at the depth it is referenced from: a chain of locals nests as
  // deeply as the expressions it stands for, and is cut where they would be.
  local(name: string, depth = 0): JsonValue {
    const decl = this.decls.locals.get(name);
    if (!decl) return computed(`${this.decls.prefix}local.${name}`);
    return this.once(`local\u0000${name}`, `${this.decls.prefix}local.${name}`, () => this.evaluate(decl.expr, { file: decl.file, depth }));
  }

  variable(name: string, depth = 0): JsonValue {
    const given = this.inputs.get(name);
    const decl = this.decls.variables.get(name);
    // a value given to a variable declared sensitive is a secret, whatever it looks like
    if (decl?.sensitive && typeof given === 'string' && given !== '') return sensitiveVariable(`${this.decls.prefix}var.${name}`);
    if (given !== undefined) return given;
    const value = decl?.default;
    // a sensitive variable with no default, or `default = null`, is given its secret at deploy time
    if (decl?.sensitive && (!value || (value.kind === 'literal' && value.value === null))) return sensitiveVariable(`${this.decls.prefix}var.${name}`);
    if (!decl || !value) return computed(`${this.decls.prefix}var.${name}`);
    return this.once(`var\u0000${name}`, `${this.decls.prefix}var.${name}`, () => this.evaluate(value, { file: decl.file, depth }));
  }

  output(name: string, depth = 0): JsonValue {
    const decl = this.decls.outputs.get(name);
    if (!decl) return computed(`${this.decls.prefix}output.${name}`);
    return this.once(`output\u0000${name}`, `${this.decls.prefix}output.${name}`, () => this.evaluate(decl.expr, { file: decl.file, depth }));
  }

  private call(expr: Extract<HclExpr, { kind: 'call' }>, frame: Frame): JsonValue {
    const name = expr.name.includes('::') ? expr.name.slice(expr.name.lastIndexOf('::') + 2) : expr.name;
    const args = expr.args.map((a) => this.evaluate(a, frame));
    if (expr.expand && args.length > 0) {
      const last = args.pop()!;
      if (!Array.isArray(last)) return computed(`${name}(…)`);
      args.push(...last);
    }
    const unknown = computed(`${name}(…)`);
    switch (name) {
      case 'try':
        // the first argument that is not an error (a deploy-time value is not one)
        for (const a of args) if (!isFailure(a)) return a;
        return unknown;
      case 'can':
        return args[0] === undefined ? unknown : isFailure(args[0]) ? false : containsComputed(args[0]) ? unknown : true;
      case 'get_env': {
        // Terragrunt's: the variable of the shell that applies, named so that its name counts
        // (get_env("DB_PASSWORD") under any name is a secret resolved into plaintext)
        const name = args[0];
        return typeof name === 'string' && /^[A-Za-z_][A-Za-z0-9_]{0,100}$/.test(name) ? computed(`get_env.${name}`) : unknown;
      }
      case 'jsonencode':
        if (args.length !== 1) return unknown;
        if (typeof args[0] === 'object' && args[0] !== null) return isComputed(args[0]) ? unknown : markEncoded(encodeNested(args[0]));
        return JSON.stringify(args[0]);
      case 'jsondecode': {
        const text = args[0];
        if (typeof text !== 'string') return isEncoded(args[0]!) ? args[0]! : unknown;
        const decoded = parseJsonData(text);
        return decoded === undefined ? unknown : decoded;
      }
      case 'yamldecode': {
        // through the scanner's own YAML reading: aliases bounded, `__proto__` plain data
        const text = args[0];
        if (typeof text !== 'string') return unknown;
        const parsed = parseDocumentText(text, 'yamldecode.yaml');
        if (!parsed.ok) return unknown;
        defuseWrittenMarkers(parsed.doc.value, { intrinsics: true });
        return parsed.doc.value;
      }
      case 'file':
        return this.file(args[0], frame) ?? unknown;
      case 'base64encode':
      case 'filebase64': {
        const text = name === 'filebase64' ? this.file(args[0], frame) : args[0];
        if (typeof text === 'string') return Buffer.from(text, 'utf8').toString('base64');
        // a text with deploy-time parts keeps its known text (user data the checks read)
        return text !== undefined && isComputed(text) && !isFailure(text) ? { [BASE64_KEY]: text } : unknown;
      }
      case 'base64decode': {
        const text = args[0];
        if (typeof text === 'string') return Buffer.from(text, 'base64').toString('utf8');
        const inner = own(text, BASE64_KEY);
        return inner !== undefined ? inner : unknown;
      }
      case 'templatefile':
        return this.templateFile(args[0], args[1], frame) ?? unknown;
      case 'merge': {
        const out: JsonObject = {};
        this.places.value(out, this.place(frame.file, expr.start));
        for (const a of args) {
          if (a === null) continue;
          if (!isObject(a) || isComputed(a)) return unknown;
          for (const k of Object.keys(a)) {
            setOwn(out, k, a[k]!);
            this.places.copyMember(a, k, out, k);
          }
        }
        return defuseObject(out);
      }
      case 'concat': {
        const out: JsonValue[] = [];
        this.places.value(out, this.place(frame.file, expr.start));
        for (const a of args) {
          if (!Array.isArray(a)) return unknown;
          a.forEach((v, i) => {
            this.places.copyMember(a, i, out, out.length);
            out.push(v);
          });
        }
        return out;
      }
      case 'lookup': {
        const [m, k, d] = args;
        if (!isObject(m) || isComputed(m) || typeof k !== 'string') return unknown;
        const v = own(m, k);
        return v !== undefined ? v : d !== undefined ? d : unknown;
      }
      case 'join': {
        const [sep, ...lists] = args;
        if (typeof sep !== 'string') return unknown;
        const texts: string[] = [];
        for (const l of lists) {
          if (!Array.isArray(l)) return unknown;
          for (const v of l) {
            const t = this.toText(v);
            if (t === undefined) return unknown;
            texts.push(t);
          }
        }
        return texts.join(sep);
      }
      case 'format':
        return this.format(args) ?? unknown;
      case 'tostring':
        return typeof args[0] === 'string' || typeof args[0] === 'number' || typeof args[0] === 'boolean' ? String(args[0]) : unknown;
      case 'tonumber':
        return typeof args[0] === 'number' ? args[0] : typeof args[0] === 'string' && args[0].trim() !== '' && Number.isFinite(Number(args[0])) ? Number(args[0]) : unknown;
      case 'tobool':
        return typeof args[0] === 'boolean' ? args[0] : args[0] === 'true' ? true : args[0] === 'false' ? false : unknown;
      case 'tolist':
      case 'toset':
        return Array.isArray(args[0]) ? args[0] : unknown;
      case 'tomap':
        return isObject(args[0]) && !isComputed(args[0]) ? args[0] : unknown;
    }
    if (args.some(isFailure)) return args.find(isFailure)!;
    return pureFunction(name, args) ?? unknown;
  }

  private format(args: JsonValue[]): string | undefined {
    const [spec, ...values] = args;
    if (typeof spec !== 'string') return undefined;
    let out = '';
    let n = 0;
    for (let i = 0; i < spec.length; i++) {
      const c = spec[i]!;
      if (c !== '%') {
        out += c;
        continue;
      }
      const verb = spec[++i];
      if (verb === '%') {
        out += '%';
        continue;
      }
      if (verb !== 's' && verb !== 'd' && verb !== 'v') return undefined;
      const t = this.toText(values[n++] ?? null);
      if (t === undefined) return undefined;
      out += t;
    }
    return out;
  }

  /** file(path): a file inside the scanned tree, relative to the root module as Terraform reads it. */
  private file(pathValue: JsonValue | undefined, frame: Frame): JsonValue | undefined {
    if (frame.inTemplate || typeof pathValue !== 'string') return undefined;
    const read = this.readInside(this.decls.rootDir, pathValue);
    return read.ok ? read.text : undefined;
  }

  /** A template's variables (templatefile's second argument, template_file's vars), unless unknown. */
  private templateVars(value: JsonValue | undefined): Map<string, JsonValue> | undefined {
    const vars = new Map<string, JsonValue>();
    if (value === undefined) return vars;
    if (!isObject(value) || isComputed(value)) return undefined;
    for (const k of Object.keys(value)) vars.set(k, value[k]!);
    return vars;
  }

  private templateFile(pathValue: JsonValue | undefined, varsValue: JsonValue | undefined, frame: Frame): JsonValue | undefined {
    if (frame.inTemplate || typeof pathValue !== 'string') return undefined;
    const read = this.readInside(this.decls.rootDir, pathValue);
    if (!read.ok) return undefined;
    const parts = this.parseTemplate(read.text, read.file);
    const vars = this.templateVars(varsValue);
    if (!parts || !vars) return undefined;
    // a template sees only its own variables
    return this.template(parts, { file: read.file, vars, inTemplate: true, depth: frame.depth + 1 });
  }

  /**
   * A JSON document attribute (container_definitions, policy) as data, with its places: an HCL
   * value, or JSON text from a string, a heredoc or a file, parsed where it was written.
   */
  /**
   * data "template_file": its template (a literal, or file() of a file in the tree) as parts,
   * with the variables of its `vars`; undefined when either is known only at deploy time.
   */
  private templateFileData(decl: ResourceDecl, frame: Frame): { parts: HclTemplatePart[]; file: string; vars: Map<string, JsonValue>; placed: boolean } | typeof UNREAD | undefined {
    const template = decl.block.body.attributes.find((a) => a.name === 'template');
    if (!template) return undefined;
    const f: Frame = { file: decl.file, depth: frame.depth + 1 };
    let text: string | undefined;
    let file = decl.file;
    const e = singleInterpolation(template.value);
    if (e.kind === 'call' && e.name === 'file' && e.args[0]) {
      const path = this.evaluate(e.args[0], f);
      if (typeof path !== 'string') return undefined;
      const read = this.readInside(this.decls.rootDir, path);
      // a missing file fails the plan: not a value "known after apply"
      if (!read.ok) return UNREAD;
      text = read.text;
      file = read.file;
    } else if (e.kind === 'template' && e.parts.every((p) => 'text' in p)) {
      // a literal template: its $${...} were escapes at the HCL level, templates for the provider
      text = e.parts.map((p) => ('text' in p ? p.text : '')).join('');
    }
    if (text === undefined) return undefined;
    const parts = this.parseTemplate(text, file);
    if (!parts) return undefined;
    const varsAttr = decl.block.body.attributes.find((a) => a.name === 'vars');
    // Terraform 0.11 wrote the variables as a block, `vars { ... }`
    const varsBlock = varsAttr ? undefined : decl.block.body.blocks.find((b) => b.type === 'vars' && b.labels.length === 0);
    const vars = this.templateVars(varsAttr ? this.evaluate(varsAttr.value, f) : varsBlock ? this.bodyValues(varsBlock.body, f, varsBlock.start) : undefined);
    if (!vars) return undefined;
    // offsets are the template file's; a literal's are not the .tf file's (placed: false)
    return { parts, file, vars, placed: file !== decl.file };
  }

  jsonDocument(written: HclExpr, frame: Frame, parseJsonText: (text: string, layoutFile: string, toFile: (offset: number) => number, holes: Map<string, JsonValue>) => JsonValue | undefined): JsonValue {
    // Terraform 0.11's "${x}" is x
    const expr = singleInterpolation(written);
    // data.template_file.x.rendered: rendered with its variables, placed in its template file
    if (expr.kind === 'access' && expr.base.kind === 'variable' && expr.base.name === 'data' && expr.steps.length === 3) {
      const [type, name, attr] = expr.steps.map((s) => ('attr' in s ? s.attr : undefined));
      const decl = type === 'template_file' && attr === 'rendered' ? this.decls.resources.get(`data.template_file.${name}`) : undefined;
      const t = decl ? this.templateFileData(decl, frame) : undefined;
      if (t === UNREAD) return unseen(UNREAD);
      if (t?.placed) {
        const rendered = this.renderWithHoles(t.parts, { file: t.file, vars: t.vars, inTemplate: true, depth: frame.depth + 1 });
        const parsed = rendered ? parseJsonText(rendered.text, t.file, rendered.toFile, rendered.holes) : undefined;
        if (parsed !== undefined) return parsed;
      }
    }
    if (expr.kind === 'template' && !(expr.parts.length === 1 && 'expr' in expr.parts[0]!)) {
      const rendered = this.renderWithHoles(expr.parts, frame);
      if (rendered) return parseJsonText(rendered.text, frame.file, rendered.toFile, rendered.holes) ?? computed('JSON text that does not parse');
    }
    if (expr.kind === 'call' && (expr.name === 'file' || expr.name === 'templatefile') && !frame.inTemplate) {
      const pathValue = expr.args[0] ? this.evaluate(expr.args[0], frame) : undefined;
      if (typeof pathValue !== 'string') return computed(`${expr.name}(…)`);
      const read = this.readInside(this.decls.rootDir, pathValue);
      if (!read.ok) return unseen(UNREAD);
      if (expr.name === 'file') return parseJsonText(read.text, read.file, (o) => o, new Map()) ?? computed('JSON text that does not parse');
      const parts = this.parseTemplate(read.text, read.file);
      // variables known only at deploy time leave their interpolations as holes
      const vars = this.templateVars(expr.args[1] ? this.evaluate(expr.args[1], frame) : undefined) ?? new Map<string, JsonValue>();
      if (!parts) return computed('a template that does not parse');
      const rendered = this.renderWithHoles(parts, { file: read.file, vars, inTemplate: true, depth: frame.depth + 1 });
      return (rendered && parseJsonText(rendered.text, read.file, rendered.toFile, rendered.holes)) ?? computed('templatefile(…)');
    }
    const v = this.evaluate(expr, frame);
    if (typeof v === 'string') return parseJsonText(v, frame.file, () => expr.start, new Map()) ?? computed('JSON text that does not parse');
    return v;
  }

  /**
   * A template rendered as JSON text whose unknown interpolations are placeholder tokens (quoted
   * where they stand outside a JSON string), with a map from rendered offsets to file offsets.
   */
  private renderWithHoles(parts: HclTemplatePart[], frame: Frame): { text: string; toFile: (o: number) => number; holes: Map<string, JsonValue> } | undefined {
    const json = new JsonWithHoles();
    const runs: Array<[number, number, number]> = []; // rendered start, file start, length (-1: a hole)
    const expanded = this.unrolled(parts, frame);
    if (!Array.isArray(expanded)) return undefined;
    for (const p of expanded) {
      if ('text' in p) {
        for (let r = 0; r < p.runs.length; r++) {
          const [at, fileAt] = p.runs[r]!;
          const end = r + 1 < p.runs.length ? p.runs[r + 1]![0] : p.text.length;
          runs.push([json.text.length + at, fileAt, end - at]);
        }
        json.literal(p.text);
        continue;
      }
      const v = this.evaluate(p.expr, p.frame);
      const known = typeof v === 'string' ? v : this.toText(v);
      runs.push([json.text.length, p.expr.start, -1]);
      if (known !== undefined && !(typeof v === 'string' && !json.inString && isEncoded(v))) {
        json.literal(json.inString && typeof v === 'string' ? JSON.stringify(v).slice(1, -1) : known);
        continue;
      }
      json.hole(isComputed(v) ? v : computed(nameOf(p.expr)));
    }
    const toFile = (o: number): number => {
      let lo = 0;
      let hi = runs.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (runs[mid]![0] <= o) lo = mid;
        else hi = mid - 1;
      }
      const run = runs[lo];
      if (!run) return 0;
      return run[2] === -1 ? run[1] : run[1] + Math.min(o - run[0], Math.max(run[2] - 1, 0));
    };
    return { text: json.text, toFile, holes: json.holes };
  }

  /** data "aws_iam_policy_document": its statement blocks as an IAM policy document. */
  policyDocument(key: string, decl: ResourceDecl, frame: Frame): JsonValue {
    return this.once(`doc\u0000${key}`, `${this.decls.prefix}${key}.json`, () => this.buildPolicyDocument(key, decl, frame));
  }

  private buildPolicyDocument(key: string, decl: ResourceDecl, frame: Frame): JsonValue {
    const f: Frame = { file: decl.file, depth: frame.depth + 1 };
    const doc: JsonObject = { Version: '2012-10-17' };
    this.places.value(doc, this.place(decl.file, decl.block.start));
    const statements: JsonValue[] = [];
    for (const a of decl.block.body.attributes) {
      if (a.name !== 'source_policy_documents' && a.name !== 'override_policy_documents') continue;
      const docs = this.evaluate(a.value, f);
      if (!Array.isArray(docs)) statements.push(computed(`${key}.${a.name}`));
      else for (const d of docs) {
        const parsed = typeof d === 'string' ? safeParse(d) : d;
        const st = own(parsed, 'Statement');
        if (Array.isArray(st)) statements.push(...st);
        else if (isObject(st)) statements.push(st);
        else statements.push(computed(`${key}.${a.name}`));
      }
    }
    const version = decl.block.body.attributes.find((a) => a.name === 'version');
    if (version) doc.Version = this.evaluate(version.value, f);
    for (const block of this.expandBlocks(decl.block.body, 'statement', f)) {
      const { body, frame: bf, start } = block;
      const st: JsonObject = {};
      this.places.value(st, this.place(decl.file, start));
      this.places.member(statements, statements.length, this.place(decl.file, start));
      st.Effect = 'Allow';
      for (const a of body.attributes) {
        const api = STATEMENT_FIELDS.get(a.name);
        if (!api) continue;
        st[api] = this.evaluate(a.value, bf);
        this.places.member(st, api, this.place(decl.file, a.start));
      }
      for (const kind of ['principals', 'not_principals'] as const) {
        const api = kind === 'principals' ? 'Principal' : 'NotPrincipal';
        for (const p of this.expandBlocks(body, kind, bf)) {
          const type = this.attrValue(p.body, 'type', p.frame);
          const ids = this.attrValue(p.body, 'identifiers', p.frame);
          if (typeof type !== 'string') continue;
          const principal = (isObject(st[api]) ? st[api] : (st[api] = {})) as JsonObject;
          setOwn(principal, type, ids ?? []);
          this.places.member(st, api, this.place(decl.file, p.start));
        }
      }
      for (const c of this.expandBlocks(body, 'condition', bf)) {
        const test = this.attrValue(c.body, 'test', c.frame);
        const variable = this.attrValue(c.body, 'variable', c.frame);
        const values = this.attrValue(c.body, 'values', c.frame);
        if (typeof test !== 'string' || typeof variable !== 'string') {
          st.Condition = computed(`${key} condition`);
          continue;
        }
        const cond = (isObject(st.Condition) && !isComputed(st.Condition) ? st.Condition : (st.Condition = {})) as JsonObject;
        const byTest = (isObject(own(cond, test)) ? own(cond, test) : {}) as JsonObject;
        setOwn(byTest, variable, values ?? []);
        setOwn(cond, test, byTest);
        this.places.member(st, 'Condition', this.place(decl.file, c.start));
      }
      statements.push(st);
    }
    doc.Statement = statements;
    this.places.value(statements, this.place(decl.file, decl.block.start));
    this.places.member(doc, 'Statement', this.place(decl.file, decl.block.start));
    return doc;
  }

  private attrValue(body: HclBody, name: string, frame: Frame): JsonValue | undefined {
    const a = body.attributes.find((x) => x.name === name);
    return a ? this.evaluate(a.value, frame) : undefined;
  }

  /**
   * Nested blocks of a type, with `dynamic "type"` blocks expanded over their for_each (once,
   * with unknown iterator values, when the collection is known only at deploy time).
   */
  expandBlocks(body: HclBody, type: string, frame: Frame): Array<{ body: HclBody; frame: Frame; start: number }> {
    const out: Array<{ body: HclBody; frame: Frame; start: number }> = [];
    for (const b of body.blocks) {
      if (b.type === type && b.labels.length === 0) out.push({ body: b.body, frame, start: b.start });
      else if (b.type === 'dynamic' && b.labels[0] === type) {
        const content = b.body.blocks.find((x) => x.type === 'content');
        if (!content) continue;
        const iteratorAttr = b.body.attributes.find((a) => a.name === 'iterator');
        const iterator = iteratorAttr?.value.kind === 'variable' ? iteratorAttr.value.name : type;
        const forEach = b.body.attributes.find((a) => a.name === 'for_each');
        const collection = forEach ? this.evaluate(forEach.value, frame) : null;
        const items: Array<[JsonValue, JsonValue]> = Array.isArray(collection)
          ? collection.map((v, i) => [typeof v === 'string' ? v : i, v])
          : isObject(collection) && !isComputed(collection)
            ? Object.keys(collection).sort().map((k) => [k, collection[k]!])
            : [[computed(`${iterator}.key (a dynamic block is over a value known only at deploy time)`), computed(`${iterator}.value (a dynamic block is over a value known only at deploy time)`)]];
        // past the cap, one more block stands for the rest, its iterator unknown: none goes unread
        if (items.length > MAX_INSTANCES) items.splice(MAX_INSTANCES, Infinity, [computed(`${iterator}.key ${PAST_CAP}`), computed(`${iterator}.value ${PAST_CAP}`)]);
        for (const [key, value] of items) {
          const vars = new Map(frame.vars);
          vars.set(iterator, { key, value });
          out.push({ body: content.body, frame: { ...frame, vars }, start: content.start });
        }
      }
    }
    return out;
  }

  /**
   * A block body as Terraform's plan shows it: attributes evaluated, nested blocks as lists of
   * objects under their type, every member placed at its line.
   */
  bodyValues(body: HclBody, frame: Frame, start: number, skip: ReadonlySet<string> = NO_SKIP, depth = 0): JsonObject {
    const out: JsonObject = {};
    this.places.value(out, this.place(frame.file, start));
    for (const a of body.attributes) {
      if (skip.has(a.name)) continue;
      setOwn(out, a.name, this.evaluate(a.value, frame));
      this.places.member(out, a.name, this.place(frame.file, a.start));
    }
    if (depth > 16) return out;
    const types: string[] = [];
    for (const b of body.blocks) {
      const t = b.type === 'dynamic' ? b.labels[0] : b.labels.length === 0 ? b.type : undefined;
      if (t !== undefined && !skip.has(t) && t !== 'lifecycle' && t !== 'provisioner' && t !== 'connection' && !types.includes(t)) types.push(t);
    }
    for (const t of types) {
      const list: JsonValue[] = [];
      const blocks = this.expandBlocks(body, t, frame);
      this.places.value(list, this.place(frame.file, blocks[0]?.start ?? start));
      for (const b of blocks) {
        this.places.member(list, list.length, this.place(frame.file, b.start));
        list.push(this.bodyValues(b.body, b.frame, b.start, NO_SKIP, depth + 1));
      }
      setOwn(out, t, list);
      this.places.member(out, t, this.place(frame.file, blocks[0]?.start ?? start));
    }
    return out;
  }

  /** The instances count or for_each makes: their address suffix and iteration values. */
  instances(block: HclBlock, frame: Frame): { instances: Array<{ suffix: string; vars: Map<string, JsonValue> }> } {
    const count = block.body.attributes.find((a) => a.name === 'count');
    const forEach = block.body.attributes.find((a) => a.name === 'for_each');
    if (count) {
      const n = this.evaluate(count.value, frame);
      if (typeof n === 'number' && Number.isInteger(n) && n >= 0) {
        const instances = Array.from({ length: Math.min(n, MAX_INSTANCES) }, (_, i) => ({ suffix: `[${i}]`, vars: new Map<string, JsonValue>([['count', { index: i }]]) }));
        // past the cap, one more instance stands for the rest, its index unknown: none goes unread
        if (n > MAX_INSTANCES) instances.push({ suffix: `[${MAX_INSTANCES}…]`, vars: new Map([['count', { index: computed(`count.index ${PAST_CAP}`) }]]) });
        return { instances };
      }
      if (n === null || n === false) return { instances: [] };
      return { instances: [{ suffix: '', vars: new Map([['count', { index: computed('count.index (count is known only at deploy time)') }]]) }] };
    }
    if (forEach) {
      const c = this.evaluate(forEach.value, frame);
      const keyed = (keys: string[], valueOf: (k: string) => JsonValue) => {
        const instances = keys.slice(0, MAX_INSTANCES).map((k) => ({ suffix: `[${JSON.stringify(k)}]`, vars: new Map<string, JsonValue>([['each', { key: k, value: valueOf(k) }]]) }));
        if (keys.length > MAX_INSTANCES) instances.push({ suffix: `[${MAX_INSTANCES}…]`, vars: new Map([['each', { key: computed(`each.key ${PAST_CAP}`), value: computed(`each.value ${PAST_CAP}`) }]]) });
        return { instances };
      };
      if (Array.isArray(c) && c.every((x) => typeof x === 'string')) return keyed([...new Set(c as string[])].sort(), (k) => k);
      if (isObject(c) && !isComputed(c)) return keyed(Object.keys(c).sort(), (k) => c[k]!);
      return {
        instances: [{ suffix: '', vars: new Map([['each', { key: computed('each.key (for_each is over a value known only at deploy time)'), value: computed('each.value (for_each is over a value known only at deploy time)') }]]) }],
      };
    }
    return { instances: [{ suffix: '', vars: new Map() }] };
  }
}

const NO_SKIP: ReadonlySet<string> = new Set();

// A Map, not an object literal: attribute names come from input ("constructor" is data here).
const STATEMENT_FIELDS = new Map([
  ['sid', 'Sid'],
  ['effect', 'Effect'],
  ['actions', 'Action'],
  ['not_actions', 'NotAction'],
  ['resources', 'Resource'],
  ['not_resources', 'NotResource'],
]);

function safeParse(text: string): JsonValue {
  return parseJsonData(text) ?? null;
}

