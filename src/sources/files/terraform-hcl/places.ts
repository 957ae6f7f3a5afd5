// Where each evaluated Terraform value was written. Values are plain JSON (what the rules read);
// their places live beside them, keyed by object identity, so a value that travels through a
// local, a variable or jsonencode still points at the line that wrote it, in whichever file of
// the module that is.
import { locateJsonPointer, type LocateMemo } from '../../../documents/json-scanner.js';
import { isObject, own, type JsonValue } from '../../../util/json.js';

export interface Place {
  file: string;
  offset: number;
}

/** A value parsed from JSON text (a heredoc, a file()): located through the text itself. */
export interface JsonTextLayout {
  file: string;
  text: string;
  /** Offset in `text` -> offset in `file`. */
  toFile(offset: number): number;
  memo: LocateMemo;
}

interface Layout {
  self: Place;
  keys?: Map<string, Place>;
  items?: Place[];
  json?: { layout: JsonTextLayout; segments: string[] };
}

export class Places {
  private readonly layouts = new WeakMap<object, Layout>();

  /** Records an object's or a list's own place; members are added with `member`. */
  value(value: JsonValue, self: Place): void {
    if (typeof value !== 'object' || value === null) return;
    if (!this.layouts.has(value)) this.layouts.set(value, { self });
  }

  member(container: JsonValue, key: string | number, place: Place): void {
    if (typeof container !== 'object' || container === null) return;
    const layout = this.layouts.get(container);
    if (!layout) return;
    if (typeof key === 'number') (layout.items ??= [])[key] = place;
    else (layout.keys ??= new Map()).set(key, place);
  }

  /** Where a member of a container was written, if recorded. */
  memberOf(from: JsonValue, key: string | number): Place | undefined {
    if (typeof from !== 'object' || from === null) return undefined;
    const layout = this.layouts.get(from);
    if (!layout) return undefined;
    const place = typeof key === 'number' ? layout.items?.[key] : layout.keys?.get(key);
    return place ?? (layout.json ? this.jsonPlace(layout.json.layout, [...layout.json.segments, String(key)]) : undefined);
  }

  /** The members' places of `from`, copied onto `to` (merge, concat, a for expression). */
  copyMember(from: JsonValue, fromKey: string | number, to: JsonValue, toKey: string | number): void {
    const place = this.memberOf(from, fromKey);
    if (place) this.member(to, toKey, place);
  }

  /** Marks every object and list of a value parsed from JSON text with where it sits in the text. */
  jsonText(root: JsonValue, layout: JsonTextLayout): void {
    const stack: Array<[JsonValue, string[]]> = [[root, []]];
    let budget = 100_000;
    while (stack.length > 0 && budget-- > 0) {
      const [value, segments] = stack.pop()!;
      if (typeof value !== 'object' || value === null || this.layouts.has(value)) continue;
      this.layouts.set(value, { self: this.jsonPlace(layout, segments), json: { layout, segments } });
      if (Array.isArray(value)) value.forEach((v, i) => stack.push([v, [...segments, String(i)]]));
      else for (const k of Object.keys(value)) stack.push([value[k]!, [...segments, k]]);
    }
  }

  private jsonPlace(layout: JsonTextLayout, segments: string[]): Place {
    return { file: layout.file, offset: layout.toFile(locateJsonPointer(layout.text, segments, layout.memo)) };
  }

  selfOf(value: JsonValue): Place | undefined {
    return typeof value === 'object' && value !== null ? this.layouts.get(value)?.self : undefined;
  }

  /**
   * The place of the deepest member a path reaches: a member's own line (`privileged = true`)
   * rather than its value's opening bracket. Beyond what was recorded, the deepest known place.
   */
  locate(root: JsonValue, segments: readonly string[], fallback: Place): Place {
    let best = this.selfOf(root) ?? fallback;
    let node: JsonValue | undefined = root;
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i]!;
      if (typeof node !== 'object' || node === null) break;
      const layout = this.layouts.get(node);
      if (layout?.json) return this.jsonPlace(layout.json.layout, [...layout.json.segments, ...segments.slice(i)]);
      const place = Array.isArray(node) ? layout?.items?.[Number(seg)] : layout?.keys?.get(seg);
      node = Array.isArray(node) ? node[Number(seg)] : isObject(node) ? own(node, seg) : undefined;
      if (place) best = place;
      else {
        const self = node === undefined ? undefined : this.selfOf(node);
        if (self) best = self;
        else if (node === undefined) break;
      }
    }
    return best;
  }
}
