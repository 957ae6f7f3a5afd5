// CloudFormation templates (JSON or YAML, CDK synth output included): every
// AWS::ECS::TaskDefinition with its properties renamed to the ECS API's fields, and the IAM roles
// of the same template with the policies attached to them, linked to the task definitions that
// name them, so role checks run on templates.
import { isObject, own, ownArray, ownObject, ownString, setOwn, type JsonObject, type JsonValue } from '../../util/json.js';
import type { Resource } from '../../inventory/resource.js';
import type { ParsedDocument } from './parse-document.js';
import { MAP_VALUED_FIELDS, ResourceSourceMap, toApiFieldName, type SourceMapEntry } from './source-map.js';
import { describeComputed } from '../../inventory/computed.js';

export function isCloudFormationTemplate(value: JsonValue): boolean {
  if (!isObject(value)) return false;
  const resources = ownObject(value, 'Resources');
  if (!resources) return false;
  if (own(value, 'AWSTemplateFormatVersion') !== undefined) return true;
  return Object.values(resources).some((r) => typeof ownString(r, 'Type') === 'string' && ownString(r, 'Type')!.includes('::'));
}

export function extractCloudFormation(doc: ParsedDocument, file: string): Resource[] {
  const template = doc.value as JsonObject;
  const resources = ownObject(template, 'Resources') ?? {};
  const roles = collectRoles(resources, file, doc);
  const out: Resource[] = [];
  for (const [logicalId, res] of Object.entries(resources)) {
    if (ownString(res, 'Type') !== 'AWS::ECS::TaskDefinition') continue;
    const props = ownObject(res, 'Properties') ?? {};
    const data = toApiShape(props, false) as JsonObject;
    const family = ownString(data, 'family');
    const map = new ResourceSourceMap(
      [
        { data: [], source: ['Resources', logicalId, 'Properties'], node: props, keys: 'cloudformation' },
      ],
      doc.locate,
    );
    const resource: Resource = {
      type: 'ecs:task-definition',
      id: logicalId,
      name: family ?? logicalId,
      data,
      origin: { kind: 'file', file, shape: 'cloudformation', address: logicalId, locate: (p) => map.locate(p) },
    };
    const links: Record<string, string> = {};
    const exec = roleLogicalId(own(props, 'ExecutionRoleArn'), roles);
    if (exec) links.executionRole = exec;
    const task = roleLogicalId(own(props, 'TaskRoleArn'), roles);
    if (task) links.taskRole = task;
    if (Object.keys(links).length > 0) resource.links = links;
    out.push(resource);
  }
  // services, with the task sets of this template that belong to them (network configuration)
  const services = new Map<string, ServiceBuild>();
  const addService = (key: string, logicalId: string, props: JsonObject, name: string, data: JsonObject): ServiceBuild => {
    const entries: SourceMapEntry[] = [{ data: [], source: ['Resources', logicalId, 'Properties'], node: props, keys: 'cloudformation' }];
    const map = new ResourceSourceMap(entries, doc.locate);
    const resource: Resource = {
      type: 'ecs:service',
      id: logicalId,
      name,
      data,
      origin: { kind: 'file', file, shape: 'cloudformation', address: logicalId, locate: (p) => map.locate(p) },
    };
    const build = { resource, entries };
    services.set(key, build);
    out.push(resource);
    return build;
  };
  for (const [logicalId, res] of Object.entries(resources)) {
    if (ownString(res, 'Type') !== 'AWS::ECS::Service') continue;
    const props = ownObject(res, 'Properties') ?? {};
    addService(logicalId, logicalId, props, ownString(props, 'ServiceName') ?? logicalId, toApiShape(props, false) as JsonObject);
  }
  for (const [logicalId, res] of Object.entries(resources)) {
    if (ownString(res, 'Type') !== 'AWS::ECS::TaskSet') continue;
    const props = ownObject(res, 'Properties') ?? {};
    const serviceRef = own(props, 'Service');
    // a service deployed elsewhere (a name, an ARN, an import): its task sets of this template are
    // checked as one service resource, placed at the first of them
    const external = `external:${JSON.stringify(serviceRef ?? null)}`;
    const label = serviceRef === undefined ? `(none named by ${logicalId})` : describeComputed(serviceRef);
    const service = services.get(refTarget(serviceRef) ?? '') ?? services.get(external) ?? addService(external, logicalId, props, label, { serviceName: label });
    const list = ((service.resource.data.taskSets as JsonValue[] | undefined) ??= []);
    service.entries.push({ data: ['taskSets', String(list.length)], source: ['Resources', logicalId, 'Properties'], node: props, keys: 'cloudformation' });
    list.push({ ...(toApiShape(props, false) as JsonObject), id: logicalId });
  }
  if (out.length === 0) return out;
  if (out.every((r) => r.type !== 'ecs:task-definition')) return out;
  for (const role of roles.values()) out.push(role);
  return out;
}

