// JSON text a tool assembles from literal text and values known only at deploy time (Terraform's
// interpolations in a heredoc, CloudFormation's !Sub and !Join around a Step Functions
// definition): each such value becomes a token the text can hold, inside a JSON string or as one,
// so the text parses; the tokens are then turned back into the values they stand for.
import { isObject, setOwn, type JsonValue } from '../../util/json.js';
import { template } from '../../inventory/computed.js';

/** How a value the JSON text cannot hold is marked in it. */
const HOLE = '@@ecsguard-hole-';

/** Literal JSON text and holes, appended in order; tracks whether the text is inside a string. */
export class JsonWithHoles {
  text = '';
  readonly holes = new Map<string, JsonValue>();
  private quoted = false;
  private escaped = false;

  /** Whether the text so far ends inside a JSON string. */
  get inString(): boolean {
    return this.quoted;
  }

  literal(s: string): void {
    this.text += s;
    for (const c of s) {
      if (this.escaped) this.escaped = false;
      else if (c === '\\') this.escaped = this.quoted;
      else if (c === '"') this.quoted = !this.quoted;
    }
  }

  /** A value known only at deploy time: a token inside a string, a string token outside one. */
  hole(value: JsonValue): void {
    const token = `${HOLE}${this.holes.size}@@`;
    this.holes.set(token, value);
    this.text += this.quoted ? token : `"${token}"`;
  }
}

/**
 * The parsed text's strings with their tokens turned back into the values they stand for: a
 * string that is one token is that value; one with tokens inside is a template of its known text
 * around them (in place).
 */
export function fillHoles(value: JsonValue, holes: Map<string, JsonValue>): JsonValue {
  if (holes.size === 0) return value;
  if (typeof value === 'string') {
    if (!value.includes(HOLE)) return value;
    return holes.get(value) ?? holeInText(value, holes);
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = fillHoles(value[i]!, holes);
    return value;
  }
  if (isObject(value)) for (const k of Object.keys(value)) setOwn(value, k, fillHoles(value[k]!, holes));
  return value;
}

function holeInText(value: string, holes: Map<string, JsonValue>): JsonValue {
  const parts: JsonValue[] = [];
  let from = 0;
  let at = value.indexOf(HOLE);
  while (at !== -1) {
    const end = value.indexOf('@@', at + HOLE.length);
    if (end === -1) break;
    const v = holes.get(value.slice(at, end + 2));
    if (v !== undefined) {
      parts.push(value.slice(from, at), v);
      from = end + 2;
    }
    at = value.indexOf(HOLE, end + 2);
  }
  parts.push(value.slice(from));
  return template(parts);
}
