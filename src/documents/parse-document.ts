// Parses a file's text as JSON or YAML into plain data plus a way to find where a JSON pointer
// sits in the file. YAML goes through the `yaml` library's AST, converted here so that
// CloudFormation's short-form tags become their long form, aliases cannot explode, and keys such
// as `__proto__` stay plain data.
import { createRequire } from 'node:module';
import type { Document, Node as YamlNode } from 'yaml';
import { UserError } from '../util/errors.js';
import { nestingDepth, setOwn, type JsonObject, type JsonValue } from '../util/json.js';
import { LineIndex, type SourcePosition } from '../util/positions.js';
import { arrayIndexOf } from '../util/pointer.js';
import { findJsonSyntaxError, locateJsonPointer, LocateMemo } from './json-scanner.js';
import { fillPlaceholders, restorePlaceholders, type FilledText } from './json-placeholders.js';

// The yaml library costs ~40 ms to load; a scan of JSON files never needs it.
type YamlLib = typeof import('yaml');
let yamlLib: YamlLib | undefined;
function yaml(): YamlLib {
  return (yamlLib ??= createRequire(import.meta.url)('yaml') as YamlLib);
}

export const MAX_NESTING = 100;
/** Values an alias-heavy YAML file may expand to before it is refused as an alias bomb. */
const MAX_YAML_VALUES = 500_000;

export interface ParsedDocument {
  format: 'json' | 'yaml';
  value: JsonValue;
  /** Position of the place a pointer names (deepest existing ancestor when it is missing). */
  locate(segments: readonly string[]): SourcePosition;
}

/** `documents`: every document of a YAML stream of several (`doc` is the first), with `allDocuments`. */
export type ParseResult = { ok: true; doc: ParsedDocument; documents?: ParsedDocument[] } | { ok: false; error: UserError };

export interface ParseOptions {
  /**
   * A key twice in one YAML mapping is an error, not the last one counting: for the files
   * ecsguard is configured with (rules, .ecsguard.yaml), where a repeated key is a mistake.
   */
  uniqueKeys?: boolean;
  /**
   * JSON with template placeholders where values go (`"cpu": ${CPU}`) is read with each one as
   * this value, instead of being invalid JSON. Without it, such text is invalid.
   */
  placeholder?: (written: string) => JsonValue;
  /**
   * A YAML stream of several documents (`---` between Kubernetes manifests) is read as each of
   * them, instead of being an error: for scanned files, not for ecsguard's own configuration.
   */
  allDocuments?: boolean;
}

export function parseDocumentText(text: string, file: string, options: ParseOptions = {}): ParseResult {
  const first = firstSignificantChar(text);
  const looksJson = first === '{' || first === '[';
  const yamlByName = /\.(ya?ml|template|cfn)$/i.test(file);
  if (looksJson && !yamlByName) {
    const json = parseJson(text, file, options);
    if (json.ok || /\.json$/i.test(file)) return json;
    const yaml = parseYaml(text, file, options);
    return yaml.ok ? yaml : json;
  }
  return parseYaml(text, file, options);
}

function firstSignificantChar(text: string): string {
  for (let i = 0; i < text.length && i < 4096; i++) {
    const c = text[i]!;
    if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return c;
  }
  return '';
}

function parseJson(text: string, file: string, options: ParseOptions): ParseResult {
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    const filled = options.placeholder ? fillPlaceholders(text) : undefined;
    return filled ? parseFilled(filled, file, options.placeholder!) : jsonSyntaxError(text, file);
  }
  return parsedJson(text, value, file);
}

/**
 * JSON whose template placeholders are filled in: read and located in the filled text, whose
 * offsets are the file's. When it is still not JSON, the error is where the filled text breaks.
 */
function parseFilled(filled: FilledText, file: string, placeholder: (written: string) => JsonValue): ParseResult {
  let value: JsonValue;
  try {
    value = JSON.parse(filled.text) as JsonValue;
  } catch {
    return jsonSyntaxError(filled.text, file);
  }
  const parsed = parsedJson(filled.text, value, file);
  if (!parsed.ok) return parsed;
  parsed.doc.value = restorePlaceholders(value, filled.placeholders, placeholder);
  return parsed;
}

function jsonSyntaxError(text: string, file: string): ParseResult {
  // V8's message quotes the input; find the place ourselves and say it without the text.
  const err = findJsonSyntaxError(text);
  const pos = new LineIndex(text).position(err?.offset ?? 0);
  return { ok: false, error: new UserError(`invalid JSON: ${err?.reason ?? 'cannot parse'}`, file, pos.line, pos.column) };
}

