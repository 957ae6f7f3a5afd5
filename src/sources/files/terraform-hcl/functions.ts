// Terraform's pure built-in functions over known values: collections, strings and numbers, as
// modules use them to assemble container definitions (`contains`, `coalesce`, `flatten`,
// `compact`, ...). A function given a deploy-time value, or not listed here, returns undefined
// and the caller makes the result a deploy-time value. None reads a file, the clock or the network.
import { isComputed } from '../../../inventory/computed.js';
import { defuseObject } from '../../../inventory/written-markers.js';
import { isObject, setOwn, type JsonObject, type JsonValue } from '../../../util/json.js';

/** Longest list or string a function builds (a guard: flatten of a huge list, a long split). */
const MAX_ITEMS = 100_000;

/** Whether a value holds a deploy-time value anywhere (within a budget: a large value counts as holding one). */
export function containsComputed(v: JsonValue, budget = { left: 100_000 }): boolean {
  if (budget.left-- <= 0) return true;
  if (isComputed(v)) return true;
  if (Array.isArray(v)) return v.some((x) => containsComputed(x, budget));
  if (isObject(v)) return Object.keys(v).some((k) => containsComputed(v[k]!, budget));
  return false;
}

const same = (a: JsonValue, b: JsonValue) => JSON.stringify(a) === JSON.stringify(b);
const isList = (v: JsonValue | undefined): v is JsonValue[] => Array.isArray(v);
const str = (v: JsonValue | undefined): v is string => typeof v === 'string';
const num = (v: JsonValue | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

export function pureFunction(name: string, args: JsonValue[]): JsonValue | undefined {
  // pass-through markers of sensitivity: the value itself, known or not
  if (name === 'sensitive' || name === 'nonsensitive') return args[0];
  if (name === 'length') {
    const v = args[0];
    if (isList(v)) return v.length;
    if (isObject(v) && !isComputed(v)) return Object.keys(v).length;
    return str(v) ? [...v].length : undefined;
  }
  if (name === 'coalesce' || name === 'coalescelist') {
    for (const a of args) {
      if (isComputed(a)) return undefined;
      if (a === null || a === '' || (name === 'coalescelist' && isList(a) && a.length === 0)) continue;
      return a;
    }
    return undefined;
  }
  if (args.some((a) => containsComputed(a))) return undefined;
  const [a, b, c] = args;
  switch (name) {
    case 'contains':
      return isList(a) ? a.some((x) => same(x, b ?? null)) : undefined;
    case 'keys':
      return isObject(a) ? Object.keys(a).sort() : undefined;
    case 'values':
      return isObject(a) ? Object.keys(a).sort().map((k) => a[k]!) : undefined;
    case 'element':
      return isList(a) && a.length > 0 && num(b) ? a[((Math.floor(b) % a.length) + a.length) % a.length] : undefined;
    case 'one':
      return isList(a) && a.length <= 1 ? a[0] ?? null : undefined;
    case 'flatten': {
      if (!isList(a)) return undefined;
      const out: JsonValue[] = [];
      const stack: JsonValue[] = [...a].reverse();
      while (stack.length > 0 && out.length < MAX_ITEMS) {
        const x = stack.pop()!;
        if (isList(x)) for (let i = x.length - 1; i >= 0; i--) stack.push(x[i]!);
        else out.push(x);
      }
      return stack.length > 0 ? undefined : out;
    }
    case 'distinct': {
      if (!isList(a)) return undefined;
      const seen = new Set<string>();
      return a.filter((x) => {
        const k = JSON.stringify(x);
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
    }
    case 'compact':
      return isList(a) ? a.filter((x) => x !== null && x !== '') : undefined;
    case 'reverse':
      return isList(a) ? [...a].reverse() : undefined;
    case 'slice':
      return isList(a) && num(b) && num(c) && b >= 0 && c <= a.length && b <= c ? a.slice(b, c) : undefined;
    case 'zipmap': {
      if (!isList(a) || !isList(b) || a.length !== b.length || !a.every(str)) return undefined;
      const out: JsonObject = {};
      a.forEach((k, i) => setOwn(out, k as string, b[i]!));
      return defuseObject(out);
    }
    case 'alltrue':
      return isList(a) && a.every((x) => typeof x === 'boolean' || x === 'true' || x === 'false') ? a.every((x) => x === true || x === 'true') : undefined;
    case 'anytrue':
      return isList(a) && a.every((x) => typeof x === 'boolean' || x === 'true' || x === 'false') ? a.some((x) => x === true || x === 'true') : undefined;
    case 'lower':
      return str(a) ? a.toLowerCase() : undefined;
    case 'upper':
      return str(a) ? a.toUpperCase() : undefined;
    case 'trimspace':
      return str(a) ? a.trim() : undefined;
    case 'trimprefix':
      return str(a) && str(b) ? (a.startsWith(b) ? a.slice(b.length) : a) : undefined;
    case 'trimsuffix':
      return str(a) && str(b) ? (b !== '' && a.endsWith(b) ? a.slice(0, -b.length) : a) : undefined;
    case 'startswith':
      return str(a) && str(b) ? a.startsWith(b) : undefined;
    case 'endswith':
      return str(a) && str(b) ? a.endsWith(b) : undefined;
    case 'split':
      if (!str(a) || !str(b) || a === '') return undefined;
      // more parts than that are not read in part (the last would be left out): not known
      return b.split(a, MAX_ITEMS + 1).length > MAX_ITEMS ? undefined : b.split(a);
    case 'replace':
      // a /pattern/ is a regular expression: not evaluated here (no backtracking on input)
      return str(a) && str(b) && str(c) && b !== '' && !(b.startsWith('/') && b.endsWith('/')) ? a.split(b).join(c) : undefined;
    case 'substr':
      return str(a) && num(b) && num(c) && b >= 0 ? [...a].slice(b, c < 0 ? undefined : b + c).join('') : undefined;
    case 'basename':
      return str(a) ? a.slice(a.lastIndexOf('/') + 1) : undefined;
    case 'dirname':
      return str(a) ? (a.includes('/') ? a.slice(0, a.lastIndexOf('/')) || '/' : '.') : undefined;
    case 'min':
    case 'max':
      return args.length > 0 && args.every(num) ? (name === 'min' ? Math.min(...(args as number[])) : Math.max(...(args as number[]))) : undefined;
    case 'abs':
      return num(a) ? Math.abs(a) : undefined;
    case 'floor':
      return num(a) ? Math.floor(a) : undefined;
    case 'ceil':
      return num(a) ? Math.ceil(a) : undefined;
  }
  return undefined;
}
