// ecs-execution-role-scoped: the execution role may read parameters, secrets and keys only by
// specific ARN. An Allow of ssm:GetParameters / ssm:GetParameter*, secretsmanager:GetSecretValue
// or kms:Decrypt (wildcard actions and NotAction included) on a resource pattern that matches
// every parameter, secret or key of the account (decided against the resource grammar under IAM's
// glob semantics), or through NotResource, fails. What IAM itself would take away is applied: an
// explicit Deny on the same actions and resources, and a permissions boundary that does not allow
// them. What depends on the request (a Condition) is unknown with the reason, never a pass. A task
// that references secrets without an execution role fails; a role that cannot be seen is unknown.
import { describeComputed, isComputed } from '../inventory/computed.js';
import { listItemsOf, renderTexts } from '../inventory/intrinsic-values.js';
import { isObject, own, ownObject, type JsonObject, type JsonValue } from '../util/json.js';
import { globCoversEverySuffix, wildcardMatch } from './iam-wildcards.js';
import { asList, decodePolicyDocument, hasCondition, roleStatements, type PolicyStatement } from './role-policies.js';
import { taskReferences } from '../inventory/references.js';
import type { Resource } from '../inventory/resource.js';
import { definePredicate } from './define.js';
import type { PredicateOutcome } from './types.js';

export const SENSITIVE_ACTIONS = ['ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParametersByPath', 'secretsmanager:GetSecretValue', 'kms:Decrypt'];

/** Each secret-holding resource's ARN up to the part that names one: `arn:P:ssm:R:A:parameter/`. */
const RESOURCE_GRAMMAR = new Map([
  ['ssm', 'parameter/'],
  ['secretsmanager', 'secret:'],
  ['kms', 'key/'],
]);

/** Longest resource pattern decided; a longer one is unknown. */
const MAX_PATTERN = 2048;

export const executionRoleScope = definePredicate({
  id: 'execution-role-scope',
  messages: {
    'broad-grant': 'Execution role "{{role}}" allows {{actions}} on {{resources}} (policy "{{policy}}"); scope it to the ARNs the task references',
    'no-execution-role': 'The task references {{count}} secret(s) but sets no executionRoleArn: the agent cannot fetch them',
    'missing-grant': 'Execution role "{{role}}" does not allow {{action}} on {{reference}}: the task cannot start',
  },
  evaluate({ resource, inventory }): PredicateOutcome {
    const out: PredicateOutcome = { violations: [], unknowns: [] };
    const refs = countSecretReferences(resource.data.containerDefinitions);
    const link = inventory.related(resource, 'executionRole');
    if (link.status === 'absent') {
      const uncounted = refs > 0 ? undefined : uncountedReferences(resource.data.containerDefinitions);
      if (refs > 0) out.violations.push({ message: 'no-execution-role', pointer: '/containerDefinitions', data: { count: refs } });
      else if (uncounted) out.unknowns.push({ pointer: uncounted.pointer, reason: `the task sets no executionRoleArn, and ${uncounted.reason}: whether it references secrets the agent would need one for could not be seen` });
      else out.notApplicable = 'no execution role and no secrets referenced';
      return out;
    }
    if (link.status === 'not-visible') {
      out.unknowns.push({ pointer: '/executionRoleArn', reason: link.reason });
      return out;
    }
    const role = link.resource;
    const { statements, blind } = roleStatements(role);
    const boundary = boundaryOf(role);
    const denies = [...statements.filter((s) => own(s.statement, 'Effect') === 'Deny'), ...(boundary.kind === 'found' ? boundary.statements.filter((s) => own(s.statement, 'Effect') === 'Deny') : [])];
    for (const allow of statements) {
      if (own(allow.statement, 'Effect') !== 'Allow') continue;
      const verdict = judgeGrant(allow, role, denies, boundary);
      if (verdict.unknown) out.unknowns.push({ pointer: '/executionRoleArn', reason: verdict.unknown });
      if (verdict.broad.length === 0) continue;
      out.violations.push({
        message: 'broad-grant',
        pointer: '/executionRoleArn',
        // the statement's Resource line is what makes the grant broad
        at: { resource: role, pointer: resourcePointer(allow) },
        data: { role: role.name, policy: allow.policy, actions: [...new Set(verdict.broad.map((g) => g.action))].join(', '), resources: [...new Set(verdict.broad.map((g) => g.resource))].join(', ') },
      });
    }
    for (const b of blind) out.unknowns.push({ pointer: '/executionRoleArn', reason: b.reason });
    // In an account (ARNs resolvable), every referenced parameter and secret must be granted,
    // or the task cannot start. Only said when every policy of the role could be read.
    if (blind.length === 0 && boundary.kind !== 'not-visible' && resource.region && resource.account) {
      const taskRefs = taskReferences(resource.data, resource.region, resource.account);
      const allows = statements.filter((s) => own(s.statement, 'Effect') === 'Allow' && !hasCondition(s.statement)).map((s) => s.statement);
      const capped = boundary.kind === 'found' ? boundary.statements.filter((s) => own(s.statement, 'Effect') === 'Allow').map((s) => s.statement) : undefined;
      const allowedBy = (list: JsonObject[], action: string, arns: string[]) => list.some((st) => grantedActions(st, [action]).length > 0 && resourceMatches(st, arns));
      const grants = (action: string, arns: string[]) =>
        allowedBy(allows, action, arns) && (!capped || allowedBy(capped, action, arns)) && !denies.some((d) => !hasCondition(d.statement) && grantedActions(d.statement, [action]).length > 0 && resourceMatches(d.statement, arns));
      for (const p of taskRefs.parameters) {
        if (!grants('ssm:GetParameters', [p.arn])) out.violations.push({ message: 'missing-grant', pointer: p.pointer, data: { role: role.name, action: 'ssm:GetParameters', reference: p.arn } });
      }
      for (const sec of taskRefs.secrets) {
        if (!grants('secretsmanager:GetSecretValue', [sec.arn, `${sec.arn}-AbCdEf`])) out.violations.push({ message: 'missing-grant', pointer: sec.pointer, data: { role: role.name, action: 'secretsmanager:GetSecretValue', reference: sec.arn } });
      }
    }
    return out;
  },
});

