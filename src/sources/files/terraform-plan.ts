// Terraform plan JSON (`terraform show -json plan.out`, or of a state): aws_ecs_task_definition
// resources (whose container_definitions is a JSON string inside the JSON) and the IAM roles and
// policies of the same plan, linked through the plan's configuration references.
import { UserError } from '../../util/errors.js';
import { isObject, own, ownArray, ownObject, ownString, type JsonObject, type JsonValue } from '../../util/json.js';
import { COMPUTED_KEY } from '../../inventory/computed.js';
import type { Resource } from '../../inventory/resource.js';
import type { ParsedDocument } from '../../documents/parse-document.js';
import { ResourceSourceMap, type SourceMapEntry } from './source-map.js';
import { convertTerraformBlocks } from './terraform-blocks.js';

export function isTerraformPlan(value: JsonValue): boolean {
  return isObject(value) && typeof own(value, 'format_version') === 'string' && (own(value, 'planned_values') !== undefined || own(value, 'values') !== undefined);
}

interface PlannedResource {
  address: string;
  /** Address without instance keys, as the configuration names it. */
  configAddress: string;
  /** Module prefix of the configuration address ("module.app." or ""). */
  modulePrefix: string;
  type: string;
  values: JsonObject;
  pointer: string[];
  unknown: JsonObject;
}

/** Top-level task definition attributes: Terraform name -> ECS API field. */
const TASK_DEFINITION_FIELDS: Record<string, string> = {
  family: 'family',
  execution_role_arn: 'executionRoleArn',
  task_role_arn: 'taskRoleArn',
  network_mode: 'networkMode',
  requires_compatibilities: 'requiresCompatibilities',
  cpu: 'cpu',
  memory: 'memory',
  pid_mode: 'pidMode',
  ipc_mode: 'ipcMode',
  arn: 'taskDefinitionArn',
  revision: 'revision',
  tags: 'tags',
};

export function extractTerraformPlan(doc: ParsedDocument, file: string): { resources: Resource[]; errors: UserError[] } {
  const plan = doc.value as JsonObject;
  const planned = collectPlanned(plan);
  const references = collectConfigReferences(plan);
  const errors: UserError[] = [];
  const roles = buildRoles(planned, references, doc, file);
  const rolesByKey = roleIndex(roles);
  const resources: Resource[] = [];
  for (const r of planned) {
    if (r.type !== 'aws_ecs_task_definition') continue;
    const data: JsonObject = {};
    const rename: Record<string, string> = {};
    for (const [tf, api] of Object.entries(TASK_DEFINITION_FIELDS)) {
      const v = own(r.values, tf);
      if (v !== undefined && v !== null) data[api] = v;
      else if (own(r.unknown, tf) === true) data[api] = { [COMPUTED_KEY]: `${r.address}.${tf}` };
      rename[api] = tf;
    }
    const entries: SourceMapEntry[] = [
      { data: [], source: r.pointer, node: r.values, keys: 'same', rename },
      { data: ['containerDefinitions'], source: [...r.pointer, 'container_definitions'], node: undefined, keys: 'opaque' },
    ];
    convertTerraformBlocks(r.values, ['volume', 'runtime_platform', 'ephemeral_storage'], data, [], r.pointer, { unknown: r.unknown, address: r.address, entries });
    const raw = own(r.values, 'container_definitions');
    const map = new ResourceSourceMap(entries, doc.locate);
    if (typeof raw === 'string') {
      try {
        data.containerDefinitions = JSON.parse(raw) as JsonValue;
      } catch {
        const pos = map.locate('/containerDefinitions');
        errors.push(new UserError(`${r.address}: container_definitions is not valid JSON`, file, pos.line, pos.column));
        continue;
      }
    } else if (own(r.unknown, 'container_definitions') === true || raw === undefined) {
      data.containerDefinitions = { [COMPUTED_KEY]: `${r.address}.container_definitions` };
    } else {
      data.containerDefinitions = raw;
    }
    const family = ownString(data, 'family');
    const resource: Resource = {
      type: 'ecs:task-definition',
      id: r.address,
      name: family ?? r.address,
      data,
      origin: { kind: 'file', file, shape: 'terraform-plan', address: r.address, locate: (p) => map.locate(p) },
    };
    const links: Record<string, string> = {};
    for (const [attr, relation] of [['execution_role_arn', 'executionRole'], ['task_role_arn', 'taskRole']] as const) {
      const role = findRole(rolesByKey, r, attr, references, own(r.values, attr));
      if (role) links[relation] = role.id;
    }
    if (Object.keys(links).length > 0) resource.links = links;
    resources.push(resource);
  }
  for (const r of planned) {
    if (r.type === 'aws_ecs_service') resources.push(terraformService(r, doc, file));
    else if (r.type === 'aws_ecs_cluster') resources.push(terraformCluster(r, doc, file));
  }
  if (resources.length > 0) for (const role of roles) resources.push(role);
  return { resources, errors };
}

