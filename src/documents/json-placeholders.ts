// JSON text with template placeholders where values go, as deploy pipelines write task definitions
// for envsubst, Jinja, Go templates, ERB, Octopus, CodeDeploy (`<IMAGE1_NAME>`) or token
// replacement (`__TAG__`, `@@TAG@@`) to fill in: `"cpu": ${CPU}`,
// `"privileged": {{ privileged }}`. Such a file is not JSON, but what it writes literally (a secret
// in `environment`, a privileged flag) is what gets deployed. Each placeholder in a value's place
// is swapped for a JSON string of the same length, so the text parses and every offset (and so
// every finding's line and column) stays where it is; the caller decides what the value becomes.
import type { JsonValue } from '../util/json.js';
import { stringEnd } from './json-scanner.js';

/** A placeholder longer than this (or spanning lines) is not one: the file stays invalid JSON. */
const MAX_PLACEHOLDER = 200;
/** Marker strings: a flag character, then the placeholder's index in base 256. */
const FLAG = 0xe000;
const DIGIT = 0xe100;

export interface FilledText {
  text: string;
  /** The placeholders as written, by index. */
  placeholders: string[];
}

/**
 * The text with each placeholder in a value's place replaced, or undefined when it has none (or
 * one that does not close on its line): then the text is simply not JSON. Linear: each character
 * is looked at once or twice.
 */
export function fillPlaceholders(text: string): FilledText | undefined {
  const placeholders: string[] = [];
  let out = '';
  let copied = 0;
  // the last character outside strings and white space: a value may start after ':', ',', '['
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = stringEnd(text, i) - 1;
      last = 0x22;
      continue;
    }
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
    if ((last === 0x3a || last === 0x2c || last === 0x5b) && startsPlaceholder(text, i)) {
      const end = placeholderEnd(text, i);
      if (end === -1 || end - i < 3) return undefined;
      const index = placeholders.length;
      placeholders.push(text.slice(i, end));
      out += text.slice(copied, i) + marker(index, end - i);
      copied = end;
      i = end - 1;
      last = 0x22;
      continue;
    }
    last = c;
  }
  if (placeholders.length === 0) return undefined;
  return { text: out + text.slice(copied), placeholders };
}

/** The parsed value with each marker string replaced by what `make` gives for its placeholder. */
export function restorePlaceholders(value: JsonValue, placeholders: readonly string[], make: (placeholder: string) => JsonValue): JsonValue {
  if (typeof value === 'string') {
    const index = markerIndex(value);
    return index === undefined ? value : make(placeholders[index] ?? 'a template placeholder');
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = restorePlaceholders(value[i]!, placeholders, make);
    return value;
  }
  if (value !== null && typeof value === 'object') {
    for (const k of Object.keys(value)) value[k] = restorePlaceholders(value[k]!, placeholders, make);
  }
  return value;
}

/**
 * A string value that is only template placeholders (`"${NETWORK_MODE}"`, `"${UID}:${GID}"`):
 * its parts, placeholders as written and the text between them, or undefined for a string with
 * literal words in it (`role/${APP}-exec` says which role, whatever fills it).
 * Linear: each character is looked at once.
 */
export function placeholderString(s: string): Array<{ placeholder: string } | string> | undefined {
  if (s.length < 2 || s.length > 4096) return undefined;
  const parts: Array<{ placeholder: string } | string> = [];
  let i = 0;
  let text = '';
  while (i < s.length) {
    if (startsPlaceholder(s, i)) {
      const end = placeholderEnd(s, i);
      if (end === -1 || end - i < 2) return undefined;
      const written = s.slice(i, end);
      // CloudFormation's dynamic references are read by the template's own checks
      if (written.startsWith('{{resolve:')) return undefined;
      if (text !== '') parts.push(text);
      text = '';
      parts.push({ placeholder: written });
      i = end;
      continue;
    }
    const c = s.charCodeAt(i);
    if (isNameChar(c) || c > 0x7f) return undefined;
    text += s[i];
    i++;
  }
  if (text !== '') parts.push(text);
  return parts.some((p) => typeof p !== 'string') ? parts : undefined;
}

