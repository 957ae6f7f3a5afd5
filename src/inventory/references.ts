// What a task definition refers to in other services: parameters, secrets, log groups, roles.
// One reading of the ECS fields, shared by the collectors (what to fetch) and the checks (what to
// look up), each reference with the pointer of the field that makes it.
import { isObject, own, ownArray, ownString, type JsonObject, type JsonValue } from '../util/json.js';
import { joinPointer, parsePointer, toPointer } from '../util/pointer.js';
import { listItemsOf } from './intrinsic-values.js';
import { isComputed } from './computed.js';
import { arnOf } from '../aws/arn.js';

export interface ParameterRef {
  /** Full ARN: names are resolved in the task definition's region and account. */
  arn: string;
  name: string;
  region: string;
  account: string;
  pointer: string;
}

export interface SecretRef {
  /** The secret's ARN without a JSON key, version stage or version id. */
  arn: string;
  region: string;
  pointer: string;
}

export interface LogGroupRef {
  name: string;
  region: string;
  pointer: string;
}

export interface TaskReferences {
  parameters: ParameterRef[];
  secrets: SecretRef[];
  logGroups: LogGroupRef[];
}

/**
 * The fields of a task definition that name a parameter or secret, with their pointers and values
 * as written; a template's lists under Fn::If are read in each branch.
 */
export function secretFields(td: JsonObject): Array<{ pointer: string; value: unknown }> {
  const out: Array<{ pointer: string; value: unknown }> = [];
  const add = (value: unknown, pointer: () => string) => {
    if (value !== undefined && value !== null && value !== '') out.push({ pointer: pointer(), value });
  };
  // a plain list (every file but a template's Fn::If) is walked as it is: no item records
  const each = (list: JsonValue | undefined, base: string, visit: (item: JsonValue, at: string) => void) => {
    if (Array.isArray(list) && !list.some(isComputed)) list.forEach((item, i) => visit(item, joinPointer(base, i)));
    else if (list !== undefined) for (const b of listItemsOf(list, parsePointer(base)) ?? []) visit(b.value, toPointer(b.segments));
  };
  each(own(td, 'containerDefinitions'), '/containerDefinitions', (c, at) => {
    if (!isObject(c)) return;
    each(own(c, 'secrets'), `${at}/secrets`, (ref, refAt) => add(own(ref, 'valueFrom'), () => `${refAt}/valueFrom`));
    each(own(own(c, 'logConfiguration'), 'secretOptions'), `${at}/logConfiguration/secretOptions`, (ref, refAt) => add(own(ref, 'valueFrom'), () => `${refAt}/valueFrom`));
    add(own(own(c, 'repositoryCredentials'), 'credentialsParameter'), () => `${at}/repositoryCredentials/credentialsParameter`);
  });
  return out;
}

/** The parameter name a valueFrom gives, by name or by ARN (`arn:...:parameter/app/db` is `/app/db`); anything else as it is. */
export function parameterName(valueFrom: string): string {
  const ref = valueFrom.startsWith('arn:') ? resolveValueFrom(valueFrom, '', '', '') : undefined;
  return ref?.kind === 'parameter' ? ref.ref.name : valueFrom;
}

export function taskReferences(td: JsonObject, region: string, account: string): TaskReferences {
  const out: TaskReferences = { parameters: [], secrets: [], logGroups: [] };
  for (const { pointer, value } of secretFields(td)) {
    if (typeof value !== 'string') continue;
    const ref = resolveValueFrom(value, region, account, pointer);
    if (ref?.kind === 'parameter') out.parameters.push(ref.ref);
    else if (ref?.kind === 'secret') out.secrets.push(ref.ref);
  }
  const containers = ownArray(td, 'containerDefinitions') ?? [];
  containers.forEach((c, i) => {
    if (!isObject(c)) return;
    const base = joinPointer('/containerDefinitions', i);
    const log = own(c, 'logConfiguration');
    if (ownString(log, 'logDriver') === 'awslogs') {
      const options = own(log, 'options');
      const group = ownString(options, 'awslogs-group');
      if (group) out.logGroups.push({ name: group, region: ownString(options, 'awslogs-region') ?? region, pointer: joinPointer(base, 'logConfiguration', 'options', 'awslogs-group') });
    }
  });
  return out;
}

type Resolved = { kind: 'parameter'; ref: ParameterRef } | { kind: 'secret'; ref: SecretRef } | undefined;

/** valueFrom: an SSM parameter name or ARN, or a Secrets Manager ARN (maybe with key/version). */
export function resolveValueFrom(valueFrom: string, region: string, account: string, pointer: string): Resolved {
  if (valueFrom.startsWith('arn:')) {
    const parts = valueFrom.split(':');
    const service = parts[2];
    const r = parts[3] || region;
    const a = parts[4] || account;
    if (service === 'secretsmanager' && parts[5] === 'secret' && parts[6]) {
      return { kind: 'secret', ref: { arn: parts.slice(0, 7).join(':'), region: r, pointer } };
    }
    if (service === 'ssm') {
      const resource = parts.slice(5).join(':');
      if (!resource.startsWith('parameter/')) return undefined;
      // "parameter/a/b" is the parameter "/a/b"; "parameter/name" is "name"
      const rest = resource.slice('parameter/'.length);
      const name = rest.includes('/') ? `/${rest}` : rest;
      return { kind: 'parameter', ref: { arn: parameterArn(r, a, name), name, region: r, account: a, pointer } };
    }
    return undefined;
  }
  return { kind: 'parameter', ref: { arn: parameterArn(region, account, valueFrom), name: valueFrom, region, account, pointer } };
}

/** The ARN of a parameter by name, as IAM and SSM write it. */
export function parameterArn(region: string, account: string, name: string): string {
  return arnOf('ssm', region, account, `parameter${name.startsWith('/') ? name : `/${name}`}`);
}
