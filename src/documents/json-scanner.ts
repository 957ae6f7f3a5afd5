// A small JSON tokenizer over the raw text. JSON.parse does the parsing; this finds where a
// JSON pointer sits in the file (only for findings), and where a syntax error is, because V8's
// own error messages quote the input and could print a secret.
import { arrayIndexOf } from '../util/pointer.js';

export class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

class Scanner {
  i = 0;
  constructor(readonly text: string) {}

  ws(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.i++;
      else return;
    }
  }

  fail(reason: string): never {
    throw new JsonSyntaxError(this.i, reason);
  }

  /** Reads a string starting at the opening quote; returns its raw slice (with quotes). */
  rawString(): string {
    const t = this.text;
    const start = this.i;
    this.i++;
    let escaped = false;
    for (;;) {
      if (this.i >= t.length) {
        this.i = start;
        this.fail('unterminated string');
      }
      const c = t.charCodeAt(this.i);
      if (c === 0x5c) {
        escaped = true;
        this.i += 2;
        continue;
      }
      if (c === 0x22) break;
      if (c < 0x20) this.fail('control character in string');
      this.i++;
    }
    this.i++;
    const raw = t.slice(start, this.i);
    if (escaped) {
      try {
        JSON.parse(raw);
      } catch {
        this.i = start;
        this.fail('invalid escape in string');
      }
    }
    return raw;
  }

  /** Skips one value, validating it; iterative so depth cannot overflow the stack. */
  skipValue(): void {
    const t = this.text;
    const closers: number[] = [];
    let expectValue = true;
    for (;;) {
      this.ws();
      if (this.i >= t.length) this.fail('unexpected end of file');
      const c = t.charCodeAt(this.i);
      if (expectValue) {
        if (c === 0x7b /* { */) {
          this.i++;
          this.ws();
          if (t.charCodeAt(this.i) === 0x7d) {
            this.i++;
          } else {
            closers.push(0x7d);
            this.memberKey();
            continue;
          }
        } else if (c === 0x5b /* [ */) {
          this.i++;
          this.ws();
          if (t.charCodeAt(this.i) === 0x5d) {
            this.i++;
          } else {
            closers.push(0x5d);
            continue;
          }
        } else if (c === 0x22) {
          this.rawString();
        } else {
          this.literal();
        }
        expectValue = false;
      }
      // after a value: close containers or continue with a separator
      if (closers.length === 0) return;
      this.ws();
      const d = t.charCodeAt(this.i);
      const closer = closers[closers.length - 1]!;
      if (d === 0x2c /* , */) {
        this.i++;
        if (closer === 0x7d) {
          this.ws();
          this.memberKey();
        }
        expectValue = true;
      } else if (d === closer) {
        this.i++;
        closers.pop();
      } else {
        this.fail(closer === 0x7d ? "expected ',' or '}' after a property value" : "expected ',' or ']' after an array element");
      }
    }
  }

  private memberKey(): void {
    if (this.text.charCodeAt(this.i) !== 0x22) this.fail('expected a double-quoted property name');
    this.rawString();
    this.ws();
    if (this.text.charCodeAt(this.i) !== 0x3a) this.fail("expected ':' after a property name");
    this.i++;
  }

  private literal(): void {
    const t = this.text;
    const start = this.i;
    for (const word of ['true', 'false', 'null']) {
      if (t.startsWith(word, start)) {
        this.i += word.length;
        return;
      }
    }
    // number: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?  scanned by hand (no regex over input)
    let j = start;
    const digit = (k: number) => {
      const ch = t.charCodeAt(k);
      return ch >= 0x30 && ch <= 0x39;
    };
    if (t.charCodeAt(j) === 0x2d) j++;
    if (!digit(j)) this.fail('unexpected character');
    if (t.charCodeAt(j) === 0x30) j++;
    else while (digit(j)) j++;
    if (t.charCodeAt(j) === 0x2e) {
      j++;
      if (!digit(j)) {
        this.i = j;
        this.fail('invalid number');
      }
      while (digit(j)) j++;
    }
    if (t.charCodeAt(j) === 0x65 || t.charCodeAt(j) === 0x45) {
      j++;
      if (t.charCodeAt(j) === 0x2b || t.charCodeAt(j) === 0x2d) j++;
      if (!digit(j)) {
        this.i = j;
        this.fail('invalid number');
      }
      while (digit(j)) j++;
    }
    this.i = j;
  }
}

/** The first syntax error in a JSON text, or undefined when it is valid. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const s = new Scanner(text);
  try {
    s.skipValue();
    s.ws();
    if (s.i < text.length) s.fail('unexpected content after the JSON value');
    return undefined;
  } catch (e) {
    if (e instanceof JsonSyntaxError) return e;
    throw e;
  }
}

/** Skips one value of text already known to be valid JSON: a container jumps to its recorded end. */
function fastSkipValue(text: string, i: number, ends: ContainerEnds): number {
  const c = text.charCodeAt(i);
  if (c === 0x7b || c === 0x5b) return (ends instanceof Int32Array ? ends[i] : ends.get(i)) || text.length;
  if (c === 0x22) return stringEnd(text, i);
  for (;;) {
    const d = text.charCodeAt(i);
    if (d === 0x2c || d === 0x7d || d === 0x5d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09 || Number.isNaN(d)) return i;
    i++;
  }
}

