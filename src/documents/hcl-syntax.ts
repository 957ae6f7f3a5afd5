// Terraform's HCL native syntax -> a small syntax tree of bodies, blocks, attributes and
// expressions, each with its offset in the file. The parsing is tree-sitter's (web-tree-sitter
// with the tree-sitter-hcl grammar, both WebAssembly): loaded only when a scan meets a `.tf` file,
// because a scan of JSON files must not pay for it. The concrete tree is converted here once and
// freed; evaluation happens elsewhere (sources/files/terraform-hcl/).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { UserError } from '../util/errors.js';
import { LineIndex } from '../util/positions.js';

/** Deeper nesting than this is refused, as JSON's and YAML's is: no unbounded recursion. */
export const MAX_HCL_NESTING = 100;

export interface HclAttribute {
  name: string;
  value: HclExpr;
  start: number;
}

export interface HclBlock {
  type: string;
  labels: string[];
  body: HclBody;
  start: number;
}

export interface HclBody {
  attributes: HclAttribute[];
  blocks: HclBlock[];
}

/** A run of literal template text: `text` with where each stretch of it starts in the file. */
export interface HclLiteralPart {
  text: string;
  /** [offset in text, offset in file] pairs, in order: escapes and stripped indentation break runs. */
  runs: Array<[number, number]>;
}

/**
 * A template directive: `%{ for k, v in coll }...%{ endfor }` as `loop`, `%{ if c }...%{ else }...%{ endif }`
 * as `branch`; neither when it could not be read (the evaluator then treats the value as unknown).
 */
export interface HclDirective {
  directive: true;
  start: number;
  loop?: { key?: string; value: string; collection: HclExpr; body: HclTemplatePart[] };
  branch?: { cond: HclExpr; then: HclTemplatePart[]; else: HclTemplatePart[] };
}

export type HclTemplatePart = HclLiteralPart | { expr: HclExpr } | HclDirective;

export type HclStep = { attr: string } | { index: HclExpr } | { splat: HclStep[] };

export type HclExpr =
  | { kind: 'literal'; value: string | number | boolean | null; start: number }
  | { kind: 'template'; parts: HclTemplatePart[]; start: number }
  | { kind: 'tuple'; items: HclExpr[]; start: number }
  | { kind: 'object'; items: Array<{ key: HclExpr; value: HclExpr; start: number }>; start: number }
  | { kind: 'variable'; name: string; start: number }
  | { kind: 'access'; base: HclExpr; steps: HclStep[]; start: number }
  | { kind: 'call'; name: string; args: HclExpr[]; expand: boolean; start: number }
  | { kind: 'conditional'; cond: HclExpr; then: HclExpr; otherwise: HclExpr; start: number }
  | { kind: 'unary'; op: string; operand: HclExpr; start: number }
  | { kind: 'binary'; op: string; left: HclExpr; right: HclExpr; start: number }
  | { kind: 'for'; keyVar?: string; valueVar: string; collection: HclExpr; key?: HclExpr; value: HclExpr; cond?: HclExpr; grouping: boolean; start: number }
  | { kind: 'opaque'; what: string; start: number };

export type HclParseResult = { ok: true; body: HclBody } | { ok: false; error: UserError };

// The parts of web-tree-sitter's API used here (its types are not loaded at start-up either).
interface TsNode {
  type: string;
  isNamed: boolean;
  startIndex: number;
  endIndex: number;
  childCount: number;
  hasError: boolean;
  isMissing: boolean;
  /** All children at once: one call into the WebAssembly, where child(i) walks siblings each time. */
  children: TsNode[];
  firstChild: TsNode | null;
  lastChild: TsNode | null;
  childForFieldName(name: string): TsNode | null;
}
interface TsTree {
  rootNode: TsNode;
  delete(): void;
}
interface TsParser {
  parse(text: string): TsTree | null;
}

let parser: TsParser | undefined;

/** Where a WebAssembly file is: beside the built code (dist/generated/), else in node_modules. */
function wasmPath(name: string, packageFile: string): string {
  const built = fileURLToPath(new URL(`../generated/${name}`, import.meta.url));
  if (existsSync(built)) return built;
  return createRequire(import.meta.url).resolve(packageFile);
}