/** aws_ecs_service: its network_configuration block as the ECS API names it. */
function terraformService(r: PlannedResource, doc: ParsedDocument, file: string): Resource {
  const net = ownArray(r.values, 'network_configuration')?.[0];
  const data: JsonObject = { serviceName: ownString(r.values, 'name') ?? r.address };
  const entries: SourceMapEntry[] = [{ data: [], source: r.pointer, node: r.values, keys: 'same', rename: { serviceName: 'name', networkConfiguration: 'network_configuration' } }];
  if (isObject(net)) {
    const assign = own(net, 'assign_public_ip');
    data.networkConfiguration = {
      awsvpcConfiguration: {
        subnets: own(net, 'subnets') ?? [],
        securityGroups: own(net, 'security_groups') ?? [],
        assignPublicIp: assign === true ? 'ENABLED' : assign === false || assign === undefined ? 'DISABLED' : (assign as JsonValue),
      },
    };
    entries.push({ data: ['networkConfiguration', 'awsvpcConfiguration', 'assignPublicIp'], source: [...r.pointer, 'network_configuration', '0', 'assign_public_ip'], node: undefined, keys: 'opaque' });
    entries.push({ data: ['networkConfiguration'], source: [...r.pointer, 'network_configuration', '0'], node: undefined, keys: 'opaque' });
  } else if (own(r.unknown, 'network_configuration') === true) {
    data.networkConfiguration = { [COMPUTED_KEY]: `${r.address}.network_configuration` };
  }
  convertTerraformBlocks(r.values, SERVICE_BLOCKS, data, [], r.pointer, { unknown: r.unknown, address: r.address, entries });
  const map = new ResourceSourceMap(entries, doc.locate);
  return { type: 'ecs:service', id: r.address, name: ownString(r.values, 'name') ?? r.address, data, origin: { kind: 'file', file, shape: 'terraform-plan', address: r.address, locate: (p) => map.locate(p) } };
}

/** What the service rules read besides the network: platform, capacity, Service Connect, ECS Exec. */
const SERVICE_BLOCKS = ['launch_type', 'platform_version', 'capacity_provider_strategy', 'service_connect_configuration', 'enable_execute_command'];

/** aws_ecs_cluster: its settings (Container Insights) and ECS Exec configuration. */
function terraformCluster(r: PlannedResource, doc: ParsedDocument, file: string): Resource {
  const name = ownString(r.values, 'name') ?? r.address;
  const data: JsonObject = { clusterName: name };
  const entries: SourceMapEntry[] = [{ data: [], source: r.pointer, node: r.values, keys: 'same', rename: { clusterName: 'name' } }];
  convertTerraformBlocks(r.values, ['setting', 'configuration'], data, [], r.pointer, { unknown: r.unknown, address: r.address, entries });
  const map = new ResourceSourceMap(entries, doc.locate);
  return { type: 'ecs:cluster', id: r.address, name, data, origin: { kind: 'file', file, shape: 'terraform-plan', address: r.address, locate: (p) => map.locate(p) } };
}

