// JSON text in chunks, produced as they are written: a document whose one big list (a report's
// results) is written item by item, so neither one string nor the whole text is held (V8 caps a string at about 512 MB, and a 50,000-file
// report is larger). The chunks concatenate to exactly JSON.stringify(document, null, indent), or
// with `oneLineItems` to that document with each item of the list written on a line of its own.
const PLACEHOLDER = '\u0000ecsguard-list\u0000';
/**
 * Characters a chunk holds: below V8's large-object size even as two-byte text, so a chunk is a
 * young object that dies young instead of a large one left in the old generation until a full
 * collection (a 50,000-file report is hundreds of them).
 */
export const CHUNK_CHARS = 1 << 15;

export interface ListOptions<T> {
  /** What an item is written as (default: itself). */
  each?: (item: T) => unknown;
  /** Each item's JSON on a line of its own, not indented across lines. */
  oneLineItems?: boolean;
  /**
   * Each item's compact JSON text, written as it is (in place of `each`): for a list of one
   * shape whose writer knows it, so no object is built just to be stringified. Items on one line
   * only (`oneLineItems`, or no indent), where compact JSON is what JSON.stringify would write.
   */
  eachJson?: (item: T) => string;
}

/**
 * `list` is the array found at document[...at]; the document is stringified with the list left
 * out, and the list's items (each through `each`) are stringified one at a time into chunks of
 * CHUNK_CHARS.
 */
export function* jsonChunks<T>(document: Record<string, unknown>, at: readonly (string | number)[], list: readonly T[], indent: 0 | 2, options: ListOptions<T> = {}): Generator<string> {
  const each = options.each ?? ((x: T): unknown => x);
  const oneLineItems = options.oneLineItems ?? false;
  if (options.eachJson && indent && !oneLineItems) throw new Error('jsonChunks: eachJson writes items on one line; pass oneLineItems or no indent');
  const itemJson = options.eachJson ?? ((x: T): string => JSON.stringify(each(x), null, oneLineItems ? undefined : indent || undefined));
  if (list.length === 0) {
    yield JSON.stringify(setAt(document, at, []), null, indent || undefined) + '\n';
    return;
  }
  const marked = JSON.stringify(setAt(document, at, PLACEHOLDER), null, indent || undefined);
  const quoted = JSON.stringify(PLACEHOLDER);
  const cut = marked.indexOf(quoted);
  const head = marked.slice(0, cut);
  const tail = marked.slice(cut + quoted.length);
  // the list's indentation: that of the line the placeholder is on, one level deeper for items
  const lineStart = head.lastIndexOf('\n') + 1;
  const outer = indent ? head.slice(lineStart).match(/^ */)![0] : '';
  const inner = indent ? `${outer}  ` : '';
  let buf = head + (indent ? '[\n' : '[');
  for (let i = 0; i < list.length; i++) {
    const item = itemJson(list[i]!);
    buf += (i > 0 ? (indent ? ',\n' : ',') : '') + inner + (indent && !oneLineItems ? item.replaceAll('\n', `\n${inner}`) : item);
    if (buf.length >= CHUNK_CHARS) {
      yield buf;
      buf = '';
    }
  }
  yield buf + (indent ? `\n${outer}]` : ']') + tail + '\n';
}

/** A shallow copy of the path to `at` with the value there replaced (the rest is shared). */
function setAt(doc: unknown, at: readonly (string | number)[], value: unknown): Record<string, unknown> {
  if (at.length === 0) return value as Record<string, unknown>;
  const [head, ...rest] = at;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(doc) ? [...doc] : { ...(doc as Record<string, unknown>) };
  (copy as Record<string | number, unknown>)[head!] = setAt((doc as Record<string | number, unknown>)[head!], rest, value);
  return copy as Record<string, unknown>;
}
