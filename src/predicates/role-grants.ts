// Whether an IAM role allows an action on a resource, for the rule language's `grants` operator:
// true, false, or unknown with why (a policy that could not be read, a Condition decided per
// request, a permissions boundary). Wildcards as IAM reads them; an explicit Deny wins.
import { isComputed } from '../inventory/computed.js';
import { renderTexts } from '../inventory/intrinsic-values.js';
import type { Resource } from '../inventory/resource.js';
import { own, type JsonValue } from '../util/json.js';
import { wildcardMatch } from './iam-wildcards.js';
import { asList, hasCondition, roleStatements } from './role-policies.js';

export interface GrantVerdict {
  value: true | false | 'unknown';
  /** The statement that decides it (into the role), when one does. */
  pointer: string;
  reason?: string;
}

/** A statement's Action/NotAction and Resource/NotResource cover (action, resource): yes, no, or set at deploy time. */
function covers(statement: JsonValue, action: string, resource: string): boolean | 'unknown' {
  const matchAny = (v: JsonValue | undefined, value: string, ignoreCase: boolean): boolean | 'unknown' => {
    let unknown = false;
    for (const p of asList(v)) {
      if (typeof p === 'string') {
        if (wildcardMatch(p, value, ignoreCase)) return true;
      } else if (isComputed(p) && mayMatch(p, value, ignoreCase)) unknown = true;
    }
    return unknown ? 'unknown' : false;
  };
  const notAction = own(statement, 'NotAction');
  const a = notAction !== undefined ? negate(matchAny(notAction, action, true)) : matchAny(own(statement, 'Action'), action, true);
  if (a === false) return false;
  const notResource = own(statement, 'NotResource');
  const r = notResource !== undefined ? negate(matchAny(notResource, resource, false)) : matchAny(own(statement, 'Resource'), resource, false);
  if (r === false) return false;
  return a === 'unknown' || r === 'unknown' ? 'unknown' : true;
}

/**
 * Whether a pattern the template builds can match: its deploy-time parts as `*`, the widest they
 * can be, so `arn:${AWS::Partition}:s3:::uploads-${Suffix}/*` can never be every resource.
 */
function mayMatch(pattern: JsonValue, value: string, ignoreCase: boolean): boolean {
  const rendered = renderTexts(pattern, '*');
  if (rendered.incomplete || rendered.credential || rendered.texts.length === 0) return true;
  return rendered.texts.some((t) => wildcardMatch(t.text, value, ignoreCase));
}

function negate(v: boolean | 'unknown'): boolean | 'unknown' {
  return v === 'unknown' ? 'unknown' : !v;
}

/**
 * `*` asks for every action: an action of no real service, which only `*` (or `*:*`), or a
 * NotAction listing real services, allows. So a NotAction grant counts as every action: it
 * leaves all but what it names.
 */
const EVERY_ACTION = 'ecsguard-every-service:EveryAction';

export function roleGrants(role: Resource, requested: string, resource: string): GrantVerdict {
  const action = requested === '*' ? 'every action' : requested;
  const probe = requested === '*' ? EVERY_ACTION : requested;
  const { statements, blind } = roleStatements(role);
  let allow: string | undefined;
  let maybeAllow: GrantVerdict | undefined;
  let maybeDeny: GrantVerdict | undefined;
  for (const s of statements) {
    const effect = own(s.statement, 'Effect');
    const c = covers(s.statement, probe, resource);
    if (c === false) continue;
    const decided = c === true && !hasCondition(s.statement);
    const how = c === 'unknown' ? 'on resources or actions set at deploy time' : 'under a Condition, decided per request';
    if (effect === 'Deny') {
      if (decided) return { value: false, pointer: s.pointer, reason: `an explicit Deny in policy "${s.policy}" takes ${action} away` };
      maybeDeny ??= { value: 'unknown', pointer: s.pointer, reason: `a Deny in policy "${s.policy}" may take ${action} away (${how})` };
    } else if (effect === 'Allow') {
      if (decided) allow ??= s.pointer;
      else maybeAllow ??= { value: 'unknown', pointer: s.pointer, reason: `policy "${s.policy}" allows ${action} only ${how}` };
    }
  }
  if (allow !== undefined) {
    if (maybeDeny) return maybeDeny;
    const boundary = own(role.data, 'PermissionsBoundary');
    if (boundary !== undefined && boundary !== null) return { value: 'unknown', pointer: '/PermissionsBoundary', reason: `role "${role.name}" allows ${action}, and its permissions boundary may not` };
    return { value: true, pointer: allow };
  }
  if (maybeAllow) return maybeAllow;
  // a policy that could not be read may allow it
  if (blind.length > 0) return { value: 'unknown', pointer: blind[0]!.pointer, reason: blind[0]!.reason };
  return { value: false, pointer: '' };
}