interface Grant {
  action: string;
  /** The broad resource as written (substitutions shown as ${...}). */
  resource: string;
  /** The pattern it was judged as. */
  pattern: string;
}

type Boundary = { kind: 'none' } | { kind: 'not-visible'; reason: string } | { kind: 'found'; statements: PolicyStatement[] };

/** The role's permissions boundary: none, not visible, or its statements. */
function boundaryOf(role: Resource): Boundary {
  const pb = own(role.data, 'PermissionsBoundary');
  if (pb === undefined || pb === null) return { kind: 'none' };
  const arn = own(pb, 'PermissionsBoundaryArn');
  const name = typeof arn === 'string' ? arn : isComputed(arn) ? describeComputed(arn!) : 'a policy';
  const doc = decodePolicyDocument(own(pb, 'PolicyDocument'));
  if (!isObject(doc) || isComputed(doc)) return { kind: 'not-visible', reason: `role "${role.name}" has the permissions boundary ${name}, which is not in the scanned files; the grants it caps cannot be judged` };
  const list = own(doc, 'Statement');
  const statements = asList(list).filter((s): s is JsonObject => isObject(s) && !isComputed(s));
  return { kind: 'found', statements: statements.map((statement) => ({ policy: `boundary ${name}`, statement, pointer: '/PermissionsBoundary' })) };
}

/** What an Allow statement grants broadly once Denies and the boundary are applied. */
function judgeGrant(allow: PolicyStatement, role: Resource, denies: PolicyStatement[], boundary: Boundary): { broad: Grant[]; unknown?: string } {
  const actions = grantedSensitiveActions(allow.statement);
  if (actions.length === 0) return { broad: [] };
  const found = broadGrants(allow.statement, actions);
  if (found.unknown) return { broad: [], unknown: `a Resource of policy "${allow.policy}" of role "${role.name}" is ${found.unknown}` };
  if (found.grants.length === 0) return { broad: [] };
  const what = `policy "${allow.policy}" of role "${role.name}" allows ${[...new Set(found.grants.map((g) => g.action))].join(', ')} on ${[...new Set(found.grants.map((g) => g.resource))].join(', ')}`;
  if (hasCondition(allow.statement)) return { broad: [], unknown: `${what} under a Condition, which is decided per request; whether it narrows the grant cannot be told from the policy` };
  const broad: Grant[] = [];
  let unknown: string | undefined;
  for (const g of found.grants) {
    const denied = denyCovers(denies, g);
    if (denied === 'conditional') unknown ??= `${what}, and a Deny with a Condition (decided per request) may take it away`;
    if (denied !== 'none') continue;
    if (boundary.kind === 'not-visible') {
      unknown ??= boundary.reason;
      continue;
    }
    if (boundary.kind === 'found') {
      const capped = boundaryAllows(boundary.statements, g);
      if (capped === 'conditional') unknown ??= `${what}, and the permissions boundary allows it only under a Condition, decided per request`;
      if (capped !== 'broad') continue;
    }
    broad.push(g);
  }
  return unknown ? { broad, unknown } : { broad };
}

