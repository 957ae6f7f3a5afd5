// Values a file does not hold literally: CloudFormation intrinsics and Terraform values known only
// after apply (computed at deploy time), and the markers loaders put where a file does not show a
// value. Each is a one-key object, so every rule can tell it from data; rules treat them as
// unknown unless they know better (the secrets check reads the literal text inside intrinsics).
import { isObject, own, type JsonObject, type JsonValue } from '../util/json.js';

/** A Terraform value "known after apply": `{ "$computed": "aws_iam_role.exec.arn" }`. */
export const COMPUTED_KEY = '$computed';
/** A field the file cannot show (a bare containerDefinitions array has no task-level fields). */
export const UNSEEN_KEY = '$unseen';
/** One of several literal values: `{ "$oneOf": { "construct": "!FindInMap Env", "values": [...] } }`. */
export const ONE_OF_KEY = '$oneOf';
/** A credential another resource of the template produces: `{ "$credential": { kind, construct } }`. */
export const CREDENTIAL_KEY = '$credential';
/**
 * A Terraform string template with parts known only at deploy time, its known text kept:
 * `{ "$template": [{ "$computed": "aws_ecr_repository.app.repository_url" }, ":latest"] }`.
 */
export const TEMPLATE_KEY = '$template';

/**
 * Terraform's base64encode of a text with parts known only at deploy time, the text kept (EC2 user
 * data): `{ "$base64": { "$template": ["echo ECS_CLUSTER=", { "$computed": "aws_ecs_cluster.main.name" }] } }`.
 */
export const BASE64_KEY = '$base64';

/**
 * A template placeholder a deploy step fills in (`${DB_PASSWORD}`, `{{ .Values.image }}`), as the
 * file writes it: `{ "$placeholder": "${DB_PASSWORD}" }`. Unseen by the file, like `$unseen`, but
 * its name says what it holds (a placeholder named as a secret makes a plaintext secret).
 */
export const PLACEHOLDER_KEY = '$placeholder';

/**
 * A value a Step Functions state takes from its input when it runs, as the definition writes it
 * (`"Command.$": "$.cmd"`, `{% $states.input.x %}`): `{ "$runTime": "$.cmd" }`. A placeholder
 * filled in later than any deploy step, named as a placeholder is.
 */
export const RUN_TIME_KEY = '$runTime';

const MARKERS = new Set([COMPUTED_KEY, UNSEEN_KEY, ONE_OF_KEY, CREDENTIAL_KEY, TEMPLATE_KEY, BASE64_KEY, PLACEHOLDER_KEY, RUN_TIME_KEY]);

/** A secret a snapshot's writer found and took out, by its kind: `{ "$redacted": "password" }`. */
export const REDACTED_KEY = '$redacted';

/**
 * The keys only loaders may write: a document that writes one itself (`{"$unseen": "..."}`) holds
 * data, never a marker, or it could turn a finding into an unknown and put its own text in reasons.
 */
export function isMarkerKey(key: string): boolean {
  return MARKERS.has(key) || key === REDACTED_KEY;
}

/**
 * A template of literal text and deploy-time parts: nested templates are flattened, adjacent
 * text is joined, and a single part is returned as it is. A credential in any part makes the
 * whole value that credential (a password in a URL makes the URL a secret).
 */
/**
 * A string with the expressions between `open` and `close` (`${{ ... }}`, `<< ... >>`) made
 * values by `mark` (given the expression as written and what is inside it), the text around them
 * kept: a template, or the string itself when it holds none. Linear: indexOf only.
 */
export function delimitedTemplate(s: string, open: string, close: string, mark: (written: string, inner: string) => JsonValue): JsonValue {
  if (!s.includes(open)) return s;
  const parts: JsonValue[] = [];
  let i = 0;
  for (;;) {
    const start = s.indexOf(open, i);
    const end = start === -1 ? -1 : s.indexOf(close, start + open.length);
    if (end === -1) break;
    parts.push(s.slice(i, start));
    parts.push(mark(s.slice(start, end + close.length), s.slice(start + open.length, end)));
    i = end + close.length;
  }
  parts.push(s.slice(i));
  return template(parts);
}