function parsedJson(text: string, value: JsonValue, file: string): ParseResult {
  if (nestingDepth(value, MAX_NESTING) > MAX_NESTING) {
    return { ok: false, error: new UserError(`document is nested more than ${MAX_NESTING} levels deep; not scanned`, file) };
  }
  const lines = new LineIndex(text);
  let memo: LocateMemo | undefined;
  return {
    ok: true,
    doc: { format: 'json', value, locate: (segments) => lines.position(locateJsonPointer(text, segments, (memo ??= new LocateMemo()))) },
  };
}

const CFN_FUNCTIONS = new Set([
  'And', 'Base64', 'Cidr', 'Equals', 'FindInMap', 'ForEach', 'GetAZs', 'GetAtt', 'If', 'ImportValue',
  'Join', 'Length', 'Not', 'Or', 'Select', 'Split', 'Sub', 'ToJsonString', 'Transform',
]);

function parseYaml(text: string, file: string, options: ParseOptions = {}): ParseResult {
  const lines = new LineIndex(text);
  // merge keys as YAML 1.1 tools and CloudFormation read them; duplicate keys as AWS reads them
  // (the last one counts), checked below in one pass rather than by the parser
  const parseOptions = { prettyErrors: false, uniqueKeys: options.uniqueKeys === true, merge: true, keepSourceTokens: false, strict: false };
  let docs: Document.Parsed[];
  try {
    // a scanned file may be a stream of documents: parsed once as one, whatever it holds
    const all = options.allDocuments ? yaml().parseAllDocuments(text, parseOptions) : undefined;
    docs = Array.isArray(all) && all.length > 0 ? all : [yaml().parseDocument(text, parseOptions)];
  } catch (err) {
    if (err instanceof RangeError) {
      return { ok: false, error: new UserError(`document is nested too deeply to parse; not scanned`, file) };
    }
    throw err;
  }
  if (docs.length > 1) return yamlStream(docs, text, file, lines, options);
  const doc = docs[0]!;
  const first = doc.errors[0];
  if (first) return { ok: false, error: yamlError(first, file, lines) };
  const read = readYamlDocument(doc, file, lines, text, options, { produced: 0 });
  return read instanceof UserError ? { ok: false, error: read } : { ok: true, doc: read };
}

function yamlError(e: { code: string; pos: [number, number] }, file: string, lines: LineIndex): UserError {
  const pos = lines.position(e.pos[0]);
  return new UserError(`invalid YAML: ${describeYamlError(e.code)}`, file, pos.line, pos.column);
}

/** Each document of a stream, located in the whole text; the alias-bomb budget is the file's. */
function yamlStream(docs: Document.Parsed[], text: string, file: string, lines: LineIndex, options: ParseOptions): ParseResult {
  const budget = { produced: 0 };
  const documents: ParsedDocument[] = [];
  for (const doc of docs) {
    const first = doc.errors[0];
    if (first) return { ok: false, error: yamlError(first, file, lines) };
    // an empty document (a `---` at the end) holds nothing
    if (doc.contents === null) continue;
    const read = readYamlDocument(doc, file, lines, text, options, budget);
    if (read instanceof UserError) return { ok: false, error: read };
    documents.push(read);
  }
  if (documents.length === 0) return { ok: true, doc: { format: 'yaml', value: null, locate: () => ({ line: 1, column: 1 }) } };
  return { ok: true, doc: documents[0]!, documents };
}

function readYamlDocument(doc: Document.Parsed, file: string, lines: LineIndex, text: string, options: ParseOptions, budget: { produced: number }): ParsedDocument | UserError {
  const converter = new YamlConverter(file, lines, yaml(), text, options.placeholder, budget);
  let value: JsonValue;
  try {
    value = converter.convert(doc.contents as YamlNode | null, 1);
  } catch (err) {
    if (err instanceof UserError) return err;
    if (err instanceof RangeError) return new UserError('document is nested too deeply to parse; not scanned', file);
    throw err;
  }
  const locator = new YamlLocator(doc, converter, yaml());
  return { format: 'yaml', value, locate: (segments) => lines.position(locator.locate(segments)) };
}

// The parser's own messages can quote the offending text; we say what kind of error it is.
function describeYamlError(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'a mapping has the same key twice';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
    case 'UNEXPECTED_TOKEN':
      return 'unexpected token or bad indentation';
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'a key spans more than one line';
    case 'TAB_AS_INDENT':
      return 'tab characters used for indentation';
    case 'BAD_ALIAS':
    case 'UNRESOLVED_ALIAS':
      return 'an alias refers to an anchor that is not defined before it';
    case 'MULTIPLE_DOCS':
      return 'more than one document in the file';
    case 'RESOURCE_EXHAUSTION':
      return 'the document is nested too deeply or expands too far to parse';
    default:
      return code.toLowerCase().replace(/_/g, ' ');
  }
}