/** Loads the parser once (about 40 ms); every later parse is synchronous. */
export async function loadHclParser(): Promise<void> {
  if (parser) return;
  // The bundled CLI runs in a vm script, where a dynamic import() of Node's own modules is not
  // available: scripts/bundle.mjs bundles the library's CommonJS build, and the WebAssembly is
  // handed over as bytes so the library never imports the file system itself.
  const ts = await import('web-tree-sitter');
  await ts.Parser.init({ wasmBinary: readFileSync(wasmPath('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm')) });
  const language = await ts.Language.load(readFileSync(wasmPath('tree-sitter-hcl.wasm', '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm')));
  const p = new ts.Parser();
  p.setLanguage(language);
  parser = p as unknown as TsParser;
}

class TooDeep extends Error {
  constructor(readonly offset: number) {
    super('too deep');
  }
}

export function parseHcl(text: string, file: string): HclParseResult {
  if (!parser) throw new Error('parseHcl before loadHclParser');
  const tree = parser.parse(text);
  if (!tree) return { ok: false, error: new UserError('the HCL parser gave up on this file', file) };
  try {
    const root = tree.rootNode;
    if (root.hasError) {
      const at = firstError(root);
      const pos = new LineIndex(text).position(at);
      return { ok: false, error: new UserError('invalid HCL: syntax error', file, pos.line, pos.column) };
    }
    const body = root.childCount > 0 ? findChild(root, 'body') : undefined;
    try {
      return { ok: true, body: body ? new Converter(text).body(body, 0) : { attributes: [], blocks: [] } };
    } catch (err) {
      if (!(err instanceof TooDeep)) throw err;
      const pos = new LineIndex(text).position(err.offset);
      return { ok: false, error: new UserError(`invalid HCL: nested more than ${MAX_HCL_NESTING} levels deep; not scanned`, file, pos.line, pos.column) };
    }
  } finally {
    tree.delete();
  }
}

/**
 * A standalone template (a templatefile() file, a string of Terraform's JSON syntax) as template
 * parts with offsets into `text`, parsed as the body of a heredoc; undefined when it does not parse.
 */
export function parseHclTemplate(text: string, file: string): HclTemplatePart[] | undefined {
  let marker = 'ECSGUARD_TEMPLATE';
  while (text.includes(marker)) marker += '_X';
  const prefix = `t = <<${marker}\n`;
  const parsed = parseHcl(`${prefix}${text}\n${marker}\n`, file);
  if (!parsed.ok) return undefined;
  const value = parsed.body.attributes[0]?.value;
  if (value?.kind !== 'template') return undefined;
  // the heredoc holds the newline added before its closing marker: not the template's
  const parts = [...value.parts];
  const last = parts[parts.length - 1];
  if (last && 'text' in last && last.text.endsWith('\n')) {
    if (last.text.length === 1) parts.pop();
    else parts[parts.length - 1] = { text: last.text.slice(0, -1), runs: last.runs };
  }
  return shiftParts(parts, -prefix.length);
}

/** Template parts with every offset moved by `delta` (offsets into a larger or smaller text). */
export function shiftParts(parts: HclTemplatePart[], delta: number): HclTemplatePart[] {
  return parts.map((p) => ('text' in p ? { text: p.text, runs: p.runs.map(([a, b]) => [a, Math.max(0, b + delta)] as [number, number]) } : 'directive' in p ? shiftDirective(p, delta) : { expr: shiftExpr(p.expr, delta) }));
}

function shiftDirective(d: HclDirective, delta: number): HclDirective {
  const out: HclDirective = { directive: true, start: Math.max(0, d.start + delta) };
  if (d.loop) out.loop = { ...d.loop, collection: shiftExpr(d.loop.collection, delta), body: shiftParts(d.loop.body, delta) };
  if (d.branch) out.branch = { cond: shiftExpr(d.branch.cond, delta), then: shiftParts(d.branch.then, delta), else: shiftParts(d.branch.else, delta) };
  return out;
}

