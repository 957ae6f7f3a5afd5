// Terraform resources -> the resource model, for plans and for HCL modules alike: task
// definitions (container_definitions as data), services, clusters, and IAM roles with the policies
// attached to them, linked through the configuration's references. A source gives the resources
// as Terraform's plan shows their values, and a way to locate a path below each one.
import { UserError } from '../../util/errors.js';
import { isObject, own, ownArray, ownString, type JsonObject, type JsonValue } from '../../util/json.js';
import { COMPUTED_KEY, describeComputed, INPUT_PER_EVENT, isComputed, templateParts, unseen } from '../../inventory/computed.js';
import { parseJsonData } from '../../inventory/written-markers.js';
import { namesRunTaskTarget, runTaskRequestData } from '../../inventory/run-task-request.js';
import { stateMachineResource, stateMachineTasks } from './step-functions.js';
import { parameterName, secretFields } from '../../inventory/references.js';
import { namesEcsOptimizedImage, summariseFileUserData } from '../../inventory/user-data.js';
import type { FileOrigin, FileShape, Resource } from '../../inventory/resource.js';
import { launchedInstances } from '../../inventory/launched-instances.js';
import { firstBy, groupBy } from '../../util/group.js';
import { writtenKey, writtenLogGroup, writtenParameter, writtenSecret } from '../../inventory/file-stores.js';
import type { SourcePosition } from '../../util/positions.js';
import { ResourceSourceMap, type SourceMapEntry } from './source-map.js';
import { convertTerraformBlocks } from './terraform-blocks.js';
import { foldContainerFieldNames } from './normalise-fields.js';
import { expressServiceStep } from './express-services.js';

export interface PlannedResource {
  address: string;
  /** Address without instance keys, as the configuration names it. */
  configAddress: string;
  /** Module prefix of the configuration address ("module.app." or ""). */
  modulePrefix: string;
  type: string;
  values: JsonObject;
  pointer: string[];
  unknown: JsonObject;
  /** The file the resource is written in, when a source spans several (an HCL module). */
  file?: string;
  /** Set when inputs ecsguard could not see may change it (see Resource.incomplete). */
  incomplete?: string;
}

/** Configuration address -> attribute -> referenced addresses (`aws_iam_role.exec.arn`, ...). */
export type References = Map<string, Map<string, string[]>>;

export interface TerraformSource {
  file: string;
  shape: FileShape;
  /** Where a path (a resource's pointer and below) sits; the position may name another file. */
  locate(segments: readonly string[]): SourcePosition;
  /** The configuration reference a deploy-time name stands for, where the source's names are not Terraform's. */
  reference?(computedName: string): string | undefined;
  /** A key of a value the source placed was renamed (container fields spelled in another case). */
  renamed?(obj: JsonObject, from: string, to: string): void;
}

function originOf(src: TerraformSource, r: PlannedResource, map: ResourceSourceMap): FileOrigin {
  return { kind: 'file', file: r.file ?? src.file, shape: src.shape, address: r.address, locate: (p) => map.locate(p) };
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

export function buildTerraformResources(planned: PlannedResource[], references: References, src: TerraformSource): { resources: Resource[]; errors: UserError[] } {
  const errors: UserError[] = [];
  const roles = buildRoles(planned, references, src);
  const rolesByKey = roleIndex(roles);
  const resources: Resource[] = [];
  // parameters by their literal name, as a task definition may name them (valueFrom = "/app/db")
  const parametersByName = firstBy(planned, (p) => (p.type === 'aws_ssm_parameter' ? ownString(p.values, 'name') || undefined : undefined));
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
    const raw = own(r.values, 'container_definitions');
    const entries: SourceMapEntry[] = [
      { data: [], source: r.pointer, node: r.values, keys: 'same', rename },
      documentEntry(['containerDefinitions'], [...r.pointer, 'container_definitions'], raw),
    ];
    convertTerraformBlocks(r.values, ['volume', 'runtime_platform', 'ephemeral_storage'], data, [], r.pointer, { unknown: r.unknown, address: r.address, entries });
    const map = new ResourceSourceMap(entries, src.locate);
    if (typeof raw === 'string') {
      const decoded = parseJsonData(raw);
      if (decoded === undefined) {
        const pos = map.locate('/containerDefinitions');
        errors.push(new UserError(`${r.address}: container_definitions is not valid JSON`, r.file ?? src.file, pos.line, pos.column));
        continue;
      }
      data.containerDefinitions = decoded;
    } else if (own(r.unknown, 'container_definitions') === true || raw === undefined) {
      data.containerDefinitions = { [COMPUTED_KEY]: `${r.address}.container_definitions` };
    } else {
      data.containerDefinitions = raw;
    }
    foldContainerFieldNames(data.containerDefinitions, src.renamed);
    const family = ownString(data, 'family');
    const resource: Resource = {
      type: 'ecs:task-definition',
      id: r.address,
      name: family ?? r.address,
      data,
      origin: originOf(src, r, map),
    };
    const links: Record<string, string> = {};
    for (const [attr, relation] of [['execution_role_arn', 'executionRole'], ['task_role_arn', 'taskRole']] as const) {
      const role = findRole(rolesByKey, r, attr, references, own(r.values, attr));
      if (role) links[relation] = role.id;
    }
    if (Object.keys(links).length > 0) resource.links = links;
    const refersTo = secretStoreReferences(data, r, parametersByName, src);
    if (refersTo) resource.refersTo = refersTo;
    resources.push(resource);
  }
  for (const store of secretStores(planned, references, resources, src)) resources.push(store);
  for (const group of logGroupsWritten(planned, resources, src)) resources.push(group);
  const forCapacityProviders = capacityProviderLaunchers(planned, references);
  const services = new Map<string, ServiceBuild[]>();
  const clusters = new Map<string, string[]>();
  for (const r of planned) if (r.type === 'aws_ecs_cluster') clusters.set(r.configAddress, [...(clusters.get(r.configAddress) ?? []), r.address]);
  const listeners = terraformListeners(planned, references);
  const classicBalancers = planned.filter((p) => p.type === CLASSIC_BALANCER);
  // a load balancer's type by configuration address: application unless set, none when decided at apply
  const lbTypes = new Map<string, string>();
  for (const r of planned) {
    if (!BALANCERS.includes(r.type)) continue;
    const written = own(r.values, 'load_balancer_type');
    const type = own(r.unknown, 'load_balancer_type') === true ? '(after apply)' : written === undefined || written === null ? 'application' : typeof written === 'string' ? written : '(computed)';
    lbTypes.set(r.configAddress, type);
  }
  for (const r of planned) {
    if (r.type === 'aws_ecs_service') {
      const service = terraformService(r, src);
      // the module's cluster it runs in, when its reference names exactly one
      const cluster = referencedAddresses(references, r, 'cluster', 'aws_ecs_cluster').flatMap((a) => clusters.get(a) ?? []);
      if (cluster.length === 1) service.resource.links = { cluster: cluster[0]! };
      attachTerraformListeners(r, service, references, listeners, lbTypes, classicBalancers);
      resources.push(service.resource);
      services.set(r.configAddress, [...(services.get(r.configAddress) ?? []), service]);
    } else if (r.type === 'aws_ecs_cluster') resources.push(terraformCluster(r, src));
    else if (r.type === 'aws_ecs_express_gateway_service') {
      const step = terraformExpressService(r, src);
      if (step) resources.push(step);
    }
    else if (r.type === 'aws_cloudwatch_event_target' || r.type === 'aws_scheduler_schedule') {
      const task = terraformScheduledTask(r, src);
      if (task) resources.push(task);
    } else if (r.type === 'aws_sfn_state_machine') {
      for (const task of terraformStateMachineTasks(r, src)) resources.push(task);
    }
    else if (r.type === 'aws_launch_template' || r.type === 'aws_launch_configuration' || r.type === 'aws_instance') {
      const instances = terraformContainerInstances(r, src, forCapacityProviders.has(r.configAddress));
      if (instances) resources.push(instances);
    }
  }
  for (const service of attachTaskSets(planned, references, services, src)) resources.push(service);
  if (resources.length > 0) for (const role of roles) resources.push(role);
  return { resources, errors };
}