export function template(parts: JsonValue[]): JsonValue {
  const joined: JsonValue[] = [];
  for (const part of parts) {
    if (credentialOf(part)) return part;
    for (const p of templateParts(part) ?? [part]) {
      const last = joined.length - 1;
      if (typeof p === 'string' && typeof joined[last] === 'string') joined[last] += p;
      else if (p !== '') joined.push(p);
    }
  }
  if (joined.length === 0) return '';
  return joined.length === 1 ? joined[0]! : { [TEMPLATE_KEY]: joined };
}

/** The parts of a `$template` marker, or undefined. */
export function templateParts(value: unknown): JsonValue[] | undefined {
  if (onlyKey(value) !== TEMPLATE_KEY) return undefined;
  const parts = own(value, TEMPLATE_KEY);
  return Array.isArray(parts) ? parts : undefined;
}

function onlyKey(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  let key: string | undefined;
  for (const k in value) {
    if (!Object.prototype.hasOwnProperty.call(value, k)) continue;
    if (key !== undefined) return undefined;
    key = k;
  }
  return key;
}

export function isComputed(value: unknown): boolean {
  const k = onlyKey(value);
  return k !== undefined && (k === 'Ref' || k.startsWith('Fn::') || MARKERS.has(k));
}

/**
 * The id, in its template, of the resource whose ARN a deploy-time value reads (Terraform's
 * `aws_iam_role.app.arn`, CloudFormation's `!GetAtt App.Arn`), or undefined.
 */
export function arnReadFrom(value: unknown): string | undefined {
  const k = onlyKey(value);
  if (k === undefined) return undefined;
  const v = (value as JsonObject)[k];
  if (k === COMPUTED_KEY) return typeof v === 'string' && v.endsWith('.arn') && v.length > 4 ? v.slice(0, -4) : undefined;
  if (k !== 'Fn::GetAtt') return undefined;
  const parts = Array.isArray(v) ? v : typeof v === 'string' ? v.split('.') : [];
  return parts.length === 2 && parts[1] === 'Arn' && typeof parts[0] === 'string' && parts[0] !== '' ? parts[0] : undefined;
}

export function isUnseen(value: unknown): boolean {
  const k = onlyKey(value);
  return k === UNSEEN_KEY || k === PLACEHOLDER_KEY || k === RUN_TIME_KEY;
}

export function placeholder(written: string): JsonObject {
  return { [PLACEHOLDER_KEY]: written };
}

export function runTimeValue(written: string): JsonObject {
  return { [RUN_TIME_KEY]: written };
}

