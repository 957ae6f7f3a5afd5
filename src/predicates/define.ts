// definePredicate: how a predicate module declares itself (see types.ts). The build discovers every
// `export const x = definePredicate({ id: '...', ... })` in this folder (scripts/build-predicate-index.mjs),
// so adding a predicate is adding its module. A predicate from a `--rules` directory is checked
// with predicateProblem before it is used.
import { isObject, own, type JsonObject } from '../util/json.js';
import type { Predicate } from './types.js';

/** Predicate ids and message ids are kebab-case, as rule ids are. */
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function definePredicate(def: Predicate): Predicate {
  const problem = predicateProblem(def);
  if (problem) throw new Error(`predicate ${def.id}: ${problem}`);
  return def;
}

/** What is wrong with an object offered as a predicate, or undefined. */
export function predicateProblem(p: unknown): string | undefined {
  if (!isObject(p)) return 'it is not an object';
  const id = own(p, 'id');
  if (typeof id !== 'string' || !KEBAB.test(id)) return 'its id must be a kebab-case string';
  const messages = own(p, 'messages');
  if (!isObject(messages) || Object.keys(messages).length === 0) return 'it needs messages: an object of message id -> template';
  for (const [k, v] of Object.entries(messages)) {
    if (!KEBAB.test(k) || typeof v !== 'string' || v.length === 0 || v.length > 500) return `message "${k}" must be a kebab-case id with a template of 1 to 500 characters`;
  }
  const parameters = own(p, 'parameters');
  if (parameters !== undefined && (!isObject(parameters) || own(parameters, 'type') !== 'object' || !isObject(own(parameters, 'properties')))) {
    return 'its parameters must be a JSON Schema of type object with properties';
  }
  if (typeof (p as { evaluate?: unknown }).evaluate !== 'function') return 'it needs an evaluate(context) function';
  return undefined;
}

/** The defaults a predicate's parameter schema declares (each property's `default`). */
export function parameterDefaults(p: Predicate): JsonObject | undefined {
  const properties = own(p.parameters, 'properties');
  if (!isObject(properties)) return undefined;
  const out: JsonObject = {};
  for (const [k, schema] of Object.entries(properties)) {
    const d = own(schema, 'default');
    if (d !== undefined) out[k] = d;
  }
  return out;
}

// A predicate's parameters always carry its schema's defaults (the rule loader merges them, and the
// organisation's values are validated against the schema), so predicates read them without a
// second copy of the default: these only narrow the JSON type.

/** A list-of-strings parameter. */
export function stringsParam(parameters: Readonly<Record<string, unknown>>, key: string): string[] {
  const v = parameters[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** A string parameter. */
export function stringParam(parameters: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const v = parameters[key];
  return typeof v === 'string' ? v : undefined;
}
