// The policy statements an IAM role carries (inline, attached managed, well-known AWS managed),
// each with where it sits in the role resource, and the policies that could not be seen.
import { isComputed, unknownPhrase } from '../inventory/computed.js';
import type { Resource } from '../inventory/resource.js';
import { renderTexts } from '../inventory/intrinsic-values.js';
import { parseJsonData } from '../inventory/written-markers.js';
import { isObject, own, ownArray, type JsonObject, type JsonValue } from '../util/json.js';
import { joinPointer } from '../util/pointer.js';
import { awsManagedPolicyDocument } from './aws-managed-policies.js';
import type { Blind } from './types.js';

export interface PolicyStatement {
  policy: string;
  statement: JsonObject;
  /** Pointer into the role resource (or "" for a catalogued AWS managed policy's statement). */
  pointer: string;
}

export interface RoleStatements {
  statements: PolicyStatement[];
  blind: Blind[];
}

/** IAM returns documents URL-encoded; some endpoints and templates hold them as JSON text. */
export function decodePolicyDocument(doc: JsonValue | undefined): JsonValue | undefined {
  if (typeof doc !== 'string') return doc;
  let text = doc.trim();
  if (text.startsWith('%7B') || text.startsWith('%7b')) {
    try {
      text = decodeURIComponent(text);
    } catch {
      return undefined;
    }
  }
  return parseJsonData(text);
}

export function roleStatements(role: Resource): RoleStatements {
  const out: RoleStatements = { statements: [], blind: [] };
  // a policy list the collector could not read: what was read is not the whole role
  for (const [aspect, why] of Object.entries(role.gaps ?? {})) out.blind.push({ pointer: '', reason: `the ${aspect === 'inlinePolicies' ? 'inline' : aspect === 'attachedPolicies' ? 'attached' : aspect} policies of role "${role.name}" could not be listed (${why})` });
  const add = (policyName: string, doc: JsonValue | undefined, base: string) => {
    const decoded = decodePolicyDocument(doc);
    if (decoded === undefined || decoded === null) {
      out.blind.push({ pointer: base, reason: `policy "${policyName}" of role "${role.name}" could not be read` });
      return;
    }
    if (isComputed(decoded)) {
      out.blind.push({ pointer: base, reason: `policy "${policyName}" of role "${role.name}" is ${unknownPhrase(decoded)}` });
      return;
    }
    const stmt = own(decoded, 'Statement');
    const list = asList(stmt);
    list.forEach((s, k) => {
      const pointer = Array.isArray(stmt) ? joinPointer(base, 'Statement', k) : joinPointer(base, 'Statement');
      if (isObject(s) && !isComputed(s)) out.statements.push({ policy: policyName, statement: s, pointer: base === '' ? '' : pointer });
      else out.blind.push({ pointer, reason: `a statement of policy "${policyName}" is set at deploy time` });
    });
  };
  (ownArray(role.data, 'RolePolicyList') ?? []).forEach((p, i) => {
    add(policyName(p, i), own(p, 'PolicyDocument'), `/RolePolicyList/${i}/PolicyDocument`);
  });
  (ownArray(role.data, 'AttachedManagedPolicies') ?? []).forEach((p, i) => {
    const name = policyName(p, i);
    const doc = own(p, 'PolicyDocument');
    if (doc !== undefined && doc !== null) {
      add(name, doc, `/AttachedManagedPolicies/${i}/PolicyDocument`);
      return;
    }
    const written = own(p, 'PolicyArn');
    const arn = awsPolicyArnText(written);
    const known = arn !== undefined ? awsManagedPolicyDocument(arn) : undefined;
    if (known) {
      for (const s of (known.Statement as JsonObject[])) out.statements.push({ policy: name, statement: s, pointer: `/AttachedManagedPolicies/${i}` });
    } else {
      out.blind.push({
        pointer: `/AttachedManagedPolicies/${i}`,
        reason: `managed policy ${typeof written === 'string' ? written : name} attached to role "${role.name}" is not in the scanned files`,
      });
    }
  });
  return out;
}

/**
 * A managed policy ARN as written, or the one text a template builds (`!Sub
 * arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess`, its deploy-time parts as `${?}`).
 */
function awsPolicyArnText(arn: JsonValue | undefined): string | undefined {
  if (typeof arn === 'string') return arn;
  if (arn === undefined || !isComputed(arn)) return undefined;
  const rendered = renderTexts(arn);
  return rendered.texts.length === 1 && !rendered.incomplete ? rendered.texts[0]!.text : undefined;
}

function policyName(p: JsonValue, i: number): string {
  const n = own(p, 'PolicyName');
  return typeof n === 'string' ? n : `#${i}`;
}

/** Whether a statement applies only under a Condition (decided per request). */
export function hasCondition(statement: JsonValue): boolean {
  const c = own(statement, 'Condition');
  return c !== undefined && c !== null && !(isObject(c) && Object.keys(c).length === 0);
}

/** A policy element (Action, Resource...) as a list: IAM allows one value or a list. */
export function asList(v: JsonValue | undefined): JsonValue[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