/** A placeholder as messages may show it: written out when short and quoting nothing (a quoted default may be a value). */
function shownPlaceholder(written: string): string | undefined {
  return written.length <= 64 && !/["'`\\]/.test(written) ? written : undefined;
}

/** `!Ref AWS::NoValue`: CloudFormation removes the property or list item it stands for. */
export function isNoValue(value: unknown): boolean {
  return onlyKey(value) === 'Ref' && own(value, 'Ref') === 'AWS::NoValue';
}

export function unseen(reason: string): JsonObject {
  return { [UNSEEN_KEY]: reason };
}

export function credential(kind: string, construct: string): JsonObject {
  return { [CREDENTIAL_KEY]: { kind, construct } };
}

/** The credential a marker stands for, or undefined. */
export function credentialOf(value: unknown): { kind: string; construct: string } | undefined {
  if (onlyKey(value) !== CREDENTIAL_KEY) return undefined;
  const c = own(value, CREDENTIAL_KEY);
  const kind = own(c, 'kind');
  const construct = own(c, 'construct');
  return typeof kind === 'string' && typeof construct === 'string' ? { kind, construct } : undefined;
}

/** `whens`, one a value: when the value is the one given (`var.debug is true`), names only. */
export function oneOf(construct: string, values: JsonValue[], whens?: string[]): JsonObject {
  return { [ONE_OF_KEY]: whens && whens.length === values.length ? { construct, values, whens } : { construct, values } };
}

/** What a `$oneOf` marker's values come from (`!FindInMap EnvMap`), as messages name it. */
export function oneOfConstruct(value: unknown): string {
  const c = own(own(value, ONE_OF_KEY), 'construct');
  return typeof c === 'string' ? c : 'a lookup';
}

/** When each value of a `$oneOf` marker is given, where the marker says. */
export function oneOfWhens(value: unknown): string[] | undefined {
  const whens = own(own(value, ONE_OF_KEY), 'whens');
  return Array.isArray(whens) && whens.every((w) => typeof w === 'string') ? (whens as string[]) : undefined;
}

/** The alternatives of a `$oneOf` marker, or undefined. */
export function oneOfValues(value: unknown): JsonValue[] | undefined {
  if (onlyKey(value) !== ONE_OF_KEY) return undefined;
  const values = own(own(value, ONE_OF_KEY), 'values');
  return Array.isArray(values) ? values : undefined;
}

/** Names a reference may show: logical ids, parameter and attribute names, never free text. */
const NAME = /^[A-Za-z0-9:._-]{1,128}$/;

/** Why a scheduled task's input cannot be read from the file: an EventBridge input path or transformer. */
export const INPUT_PER_EVENT = 'built from each event (an input path or transformer), known only when the rule fires';

/** A Pulumi program's reference to another of its resources (`pulumi:execRole.arn`): known once deployed. */
export const PULUMI_OUTPUT = 'pulumi:';

/**
 * What an HCL expression ecsguard does not evaluate is, when it has no name: a fixed vocabulary,
 * so that a `$computed` marker a file writes itself can never put its free text in a message.
 */
export const TERRAFORM_PHRASES = new Set([
  'an operation',
  'a division by zero',
  'JSON text that does not parse',
  'an expression past the evaluation budget',
  'an expression nested too deeply',
  'a value too large to evaluate',
  'an object with a key known only at deploy time',
  'a string template with values known only at deploy time',
  'a string template with directives',
  'a for expression over a value known only at deploy time',
  'a for expression with a condition known only at deploy time',
  'a for expression with keys known only at deploy time',
  'an expression of a kind ecsguard does not evaluate',
  'a template that does not parse',
  'a conditional expression',
  'a for expression',
  'a string template',
  'an expression',
]);

/** The image a data source finds by the public ECS AMI parameter or an ECS AMI name: known to be one. */
export const ECS_OPTIMIZED_AMI_NOTE = 'an ECS-optimized AMI';

/** Instances of one count or for_each, and dynamic blocks of one type, read one by one; the rest are read as one. */
export const TERRAFORM_INSTANCE_CAP = 256;
/** The note of the iteration values of the instance that stands for those past the cap. */
export const PAST_INSTANCE_CAP = `one of those past the first ${TERRAFORM_INSTANCE_CAP}, read together`;

/** Why a named HCL value is unknown, appended as `name (note)`: also a fixed vocabulary. */
export const TERRAFORM_NOTES = new Set([
  PAST_INSTANCE_CAP,
  'a cycle of references',
  'count is known only at deploy time',
  'for_each is over a value known only at deploy time',
  'a dynamic block is over a value known only at deploy time',
  'an attribute or element that is not set',
  ECS_OPTIMIZED_AMI_NOTE,
]);

/** A `$computed` text as a message may show it, or undefined when it is free text. */
function computedName(v: string): string | undefined {
  if (TERRAFORM_PHRASES.has(v)) return v;
  let name = v;
  let note = '';
  const open = v.indexOf(' (');
  if (open !== -1 && v.endsWith(')') && TERRAFORM_NOTES.has(v.slice(open + 2, -1))) {
    name = v.slice(0, open);
    note = `; ${v.slice(open + 2, -1)}`;
  }
  // instance keys, splats and call markers of Terraform addresses: aws_iam_role.x["a"][*], merge(…)
  const bare = name.replace(/\[[^\]]{0,64}\]|\(…\)$/g, '');
  if (!NAME.test(bare)) return undefined;
  return `${name}${note}`;
}