function shiftExpr(e: HclExpr, delta: number): HclExpr {
  // expressions keep their own offsets for places; moved the same way (bounded: the parse was)
  const moved = { ...e, start: Math.max(0, e.start + delta) } as HclExpr;
  switch (moved.kind) {
    case 'template':
      return { ...moved, parts: shiftParts(moved.parts, delta) };
    case 'tuple':
      return { ...moved, items: moved.items.map((x) => shiftExpr(x, delta)) };
    case 'object':
      return { ...moved, items: moved.items.map((x) => ({ key: shiftExpr(x.key, delta), value: shiftExpr(x.value, delta), start: Math.max(0, x.start + delta) })) };
    case 'access':
      return { ...moved, base: shiftExpr(moved.base, delta), steps: moved.steps.map((s) => shiftStep(s, delta)) };
    case 'call':
      return { ...moved, args: moved.args.map((x) => shiftExpr(x, delta)) };
    case 'conditional':
      return { ...moved, cond: shiftExpr(moved.cond, delta), then: shiftExpr(moved.then, delta), otherwise: shiftExpr(moved.otherwise, delta) };
    case 'unary':
      return { ...moved, operand: shiftExpr(moved.operand, delta) };
    case 'binary':
      return { ...moved, left: shiftExpr(moved.left, delta), right: shiftExpr(moved.right, delta) };
    case 'for':
      return { ...moved, collection: shiftExpr(moved.collection, delta), value: shiftExpr(moved.value, delta), ...(moved.key ? { key: shiftExpr(moved.key, delta) } : {}), ...(moved.cond ? { cond: shiftExpr(moved.cond, delta) } : {}) };
    default:
      return moved;
  }
}

function shiftStep(s: HclStep, delta: number): HclStep {
  if ('index' in s) return { index: shiftExpr(s.index, delta) };
  if ('splat' in s) return { splat: s.splat.map((x) => shiftStep(x, delta)) };
  return s;
}

/** Offset of the first ERROR or MISSING node, found without recursion. */
function firstError(root: TsNode): number {
  let node = root;
  for (;;) {
    let next: TsNode | undefined;
    for (const c of node.children) {
      if (c.type === 'ERROR' || c.isMissing) return c.startIndex;
      if (c.hasError) {
        next = c;
        break;
      }
    }
    if (!next) return node.startIndex;
    node = next;
  }
}

function findChild(node: TsNode, type: string): TsNode | undefined {
  return node.children.find((c) => c.type === type);
}

function namedChildren(node: TsNode): TsNode[] {
  return node.children.filter((c) => c.isNamed && c.type !== 'comment');
}

/** Directives nested deeper than this stay opaque. */
const MAX_DIRECTIVE_DEPTH = 32;

const BINARY_OPS = new Set(['==', '!=', '<', '>', '<=', '>=', '&&', '||', '+', '-', '*', '/', '%']);

class Converter {
  constructor(private readonly text: string) {}

  private src(node: TsNode): string {
    return this.text.slice(node.startIndex, node.endIndex);
  }

  private guard(node: TsNode, depth: number): void {
    if (depth > MAX_HCL_NESTING) throw new TooDeep(node.startIndex);
  }

  body(node: TsNode, depth: number): HclBody {
    this.guard(node, depth);
    const out: HclBody = { attributes: [], blocks: [] };
    for (const c of namedChildren(node)) {
      if (c.type === 'attribute') {
        const kids = namedChildren(c);
        const name = kids[0];
        const value = kids[1];
        if (name && value) out.attributes.push({ name: this.src(name), value: this.expr(value, depth + 1), start: c.startIndex });
      } else if (c.type === 'block') {
        out.blocks.push(this.block(c, depth + 1));
      }
    }
    return out;
  }

  private block(node: TsNode, depth: number): HclBlock {
    this.guard(node, depth);
    const kids = namedChildren(node);
    const labels: string[] = [];
    let body: HclBody = { attributes: [], blocks: [] };
    for (const k of kids.slice(1)) {
      if (k.type === 'string_lit') labels.push(this.stringLiteral(k).text);
      else if (k.type === 'identifier') labels.push(this.src(k));
      else if (k.type === 'body') body = this.body(k, depth + 1);
    }
    return { type: kids[0] ? this.src(kids[0]) : '', labels, body, start: node.startIndex };
  }