/** Where a task definition's secrets can be kept in a module, by resource type. */
const SECRET_STORE_TYPES = ['aws_secretsmanager_secret', 'aws_secretsmanager_secret_version', 'aws_ssm_parameter'];

/**
 * The deploy-time names in a value (`aws_secretsmanager_secret.db.arn`), template parts included,
 * as configuration references (a source may name them its own way).
 */
function computedNames(value: JsonValue | undefined, src: TerraformSource): string[] {
  const out: string[] = [];
  const stack: JsonValue[] = value === undefined ? [] : [value];
  let budget = 1_000;
  while (stack.length > 0 && budget-- > 0) {
    const v = stack.pop()!;
    const parts = templateParts(v);
    if (parts) stack.push(...parts);
    else if (isComputed(v) && typeof own(v, COMPUTED_KEY) === 'string') {
      const name = own(v, COMPUTED_KEY) as string;
      out.push(src.reference?.(name) ?? name);
    }
  }
  return out;
}


/** The fields of a task definition that name a secret or parameter of its module, by pointer. */
function secretStoreReferences(td: JsonObject, r: PlannedResource, parametersByName: ReadonlyMap<string, PlannedResource>, src: TerraformSource): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const { pointer, value } of secretFields(td)) {
    const byName = typeof value === 'string' ? parametersByName.get(parameterName(value))?.configAddress : undefined;
    if (byName) {
      out[pointer] = byName;
      continue;
    }
    for (const name of computedNames(value as JsonValue, src)) {
      // a name inside a module is written relative to it
      const full = name.startsWith('module.') ? name : r.modulePrefix + name;
      const address = SECRET_STORE_TYPES.map((type) => addressOf(full, type)).find((a) => a !== undefined);
      if (address) {
        out[pointer] = address;
        break;
      }
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The secrets and parameters the module's task definitions name, as the live audit describes
 * them (`ssm:parameter` with its Type and KeyId, `secretsmanager:secret` with its KmsKeyId), and
 * the module's KMS keys they are encrypted with: customer managed keys, by definition. A secret
 * version stands for its secret; a key named through an alias of the module is that alias's key.
 */
function secretStores(planned: PlannedResource[], references: References, tds: Resource[], src: TerraformSource): Resource[] {
  const named = new Set<string>();
  for (const td of tds) for (const a of Object.values(td.refersTo ?? {})) named.add(a);
  if (named.size === 0) return [];
  const byConfig = firstBy(planned, (p) => p.configAddress);
  const out: Resource[] = [];
  const keys = new Set<string>();
  const keyOf = (from: PlannedResource, attr: string, depth = 0): JsonValue | undefined => {
    const key = referencedAddress(references, from, attr, 'aws_kms_key');
    if (key && byConfig.has(key)) {
      keys.add(key);
      return key;
    }
    const alias = referencedAddress(references, from, attr, 'aws_kms_alias');
    const aliasResource = alias === undefined ? undefined : byConfig.get(alias);
    if (aliasResource && depth === 0) return keyOf(aliasResource, 'target_key_id', 1);
    const v = own(from.values, attr);
    if (v === undefined && own(from.unknown, attr) === true) return { [COMPUTED_KEY]: `${from.address}.${attr}` };
    return v === null ? undefined : v;
  };
  for (const address of named) {
    let r = byConfig.get(address);
    if (r?.type === 'aws_secretsmanager_secret_version') {
      const secret = referencedAddress(references, r, 'secret_id', 'aws_secretsmanager_secret');
      r = secret === undefined ? undefined : byConfig.get(secret);
      if (!r) continue;
    }
    if (!r) continue;
    const name = ownString(r.values, 'name') ?? r.address;
    const w = { id: address, name, origin: wholeOrigin(src, r) };
    if (r.type === 'aws_ssm_parameter') out.push(writtenParameter(w, name, own(r.values, 'type'), keyOf(r, 'key_id')));
    else out.push(writtenSecret(w, name, keyOf(r, 'kms_key_id')));
  }
  for (const k of keys) {
    const r = byConfig.get(k)!;
    out.push(writtenKey({ id: k, name: k, origin: wholeOrigin(src, r) }, own(r.values, 'custom_key_store_id') ? 'AWS_CLOUDHSM' : 'AWS_KMS'));
  }
  return out;
}

/**
 * The module's log groups its task definitions send awslogs output to (by the group's name, or
 * by reference when the name is set at deploy time), as the live audit describes them:
 * logGroupName, kmsKeyId and retentionInDays (absent, or 0, when the group keeps logs forever).
 */
function logGroupsWritten(planned: PlannedResource[], tds: Resource[], src: TerraformSource): Resource[] {
  const groups = planned.filter((p) => p.type === 'aws_cloudwatch_log_group');
  if (groups.length === 0) return [];
  const byName = groupBy(groups, (g) => ownString(g.values, 'name'));
  const byAddress = groupBy(groups, (g) => g.configAddress);
  const written = new Set<PlannedResource>();
  for (const td of tds) {
    if (td.type !== 'ecs:task-definition') continue;
    const containers = own(td.data, 'containerDefinitions');
    const prefix = stripInstanceKeys(td.id.slice(0, td.id.lastIndexOf('aws_ecs_task_definition.')));
    for (const c of Array.isArray(containers) ? containers : []) {
      const group = own(own(own(c, 'logConfiguration'), 'options'), 'awslogs-group');
      if (typeof group === 'string') for (const g of byName.get(group) ?? []) written.add(g);
      for (const n of computedNames(group ?? undefined, src)) {
        const address = addressOf(n.startsWith('module.') ? n : prefix + n, 'aws_cloudwatch_log_group');
        for (const g of address === undefined ? [] : byAddress.get(address) ?? []) written.add(g);
      }
    }
  }
  return [...written].map((g) => {
    const name = ownString(g.values, 'name') ?? g.address;
    const entries: SourceMapEntry[] = [{ data: [], source: g.pointer, node: g.values, keys: 'same', rename: { logGroupName: 'name', kmsKeyId: 'kms_key_id', retentionInDays: 'retention_in_days' } }];
    // a plan shows a key known only after apply as unknown: a key is set
    const key = own(g.unknown, 'kms_key_id') === true ? { [COMPUTED_KEY]: `${g.address}.kms_key_id` } : own(g.values, 'kms_key_id');
    return writtenLogGroup({ id: g.address, name, origin: originOf(src, g, new ResourceSourceMap(entries, src.locate)) }, key, own(g.values, 'retention_in_days'));
  });
}

/** The origin of a resource located as a whole (its findings point at its block). */
function wholeOrigin(src: TerraformSource, r: PlannedResource): FileOrigin {
  return originOf(src, r, new ResourceSourceMap([{ data: [], source: r.pointer, node: r.values, keys: 'same' }], src.locate));
}

/** A service resource and its source map entries, which its task sets add to. */
interface ServiceBuild {
  resource: Resource;
  entries: SourceMapEntry[];
}

/** aws_ecs_service: its network_configuration block as the ECS API names it. */
function terraformService(r: PlannedResource, src: TerraformSource): ServiceBuild {
  const data: JsonObject = { serviceName: ownString(r.values, 'name') ?? r.address };
  const entries: SourceMapEntry[] = [{ data: [], source: r.pointer, node: r.values, keys: 'same', rename: { serviceName: 'name', networkConfiguration: 'network_configuration' } }];
  awsvpcNetwork(r, data, [], entries);
  convertTerraformBlocks(r.values, SERVICE_BLOCKS, data, [], r.pointer, { unknown: r.unknown, address: r.address, entries });
  const map = new ResourceSourceMap(entries, src.locate);
  return { resource: { type: 'ecs:service', id: r.address, name: ownString(r.values, 'name') ?? r.address, data, origin: originOf(src, r, map) }, entries };
}

/**
 * An ECS scheduled task: an EventBridge rule target's ecs_target, or a Scheduler schedule's
 * target.ecs_parameters, with its network, launch type and platform as RunTask takes them.
 */
function terraformScheduledTask(r: PlannedResource, src: TerraformSource): Resource | undefined {
  const rule = r.type === 'aws_cloudwatch_event_target';
  if (!rule) {
    const target = ownArray(r.values, 'target')?.[0];
    if (namesRunTaskTarget(own(target, 'arn'))) return runTaskRequestSchedule(r, src, target);
  }
  const path = rule ? ['ecs_target'] : ['target', 'ecs_parameters'];
  let values: JsonValue | undefined = r.values;
  let unknown: JsonValue | undefined = r.unknown;
  const pointer = [...r.pointer];
  for (const block of path) {
    values = ownArray(values, block)?.[0];
    unknown = ownArray(unknown, block)?.[0];
    pointer.push(block, '0');
  }
  if (!isObject(values)) return undefined;
  const launcher = rule ? `EventBridge rule target ${r.address}` : `EventBridge Scheduler schedule ${r.address}`;
  const data: JsonObject = { launcher };
  const entries: SourceMapEntry[] = [{ data: [], source: pointer, node: values, keys: 'same' }];
  const block = { values, pointer, unknown: isObject(unknown) ? unknown : {}, address: r.address };
  awsvpcNetwork(block, data, [], entries);
  convertTerraformBlocks(values, [...TASK_SET_BLOCKS, 'task_definition_arn'], data, [], pointer, { unknown: block.unknown, address: r.address, entries });
  // the input is RunTask's overrides: JSON text, or data where the module's jsonencode shows it;
  // one the event gives or a transformer builds is known only when the rule fires
  const inputAt = rule ? r.pointer : pointer.slice(0, -2);
  const input = own(rule ? r.values : ownArray(r.values, 'target')?.[0], 'input');
  const perEvent = rule ? ['input_transformer', 'input_path'].find((k) => isSet(own(r.values, k))) : undefined;
  const overrides = perEvent ? unseen(INPUT_PER_EVENT) : typeof input === 'string' ? parseJsonData(input) : input;
  if (overrides !== undefined && overrides !== null) {
    data.overrides = overrides;
    entries.push(perEvent ? { data: ['overrides'], source: [...inputAt, perEvent], node: undefined, keys: 'opaque' } : documentEntry(['overrides'], [...inputAt, 'input'], input));
  }
  return { type: 'ecs:scheduled-task', id: r.address, name: launcher, data, origin: originOf(src, r, new ResourceSourceMap(entries, src.locate)) };
}

/**
 * A schedule whose universal target calls RunTask: its input (jsonencode data, or JSON text) is
 * the RunTask request, in the API's own field names.
 */
function runTaskRequestSchedule(r: PlannedResource, src: TerraformSource, target: JsonValue | undefined): Resource {
  const launcher = `EventBridge Scheduler schedule ${r.address}`;
  const input = own(target, 'input');
  const request = typeof input === 'string' ? parseJsonData(input) : input;
  const data = isObject(request) && !isComputed(request) ? runTaskRequestData(request, launcher) : { launcher };
  const at = [...r.pointer, 'target', '0', 'input'];
  const resource: Resource = { type: 'ecs:scheduled-task', id: r.address, name: launcher, data, origin: originOf(src, r, new ResourceSourceMap([documentEntry([], at, input)], src.locate)) };
  if (!isObject(request) || isComputed(request)) resource.unseen = `its RunTask request (the target's input) is ${input === undefined || input === null ? 'not given' : isComputed(input) ? describeComputed(input) : 'not a JSON object'}`;
  return resource;
}

/**
 * The ECS tasks a state machine's states start: its definition as data where HCL's jsonencode
 * or a parsed heredoc gives it (each state placed), or JSON text (a plan's, in one place).
 */
function terraformStateMachineTasks(r: PlannedResource, src: TerraformSource): Resource[] {
  const written = own(r.values, 'definition');
  const definition = typeof written === 'string' ? parseJsonData(written) : written;
  if (definition === undefined || definition === null) return [];
  const at = [...r.pointer, 'definition'];
  return stateMachineTasks(r.address, definition, { source: at, node: typeof written === 'string' ? undefined : written }).map((task) => stateMachineResource(task, originOf(src, r, new ResourceSourceMap(task.entries, src.locate))));
}

/** Set in a plan's values: not absent, not null, not an empty list of blocks. */
function isSet(v: JsonValue | undefined): boolean {
  return v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
}

/** A service's, task set's or scheduled task's network_configuration block, as the API's awsvpcConfiguration, into `target` (at `dataAt`). */
function awsvpcNetwork(r: Pick<PlannedResource, 'values' | 'pointer' | 'unknown' | 'address'>, target: JsonObject, dataAt: string[], entries: SourceMapEntry[]): void {
  const net = ownArray(r.values, 'network_configuration')?.[0];
  if (isObject(net)) {
    const assign = own(net, 'assign_public_ip');
    target.networkConfiguration = {
      awsvpcConfiguration: {
        subnets: own(net, 'subnets') ?? [],
        securityGroups: own(net, 'security_groups') ?? [],
        assignPublicIp: assign === true ? 'ENABLED' : assign === false || assign === undefined ? 'DISABLED' : (assign as JsonValue),
      },
    };
    entries.push({ data: [...dataAt, 'networkConfiguration', 'awsvpcConfiguration', 'assignPublicIp'], source: [...r.pointer, 'network_configuration', '0', 'assign_public_ip'], node: undefined, keys: 'opaque' });
    entries.push({ data: [...dataAt, 'networkConfiguration'], source: [...r.pointer, 'network_configuration', '0'], node: undefined, keys: 'opaque' });
  } else if (own(r.unknown, 'network_configuration') === true) {
    target.networkConfiguration = { [COMPUTED_KEY]: `${r.address}.network_configuration` };
  }
}

/**
 * aws_ecs_task_set: a task set of an external deployment, checked with its service (network,
 * platform), as the ECS API lists a service's task sets. A task set whose service is not a
 * resource of the module (a name, an ARN) is checked as a service of its own, named so.
 */
function attachTaskSets(planned: PlannedResource[], references: References, services: Map<string, ServiceBuild[]>, src: TerraformSource): Resource[] {
  const external: Resource[] = [];
  const byService = new Map<string, ServiceBuild>();
  for (const r of planned) {
    if (r.type !== 'aws_ecs_task_set') continue;
    const named = referencedAddresses(references, r, 'service', 'aws_ecs_service');
    const targets = named.flatMap((a) => services.get(a) ?? []);
    if (targets.length === 0) {
      const written = own(r.values, 'service');
      const label = typeof written === 'string' ? written : own(r.unknown, 'service') === true ? `(set at deploy time, by ${r.address})` : `(none named by ${r.address})`;
      const key = `external:${label}`;
      let build = byService.get(key);
      if (!build) {
        const entries: SourceMapEntry[] = [{ data: [], source: r.pointer, node: r.values, keys: 'same', rename: { serviceName: 'service' } }];
        build = { resource: { type: 'ecs:service', id: r.address, name: label, data: { serviceName: label }, origin: originOf(src, r, new ResourceSourceMap(entries, src.locate)) }, entries };
        byService.set(key, build);
        external.push(build.resource);
      }
      targets.push(build);
    }
    for (const service of targets) {
      const list = ((service.resource.data.taskSets as JsonValue[] | undefined) ??= []);
      const at = ['taskSets', String(list.length)];
      const taskSet: JsonObject = { id: r.address };
      service.entries.push({ data: at, source: r.pointer, node: r.values, keys: 'same', rename: { networkConfiguration: 'network_configuration' } });
      awsvpcNetwork(r, taskSet, at, service.entries);
      convertTerraformBlocks(r.values, TASK_SET_BLOCKS, taskSet, at, r.pointer, { unknown: r.unknown, address: r.address, entries: service.entries });
      list.push(taskSet);
    }
  }
  return external;
}

/** What the service rules read of a task set besides its network. */
const TASK_SET_BLOCKS = ['launch_type', 'platform_version', 'capacity_provider_strategy'];

/** What the service rules read besides the network: platform, capacity, Service Connect, ECS Exec, EBS volumes and their cluster, load balancers. */
const SERVICE_BLOCKS = ['launch_type', 'platform_version', 'capacity_provider_strategy', 'service_connect_configuration', 'enable_execute_command', 'volume_configuration', 'cluster', 'load_balancer'];

const TARGET_GROUPS = ['aws_lb_target_group', 'aws_alb_target_group'];
const CLASSIC_BALANCER = 'aws_elb';
const BALANCERS = ['aws_lb', 'aws_alb'];
const LISTENERS = new Set(['aws_lb_listener', 'aws_alb_listener']);
const LISTENER_RULES = new Set(['aws_lb_listener_rule', 'aws_alb_listener_rule']);

interface TerraformListenerUse {
  listener: PlannedResource;
  rule?: string;
}

/** Target group configuration address -> the module's listeners (default actions, rules) forwarding to it. */
function terraformListeners(planned: readonly PlannedResource[], references: References): Map<string, TerraformListenerUse[]> {
  const out = new Map<string, TerraformListenerUse[]>();
  const byAddress = new Map<string, PlannedResource[]>();
  for (const r of planned) if (LISTENERS.has(r.type)) byAddress.set(r.configAddress, [...(byAddress.get(r.configAddress) ?? []), r]);
  // one use a listener and target group, however many of its rules forward (the first is kept)
  const seen = new Map<string, Set<PlannedResource>>();
  const add = (r: PlannedResource, attr: string, use: (l: PlannedResource) => TerraformListenerUse, on: PlannedResource[]) => {
    for (const tg of TARGET_GROUPS.flatMap((type) => referencedAddresses(references, r, attr, type))) {
      const list = out.get(tg) ?? [];
      const had = seen.get(tg) ?? new Set<PlannedResource>();
      for (const l of on) {
        if (had.has(l)) continue;
        had.add(l);
        list.push(use(l));
      }
      seen.set(tg, had);
      out.set(tg, list);
    }
  };
  for (const r of planned) {
    if (LISTENERS.has(r.type)) add(r, 'default_action', (l) => ({ listener: l }), [r]);
    else if (LISTENER_RULES.has(r.type)) {
      const on = [...LISTENERS].flatMap((type) => referencedAddresses(references, r, 'listener_arn', type)).flatMap((a) => byAddress.get(a) ?? []);
      add(r, 'action', (l) => ({ listener: l, rule: r.address }), on);
    }
  }
  return out;
}

/** The types of the module's load balancers a listener's load_balancer_arn names. */
function balancerTypes(references: References, listener: PlannedResource, lbTypes: ReadonlyMap<string, string>): string[] {
  return BALANCERS.flatMap((type) => referencedAddresses(references, listener, 'load_balancer_arn', type)).flatMap((a) => lbTypes.get(a) ?? []);
}

/** A service's `listeners`: for each target group of its load_balancer blocks, the module's listeners forwarding to it. */
function attachTerraformListeners(r: PlannedResource, service: ServiceBuild, references: References, byTargetGroup: ReadonlyMap<string, TerraformListenerUse[]>, lbTypes: ReadonlyMap<string, string>, balancers: readonly PlannedResource[]): void {
  const blocks = ownArray(r.values, 'load_balancer');
  const classic = blocks?.some((b) => own(b, 'elb_name') !== undefined) === true;
  if (!blocks || (!classic && !blocks.some((b) => own(b, 'target_group_arn') !== undefined || own(own(r.unknown, 'load_balancer'), 'target_group_arn') !== undefined))) return;
  const groups = TARGET_GROUPS.flatMap((type) => referencedAddresses(references, r, 'load_balancer', type));
  const listeners: JsonValue[] = [];
  if (classic) classicTerraformListeners(r, blocks, service, references, balancers, listeners);
  const written = blocks.map((b) => own(b, 'target_group_arn')).filter((v): v is string => typeof v === 'string');
  for (const arn of written) listeners.push({ targetGroup: arn, listener: null });
  for (const tg of groups) {
    const uses = byTargetGroup.get(tg) ?? [];
    if (uses.length === 0) listeners.push({ targetGroup: tg, listener: null });
    for (const u of uses) {
      service.entries.push({ data: ['listeners', String(listeners.length)], source: u.listener.pointer, node: u.listener.values, keys: 'same' });
      const protocol = own(u.listener.values, 'protocol');
      const use: JsonObject = { targetGroup: tg, listener: u.listener.address };
      if (u.rule !== undefined) use.rule = u.rule;
      if (protocol !== undefined && protocol !== null) use.protocol = protocol;
      else if (own(u.listener.unknown, 'protocol') === true) use.protocol = { [COMPUTED_KEY]: `${u.listener.address}.protocol` };
      // the provider's default on an Application Load Balancer (the module's, of type application)
      else if (balancerTypes(references, u.listener, lbTypes).join() === 'application') use.protocol = 'HTTP';
      const sslPolicy = own(u.listener.values, 'ssl_policy');
      if (typeof sslPolicy === 'string') use.sslPolicy = sslPolicy;
      listeners.push(use);
    }
  }
  if (listeners.length === 0) listeners.push({ targetGroup: '(set at deploy time)', listener: null });
  service.resource.data.listeners = listeners;
}

/**
 * The listener blocks of the Classic Load Balancers (aws_elb) a service's load_balancer blocks
 * name by elb_name, by reference or by the name the module gives one; `listener: null` for a name
 * the module does not define.
 */
function classicTerraformListeners(r: PlannedResource, blocks: JsonValue[], service: ServiceBuild, references: References, balancers: readonly PlannedResource[], listeners: JsonValue[]): void {
  const referenced = new Set(referencedAddresses(references, r, 'load_balancer', CLASSIC_BALANCER));
  const found: PlannedResource[] = balancers.filter((b) => referenced.has(b.configAddress));
  for (const b of blocks) {
    const name = own(b, 'elb_name');
    if (typeof name !== 'string') continue;
    const byName = balancers.find((e) => ownString(e.values, 'name') === name);
    if (byName) found.push(byName);
    else if (referenced.size === 0) listeners.push({ loadBalancer: name, listener: null });
  }
  if (found.length === 0 && referenced.size > 0) for (const a of referenced) listeners.push({ loadBalancer: a, listener: null });
  for (const elb of new Set(found)) {
    const label = ownString(elb.values, 'name') ?? elb.address;
    const list = ownArray(elb.values, 'listener') ?? [];
    if (list.length === 0) listeners.push({ loadBalancer: label, unseen: `${elb.address} has no listener block the module sets` });
    list.forEach((l, j) => {
      service.entries.push({ data: ['listeners', String(listeners.length)], source: [...elb.pointer, 'listener', String(j)], node: l, keys: 'same', rename: { protocol: 'lb_protocol' } });
      const port = own(l, 'lb_port');
      const protocol = own(l, 'lb_protocol');
      const use: JsonObject = { loadBalancer: label, listener: `${label} (${typeof port === 'number' || typeof port === 'string' ? `port ${String(port).slice(0, 8)}` : `listener ${j + 1}`})` };
      if (protocol !== undefined && protocol !== null) use.protocol = protocol;
      else if (own(own(elb.unknown, 'listener'), 'lb_protocol') !== undefined) use.protocol = { [COMPUTED_KEY]: `${elb.address}.listener.lb_protocol` };
      listeners.push(use);
    });
  }
}

/** aws_ecs_cluster: its settings (Container Insights) and ECS Exec configuration. */
function terraformCluster(r: PlannedResource, src: TerraformSource): Resource {
  const name = ownString(r.values, 'name') ?? r.address;
  const data: JsonObject = { clusterName: name };
  const entries: SourceMapEntry[] = [{ data: [], source: r.pointer, node: r.values, keys: 'same', rename: { clusterName: 'name' } }];
  convertTerraformBlocks(r.values, ['setting', 'configuration'], data, [], r.pointer, { unknown: r.unknown, address: r.address, entries });
  const map = new ResourceSourceMap(entries, src.locate);
  return { type: 'ecs:cluster', id: r.address, name, data, origin: originOf(src, r, map) };
}

/**
 * aws_ecs_express_gateway_service: its primary_container block as the container ECS writes into
 * the task definition it builds (environment and secret blocks as lists, in the API's names).
 */
function terraformExpressService(r: PlannedResource, src: TerraformSource): Resource | undefined {
  // a block in HCL and plans (a list of one), an object in Pulumi's program
  const block = own(r.values, 'primary_container');
  const listed = Array.isArray(block);
  const at = listed ? [...r.pointer, 'primary_container', '0'] : [...r.pointer, 'primary_container'];
  const entries: SourceMapEntry[] = [{ data: [], source: r.pointer, node: r.values, keys: 'same' }];
  let primary: JsonValue | undefined;
  const pc = listed ? block[0] : block;
  if (isObject(pc) && !isComputed(pc)) {
    const out: JsonObject = {};
    for (const [from, to] of [['image', 'image'], ['command', 'command']] as const) if (own(pc, from) !== undefined) out[to] = own(pc, from)!;
    entries.push({ data: ['containerDefinitions', '0'], source: at, node: pc, keys: 'same' });
    const list = (from: string, to: string, value: string, valueKey: string) => {
      const items = own(pc, from);
      if (items === undefined) return;
      out[to] = Array.isArray(items) ? items.map((item, i) => {
        entries.push({ data: ['containerDefinitions', '0', to, String(i)], source: [...at, from, String(i)], node: item, keys: 'same', rename: { [valueKey]: value } });
        return isObject(item) ? { name: own(item, 'name') ?? null, [valueKey]: own(item, value) ?? null } : item;
      }) : items;
    };
    // Pulumi names the repeated blocks in the plural
    list(own(pc, 'environment') !== undefined ? 'environment' : 'environments', 'environment', 'value', 'value');
    list(own(pc, 'secret') !== undefined ? 'secret' : 'secrets', 'secrets', 'value_from', 'valueFrom');
    const creds = own(pc, 'repository_credentials');
    const credentials = Array.isArray(creds) ? creds[0] : creds;
    if (isObject(credentials) && own(credentials, 'credentials_parameter') !== undefined) {
      out.repositoryCredentials = { credentialsParameter: own(credentials, 'credentials_parameter')! };
      entries.push({ data: ['containerDefinitions', '0', 'repositoryCredentials', 'credentialsParameter'], source: [...at, 'repository_credentials', ...(Array.isArray(creds) ? ['0'] : []), 'credentials_parameter'], node: undefined, keys: 'same' });
    }
    primary = out;
  } else if (block !== undefined || own(r.unknown, 'primary_container') !== undefined) {
    primary = isComputed(block) ? block : unseen(`the primary container of ${r.address} is known only after apply`);
  }
  const data = expressServiceStep(ownString(r.values, 'service_name') ?? r.address, primary);
  if (!data) return undefined;
  return { type: 'ecs:deploy-step', id: r.address, name: data.step as string, data, origin: originOf(src, r, new ResourceSourceMap(entries, src.locate)) };
}

/**
 * The launch templates and configurations (configuration addresses) that the Auto Scaling groups
 * of ECS capacity providers launch from: what they start are ECS container instances, whatever
 * their user data and image say.
 */
function capacityProviderLaunchers(planned: PlannedResource[], references: References): Set<string> {
  const out = new Set<string>();
  for (const provider of planned) {
    if (provider.type !== 'aws_ecs_capacity_provider') continue;
    for (const group of referencedAddresses(references, provider, 'auto_scaling_group_provider', 'aws_autoscaling_group')) {
      for (const attr of ['launch_configuration', 'launch_template', 'mixed_instances_policy']) {
        for (const type of ['aws_launch_configuration', 'aws_launch_template']) {
          for (const launcher of referencedAddresses(references, { configAddress: group }, attr, type)) out.add(launcher);
        }
      }
    }
  }
  return out;
}

/**
 * aws_launch_template / aws_launch_configuration / aws_instance that starts ECS container instances (an
 * ECS capacity provider's group launches from it, its user data configures the ECS agent, or its
 * image is named as an ECS-optimized AMI): the instances it launches, with their metadata options
 * and a summary of their user data, for ecs-imds-blocked.
 */
function terraformContainerInstances(r: PlannedResource, src: TerraformSource, ecsGroup: boolean): Resource | undefined {
  const isTemplate = r.type === 'aws_launch_template';
  // a launch configuration or an instance takes user_data as text, or user_data_base64
  const encoded = isTemplate || own(r.values, 'user_data') === undefined;
  const attr = encoded && !isTemplate ? 'user_data_base64' : 'user_data';
  const raw = own(r.values, attr);
  // a plan shows a launch configuration's (or an instance's) user_data as the SHA-1 the provider stores, not the text
  const hashed = src.shape === 'terraform-plan' && !isTemplate && typeof raw === 'string' && /^[0-9a-f]{40}$/.test(raw);
  const userData = own(r.unknown, attr) === true || hashed ? undefined : summariseFileUserData(raw, encoded);
  if (!ecsGroup && !userData?.configuresEcs && !namesEcsOptimizedImage(own(r.values, r.type === 'aws_instance' ? 'ami' : 'image_id'))) return undefined;
  let options: JsonValue | undefined;
  const entries: SourceMapEntry[] = [{ data: [], source: r.pointer, node: r.values, keys: 'same', rename: { LaunchTemplateData: attr } }];
  const block = ownArray(r.values, 'metadata_options')?.[0];
  if (isObject(block)) {
    const names: Record<string, string> = { HttpEndpoint: 'http_endpoint', HttpTokens: 'http_tokens', HttpPutResponseHopLimit: 'http_put_response_hop_limit' };
    const written: JsonObject = {};
    for (const [api, tf] of Object.entries(names)) {
      const v = own(block, tf);
      if (v !== undefined && v !== null) written[api] = v;
    }
    options = written;
    entries.push({ data: ['LaunchTemplateData', 'MetadataOptions'], source: [...r.pointer, 'metadata_options', '0'], node: block, keys: 'same', rename: names });
  } else if (own(r.unknown, 'metadata_options') === true) {
    options = { [COMPUTED_KEY]: `${r.address}.metadata_options` };
  }
  return launchedInstances({
    id: r.address,
    name: ownString(r.values, 'name') ?? r.address,
    origin: originOf(src, r, new ResourceSourceMap(entries, src.locate)),
    metadataOptions: options,
    userData,
    userDataField: attr,
    unreadable: () => (hashed ? 'the plan shows only its hash' : `${attr} is ${describeComputed(raw ?? { [COMPUTED_KEY]: `${r.address}.${attr}` })}`),
    oneInstance: r.type === 'aws_instance',
  });
}

/** `module.a["x"].aws_iam_role.r[0]` -> `module.a.aws_iam_role.r`; linear, no regex over input. */
export function stripInstanceKeys(address: string): string {
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

/**
 * The configuration addresses of resources of a type that an attribute refers to. A reference
 * may reach into a module (`module.iam.aws_iam_role.this.arn`, as an HCL module output resolves).
 */
function referencedAddresses(references: References, r: Pick<PlannedResource, 'configAddress'>, attr: string, type: string): string[] {
  const out: string[] = [];
  for (const ref of references.get(r.configAddress)?.get(attr) ?? []) {
    const address = addressOf(ref, type);
    if (address !== undefined && !out.includes(address)) out.push(address);
  }
  return out;
}

/**
 * The configuration address of the resource of `type` a reference names: `aws_iam_role.exec.arn`
 * -> `aws_iam_role.exec`, `module.a["x"].aws_ssm_parameter.db[0].arn` -> `module.a.aws_ssm_parameter.db`.
 * Linear, no regex over input.
 */
function addressOf(ref: string, type: string): string | undefined {
  for (let i = ref.indexOf(type + '.'); i !== -1; i = ref.indexOf(type + '.', i + 1)) {
    if (i !== 0 && !(ref[i - 1] === '.' && ref.startsWith('module.'))) continue;
    const name = ref.slice(i + type.length + 1).split('.')[0] ?? '';
    return name ? stripInstanceKeys(ref.slice(0, i)) + type + '.' + stripInstanceKeys(name) : undefined;
  }
  return undefined;
}

/**
 * Where a JSON document attribute's data is written: inside a string (a plan's JSON text) it is
 * one place; as data (HCL's jsonencode, parsed heredocs) each member has its own.
 */
function documentEntry(data: string[], source: string[], raw: JsonValue | undefined): SourceMapEntry {
  return typeof raw === 'object' && raw !== null ? { data, source, node: raw, keys: 'same' } : { data, source, node: undefined, keys: 'opaque' };
}

function referencedAddress(references: References, r: PlannedResource, attr: string, type: string): string | undefined {
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

function findRole(roles: Map<string, Resource>, from: PlannedResource, attr: string, references: References, value: JsonValue | undefined): Resource | undefined {
  const address = referencedAddress(references, from, attr, 'aws_iam_role');
  const hit = address ? roles.get(`address:${address}`) : undefined;
  if (hit) return hit;
  if (typeof value === 'string' && value) {
    return roles.get(`arn:${value}`) ?? roles.get(`name:${value}`) ?? (value.includes(':role/') ? roles.get(`name:${value.slice(value.lastIndexOf('/') + 1)}`) : undefined);
  }
  return undefined;
}

function parsePolicy(value: JsonValue | undefined): JsonValue {
  if (isObject(value)) return value;
  if (typeof value !== 'string' || value === '') return null;
  return parseJsonData(value) ?? null;
}

function buildRoles(planned: PlannedResource[], references: References, src: TerraformSource): Resource[] {
  const roles: Array<{ r: PlannedResource; data: JsonObject; entries: SourceMapEntry[] }> = [];
  for (const r of planned) {
    if (r.type !== 'aws_iam_role') continue;
    const data: JsonObject = { RoleName: ownString(r.values, 'name') ?? r.address, RolePolicyList: [], AttachedManagedPolicies: [] };
    const arn = ownString(r.values, 'arn');
    data.Arn = arn ?? { [COMPUTED_KEY]: `${r.address}.arn` };
    const entries: SourceMapEntry[] = [
      { data: [], source: r.pointer, node: r.values, keys: 'same', rename: { RoleName: 'name', Arn: 'arn', AssumeRolePolicyDocument: 'assume_role_policy' } },
      documentEntry(['AssumeRolePolicyDocument'], [...r.pointer, 'assume_role_policy'], own(r.values, 'assume_role_policy')),
    ];
    const assume = parsePolicy(own(r.values, 'assume_role_policy'));
    if (assume !== null) data.AssumeRolePolicyDocument = assume;
    (ownArray(r.values, 'inline_policy') ?? []).forEach((p, i) => {
      const policy = own(p, 'policy');
      if (policy === undefined || policy === '') return;
      const list = data.RolePolicyList as JsonValue[];
      entries.push({ data: ['RolePolicyList', String(list.length)], source: [...r.pointer, 'inline_policy', String(i), 'policy'], node: undefined, keys: 'opaque' });
      entries.push(documentEntry(['RolePolicyList', String(list.length), 'PolicyDocument'], [...r.pointer, 'inline_policy', String(i), 'policy'], policy));
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
      role.entries.push(documentEntry(['AttachedManagedPolicies', String(list.length), 'PolicyDocument'], [...policy.pointer, 'policy'], own(policy.values, 'policy')));
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
        role.entries.push(documentEntry(['RolePolicyList', String(list.length), 'PolicyDocument'], [...p.pointer, 'policy'], own(p.values, 'policy')));
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
    const map = new ResourceSourceMap(entries, src.locate);
    const role: Resource = {
      type: 'iam:role',
      id: r.address,
      name: typeof data.RoleName === 'string' ? data.RoleName : r.address,
      data,
      origin: originOf(src, r, map),
    };
    return role;
  });
}