/** Whether a Deny takes the grant away entirely (all resources, or all but specific ones). */
function denyCovers(denies: PolicyStatement[], g: Grant): 'covered' | 'conditional' | 'none' {
  let conditional = false;
  for (const d of denies) {
    if (grantedActions(d.statement, [g.action]).length === 0) continue;
    const notResource = own(d.statement, 'NotResource');
    const service = g.action.slice(0, g.action.indexOf(':'));
    const covers =
      notResource !== undefined
        ? asList(notResource).every((p) => typeof p === 'string' && !isBroadFor(service, p))
        : asList(own(d.statement, 'Resource')).some((p) => typeof p === 'string' && isBroadFor(service, p));
    if (!covers) continue;
    if (hasCondition(d.statement)) conditional = true;
    else return 'covered';
  }
  return conditional ? 'conditional' : 'none';
}

/** Whether the boundary lets the broad grant through: broad, only narrowly, or under a Condition. */
function boundaryAllows(statements: PolicyStatement[], g: Grant): 'broad' | 'conditional' | 'narrow' {
  let conditional = false;
  for (const s of statements) {
    if (own(s.statement, 'Effect') !== 'Allow' || grantedActions(s.statement, [g.action]).length === 0) continue;
    const found = broadGrants(s.statement, [g.action]);
    if (found.grants.length === 0) continue;
    if (hasCondition(s.statement)) conditional = true;
    else return 'broad';
  }
  return conditional ? 'conditional' : 'narrow';
}

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

/** The sensitive actions an Allow statement grants through Action or NotAction. */
export function grantedSensitiveActions(statement: JsonValue): string[] {
  return grantedActions(statement, SENSITIVE_ACTIONS);
}

/** The (action, resource) pairs of a statement that reach every resource of the action's service. */
function broadGrants(statement: JsonValue, actions: string[]): { grants: Grant[]; unknown?: string } {
  const grants: Grant[] = [];
  if (own(statement, 'NotResource') !== undefined) {
    for (const action of actions) grants.push({ action, resource: 'NotResource (everything not listed)', pattern: '*' });
    return { grants };
  }
  const resources = own(statement, 'Resource');
  if (resources === undefined) {
    for (const action of actions) grants.push({ action, resource: '(no Resource: everything)', pattern: '*' });
    return { grants };
  }
  for (const r of asList(resources)) {
    const rendered = renderResource(r);
    if (rendered === undefined) return { grants, unknown: describeComputed(r) };
    for (const pattern of rendered) {
      if (pattern.length > MAX_PATTERN) return { grants, unknown: `a resource pattern longer than ${MAX_PATTERN} characters` };
      for (const action of actions) {
        if (isBroadFor(action.slice(0, action.indexOf(':')), pattern)) grants.push({ action, resource: pattern.replace(/\u0000/g, '${...}'), pattern });
      }
    }
  }
  return { grants };
}

/** The statement's resources that reach every parameter, secret or key; or why that is unknown. */
export function broadResources(statement: JsonValue): { resources: string[]; unknown?: string } {
  const found = broadGrants(statement, SENSITIVE_ACTIONS);
  const resources = [...new Set(found.grants.map((g) => g.resource))];
  return found.unknown ? { resources, unknown: found.unknown } : { resources };
}

/**
 * A Resource value as the patterns it can be: a literal, or a template whose substitutions are
 * single values (shown as NUL, never a wildcard); Fn::If and lookups give each alternative.
 * Undefined when the value is not a string IAM could read (a list computed at deploy time).
 */
