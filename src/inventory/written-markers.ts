// What a parsed file holds before a loader reads it: values only the loaders may mark. A file that
// writes a marker itself (`{"$unseen": "..."}`, or `{"Ref": "X"}` where no CloudFormation reads it)
// holds data, so such an object gets a second member and no rule takes it for a marker: in a task
// definition it is then a field of the wrong type, an error, as AWS would refuse it.
import { isComputed, isMarkerKey, placeholder, template } from './computed.js';
import { placeholderString } from '../documents/json-placeholders.js';
import { isObject, type JsonObject, type JsonValue } from '../util/json.js';

/** The member a marker written by the file gets: the object is then plain data. */
export const WRITTEN_BY_THE_FILE = '$writtenByTheFile';

export interface WrittenMarkerOptions {
  /** CloudFormation intrinsics (`Ref`, `Fn::*`) are data too: the document is not a template. */
  intrinsics: boolean;
  /** Markers the loader made while parsing (placeholders where values go): kept. */
  made?: WeakSet<object>;
}

function forged(key: string, intrinsics: boolean): boolean {
  return isMarkerKey(key) || (intrinsics && (key === 'Ref' || key.startsWith('Fn::')));
}

/** Whether an object's only member is a marker's key; objects with none or several are data. */
function onlyMarkerKey(o: JsonObject, intrinsics: boolean): boolean {
  let only: string | undefined;
  for (const k in o) {
    if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
    if (only !== undefined) return false;
    only = k;
  }
  return only !== undefined && forged(only, intrinsics);
}

/** Defuses, in place, the markers a document writes itself. Iterative: depth is the parser's to bound. */
export function defuseWrittenMarkers(value: JsonValue, options: WrittenMarkerOptions): void {
  const stack: JsonValue[] = [value];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (Array.isArray(v)) {
      for (const x of v) if (x !== null && typeof x === 'object') stack.push(x);
    } else if (isObject(v)) {
      if (options.made?.has(v)) continue;
      if (onlyMarkerKey(v, options.intrinsics)) v[WRITTEN_BY_THE_FILE] = true;
      for (const k in v) {
        if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
        const x = v[k]!;
        if (x !== null && typeof x === 'object') stack.push(x);
      }
    }
  }
}

/** The object a loader builds from the file's keys (an HCL object, a decoded document): defused if it is marker-shaped. */
export function defuseObject(o: JsonObject): JsonObject {
  if (onlyMarkerKey(o, true)) o[WRITTEN_BY_THE_FILE] = true;
  return o;
}

/**
 * Strings that are only template placeholders (`"networkMode": "${NETWORK_MODE}"`) become the
 * placeholder markers a deploy step fills in, in place: what they will hold is not in the file,
 * so checks on them are unknown, not decided on the placeholder's own text. Members under a
 * `verbatim` key are left as written (their `${...}` is another language's).
 */
export function markPlaceholderStrings(value: JsonValue, verbatim?: ReadonlySet<string>, make: (written: string) => JsonValue = placeholder): JsonValue {
  return mapStrings(value, (s, key) => placeholderIn(s, key, make), verbatim);
}

/** What a string under `key` stands for when it is only placeholders (each made by `make`), or undefined. */
export function placeholderIn(s: string, key: string | undefined, make: (written: string) => JsonValue = placeholder): JsonValue | undefined {
  // a name is a label findings show (container "${APP}"), not a value a check decides on
  return key !== undefined && LABELS.has(key) ? undefined : placeholderValue(s, make);
}

/**
 * Replaces, in place, each string `map` gives a value for (it sees the string and the key it sits
 * under); loaders' markers and members under a `verbatim` key are left as written. Iterative:
 * depth is the parser's to bound.
 */
export function mapStrings(value: JsonValue, map: (s: string, key: string | undefined) => JsonValue | undefined, verbatim?: ReadonlySet<string>): JsonValue {
  if (typeof value === 'string') return map(value, undefined) ?? value;
  const stack: JsonValue[] = [value];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x = v[i]!;
        if (typeof x === 'string') v[i] = map(x, undefined) ?? x;
        else if (x !== null && typeof x === 'object') stack.push(x);
      }
    } else if (isObject(v) && !isComputed(v)) {
      // a marker's own text (the placeholder a loader read where a value goes) is not a value
      for (const k in v) {
        if (!Object.prototype.hasOwnProperty.call(v, k) || verbatim?.has(k)) continue;
        const x = v[k]!;
        if (typeof x === 'string') {
          const mapped = map(x, k);
          if (mapped !== undefined) v[k] = mapped;
        } else if (x !== null && typeof x === 'object') stack.push(x);
      }
    }
  }
  return value;
}

const LABELS = new Set(['name', 'family', 'containerName', 'sourceVolume']);

function placeholderValue(s: string, make: (written: string) => JsonValue): JsonValue | undefined {
  // most strings start with a letter or a digit: no placeholder can make them up
  const c = s.charCodeAt(0);
  if (c !== 0x24 && c !== 0x7b && c !== 0x23 && c !== 0x3c && c !== 0x5f && c !== 0x40 && (c > 0x2f || c < 0x20)) return undefined;
  const parts = placeholderString(s.trim());
  if (!parts) return undefined;
  return template(parts.map((p) => (typeof p === 'string' ? p : make(p.placeholder))));
}

/** JSON text a file holds inside another (a policy document, a decoded string): parsed and defused, or undefined. */
export function parseJsonData(text: string): JsonValue | undefined {
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
  if (value !== null && typeof value === 'object') defuseWrittenMarkers(value, { intrinsics: true });
  return value;
}