/**
 * A short description that names the construct and what it refers to, never literal text it holds
 * (a `!Sub` template may carry a password): `!Ref DbPassword`, `a !Sub expression`.
 */
export function describeComputed(value: JsonValue): string {
  const k = onlyKey(value);
  if (k === undefined) return typeof value === 'string' ? 'a literal value' : 'a value of an unexpected kind';
  const v = (value as JsonObject)[k]!;
  switch (k) {
    case TEMPLATE_KEY: {
      // named by its first deploy-time part, as a reason about the value reads best
      const parts = Array.isArray(v) ? v : [];
      const first = parts.find((p) => typeof p !== 'string');
      return first === undefined ? 'a string template with values known only at deploy time' : describeComputed(first);
    }
    case COMPUTED_KEY: {
      const name = typeof v === 'string' ? computedName(v) : undefined;
      if (name !== undefined && TERRAFORM_PHRASES.has(name)) return name;
      if (name !== undefined && /(^|\.)var\.[A-Za-z0-9_-]+$/.test(name)) return `input variable ${name} (no default in its module)`;
      if (name !== undefined && name.startsWith(PULUMI_OUTPUT)) return `a value known only after pulumi up (${name.slice(PULUMI_OUTPUT.length)})`;
      return `a value known only after terraform apply${name !== undefined ? ` (${name})` : ''}`;
    }
    case UNSEEN_KEY:
      return typeof v === 'string' ? v : 'not in this file';
    case PLACEHOLDER_KEY: {
      const source = typeof v === 'string' ? placeholderSource(v) : undefined;
      const shown = typeof v === 'string' ? shownPlaceholder(v) : undefined;
      return `${shown !== undefined ? `template placeholder ${shown}` : source !== undefined ? source.shown : 'a template placeholder'}, filled in before deployment`;
    }
    case RUN_TIME_KEY:
      return `${(typeof v === 'string' && shownPlaceholder(v)) || 'a value'} from the state input, known only when the state machine runs`;
    case BASE64_KEY:
      return describeComputed(v);
    case ONE_OF_KEY: {
      const n = oneOfValues(value);
      return `${oneOfConstruct(value)} (one of ${n ? n.length : 'several'} values)`;
    }
    case CREDENTIAL_KEY:
      return credentialOf(value)?.construct ?? 'a credential';
    case 'Ref':
      return typeof v === 'string' && NAME.test(v) ? `!Ref ${v}` : 'a !Ref expression';
    case 'Condition':
      return typeof v === 'string' && NAME.test(v) ? `condition ${v}` : 'a condition';
  }
  const fn = k.replace(/^Fn::/, '');
  if (fn === 'GetAtt') {
    const parts = Array.isArray(v) ? v : typeof v === 'string' ? v.split('.') : [];
    const name = parts.map((p) => (typeof p === 'string' ? p : '?')).join('.');
    return NAME.test(name) ? `!GetAtt ${name}` : 'a !GetAtt expression';
  }
  return NAME.test(fn) ? `a !${fn} expression` : 'a CloudFormation intrinsic function';
}

/**
 * What a deploy-time value is read from, when it is a named reference: the name as messages show
 * it (`var.db_password`, `!Ref DbPassword`), its own last name (`db_password`, `DbPassword`),
 * which says what the value is, and the name before it (`aws_ssm_parameter.db_password.value`:
 * `db_password`), which says it when the last is a generic `value`. Phrases, functions and free
 * text have none.
 */
export interface ReferenceSource {
  shown: string;
  last: string;
  owner?: string;
  /** A CloudFormation `!Ref` (or `${Name}` in a !Sub): the name it refers to, a parameter or a resource. */
  ref?: string;
}

function sourceOf(shown: string, dotted: string): ReferenceSource {
  const parts = dotted.split('.');
  const owner = parts.length > 1 ? parts[parts.length - 2] : undefined;
  return owner ? { shown, last: parts[parts.length - 1]!, owner } : { shown, last: parts[parts.length - 1]! };
}