  expr(node: TsNode, depth: number): HclExpr {
    this.guard(node, depth);
    const start = node.startIndex;
    switch (node.type) {
      case 'expression': {
        const kids = namedChildren(node);
        if (kids.length === 0) return { kind: 'opaque', what: 'an empty expression', start };
        const base = this.expr(kids[0]!, depth + 1);
        if (kids.length === 1) return base;
        return { kind: 'access', base, steps: kids.slice(1).map((k) => this.step(k, depth + 1)), start };
      }
      case 'literal_value': {
        const k = namedChildren(node)[0];
        if (!k) return { kind: 'opaque', what: 'a literal', start };
        if (k.type === 'numeric_lit') return { kind: 'literal', value: Number(this.src(k)), start };
        if (k.type === 'bool_lit') return { kind: 'literal', value: this.src(k) === 'true', start };
        if (k.type === 'null_lit') return { kind: 'literal', value: null, start };
        if (k.type === 'string_lit') return { kind: 'template', parts: [this.stringLiteral(k)], start };
        return { kind: 'opaque', what: 'a literal', start };
      }
      case 'collection_value':
      case 'template_expr':
      case 'operation': {
        const k = namedChildren(node)[0];
        return k ? this.expr(k, depth + 1) : { kind: 'opaque', what: node.type, start };
      }
      case 'tuple':
        return { kind: 'tuple', items: namedChildren(node).filter((k) => k.type === 'expression').map((k) => this.expr(k, depth + 1)), start };
      case 'object': {
        const items: Array<{ key: HclExpr; value: HclExpr; start: number }> = [];
        for (const k of namedChildren(node)) {
          if (k.type !== 'object_elem') continue;
          const key = k.childForFieldName('key');
          const val = k.childForFieldName('val');
          if (key && val) items.push({ key: this.objectKey(key, depth + 1), value: this.expr(val, depth + 1), start: k.startIndex });
        }
        return { kind: 'object', items, start };
      }
      case 'variable_expr':
        return { kind: 'variable', name: this.src(namedChildren(node)[0] ?? node), start };
      case 'function_call': {
        const kids = namedChildren(node);
        const args = kids.find((k) => k.type === 'function_arguments');
        const list = args ? namedChildren(args).filter((k) => k.type === 'expression').map((k) => this.expr(k, depth + 1)) : [];
        const expand = args ? this.src(args).trimEnd().endsWith('...') : false;
        return { kind: 'call', name: kids[0] ? this.src(kids[0]) : '', args: list, expand, start };
      }
      case 'conditional': {
        const [c, t, e] = namedChildren(node).map((k) => this.expr(k, depth + 1));
        return c && t && e ? { kind: 'conditional', cond: c, then: t, otherwise: e, start } : { kind: 'opaque', what: 'a conditional', start };
      }
      case 'unary_operation': {
        const op = node.firstChild ? this.src(node.firstChild) : '';
        const operand = this.term(namedChildren(node), depth + 1);
        return operand ? { kind: 'unary', op, operand, start } : { kind: 'opaque', what: 'an operation', start };
      }
      case 'binary_operation': {
        // an operand that is a traversal comes as sibling nodes (variable_expr, get_attr, ...)
        const left: TsNode[] = [];
        const right: TsNode[] = [];
        let op = '';
        for (const c of node.children) {
          if (!c.isNamed && !op && BINARY_OPS.has(c.type)) op = c.type;
          else if (c.isNamed && c.type !== 'comment') (op ? right : left).push(c);
        }
        const l = this.term(left, depth + 1);
        const r = this.term(right, depth + 1);
        return l && r && op ? { kind: 'binary', op, left: l, right: r, start } : { kind: 'opaque', what: 'an operation', start };
      }
      case 'quoted_template':
      case 'heredoc_template':
        return { kind: 'template', parts: this.template(node, depth + 1), start };
      case 'for_expr': {
        const inner = namedChildren(node)[0];
        return inner ? this.forExpr(inner, depth + 1) : { kind: 'opaque', what: 'a for expression', start };
      }
      default:
        // a parenthesised expression and anything the grammar adds later
        if (node.childCount === 3 && node.firstChild && this.src(node.firstChild) === '(') return this.expr(node.children[1]!, depth + 1);
        return { kind: 'opaque', what: `a ${node.type.replace(/_/g, ' ')}`, start };
    }
  }