interface ServiceBuild {
  resource: Resource;
  entries: SourceMapEntry[];
}

/** Renames CloudFormation's PascalCase keys to API field names; intrinsics and map keys stay. */
function toApiShape(value: JsonValue, verbatimKeys: boolean): JsonValue {
  if (Array.isArray(value)) return value.map((v) => toApiShape(v, false));
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'))) return value;
  const out: JsonObject = {};
  for (const k of keys) {
    const name = verbatimKeys ? k : toApiFieldName(k);
    setOwn(out, name, toApiShape(value[k]!, !verbatimKeys && MAP_VALUED_FIELDS.has(name)));
  }
  return out;
}

interface RoleBuild {
  logicalId: string;
  data: JsonObject;
  entries: SourceMapEntry[];
}

function collectRoles(resources: JsonObject, file: string, doc: ParsedDocument): Map<string, Resource> {
  const builds = new Map<string, RoleBuild>();
  for (const [logicalId, res] of Object.entries(resources)) {
    if (ownString(res, 'Type') !== 'AWS::IAM::Role') continue;
    const props = ownObject(res, 'Properties') ?? {};
    const base = ['Resources', logicalId, 'Properties'];
    const data: JsonObject = {
      RoleName: own(props, 'RoleName') ?? logicalId,
      Arn: { 'Fn::GetAtt': [logicalId, 'Arn'] },
      RolePolicyList: [],
      AttachedManagedPolicies: [],
    };
    const entries: SourceMapEntry[] = [{ data: [], source: base, node: props, keys: 'same' }];
    const assume = own(props, 'AssumeRolePolicyDocument');
    if (assume !== undefined) data.AssumeRolePolicyDocument = assume;
    const boundary = own(props, 'PermissionsBoundary');
    if (boundary !== undefined) data.PermissionsBoundary = { PermissionsBoundaryArn: boundary };
    (ownArray(props, 'Policies') ?? []).forEach((p, i) => {
      addInline(data, entries, { PolicyName: own(p, 'PolicyName') ?? `policy-${i}`, PolicyDocument: own(p, 'PolicyDocument') ?? null }, [...base, 'Policies', String(i)], p);
    });
    (ownArray(props, 'ManagedPolicyArns') ?? []).forEach((arn, i) => {
      const managedId = refTarget(arn);
      const managed = managedId ? ownObject(resources, managedId) : undefined;
      if (managed && ownString(managed, 'Type') === 'AWS::IAM::ManagedPolicy') {
        addManaged(data, entries, managedId!, managed);
      } else {
        const list = data.AttachedManagedPolicies as JsonValue[];
        entries.push({ data: ['AttachedManagedPolicies', String(list.length)], source: [...base, 'ManagedPolicyArns', String(i)], node: arn, keys: 'same' });
        list.push({ PolicyArn: arn, PolicyName: typeof arn === 'string' ? arn.slice(arn.lastIndexOf('/') + 1) : managedId ?? 'unknown' });
      }
    });
    builds.set(logicalId, { logicalId, data, entries });
  }
  // Policies defined as their own resources and attached to roles of this template.
  for (const [logicalId, res] of Object.entries(resources)) {
    const type = ownString(res, 'Type');
    const props = ownObject(res, 'Properties');
    if (!props) continue;
    if (type === 'AWS::IAM::Policy' || type === 'AWS::IAM::ManagedPolicy') {
      for (const ref of ownArray(props, 'Roles') ?? []) {
        const build = builds.get(refTarget(ref) ?? '');
        if (!build) continue;
        if (type === 'AWS::IAM::Policy') {
          addInline(build.data, build.entries, { PolicyName: own(props, 'PolicyName') ?? logicalId, PolicyDocument: own(props, 'PolicyDocument') ?? null }, ['Resources', logicalId, 'Properties'], props);
        } else {
          addManaged(build.data, build.entries, logicalId, res as JsonObject);
        }
      }
    } else if (type === 'AWS::IAM::RolePolicy') {
      const build = builds.get(refTarget(own(props, 'RoleName')) ?? '');
      if (build) {
        addInline(build.data, build.entries, { PolicyName: own(props, 'PolicyName') ?? logicalId, PolicyDocument: own(props, 'PolicyDocument') ?? null }, ['Resources', logicalId, 'Properties'], props);
      }
    }
  }
  const roles = new Map<string, Resource>();
  for (const b of builds.values()) {
    const map = new ResourceSourceMap(b.entries, doc.locate);
    const roleName = b.data.RoleName;
    roles.set(b.logicalId, {
      type: 'iam:role',
      id: b.logicalId,
      name: typeof roleName === 'string' ? roleName : b.logicalId,
      data: b.data,
      origin: { kind: 'file', file, shape: 'cloudformation', address: b.logicalId, locate: (p) => map.locate(p) },
    });
  }
  return roles;
}