function startsPlaceholder(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  const d = text.charCodeAt(i + 1);
  if (c === 0x24) return d === 0x7b || isNameStart(d); // ${NAME} or $NAME
  if (c === 0x7b) return d === 0x7b || d === 0x25; // {{ ... }} or {% ... %} never start JSON values
  if (c === 0x23) return d === 0x7b; // #{NAME}
  if (c === 0x3c) return d === 0x25 || isNameStart(d); // <%= ... %>, or CodeDeploy's <IMAGE1_NAME>
  // token replacement (Azure DevOps, Octopus, sed scripts): __IMAGE_TAG__, @@IMAGE_TAG@@
  if (c === 0x5f || c === 0x40) return d === c && isNameChar(text.charCodeAt(i + 2)) && text.charCodeAt(i + 2) !== c;
  return false;
}

/** End of a `<NAME>`, `__NAME__` or `@@NAME@@` token starting at `i` (names only: no spaces, no nesting), or -1. */
function tokenEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  const limit = Math.min(text.length, i + MAX_PLACEHOLDER);
  let j = c === 0x3c ? i + 1 : i + 2;
  for (; j < limit; j++) {
    const x = text.charCodeAt(j);
    if (c === 0x3c && x === 0x3e) return j + 1;
    if (c !== 0x3c && x === c && text.charCodeAt(j + 1) === c) return j + 2;
    if (!isNameChar(x) && !(c === 0x3c && (x === 0x2d || x === 0x2e))) return -1;
  }
  return -1;
}

/** Offset just past the placeholder starting at `i`, or -1 when it does not close within its line. */
function placeholderEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  const d = text.charCodeAt(i + 1);
  if ((c === 0x3c && d !== 0x25) || c === 0x5f || c === 0x40) return tokenEnd(text, i);
  if (c === 0x24 && d !== 0x7b) {
    let j = i + 1;
    while (j < text.length && j - i <= MAX_PLACEHOLDER && isNameChar(text.charCodeAt(j))) j++;
    return j - i > MAX_PLACEHOLDER ? -1 : j;
  }
  const close = c === 0x7b && d === 0x7b ? '}}' : c === 0x7b ? '%}' : c === 0x3c ? '%>' : '}';
  const limit = Math.min(text.length, i + MAX_PLACEHOLDER);
  for (let j = i + 2; j < limit; j++) {
    const x = text.charCodeAt(j);
    if (x === 0x0a || x === 0x0d) return -1;
    if (x === close.charCodeAt(0) && (close.length === 1 || text.charCodeAt(j + 1) === close.charCodeAt(1))) return j + close.length;
  }
  return -1;
}

function isNameStart(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39);
}

/** A JSON string `length` characters long, quotes included, that names placeholder `index`. */
function marker(index: number, length: number): string {
  const inner = length - 2;
  const digits: number[] = [];
  for (let n = index; digits.length === 0 || n > 0; n = Math.floor(n / 256)) digits.unshift(DIGIT + (n % 256));
  // too short to hold its index: a flag alone, read as an unnamed placeholder
  const body = digits.length < inner ? String.fromCharCode(FLAG, ...digits).padEnd(inner, String.fromCharCode(FLAG)) : String.fromCharCode(FLAG).repeat(inner);
  return `"${body}"`;
}

function markerIndex(value: string): number | undefined {
  if (value.length === 0 || value.charCodeAt(0) !== FLAG) return undefined;
  let index = 0;
  let digits = 0;
  for (let k = 1; k < value.length; k++) {
    const c = value.charCodeAt(k);
    if (c === FLAG) continue;
    if (c < DIGIT || c > DIGIT + 255) return undefined;
    index = index * 256 + (c - DIGIT);
    digits++;
  }
  return digits === 0 ? -1 : index;
}