function collectPlanned(plan: JsonObject): PlannedResource[] {
  const out: PlannedResource[] = [];
  const unknownByAddress = new Map<string, JsonObject>();
  (ownArray(plan, 'resource_changes') ?? []).forEach((rc) => {
    const address = ownString(rc, 'address');
    const after = ownObject(ownObject(rc, 'change'), 'after_unknown');
    if (address && after) unknownByAddress.set(address, after);
  });
  const rootKey = own(plan, 'planned_values') !== undefined ? 'planned_values' : 'values';
  const stack: Array<[JsonValue | undefined, string[]]> = [[ownObject(ownObject(plan, rootKey), 'root_module'), [rootKey, 'root_module']]];
  while (stack.length > 0) {
    const [mod, pointer] = stack.pop()!;
    if (!isObject(mod)) continue;
    (ownArray(mod, 'resources') ?? []).forEach((r, i) => {
      const address = ownString(r, 'address');
      const type = ownString(r, 'type');
      const values = ownObject(r, 'values');
      if (!address || !type || !values || own(r, 'mode') === 'data') return;
      const configAddress = stripInstanceKeys(address);
      const lastModule = configAddress.lastIndexOf('module.');
      const modulePrefix = lastModule === -1 ? '' : configAddress.slice(0, configAddress.indexOf('.', lastModule + 7) + 1);
      out.push({ address, configAddress, modulePrefix, type, values, pointer: [...pointer, 'resources', String(i), 'values'], unknown: unknownByAddress.get(address) ?? {} });
    });
    (ownArray(mod, 'child_modules') ?? []).forEach((child, i) => stack.push([child, [...pointer, 'child_modules', String(i)]]));
  }
  return out;
}

/** `module.a["x"].aws_iam_role.r[0]` -> `module.a.aws_iam_role.r`; linear, no regex over input. */
function stripInstanceKeys(address: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < address.length; i++) {
    const c = address[i]!;
    if (depth > 0) {
      if (c === '"' && address[i - 1] !== '\\') quoted = !quoted;
      else if (!quoted && c === ']') depth--;
      continue;
    }
    if (c === '[') depth++;
    else out += c;
  }
  return out;
}

/** Configuration address -> attribute -> referenced addresses (`aws_iam_role.exec.arn`, ...). */
function collectConfigReferences(plan: JsonObject): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  const stack: Array<[JsonValue | undefined, string]> = [[ownObject(ownObject(plan, 'configuration'), 'root_module'), '']];
  let guard = 0;
  while (stack.length > 0 && guard++ < 10_000) {
    const [mod, prefix] = stack.pop()!;
    if (!isObject(mod)) continue;
    for (const r of ownArray(mod, 'resources') ?? []) {
      const address = ownString(r, 'address');
      const expressions = ownObject(r, 'expressions');
      if (!address || !expressions) continue;
      const attrs = new Map<string, string[]>();
      for (const [attr, expr] of Object.entries(expressions)) {
        const refs = (ownArray(expr, 'references') ?? []).filter((x): x is string => typeof x === 'string');
        if (refs.length > 0) attrs.set(attr, refs.map((x) => prefix + x));
      }
      out.set(prefix + address, attrs);
    }
    const calls = ownObject(mod, 'module_calls') ?? {};
    for (const [name, call] of Object.entries(calls)) stack.push([ownObject(call, 'module'), `${prefix}module.${name}.`]);
  }
  return out;
}

/** The configuration addresses of resources of a type that an attribute refers to. */
function referencedAddresses(references: Map<string, Map<string, string[]>>, r: PlannedResource, attr: string, type: string): string[] {
  const out: string[] = [];
  for (const ref of references.get(r.configAddress)?.get(attr) ?? []) {
    const rel = ref.slice(r.modulePrefix.length);
    if (ref.startsWith(r.modulePrefix) && rel.startsWith(type + '.')) {
      const parts = rel.split('.');
      const address = r.modulePrefix + parts[0] + '.' + stripInstanceKeys(parts[1] ?? '');
      if (!out.includes(address)) out.push(address);
    }
  }
  return out;
}