function addInline(data: JsonObject, entries: SourceMapEntry[], policy: JsonObject, source: string[], node: JsonValue): void {
  const list = data.RolePolicyList as JsonValue[];
  entries.push({ data: ['RolePolicyList', String(list.length)], source, node, keys: 'same' });
  list.push(policy);
}

function addManaged(data: JsonObject, entries: SourceMapEntry[], logicalId: string, managed: JsonObject): void {
  const props = ownObject(managed, 'Properties') ?? {};
  const list = data.AttachedManagedPolicies as JsonValue[];
  entries.push({ data: ['AttachedManagedPolicies', String(list.length)], source: ['Resources', logicalId, 'Properties'], node: props, keys: 'same' });
  list.push({ PolicyName: own(props, 'ManagedPolicyName') ?? logicalId, PolicyArn: { Ref: logicalId }, PolicyDocument: own(props, 'PolicyDocument') ?? null });
}

/** `!Ref X` or `!GetAtt X.Arn` -> X. */
function refTarget(value: JsonValue | undefined): string | undefined {
  const ref = ownString(value, 'Ref');
  if (ref) return ref;
  const getAtt = own(value, 'Fn::GetAtt');
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  return undefined;
}

/** Which role of the template an ExecutionRoleArn / TaskRoleArn value names, if any. */
function roleLogicalId(value: JsonValue | undefined, roles: Map<string, Resource>): string | undefined {
  if (value === undefined) return undefined;
  const target = refTarget(value);
  if (target && roles.has(target)) return target;
  const sub = own(value, 'Fn::Sub');
  const template = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
  if (template) {
    // "arn:aws:iam::${AWS::AccountId}:role/${ExecRole}" names the role ${ExecRole}
    for (let i = template.indexOf('${'); i !== -1; i = template.indexOf('${', i + 2)) {
      const end = template.indexOf('}', i);
      if (end === -1) break;
      const name = template.slice(i + 2, end);
      if (roles.has(name)) return name;
    }
  }
  if (typeof value === 'string') {
    const roleName = value.slice(value.lastIndexOf('/') + 1);
    for (const [id, role] of roles) if (role.name === roleName) return id;
  }
  return undefined;
}