  /** An expression term given as its nodes: a base and the traversal steps after it. */
  private term(nodes: TsNode[], depth: number): HclExpr | undefined {
    const first = nodes[0];
    if (!first) return undefined;
    const base = this.expr(first, depth);
    if (nodes.length === 1) return base;
    return { kind: 'access', base, steps: nodes.slice(1).map((k) => this.step(k, depth + 1)), start: first.startIndex };
  }

  /** An object key: a bare name is the name itself, not a variable. */
  private objectKey(node: TsNode, depth: number): HclExpr {
    const e = this.expr(node, depth);
    return e.kind === 'variable' ? { kind: 'literal', value: e.name, start: e.start } : e;
  }

  private step(node: TsNode, depth: number): HclStep {
    this.guard(node, depth);
    if (node.type === 'get_attr') {
      const id = namedChildren(node)[0];
      return { attr: id ? this.src(id) : '' };
    }
    if (node.type === 'index') {
      const inner = namedChildren(node)[0];
      if (inner?.type === 'new_index') {
        const e = namedChildren(inner)[0];
        return { index: e ? this.expr(e, depth + 1) : { kind: 'opaque', what: 'an index', start: inner.startIndex } };
      }
      if (inner?.type === 'legacy_index') {
        const text = this.src(inner).replace(/^\./, '');
        return { index: { kind: 'literal', value: Number(text), start: inner.startIndex } };
      }
      return { index: { kind: 'opaque', what: 'an index', start: node.startIndex } };
    }
    if (node.type === 'splat') {
      const inner = namedChildren(node)[0];
      return { splat: inner ? namedChildren(inner).map((k) => this.step(k, depth + 1)) : [] };
    }
    return { index: { kind: 'opaque', what: 'an index', start: node.startIndex } };
  }

  private forExpr(node: TsNode, depth: number): HclExpr {
    const start = node.startIndex;
    const kids = namedChildren(node);
    const intro = kids.find((k) => k.type === 'for_intro');
    const cond = kids.find((k) => k.type === 'for_cond');
    const exprs = kids.filter((k) => k.type === 'expression');
    if (!intro) return { kind: 'opaque', what: 'a for expression', start };
    const vars = namedChildren(intro).filter((k) => k.type === 'identifier').map((k) => this.src(k));
    const collection = namedChildren(intro).find((k) => k.type === 'expression');
    if (!collection || vars.length === 0) return { kind: 'opaque', what: 'a for expression', start };
    const condExpr = cond ? namedChildren(cond).find((k) => k.type === 'expression') : undefined;
    const grouping = this.src(node).includes('...');
    const base = {
      kind: 'for' as const,
      ...(vars.length === 2 ? { keyVar: vars[0]! } : {}),
      valueVar: vars[vars.length - 1]!,
      collection: this.expr(collection, depth + 1),
      ...(condExpr ? { cond: this.expr(condExpr, depth + 1) } : {}),
      grouping,
      start,
    };
    if (node.type === 'for_object_expr') {
      if (exprs.length < 2) return { kind: 'opaque', what: 'a for expression', start };
      return { ...base, key: this.expr(exprs[0]!, depth + 1), value: this.expr(exprs[1]!, depth + 1) };
    }
    if (exprs.length < 1) return { kind: 'opaque', what: 'a for expression', start };
    return { ...base, value: this.expr(exprs[0]!, depth + 1) };
  }

  /** A quoted string without interpolations (block labels, string literals). */
  private stringLiteral(node: TsNode): HclLiteralPart {
    const open = node.firstChild;
    const close = node.lastChild;
    const from = open && open.type === 'quoted_template_start' ? open.endIndex : node.startIndex;
    const to = close && close.type === 'quoted_template_end' ? close.startIndex : node.endIndex;
    return unescapeQuoted(this.text, from, to);
  }