/** Where containers end, by the offset each opens at: a table as long as the text, or a map for a large text. */
type ContainerEnds = Int32Array | Map<number, number>;

// One table serves the file being located: files are located one after another, and a table
// per file would be memory outside the heap that only a full collection gives back.
let shared = new Int32Array(0);
let sharedText: string | undefined;

/**
 * Where each container of valid JSON text ends (just past its closer): one pass over the text,
 * so skipping a member or an element is one lookup, however deep the pointer goes. Strings are
 * jumped with indexOf.
 */
function containerEnds(text: string, memo: LocateMemo): ContainerEnds {
  let ends: ContainerEnds;
  if (text.length > 1 << 22) {
    // a large file keeps a map of its containers with its own memo, made once
    if (memo.largeEnds) return memo.largeEnds;
    ends = memo.largeEnds = new Map();
  } else {
    // the same text (or the same content: the same ends) as last time needs no new pass
    if (text === sharedText) return shared;
    if (shared.length < text.length) shared = new Int32Array(Math.max(text.length, 2 * shared.length));
    else shared.fill(0, 0, text.length);
    sharedText = text;
    ends = shared;
  }
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) i = stringEnd(text, i) - 1;
    else if (c === 0x7b || c === 0x5b) open.push(i);
    else if (c === 0x7d || c === 0x5d) {
      const at = open.pop();
      if (at === undefined) continue;
      if (ends instanceof Int32Array) ends[at] = i + 1;
      else ends.set(at, i + 1);
    }
  }
  return ends;
}

/** Offset just past the string that starts at `i` (a quote). */
export function stringEnd(text: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q === -1) return text.length;
    let backslashes = 0;
    for (let k = q - 1; text.charCodeAt(k) === 0x5c; k--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/**
 * Indexes of the containers already walked in one document, by the offset where each starts: an
 * object's members (key -> where its key starts, the last of duplicate
 * keys winning as JSON.parse and AWS take it) or an array's element offsets. Each container is
 * scanned once, so locating every finding of a file is linear in the file, however many there are.
 */
export class LocateMemo {
  readonly containers = new Map<number, Map<string, number> | number[]>();
  /** For a text too long for the shared table: its containers' ends. */
  largeEnds: Map<number, number> | undefined;
}

/**
 * Offset of the place a pointer names: the property name for an object member, the element for
 * an array item. When the path runs out (a field that is missing), the deepest existing ancestor.
 */
export function locateJsonPointer(text: string, segments: readonly string[], memo: LocateMemo = new LocateMemo()): number {
  let i = skipWs(text, 0);
  let found = i;
  for (const seg of segments) {
    const c = text.charCodeAt(i);
    if (c === 0x7b) {
      let index = memo.containers.get(i);
      if (index === undefined) memo.containers.set(i, (index = objectIndex(text, i, containerEnds(text, memo))));
      const keyStart = (index as Map<string, number>).get(seg);
      if (keyStart === undefined) return found;
      found = keyStart;
      i = valueAfterKey(text, keyStart);
    } else if (c === 0x5b) {
      const n = arrayIndexOf(seg);
      if (n === -1) return found;
      let index = memo.containers.get(i);
      if (index === undefined) memo.containers.set(i, (index = arrayIndex(text, i, containerEnds(text, memo))));
      const at = (index as number[])[n];
      if (at === undefined) return found;
      i = found = at;
    } else {
      return found;
    }
  }
  return found;
}

function skipWs(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

/** Where the value of the member whose key starts at `keyStart` starts: past the key, the colon and white space. */
function valueAfterKey(text: string, keyStart: number): number {
  return skipWs(text, skipWs(text, stringEnd(text, keyStart)) + 1);
}

/** An object's members: key -> where the key starts (a number, not a pair: one allocation less a member). */
function objectIndex(text: string, open: number, ends: ContainerEnds): Map<string, number> {
  const index = new Map<string, number>();
  let i = skipWs(text, open + 1);
  while (text.charCodeAt(i) === 0x22) {
    const keyStart = i;
    const keyEnd = stringEnd(text, i);
    const raw = text.slice(keyStart + 1, keyEnd - 1);
    const key = raw.includes('\\') ? (JSON.parse(text.slice(keyStart, keyEnd)) as string) : raw;
    const valueStart = skipWs(text, skipWs(text, keyEnd) + 1); // past ':'
    index.set(key, keyStart);
    i = skipWs(text, fastSkipValue(text, valueStart, ends));
    if (text.charCodeAt(i) !== 0x2c) break;
    i = skipWs(text, i + 1);
  }
  return index;
}

function arrayIndex(text: string, open: number, ends: ContainerEnds): number[] {
  const index: number[] = [];
  let i = skipWs(text, open + 1);
  if (text.charCodeAt(i) === 0x5d) return index;
  for (;;) {
    index.push(i);
    i = skipWs(text, fastSkipValue(text, i, ends));
    if (text.charCodeAt(i) !== 0x2c) return index;
    i = skipWs(text, i + 1);
  }
}
