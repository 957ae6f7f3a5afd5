// Values a template computes at deploy time (CloudFormation intrinsics, Terraform values known
// only after apply). They stay in the data in their template form; rules treat them as unknown.
import { isObject, type JsonValue } from '../util/json.js';

/** Marker for a Terraform value "known after apply": `{ "$computed": "aws_iam_role.exec.arn" }`. */
export const COMPUTED_KEY = '$computed';

export function isComputed(value: unknown): boolean {
  if (!isObject(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 1) return false;
  const k = keys[0]!;
  return k === 'Ref' || k.startsWith('Fn::') || k === COMPUTED_KEY;
}

/** A short human description: `!Ref DbPassword`, `!Sub "..."`, `known after terraform apply`. */
export function describeComputed(value: JsonValue): string {
  if (!isObject(value)) return String(value);
  const [k, v] = Object.entries(value)[0] ?? ['', null];
  if (k === COMPUTED_KEY) return `a value known only after terraform apply${typeof v === 'string' && v ? ` (${v})` : ''}`;
  const fn = k === 'Ref' ? 'Ref' : k.replace(/^Fn::/, '');
  if (typeof v === 'string') return `!${fn} ${v.length > 60 ? v.slice(0, 57) + '...' : v}`;
  if (fn === 'GetAtt' && Array.isArray(v)) return `!GetAtt ${v.map(String).join('.')}`;
  return `!${fn} (a CloudFormation intrinsic function)`;
}

/** CloudFormation dynamic references: `{{resolve:secretsmanager:...}}`, `{{resolve:ssm-secure:...}}`. */
export function dynamicReferenceService(value: string): string | undefined {
  const at = value.indexOf('{{resolve:');
  if (at === -1) return undefined;
  const rest = value.slice(at + 10);
  const colon = rest.indexOf(':');
  return colon === -1 ? undefined : rest.slice(0, colon);
}