function renderResource(value: JsonValue): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (!isComputed(value)) return undefined;
  const key = Object.keys(value as object)[0]!;
  // one value each: a reference, an attribute, an import, a lookup of the template's own values
  const single = ['Ref', 'Fn::GetAtt', 'Fn::ImportValue', 'Fn::Select', 'Fn::FindInMap', 'Fn::Sub', 'Fn::Join', 'Fn::If', '$computed', '$oneOf', '$template'];
  if (!single.includes(key)) return undefined;
  const rendered = renderTexts(value, '\u0000');
  if (rendered.incomplete || rendered.texts.length === 0) return undefined;
  return rendered.texts.map((t) => t.text);
}

/** `*`, `arn:PARTITION:ssm:*:*:*`, `...:parameter/*`, `...:p*`, `...:secre?:*`, `...:ke*`: every one of them. */
export function isBroadArn(resource: string): boolean {
  for (const service of RESOURCE_GRAMMAR.keys()) if (isBroadFor(service, resource)) return true;
  return false;
}

/**
 * Whether a resource pattern matches every resource of the service's grammar in some account and
 * region: the pattern is read over `arn:PARTITION:SERVICE:REGION:ACCOUNT:TYPE` (with its own
 * partition, region and account where it names them) and must then accept any name.
 */
export function isBroadFor(service: string, pattern: string): boolean {
  const type = RESOURCE_GRAMMAR.get(service);
  if (type === undefined) return false;
  if (pattern === '*') return true;
  const fields = pattern.split(':');
  const written = (i: number, fallback: string) => {
    const f = fields.length >= 6 ? fields[i] : undefined;
    const inst = f === undefined ? undefined : f.replace(/\*/g, '').replace(/\?/g, 'x');
    return inst === undefined || inst === fallback ? [fallback] : [inst, fallback];
  };
  for (const partition of written(1, 'aws')) {
    for (const region of written(3, 'us-east-1')) {
      for (const account of written(4, '123456789012')) {
        if (globCoversEverySuffix(pattern, `arn:${partition}:${service}:${region}:${account}:${type}`)) return true;
      }
    }
  }
  return false;
}

/** How many secrets the containers reference (`secrets`, log `secretOptions`, registry credentials). */
export function countSecretReferences(containers: JsonValue | undefined): number {
  // a plain list as it is; a template's list under Fn::If, each branch's entries
  const plain = (list: JsonValue | undefined): list is JsonValue[] => Array.isArray(list) && !list.some(isComputed);
  const count = (list: JsonValue | undefined) => (plain(list) ? list.length : listItemsOf(list, [])?.length ?? 0);
  let n = 0;
  for (const c of plain(containers) ? containers : (listItemsOf(containers, ['containerDefinitions']) ?? []).map((item) => item.value)) {
    n += count(own(c, 'secrets'));
    n += count(own(own(c, 'logConfiguration'), 'secretOptions'));
    if (own(ownObject(c, 'repositoryCredentials'), 'credentialsParameter') !== undefined) n++;
  }
  return n;
}

/**
 * What keeps countSecretReferences from seeing every reference: container definitions, a
 * container, or its secrets or secretOptions set at deploy time (Terraform's "known after apply").
 */
function uncountedReferences(containers: JsonValue | undefined): { pointer: string; reason: string } | undefined {
  if (containers === undefined || containers === null) return undefined;
  const items = listItemsOf(containers, ['containerDefinitions']);
  if (items === undefined) return isComputed(containers) ? { pointer: '/containerDefinitions', reason: `containerDefinitions is ${describeComputed(containers)}` } : undefined;
  for (const item of items) {
    const at = `/${item.segments.join('/')}`;
    if (isComputed(item.value)) return { pointer: at, reason: `a container definition is ${describeComputed(item.value)}` };
    const lists: [string, JsonValue | undefined][] = [['secrets', own(item.value, 'secrets')], ['logConfiguration/secretOptions', own(own(item.value, 'logConfiguration'), 'secretOptions')]];
    for (const [path, list] of lists) {
      if (list !== undefined && list !== null && isComputed(list) && listItemsOf(list, []) === undefined) return { pointer: `${at}/${path}`, reason: `${path.split('/').pop()} of a container is ${describeComputed(list)}` };
    }
  }
  return undefined;
}

/** The pointer of a statement's Resource (or NotResource), where it has one; else the statement's. */
function resourcePointer(allow: { statement: JsonObject; pointer: string }): string {
  if (allow.pointer === '') return allow.pointer;
  for (const key of ['Resource', 'NotResource']) if (own(allow.statement, key) !== undefined) return `${allow.pointer}/${key}`;
  return allow.pointer;
}
