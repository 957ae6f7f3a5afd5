// JSON text a tool assembles from literal text and values known only at deploy time (Terraform's
// interpolations in a heredoc, CloudFormation's !Sub and !Join around a Step Functions
// definition): each such value becomes a token the text can hold, inside a JSON string or as one,
// so the text parses; the tokens are then turned back into the values they stand for.
import { isObject, own, setOwn, type JsonValue } from '../../util/json.js';
import { isNoValue, template } from '../../inventory/computed.js';
import { subTemplateParts } from '../../inventory/intrinsic-values.js';
import { parseJsonData } from '../../inventory/written-markers.js';

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

/**
 * JSON a CloudFormation property holds as text (a state machine's DefinitionString, an
 * EventBridge target's Input): the text itself, or text a !Sub or a !Join assembles around values
 * known at deploy time (CDK writes the latter), each such value kept where the text puts it.
 * Undefined when it is not JSON.
 */
export function jsonFromTemplateText(value: JsonValue | undefined): JsonValue | undefined {
  const json = new JsonWithHoles();
  if (!textParts(value, json, 0)) return undefined;
  const parsed = parseJsonData(json.text);
  return parsed === undefined ? undefined : fillHoles(parsed, json.holes);
}

function textParts(value: JsonValue | undefined, json: JsonWithHoles, depth: number): boolean {
  if (typeof value === 'string') {
    json.literal(value);
    return true;
  }
  if (depth > 8) return false;
  const sub = own(value, 'Fn::Sub');
  if (sub !== undefined) {
    const text = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
    if (text === undefined) return false;
    const vars = Array.isArray(sub) && isObject(sub[1]) ? sub[1] : undefined;
    for (const part of subTemplateParts(text)) {
      if (part.literal !== undefined) {
        json.literal(part.literal);
        continue;
      }
      const name = part.name!;
      const bound = vars && Object.prototype.hasOwnProperty.call(vars, name) ? vars[name]! : undefined;
      // a value bound to a name is text of the definition; one inside a JSON string is escaped
      if (typeof bound === 'string') json.literal(json.inString ? JSON.stringify(bound).slice(1, -1) : bound);
      else if (typeof bound === 'number' || typeof bound === 'boolean') json.literal(String(bound));
      else if (bound !== undefined) json.hole(bound);
      else json.hole(name.includes('.') ? { 'Fn::GetAtt': [name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1)] } : { Ref: name });
    }
    return true;
  }
  const join = own(value, 'Fn::Join');
  if (Array.isArray(join) && join.length === 2 && typeof join[0] === 'string' && Array.isArray(join[1])) {
    join[1].forEach((part, i) => {
      if (i > 0) json.literal(join[0] as string);
      if (isNoValue(part)) return;
      // literal text, a nested !Sub or !Join as text; any other value is known at deploy time
      if (!textParts(part, json, depth + 1)) json.hole(part);
    });
    return true;
  }
  return false;
}