  private template(node: TsNode, depth: number): HclTemplatePart[] {
    const heredoc = node.type === 'heredoc_template';
    let from: number;
    let to: number;
    let strip = false;
    const holes: TsNode[] = [];
    const children = node.children;
    for (const c of children) if (c.type === 'template_interpolation' || c.type === 'template_directive') holes.push(c);
    if (heredoc) {
      const ids: TsNode[] = [];
      for (const c of children) if (c.type === 'heredoc_identifier') ids.push(c);
      const startNode = findChild(node, 'heredoc_start');
      strip = !!startNode && this.src(startNode).includes('-');
      const openEnd = ids[0]?.endIndex ?? node.startIndex;
      const nl = this.text.indexOf('\n', openEnd);
      from = nl === -1 ? openEnd : nl + 1;
      const closing = ids[1];
      to = closing ? this.text.lastIndexOf('\n', closing.startIndex - 1) + 1 : node.endIndex;
      if (to < from) to = from;
    } else {
      const open = children[0];
      const close = children[children.length - 1];
      from = open?.type === 'quoted_template_start' ? open.endIndex : node.startIndex;
      to = close?.type === 'quoted_template_end' ? close.startIndex : node.endIndex;
    }
    const parts = this.partsBetween(from, to, holes, heredoc, depth);
    return strip ? stripIndent(parts) : parts;
  }

  /** The template parts of the text from `from` to `to`, whose interpolations and directives are `holes`. */
  private partsBetween(from: number, to: number, holes: TsNode[], heredoc: boolean, depth: number): HclTemplatePart[] {
    const parts: HclTemplatePart[] = [];
    let at = from;
    for (const h of holes) {
      if (h.startIndex < from || h.endIndex > to) continue;
      if (h.startIndex > at) parts.push(heredoc ? rawText(this.text, at, h.startIndex) : unescapeQuoted(this.text, at, h.startIndex));
      if (h.type === 'template_interpolation') {
        const e = namedChildren(h).find((k) => k.type === 'expression');
        parts.push({ expr: e ? this.expr(e, depth + 1) : { kind: 'opaque', what: 'an interpolation', start: h.startIndex } });
      } else {
        parts.push(depth > MAX_DIRECTIVE_DEPTH ? { directive: true, start: h.startIndex } : this.directive(h, heredoc, depth + 1));
      }
      at = h.endIndex;
    }
    if (to > at) parts.push(heredoc ? rawText(this.text, at, to) : unescapeQuoted(this.text, at, to));
    return parts;
  }

  /** `%{ for }` and `%{ if }` with their bodies; a directive not in that shape stays opaque. */
  private directive(node: TsNode, heredoc: boolean, depth: number): HclDirective {
    const out: HclDirective = { directive: true, start: node.startIndex };
    const d = namedChildren(node)[0];
    if (!d || d.hasError) return out;
    const holes = d.children.filter((c) => c.type === 'template_interpolation' || c.type === 'template_directive');
    if (d.type === 'template_for') {
      const start = findChild(d, 'template_for_start');
      const end = findChild(d, 'template_for_end');
      if (!start || !end) return out;
      const names = start.children.filter((c) => c.type === 'identifier').map((c) => this.src(c));
      const collection = start.children.find((c) => c.type === 'expression');
      if (names.length === 0 || names.length > 2 || !collection) return out;
      const loop: NonNullable<HclDirective['loop']> = { value: names[names.length - 1]!, collection: this.expr(collection, depth + 1), body: this.partsBetween(start.endIndex, end.startIndex, holes, heredoc, depth) };
      if (names.length === 2) loop.key = names[0]!;
      out.loop = loop;
    } else if (d.type === 'template_if') {
      const intro = findChild(d, 'template_if_intro');
      const elseIntro = findChild(d, 'template_else_intro');
      const end = findChild(d, 'template_if_end');
      const cond = intro?.children.find((c) => c.type === 'expression');
      if (!intro || !end || !cond) return out;
      const thenEnd = elseIntro ? elseIntro.startIndex : end.startIndex;
      out.branch = {
        cond: this.expr(cond, depth + 1),
        then: this.partsBetween(intro.endIndex, thenEnd, holes, heredoc, depth),
        else: elseIntro ? this.partsBetween(elseIntro.endIndex, end.startIndex, holes, heredoc, depth) : [],
      };
    }
    return out;
  }
}

