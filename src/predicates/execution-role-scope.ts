// ecs-execution-role-scoped: the execution role may read parameters, secrets and keys only by
// specific ARN. An Allow of ssm:GetParameters / ssm:GetParameter*, secretsmanager:GetSecretValue
// or kms:Decrypt (wildcard actions and NotAction included) on "*", on a whole-service wildcard, or
// through NotResource fails. A task that references secrets without an execution role fails. When
// the role cannot be seen the result is unknown, never a pass.
import { describeComputed, isComputed } from '../inventory/computed.js';
import { own, ownArray, type JsonValue } from '../util/json.js';
import { wildcardMatch } from './iam-wildcards.js';
import { roleStatements } from './role-policies.js';
import { taskReferences } from '../inventory/references.js';
import type { Predicate, PredicateOutcome } from './types.js';

export const SENSITIVE_ACTIONS = ['ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParametersByPath', 'secretsmanager:GetSecretValue', 'kms:Decrypt'];

/** Resource types whose "all of them" wildcard counts as broad, per service. */
const RESOURCE_TYPES = new Map([
  ['ssm', ['parameter']],
  ['secretsmanager', ['secret']],
  ['kms', ['key', 'alias']],
]);

export const executionRoleScope: Predicate = {
  messages: ['broad-grant', 'no-execution-role', 'missing-grant'],
  evaluate({ resource, inventory }): PredicateOutcome {
    const out: PredicateOutcome = { violations: [], unknowns: [] };
    const refs = countSecretReferences(resource.data.containerDefinitions);
    const link = inventory.related(resource, 'executionRole');
    if (link.status === 'absent') {
      if (refs > 0) out.violations.push({ message: 'no-execution-role', pointer: '/containerDefinitions', data: { count: refs } });
      else out.notApplicable = 'no execution role and no secrets referenced';
      return out;
    }
    if (link.status === 'not-visible') {
      out.unknowns.push({ pointer: '/executionRoleArn', reason: link.reason });
      return out;
    }
    const role = link.resource;
    const { statements, blind } = roleStatements(role);
    for (const { policy, statement, pointer } of statements) {
      if (own(statement, 'Effect') !== 'Allow') continue;
      const actions = grantedSensitiveActions(statement);
      if (actions.length === 0) continue;
      const broad = broadResources(statement);
      if (broad.unknown) {
        out.unknowns.push({ pointer: '/executionRoleArn', reason: `a Resource of policy "${policy}" of role "${role.name}" is ${broad.unknown}` });
        continue;
      }
      if (broad.resources.length === 0) continue;
      out.violations.push({
        message: 'broad-grant',
        pointer: '/executionRoleArn',
        at: { resource: role, pointer },
        data: { role: role.name, policy, actions: actions.join(', '), resources: broad.resources.join(', ') },
      });
    }
    for (const b of blind) out.unknowns.push({ pointer: '/executionRoleArn', reason: b.reason });
    // In an account (ARNs resolvable), every referenced parameter and secret must be granted,
    // or the task cannot start. Only said when every policy of the role could be read.
    if (blind.length === 0 && resource.region && resource.account) {
      const refs = taskReferences(resource.data, resource.region, resource.account);
      const allows = statements.filter((s) => own(s.statement, 'Effect') === 'Allow').map((s) => s.statement);
      const grants = (action: string, arns: string[]) =>
        allows.some((st) => grantedActions(st, [action]).length > 0 && resourceMatches(st, arns));
      for (const p of refs.parameters) {
        if (!grants('ssm:GetParameters', [p.arn])) out.violations.push({ message: 'missing-grant', pointer: p.pointer, data: { role: role.name, action: 'ssm:GetParameters', reference: p.arn } });
      }
      for (const sec of refs.secrets) {
        if (!grants('secretsmanager:GetSecretValue', [sec.arn, `${sec.arn}-AbCdEf`])) out.violations.push({ message: 'missing-grant', pointer: sec.pointer, data: { role: role.name, action: 'secretsmanager:GetSecretValue', reference: sec.arn } });
      }
    }
    return out;
  },
};

function grantedActions(statement: JsonValue, actions: string[]): string[] {
  const action = own(statement, 'Action');
  const notAction = own(statement, 'NotAction');
  const matches = (patterns: JsonValue[], a: string) => patterns.some((p) => typeof p === 'string' && wildcardMatch(p, a, true));
  if (action !== undefined) return actions.filter((a) => matches(asList(action), a));
  if (notAction !== undefined) return actions.filter((a) => !matches(asList(notAction), a));
  return [];
}

/** Whether a statement's Resource (or NotResource) covers one of the ARNs. */
function resourceMatches(statement: JsonValue, arns: string[]): boolean {
  const notResource = own(statement, 'NotResource');
  if (notResource !== undefined) return arns.some((arn) => !asList(notResource).some((p) => typeof p === 'string' && wildcardMatch(p, arn, false)));
  return asList(own(statement, 'Resource')).some((p) => typeof p === 'string' && arns.some((arn) => wildcardMatch(p, arn, false)));
}