export function referenceSource(value: JsonValue): ReferenceSource | undefined {
  const k = onlyKey(value);
  if (k === undefined) return undefined;
  const v = (value as JsonObject)[k]!;
  if (k === COMPUTED_KEY) {
    const name = typeof v === 'string' ? computedName(v) : undefined;
    if (name === undefined || TERRAFORM_PHRASES.has(name) || name.endsWith('(…)')) return undefined;
    // computedName writes a note as `name; note`; instance keys are not names
    const note = name.indexOf('; ');
    return sourceOf(name, (note === -1 ? name : name.slice(0, note)).replace(/\[[^\]]{0,64}\]/g, ''));
  }
  if (k === PLACEHOLDER_KEY || k === RUN_TIME_KEY) return typeof v === 'string' ? placeholderSource(v) : undefined;
  if (k === 'Ref') return typeof v === 'string' && NAME.test(v) && !v.startsWith('AWS::') ? { shown: `!Ref ${v}`, last: v, ref: v } : undefined;
  if (k === 'Fn::GetAtt') {
    const shown = describeComputed(value);
    return shown.startsWith('!GetAtt ') ? sourceOf(shown, shown.slice(8)) : undefined;
  }
  return undefined;
}

/**
 * What a placeholder reads, by the names in it: `${DB_PASSWORD}` -> DB_PASSWORD,
 * `{{ .Values.db.password }}` -> password (of db). One that quotes is named only when a function
 * reads a name (ecspresso's and Go templates' environment variables, Terraform state addresses
 * and SSM parameters: `{{ must_env \`DB_PASSWORD\` }}`, `{{ ssm \`/app/db/password\` }}`);
 * other quoted text may be a default value, so it is neither read as a name nor shown.
 */
function placeholderSource(written: string): ReferenceSource | undefined {
  let text = written;
  if (/["'`]/.test(written)) {
    const read = /^[{#<$%=\s-]*(?:must_env|env|getenv|tfstate|tfstatef|ssm|secretsmanager_arn)\s+["'`]([A-Za-z0-9_./:-]{1,128})["'`]/.exec(written);
    if (!read) return undefined;
    text = read[1]!;
  }
  const names = text.split(/[^A-Za-z0-9_]+/).filter((n) => n !== '' && !/^[0-9]/.test(n));
  const last = names[names.length - 1];
  if (last === undefined) return undefined;
  const shown = shownPlaceholder(written) ?? `a template placeholder reading ${text}`;
  const owner = names.length > 1 ? names[names.length - 2] : undefined;
  return owner ? { shown, last, owner } : { shown, last };
}

/** `${Name}` or `${Resource.Attribute}` inside a !Sub template, as a reference source. */
export function subReferenceSource(name: string): ReferenceSource | undefined {
  if (!NAME.test(name) || name.startsWith('AWS::')) return undefined;
  const source = sourceOf(`\${${name}} inside !Sub`, name);
  return name.includes('.') ? source : { ...source, ref: name };
}

/** Whether the value is decided when the template is deployed (not merely unseen by this file). */
export function isDeployTime(value: JsonValue): boolean {
  return isComputed(value) && !isUnseen(value);
}

/** `!Ref X, set at deploy time` or the marker's own reason: what follows "is" in a reason. */
export function unknownPhrase(value: JsonValue): string {
  // a string template is described by its first deploy-time part: that part says how it is set
  const described = templateParts(value)?.find((p) => typeof p !== 'string') ?? value;
  return isDeployTime(described) ? `${describeComputed(value)}, set at deploy time` : describeComputed(value);
}

/** CloudFormation dynamic references: `{{resolve:secretsmanager:...}}`, `{{resolve:ssm-secure:...}}`. */
export function dynamicReferenceService(value: string): string | undefined {
  const at = value.indexOf('{{resolve:');
  if (at === -1) return undefined;
  const rest = value.slice(at + 10);
  const colon = rest.indexOf(':');
  return colon === -1 ? undefined : rest.slice(0, colon);
}