/** Heredoc text: no backslash escapes, only `$${` and `%%{`. */
function rawText(text: string, from: number, to: number): HclLiteralPart {
  return unescape(text, from, to, false);
}

function unescapeQuoted(text: string, from: number, to: number): HclLiteralPart {
  return unescape(text, from, to, true);
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

function unescape(text: string, from: number, to: number, backslashes: boolean): HclLiteralPart {
  let out = '';
  const runs: Array<[number, number]> = [[0, from]];
  let i = from;
  while (i < to) {
    const c = text[i]!;
    if (backslashes && c === '\\' && i + 1 < to) {
      const n = text[i + 1]!;
      let width = 2;
      let value: string | undefined = SIMPLE_ESCAPES[n];
      if (n === 'u' || n === 'U') {
        const len = n === 'u' ? 4 : 8;
        const hex = text.slice(i + 2, i + 2 + len);
        const code = /^[0-9A-Fa-f]+$/.test(hex) && hex.length === len ? parseInt(hex, 16) : NaN;
        if (code >= 0 && code <= 0x10ffff) {
          value = String.fromCodePoint(code);
          width = 2 + len;
        }
      }
      if (value !== undefined) {
        out += value;
        i += width;
        runs.push([out.length, i]);
        continue;
      }
    }
    if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
      out += c + '{';
      i += 3;
      runs.push([out.length, i]);
      continue;
    }
    out += c;
    i++;
  }
  return { text: out, runs };
}

/** `<<-` heredocs: the least indentation of the lines is removed from every line. */
function stripIndent(parts: HclTemplatePart[]): HclTemplatePart[] {
  // the indentation of each line start that falls in literal text; blank lines do not count
  let least = Infinity;
  let atLineStart = true;
  for (const p of parts) {
    if (!('text' in p)) {
      if (atLineStart) least = 0;
      atLineStart = false;
      continue;
    }
    const t = p.text;
    let i = 0;
    while (i < t.length) {
      const nl = t.indexOf('\n', i);
      const end = nl === -1 ? t.length : nl;
      if (atLineStart) {
        let n = 0;
        while (i + n < end && (t[i + n] === ' ' || t[i + n] === '\t')) n++;
        // a line that is only indentation counts only if an interpolation follows on it
        if (i + n < end || (nl === -1 && p !== parts[parts.length - 1])) least = Math.min(least, n);
      }
      if (nl === -1) {
        atLineStart = false;
        break;
      }
      i = nl + 1;
      atLineStart = true;
    }
  }
  if (!Number.isFinite(least) || least === 0) return parts;
  atLineStart = true;
  return parts.map((p) => {
    if (!('text' in p)) {
      atLineStart = false;
      return p;
    }
    let out = '';
    const runs: Array<[number, number]> = [];
    const t = p.text;
    let i = 0;
    while (i < t.length) {
      if (atLineStart) {
        let n = 0;
        while (n < least && i + n < t.length && (t[i + n] === ' ' || t[i + n] === '\t')) n++;
        i += n;
        atLineStart = false;
      }
      const nl = t.indexOf('\n', i);
      const end = nl === -1 ? t.length : nl + 1;
      runs.push([out.length, sourceOffset(p, i)]);
      out += t.slice(i, end);
      i = end;
      if (nl !== -1) atLineStart = true;
    }
    return { text: out, runs: runs.length > 0 ? runs : p.runs };
  });
}

/** Where the character at `i` of a literal part sits in the file. */
function sourceOffset(part: HclLiteralPart, i: number): number {
  let lo = 0;
  let hi = part.runs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (part.runs[mid]![0] <= i) lo = mid;
    else hi = mid - 1;
  }
  const [textAt, fileAt] = part.runs[lo] ?? [0, 0];
  return fileAt + (i - textAt);
}
