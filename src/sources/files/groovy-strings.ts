// The string literals of a Groovy file (a Jenkinsfile, a shared library's step): what a `sh`,
// `bat` or `powershell` step hands the shell is one of them, after Groovy's escapes. Comments are
// passed over, so a command commented out is not read. A GString's `${expr}` and `$name` stay as
// written: the shell reads them as the placeholders they are, and a backslash ending a line stays
// too (Groovy joins the lines, the shell reads its own continuation), so a command's lines stay
// the file's. Linear: each string is scanned twice at most, and a string left open ends at the
// end of its line (or, triple-quoted, of the file).
import { AnchoredOffsets } from '../../util/anchored-offsets.js';

export interface GroovyString {
  /** The string's value, escapes applied. */
  text: string;
  /** Where the character at `index` of `text` is written in the file. */
  offset(index: number): number;
  /** A GString (double quotes): Groovy fills in its `$name` and `${expr}`. */
  interpolates: boolean;
}

const SIMPLE_ESCAPES: Record<string, number> = { n: 0x0a, t: 0x09, r: 0x0d, b: 0x08, f: 0x0c, s: 0x20, '\\': 0x5c, "'": 0x27, '"': 0x22, $: 0x24 };

/** Visits, in the order written, each string literal of `source` whose value `keep` accepts. */
export function groovyStrings(source: string, keep: (text: string) => boolean, visit: (s: GroovyString) => void): void {
  const n = source.length;
  let i = 0;
  while (i < n) {
    const c = source.charCodeAt(i);
    if (c === 0x2f /* / */ && source.charCodeAt(i + 1) === 0x2f) {
      const eol = source.indexOf('\n', i);
      i = eol === -1 ? n : eol + 1;
    } else if (c === 0x2f && source.charCodeAt(i + 1) === 0x2a /* * */) {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
      const quote = source[i]!;
      const triple = source.startsWith(quote.repeat(3), i);
      const start = triple ? i + 3 : i + 1;
      const found = stringEnd(source, start, quote, triple);
      i = found.next;
      const interpolates = quote === '"';
      const value = found.escapes === 0 ? plain(source, start, found.end, interpolates) : unescaped(source, start, found.end, interpolates);
      if (keep(value.text)) visit(value);
    } else {
      i++;
    }
  }
}

/** The escape a backslash at `i` starts: its value and length, or undefined when it is kept as written. */
function escapeAt(source: string, i: number): { code: number; length: number } | undefined {
  const next = source[i + 1];
  if (next === undefined) return undefined;
  if (Object.prototype.hasOwnProperty.call(SIMPLE_ESCAPES, next)) return { code: SIMPLE_ESCAPES[next]!, length: 2 };
  if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(source.slice(i + 2, i + 6))) return { code: parseInt(source.slice(i + 2, i + 6), 16), length: 6 };
  return undefined;
}

/** Where a string that starts at `start` ends, where scanning goes on, and how many escapes it holds. */
function stringEnd(source: string, start: number, quote: string, triple: boolean): { end: number; next: number; escapes: number } {
  const n = source.length;
  const closer = triple ? quote.repeat(3) : quote;
  const q = quote.charCodeAt(0);
  const interpolates = quote === '"';
  let depth = 0; // inside ${...}: braces counted, text kept as written
  let escapes = 0;
  let i = start;
  while (i < n) {
    const ch = source.charCodeAt(i);
    if (depth === 0 && ch === q && source.startsWith(closer, i)) return { end: i, next: i + closer.length, escapes };
    if (ch === 0x0a && !triple) break;
    if (depth > 0) {
      if (ch === 0x7b) depth++;
      else if (ch === 0x7d) depth--;
      i++;
    } else if (interpolates && ch === 0x24 /* $ */ && source.charCodeAt(i + 1) === 0x7b) {
      depth = 1;
      i += 2;
    } else if (ch === 0x5c /* \ */) {
      const e = escapeAt(source, i);
      if (e) escapes++;
      i += e ? e.length : 2;
    } else {
      i++;
    }
  }
  return { end: Math.min(i, n), next: Math.min(i, n), escapes };
}

function plain(source: string, start: number, end: number, interpolates: boolean): GroovyString {
  return { text: source.slice(start, end), offset: (index) => Math.min(start + index, end), interpolates };
}

/**
 * A string with escapes: its value built in a buffer of character codes, with an anchor after each
 * escape, so memory grows with the escapes, not with the characters.
 */
function unescaped(source: string, start: number, end: number, interpolates: boolean): GroovyString {
  const codes = new Uint16Array(end - start);
  const offsets = new AnchoredOffsets(start, end);
  let length = 0;
  let depth = 0;
  for (let i = start; i < end; ) {
    const ch = source.charCodeAt(i);
    const e = depth === 0 && ch === 0x5c ? escapeAt(source, i) : undefined;
    if (e) {
      codes[length++] = e.code;
      i += e.length;
      offsets.anchor(length, i);
      continue;
    }
    // the same ${...} and kept-as-written escapes the first pass saw
    if (depth > 0) depth += ch === 0x7b ? 1 : ch === 0x7d ? -1 : 0;
    else if (interpolates && ch === 0x24 && source.charCodeAt(i + 1) === 0x7b) {
      codes[length++] = ch;
      codes[length++] = 0x7b;
      i += 2;
      depth = 1;
      continue;
    } else if (ch === 0x5c && i + 1 < end) {
      codes[length++] = ch;
      codes[length++] = source.charCodeAt(i + 1);
      i += 2;
      continue;
    }
    codes[length++] = ch;
    i++;
  }
  const chunks: string[] = [];
  for (let k = 0; k < length; k += 8192) chunks.push(String.fromCharCode(...codes.subarray(k, Math.min(length, k + 8192))));
  return { text: chunks.join(''), offset: (index) => offsets.offset(index), interpolates };
}