function referencedAddress(references: Map<string, Map<string, string[]>>, r: PlannedResource, attr: string, type: string): string | undefined {
  return referencedAddresses(references, r, attr, type)[0];
}

/** Roles of the plan by configuration address, ARN and name, for task definitions to find. */
function roleIndex(roles: Resource[]): Map<string, Resource> {
  const index = new Map<string, Resource>();
  const add = (key: unknown, role: Resource) => {
    if (typeof key === 'string' && key && !index.has(key)) index.set(key, role);
  };
  for (const role of roles) {
    add(`address:${stripInstanceKeys(role.id)}`, role);
    add(`arn:${String(role.data.Arn)}`, role);
    add(`name:${role.name}`, role);
  }
  return index;
}

function findRole(roles: Map<string, Resource>, from: PlannedResource, attr: string, references: Map<string, Map<string, string[]>>, value: JsonValue | undefined): Resource | undefined {
  const address = referencedAddress(references, from, attr, 'aws_iam_role');
  const hit = address ? roles.get(`address:${address}`) : undefined;
  if (hit) return hit;
  if (typeof value === 'string' && value) {
    return roles.get(`arn:${value}`) ?? roles.get(`name:${value}`) ?? (value.includes(':role/') ? roles.get(`name:${value.slice(value.lastIndexOf('/') + 1)}`) : undefined);
  }
  return undefined;
}

function parsePolicy(value: JsonValue | undefined): JsonValue {
  if (typeof value !== 'string' || value === '') return null;
  try {
    return JSON.parse(value) as JsonValue;
  } catch {
    return null;
  }
}