type YamlMapNode = import('yaml').YAMLMap<unknown, unknown>;
type YamlPair = import('yaml').Pair<unknown, unknown>;

/**
 * YAML AST -> plain data. Aliases resolve to the last anchor of that name before them, found in
 * one pass in document order (the library's own Alias.resolve searches the whole document on
 * every call: quadratic on a file of thousands of aliases); every value an alias expands to counts
 * against the alias-bomb limit. Merge keys (`<<: *base`) add the keys a mapping does not set.
 */
class YamlConverter {
  private readonly anchors = new Map<string, YamlNode>();
  /** Each alias node's target, for the locator too. */
  readonly aliasTargets = new Map<YamlNode, YamlNode>();
  /** Set while an alias is being expanded: anchors inside it were recorded where they stand. */
  private expanding = 0;
  constructor(
    private readonly file: string,
    private readonly lines: LineIndex,
    private readonly y: YamlLib,
    private readonly text = '',
    private readonly placeholder?: (written: string) => JsonValue,
    /** Values produced so far in the file (every document of a stream counts). */
    private readonly budget = { produced: 0 },
  ) {}

  /**
   * A Jinja or Go template placeholder written unquoted (`user: {{ run_as }}`): YAML reads it as a
   * mapping whose key is a mapping; a template fills it in before anything reads it as YAML.
   */
  private templatePlaceholder(node: YamlNode): JsonValue | undefined {
    const range = node.range;
    if (!this.placeholder || !range || !(node as { flow?: boolean }).flow || range[1] - range[0] > 200) return undefined;
    const written = this.text.slice(range[0], range[1]);
    if (!written.startsWith('{{') || !written.endsWith('}}') || written.includes('\n') || written.startsWith('{{resolve:')) return undefined;
    return this.placeholder(written);
  }

  private fail(message: string, node: YamlNode | null | undefined): never {
    const pos = node?.range ? this.lines.position(node.range[0]) : undefined;
    throw new UserError(message, this.file, pos?.line, pos?.column);
  }

  resolveAlias(node: YamlNode): YamlNode {
    let target = this.aliasTargets.get(node);
    if (!target) {
      const source = (node as unknown as { source: string }).source;
      target = this.anchors.get(source);
      if (!target) this.fail('invalid YAML: an alias refers to an anchor that is not defined before it', node);
      this.aliasTargets.set(node, target);
    }
    return target;
  }

  convert(node: YamlNode | null | undefined, depth: number): JsonValue {
    if (++this.budget.produced > MAX_YAML_VALUES) {
      throw new UserError(`YAML aliases expand to more than ${MAX_YAML_VALUES} values (an alias bomb?); not scanned`, this.file);
    }
    if (depth > MAX_NESTING) this.fail(`document is nested more than ${MAX_NESTING} levels deep; not scanned`, node);
    if (node === null || node === undefined) return null;
    const { isAlias, isMap, isScalar, isSeq } = this.y;
    if (isAlias(node)) {
      const target = this.resolveAlias(node);
      this.expanding++;
      try {
        return this.convert(target, depth);
      } finally {
        this.expanding--;
      }
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor && this.expanding === 0) this.anchors.set(anchor, node);
    let value: JsonValue;
    const placeholder = isMap(node) ? this.templatePlaceholder(node) : undefined;
    if (placeholder !== undefined) {
      value = placeholder;
    } else if (isScalar(node)) {
      value = scalarValue(node.value);
    } else if (isMap(node)) {
      const obj: JsonObject = {};
      const merges: YamlNode[] = [];
      for (const pair of node.items) {
        if (isMergeKey(pair, this.y)) {
          merges.push(pair.value as YamlNode);
          continue;
        }
        const key = keyString(this.convert(pair.key as YamlNode | null, depth + 1));
        // a repeated key: the last one counts, as AWS reads it
        setOwn(obj, key, this.convert(pair.value as YamlNode | null, depth + 1));
      }
      for (const m of merges) this.merge(obj, m, depth);
      value = obj;
    } else if (isSeq(node)) {
      value = node.items.map((item) => this.convert(item as YamlNode | null, depth + 1));
    } else {
      value = null;
    }
    const tag = node.tag;
    if (tag && tag.startsWith('!') && !tag.startsWith('!!')) return cfnShortForm(tag.slice(1), value);
    return value;
  }

