// `${...}` references a file makes to its own plain values (Serverless's `${self:a.b}`, Pulumi
// YAML's `${name}` of `variables`), substituted as the tool itself does before deploying.
import { own, type JsonValue } from '../../util/json.js';

export type Plain = string | number | boolean;

/**
 * Each `opener...}` of `s` whose path `lookup` knows becomes that value; the others are left as
 * written. A string that is one reference keeps the value's type (a port, a flag). With
 * `escapes`, `$${` is literal text (Pulumi's escape), never a reference. Linear: indexOf only.
 */
export function substituteReferences(s: string, opener: string, lookup: (path: string) => Plain | undefined, escapes = false): JsonValue {
  let out = '';
  let i = 0;
  for (;;) {
    const start = s.indexOf(opener, i);
    if (start === -1) break;
    const end = s.indexOf('}', start);
    if (end === -1) break;
    const target = escapes && s[start - 1] === '$' ? undefined : lookup(s.slice(start + opener.length, end).trim());
    if (start === 0 && end === s.length - 1 && target !== undefined) return target;
    out += s.slice(i, start) + (target === undefined ? s.slice(start, end + 1) : String(target));
    i = end + 1;
  }
  return out + s.slice(i);
}

/** The plain value at a dotted path of `root` (own members only), or undefined: missing, an object, or itself holding `${`. */
export function plainValueAt(root: JsonValue, path: string): Plain | undefined {
  if (path.length === 0 || path.length > 256) return undefined;
  let v: JsonValue | undefined = root;
  for (const part of path.split('.')) {
    v = own(v, part);
    if (v === undefined) return undefined;
  }
  if (typeof v === 'string') return v.includes('${') ? undefined : v;
  return typeof v === 'number' || typeof v === 'boolean' ? v : undefined;
}