function buildRoles(planned: PlannedResource[], references: Map<string, Map<string, string[]>>, doc: ParsedDocument, file: string): Resource[] {
  const roles: Array<{ r: PlannedResource; data: JsonObject; entries: SourceMapEntry[] }> = [];
  for (const r of planned) {
    if (r.type !== 'aws_iam_role') continue;
    const data: JsonObject = { RoleName: ownString(r.values, 'name') ?? r.address, RolePolicyList: [], AttachedManagedPolicies: [] };
    const arn = ownString(r.values, 'arn');
    data.Arn = arn ?? { [COMPUTED_KEY]: `${r.address}.arn` };
    const entries: SourceMapEntry[] = [
      { data: [], source: r.pointer, node: r.values, keys: 'same', rename: { RoleName: 'name', Arn: 'arn', AssumeRolePolicyDocument: 'assume_role_policy' } },
      { data: ['AssumeRolePolicyDocument'], source: [...r.pointer, 'assume_role_policy'], node: undefined, keys: 'opaque' },
    ];
    const assume = parsePolicy(own(r.values, 'assume_role_policy'));
    if (assume !== null) data.AssumeRolePolicyDocument = assume;
    (ownArray(r.values, 'inline_policy') ?? []).forEach((p, i) => {
      const policy = own(p, 'policy');
      if (policy === undefined || policy === '') return;
      const list = data.RolePolicyList as JsonValue[];
      entries.push({ data: ['RolePolicyList', String(list.length)], source: [...r.pointer, 'inline_policy', String(i), 'policy'], node: undefined, keys: 'opaque' });
      list.push({ PolicyName: ownString(p, 'name') ?? `inline-${i}`, PolicyDocument: parsePolicy(policy) });
    });
    (ownArray(r.values, 'managed_policy_arns') ?? []).forEach((arn, i) => {
      if (typeof arn !== 'string') return;
      const list = data.AttachedManagedPolicies as JsonValue[];
      entries.push({ data: ['AttachedManagedPolicies', String(list.length)], source: [...r.pointer, 'managed_policy_arns', String(i)], node: undefined, keys: 'opaque' });
      list.push({ PolicyArn: arn, PolicyName: arn.slice(arn.lastIndexOf('/') + 1) });
    });
    roles.push({ r, data, entries });
  }
  // indexes, so a plan of thousands of roles and attachments is read in linear time
  const byConfigAddress = new Map(roles.map((x) => [x.r.configAddress, x]));
  const byName = new Map<string, (typeof roles)[number]>();
  for (const x of roles) {
    for (const key of [x.data.RoleName, x.data.Arn]) if (typeof key === 'string' && !byName.has(key)) byName.set(key, x);
  }
  const rolesFor = (from: PlannedResource, attr: 'role' | 'roles'): Array<(typeof roles)[number]> => {
    const found = new Set<(typeof roles)[number]>();
    for (const address of referencedAddresses(references, from, attr, 'aws_iam_role')) {
      const hit = byConfigAddress.get(address);
      if (hit) found.add(hit);
    }
    const named = own(from.values, attr);
    for (const name of Array.isArray(named) ? named : [named]) {
      // by name, or by ARN (a role named in another module or written out)
      const hit = typeof name === 'string' ? byName.get(name) ?? byName.get(name.slice(name.lastIndexOf('/') + 1)) : undefined;
      if (hit) found.add(hit);
    }
    return [...found];
  };
  const policyByAddress = new Map<string, PlannedResource>();
  const policyByArn = new Map<string, PlannedResource>();
  for (const x of planned) {
    if (x.type !== 'aws_iam_policy') continue;
    policyByAddress.set(x.configAddress, x);
    const arn = ownString(x.values, 'arn');
    if (arn) policyByArn.set(arn, x);
  }
  const attach = (role: (typeof roles)[number], p: PlannedResource) => {
    const policyArn = ownString(p.values, 'policy_arn');
    const policyAddress = referencedAddress(references, p, 'policy_arn', 'aws_iam_policy');
    const policy = (policyAddress ? policyByAddress.get(policyAddress) : undefined) ?? (policyArn !== undefined ? policyByArn.get(policyArn) : undefined);
    const list = role.data.AttachedManagedPolicies as JsonValue[];
    if (policy) {
      role.entries.push({ data: ['AttachedManagedPolicies', String(list.length)], source: [...policy.pointer, 'policy'], node: undefined, keys: 'opaque' });
      list.push({ PolicyArn: policyArn ?? { [COMPUTED_KEY]: `${policy.address}.arn` }, PolicyName: ownString(policy.values, 'name') ?? policy.address, PolicyDocument: parsePolicy(own(policy.values, 'policy')) });
    } else {
      role.entries.push({ data: ['AttachedManagedPolicies', String(list.length)], source: [...p.pointer, 'policy_arn'], node: undefined, keys: 'opaque' });
      list.push({ PolicyArn: policyArn ?? { [COMPUTED_KEY]: `${p.address}.policy_arn` }, PolicyName: policyArn ? policyArn.slice(policyArn.lastIndexOf('/') + 1) : p.address });
    }
  };
  for (const p of planned) {
    if (p.type === 'aws_iam_role_policy') {
      for (const role of rolesFor(p, 'role')) {
        const list = role.data.RolePolicyList as JsonValue[];
        role.entries.push({ data: ['RolePolicyList', String(list.length)], source: [...p.pointer, 'policy'], node: undefined, keys: 'opaque' });
        list.push({ PolicyName: ownString(p.values, 'name') ?? p.address, PolicyDocument: parsePolicy(own(p.values, 'policy')) });
      }
    } else if (p.type === 'aws_iam_role_policy_attachment') {
      for (const role of rolesFor(p, 'role')) attach(role, p);
    } else if (p.type === 'aws_iam_policy_attachment') {
      // attaches one policy to several roles, named in `roles`
      for (const role of rolesFor(p, 'roles')) attach(role, p);
    }
  }
  return roles.map(({ r, data, entries }) => {
    const map = new ResourceSourceMap(entries, doc.locate);
    const role: Resource = {
      type: 'iam:role',
      id: r.address,
      name: typeof data.RoleName === 'string' ? data.RoleName : r.address,
      data,
      origin: { kind: 'file', file, shape: 'terraform-plan', address: r.address, locate: (p) => map.locate(p) },
    };
    return role;
  });
}