function asList(v: JsonValue | undefined): JsonValue[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** The sensitive actions an Allow statement grants through Action or NotAction. */
export function grantedSensitiveActions(statement: JsonValue): string[] {
  return grantedActions(statement, SENSITIVE_ACTIONS);
}

/** The statement's resources that reach every parameter, secret or key; or why that is unknown. */
export function broadResources(statement: JsonValue): { resources: string[]; unknown?: string } {
  if (own(statement, 'NotResource') !== undefined) return { resources: ['NotResource (everything not listed)'] };
  const resources = own(statement, 'Resource');
  if (resources === undefined) return { resources: ['(no Resource: everything)'] };
  const broad: string[] = [];
  for (const r of asList(resources)) {
    const rendered = renderResource(r);
    if (rendered === undefined) return { resources: broad, unknown: describeComputed(r) };
    for (const variant of rendered) if (isBroadArn(variant)) broad.push(variant.replace(/\u0000/g, '${...}'));
  }
  return { resources: [...new Set(broad)] };
}

/**
 * A Resource value as the strings it can be: a literal, or a template whose substitutions are
 * single values (shown as NUL, never a wildcard). Fn::If gives both branches. Undefined when the
 * value cannot be rendered.
 */
function renderResource(value: JsonValue, depth = 0): string[] | undefined {
  if (depth > 10) return undefined;
  if (typeof value === 'string') return [value];
  if (!isComputed(value)) return undefined;
  const [key, arg] = Object.entries(value as object)[0] as [string, JsonValue];
  switch (key) {
    case 'Ref':
    case 'Fn::GetAtt':
    case 'Fn::ImportValue':
    case 'Fn::Select':
    case 'Fn::FindInMap':
    case '$computed':
      return ['\u0000']; // one value, not a pattern
    case 'Fn::Sub': {
      const template = typeof arg === 'string' ? arg : Array.isArray(arg) && typeof arg[0] === 'string' ? arg[0] : undefined;
      return template === undefined ? undefined : [substituteSub(template)];
    }
    case 'Fn::Join': {
      if (!Array.isArray(arg) || typeof arg[0] !== 'string' || !Array.isArray(arg[1])) return undefined;
      const sep = arg[0];
      let acc: string[] | undefined;
      for (const part of arg[1]) {
        const r = renderResource(part, depth + 1);
        if (!r) return undefined;
        acc = acc === undefined ? r : acc.flatMap((a) => r.map((x) => a + sep + x));
        if (acc.length > 16) return undefined;
      }
      return acc ?? [''];
    }
    case 'Fn::If': {
      if (!Array.isArray(arg) || arg.length !== 3) return undefined;
      const yes = renderResource(arg[1]!, depth + 1);
      const no = renderResource(arg[2]!, depth + 1);
      if (!yes || !no) return undefined;
      return [...yes, ...no];
    }
    default:
      return undefined;
  }
}

function substituteSub(template: string): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const start = template.indexOf('${', i);
    if (start === -1) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, start);
    if (template[start + 2] === '!') {
      out += '${';
      i = start + 3;
      continue;
    }
    const end = template.indexOf('}', start);
    if (end === -1) {
      out += template.slice(start);
      break;
    }
    out += '\u0000';
    i = end + 1;
  }
  return out;
}

/** `*`, `arn:aws:ssm:*:*:*`, `arn:aws:ssm:r:a:parameter/*`, `arn:aws:kms:r:a:key/*`: every one of them. */
export function isBroadArn(resource: string): boolean {
  if (resource === '*') return true;
  const parts = resource.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return false;
  const service = parts[2]!;
  const rest = parts.slice(5).join(':');
  if (service === '*' || service === '') return true;
  if (rest === '*' || rest === '') return true;
  const types = RESOURCE_TYPES.get(service) ?? [];
  for (const t of types) {
    // parameter/*, parameter*, secret:*, key/*, and the same with only wildcards after the type
    if (rest.startsWith(t)) {
      const tail = rest.slice(t.length);
      if (tail === '*' || /^[/:]\*+$/.test(tail) || /^[/:]?[*?/]+$/.test(tail)) return true;
    }
  }
  // the resource type itself is a wildcard: arn:aws:ssm:r:a:*/x is still everything of some type
  return rest.startsWith('*');
}

/** How many secrets the containers reference (`secrets`, log `secretOptions`, registry credentials). */
export function countSecretReferences(containers: JsonValue | undefined): number {
  if (!Array.isArray(containers)) return 0;
  let n = 0;
  for (const c of containers) {
    n += (ownArray(c, 'secrets') ?? []).length;
    n += (ownArray(own(c, 'logConfiguration'), 'secretOptions') ?? []).length;
    if (own(own(c, 'repositoryCredentials'), 'credentialsParameter') !== undefined) n++;
  }
  return n;
}