  /** `<<: *a` or `<<: [*a, *b]`: keys the mapping does not set, earlier sources first. */
  private merge(obj: JsonObject, source: YamlNode, depth: number): void {
    const { isAlias, isMap, isSeq } = this.y;
    const target = isAlias(source) ? this.resolveAlias(source) : source;
    const sources = isSeq(target) ? (target.items as YamlNode[]) : [target];
    for (const s of sources) {
      const m = s && isAlias(s) ? this.resolveAlias(s) : s;
      if (!m || !isMap(m)) this.fail('invalid YAML: a merge key (<<) must refer to a mapping or a list of mappings', s ?? source);
      const merged = this.convert(m, depth) as JsonObject;
      for (const k of Object.keys(merged)) if (!Object.prototype.hasOwnProperty.call(obj, k)) setOwn(obj, k, merged[k]!);
    }
  }
}

function isMergeKey(pair: YamlPair, y: YamlLib): boolean {
  const key = pair.key as YamlNode | null;
  return !!key && y.isScalar(key) && typeof key.value === 'symbol';
}

function keyString(key: JsonValue): string {
  return typeof key === 'string' ? key : key === null ? '' : typeof key === 'object' ? JSON.stringify(key) : String(key);
}

/**
 * Finds where a pointer sits in the YAML AST: follows aliases and merge keys, and takes the last
 * of repeated keys (the one that counts). Each mapping's keys are indexed once.
 */
class YamlLocator {
  private readonly indexes = new WeakMap<object, { own: Map<string, YamlPair>; merges: YamlNode[] }>();
  constructor(
    private readonly doc: Document.Parsed,
    private readonly converter: YamlConverter,
    private readonly y: YamlLib,
  ) {}

  private deref(node: YamlNode | null): YamlNode | null {
    for (let hops = 0; node && this.y.isAlias(node) && hops < 100; hops++) {
      try {
        node = this.converter.resolveAlias(node);
      } catch {
        return null;
      }
    }
    return node;
  }

  private index(map: YamlMapNode): { own: Map<string, YamlPair>; merges: YamlNode[] } {
    let idx = this.indexes.get(map);
    if (!idx) {
      idx = { own: new Map(), merges: [] };
      for (const pair of map.items) {
        if (isMergeKey(pair, this.y)) idx.merges.push(pair.value as YamlNode);
        else if (this.y.isScalar(pair.key)) idx.own.set(keyString(scalarValue(pair.key.value)), pair);
      }
      this.indexes.set(map, idx);
    }
    return idx;
  }

  /** The pair for a key: the mapping's own (last wins), else its merge sources in order. */
  private pairOf(map: YamlMapNode, key: string, depth: number): YamlPair | undefined {
    const idx = this.index(map);
    const own = idx.own.get(key);
    if (own || depth > 20) return own;
    for (const m of idx.merges) {
      const target = this.deref(m);
      const sources = target && this.y.isSeq(target) ? (target.items as YamlNode[]) : [target];
      for (const s of sources) {
        const src = this.deref(s);
        if (src && this.y.isMap(src)) {
          const hit = this.pairOf(src, key, depth + 1);
          if (hit) return hit;
        }
      }
    }
    return undefined;
  }

  locate(segments: readonly string[]): number {
    const { isMap, isSeq } = this.y;
    let node = this.doc.contents as YamlNode | null;
    let found = node?.range?.[0] ?? 0;
    for (const seg of segments) {
      node = this.deref(node);
      if (!node) break;
      if (this.isShortFormKey(node, seg)) continue;
      if (isMap(node)) {
        const pair = this.pairOf(node, seg, 0);
        if (!pair) break;
        const key = pair.key as YamlNode;
        found = key.range?.[0] ?? found;
        node = pair.value as YamlNode | null;
      } else if (isSeq(node)) {
        const index = arrayIndexOf(seg);
        const item = index === -1 ? undefined : (node.items[index] as YamlNode | undefined);
        if (!item) break;
        found = item.range?.[0] ?? found;
        node = item;
      } else {
        // a path into a short-form scalar intrinsic (`!Ref X`, `!GetAtt A.B`) ends at the tagged node
        break;
      }
    }
    return found;
  }

  /** A short-form tag (`!If [...]`) stands for its long form's key (`Fn::If`): the node itself. */
  private isShortFormKey(node: YamlNode, seg: string): boolean {
    const tag = node.tag;
    if (!tag || !tag.startsWith('!') || tag.startsWith('!!')) return false;
    const name = tag.slice(1);
    return seg === (name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`);
  }
}

function scalarValue(v: unknown): JsonValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/** `!Ref X` -> {Ref: X}; `!GetAtt A.B` -> {"Fn::GetAtt": ["A", "B"]}; `!Sub s` -> {"Fn::Sub": s}. */
function cfnShortForm(name: string, value: JsonValue): JsonValue {
  if (name === 'Ref') return { Ref: value };
  if (name === 'Condition') return { Condition: value };
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': dot === -1 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  if (CFN_FUNCTIONS.has(name)) return { [`Fn::${name}`]: value };
  return value; // an unknown local tag: keep the plain value
}
