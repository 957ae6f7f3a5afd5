// The task definitions that terraform-aws-modules/ecs creates, from the inputs a call gives it.
// ecsguard never fetches a module, but this one is the most used way to write ECS in Terraform,
// and what it does with its inputs is documented and stable: its container definitions are the
// inputs under their API names (v6 takes those names, v5 snake_case ones), with secure defaults
// (a read-only root filesystem, not privileged, awslogs with the stream prefix "ecs"). So a call's
// containers are checked as written; what the module creates itself (its IAM roles) is unseen.
import { isComputed, unseen } from '../../../inventory/computed.js';
import { isObject, own, setOwn, type JsonObject, type JsonValue } from '../../../util/json.js';
import type { Place, Places } from './places.js';
import { asBlocks, awsvpcNetwork, Builder, createdRole, given } from './registry-builder.js';
import { cloudposseContainer, serviceTaskInstances } from './registry-cloudposse.js';

export type RegistryModuleKind = 'ecs' | 'ecs-cluster' | 'ecs-service' | 'ecs-express-service' | 'ecs-container-definition' | 'cloudposse-container-definition' | 'cloudposse-service-task';

const MODULE = 'terraform-aws-modules/ecs/aws';
const REPOSITORY = 'github.com/terraform-aws-modules/terraform-aws-ecs';
const CLOUDPOSSE_MODULE = 'cloudposse/ecs-container-definition/aws';
const CLOUDPOSSE_REPOSITORY = 'github.com/cloudposse/terraform-aws-ecs-container-definition';
const CLOUDPOSSE_SERVICE_MODULE = 'cloudposse/ecs-alb-service-task/aws';
const CLOUDPOSSE_SERVICE_REPOSITORY = 'github.com/cloudposse/terraform-aws-ecs-alb-service-task';

/**
 * The kind of a module source that names terraform-aws-modules/ecs (the registry address, with a
 * host or not, or its GitHub repository), with the submodule after `//`; undefined for any other.
 */
export function registryModuleKind(source: string): RegistryModuleKind | undefined {
  let s = source.trim().toLowerCase();
  if (s.length > 300) return undefined;
  // Terragrunt writes registry modules as tfr:///owner/name/provider (or tfr://registry.terraform.io/...)
  s = s.replace(/^tfr:\/\/(?:registry\.terraform\.io)?\//, '').replace(/^git::/, '').replace(/^(https|ssh):\/\//, '').replace(/^git@github\.com[:/]/, 'github.com/').replace(/^registry\.terraform\.io\//, '');
  const query = s.indexOf('?');
  if (query !== -1) s = s.slice(0, query);
  const sub = s.indexOf('//');
  const base = (sub === -1 ? s : s.slice(0, sub)).replace(/\.git$/, '');
  const path = sub === -1 ? '' : s.slice(sub + 2).replace(/\/+$/, '');
  if ((base === CLOUDPOSSE_MODULE || base === CLOUDPOSSE_REPOSITORY) && path === '') return 'cloudposse-container-definition';
  if ((base === CLOUDPOSSE_SERVICE_MODULE || base === CLOUDPOSSE_SERVICE_REPOSITORY) && path === '') return 'cloudposse-service-task';
  if (base !== MODULE && base !== REPOSITORY) return undefined;
  if (path === '') return 'ecs';
  if (path === 'modules/service') return 'ecs-service';
  if (path === 'modules/cluster') return 'ecs-cluster';
  if (path === 'modules/express-service') return 'ecs-express-service';
  if (path === 'modules/container-definition') return 'ecs-container-definition';
  return undefined;
}

/** Container fields as the module's inputs spell them (v5 snake_case) -> the API's names. */
const SNAKE_FIELDS = new Map([
  ['memory_reservation', 'memoryReservation'], ['entrypoint', 'entryPoint'], ['environment_files', 'environmentFiles'],
  ['docker_labels', 'dockerLabels'], ['working_directory', 'workingDirectory'], ['health_check', 'healthCheck'],
  ['linux_parameters', 'linuxParameters'], ['port_mappings', 'portMappings'], ['mount_points', 'mountPoints'],
  ['volumes_from', 'volumesFrom'], ['repository_credentials', 'repositoryCredentials'], ['firelens_configuration', 'firelensConfiguration'],
  ['dependencies', 'dependsOn'], ['system_controls', 'systemControls'], ['disable_networking', 'disableNetworking'],
  ['dns_servers', 'dnsServers'], ['dns_search_domains', 'dnsSearchDomains'], ['docker_security_options', 'dockerSecurityOptions'],
  ['pseudo_terminal', 'pseudoTerminal'], ['resource_requirements', 'resourceRequirements'], ['extra_hosts', 'extraHosts'],
  ['start_timeout', 'startTimeout'], ['stop_timeout', 'stopTimeout'], ['readonly_root_filesystem', 'readonlyRootFilesystem'],
  ['log_configuration', 'logConfiguration'], ['restart_policy', 'restartPolicy'], ['version_consistency', 'versionConsistency'],
]);

/** Inputs of the container module that are not container fields. */
const MODULE_SETTINGS = new Set([
  'service', 'enable_cloudwatch_logging', 'create_cloudwatch_log_group', 'cloudwatch_log_group_name', 'cloudwatch_log_group_use_name_prefix',
  'cloudwatch_log_group_class', 'cloudwatch_log_group_retention_in_days', 'cloudwatch_log_group_kms_key_id', 'tags', 'region',
  'operating_system_family', 'enable_execute_command', 'create',
]);



/** One container definition from the module's inputs for it, with the module's defaults. */
function container(b: Builder, c: JsonValue, key: string, service: JsonValue | undefined): JsonValue {
  // a container set at deploy time stays one: no default may stand in for what it holds
  if (!isObject(c) || isComputed(c)) return c;
  const out = b.object(c);
  const name = given(c, 'name') ?? key;
  b.copy(out, 'name', own(c, 'name') === undefined ? undefined : c, 'name', name);
  for (const k of Object.keys(c)) {
    const v = c[k]!;
    if (v === null || k === 'name' || MODULE_SETTINGS.has(k)) continue;
    const field = SNAKE_FIELDS.get(k) ?? k;
    if (field === 'logConfiguration') continue;
    b.copy(out, field, c, k, v);
  }
  if (own(out, 'privileged') === undefined) out.privileged = false;
  if (own(out, 'readonlyRootFilesystem') === undefined) out.readonlyRootFilesystem = true;
  const logs = logConfiguration(b, c, name, service);
  if (logs !== undefined) b.copy(out, 'logConfiguration', c, given(c, 'logConfiguration') !== undefined ? 'logConfiguration' : 'log_configuration', logs);
  return out;
}

/**
 * awslogs to the module's log group with the stream prefix "ecs" (unless turned off), merged
 * shallowly with the log configuration given, as the module's `merge` does.
 */
function logConfiguration(b: Builder, c: JsonObject, name: JsonValue, service: JsonValue | undefined): JsonValue | undefined {
  const written = given(c, 'logConfiguration') ?? given(c, 'log_configuration');
  const enabled = given(c, 'enable_cloudwatch_logging') !== false && given(c, 'create_cloudwatch_log_group') !== false;
  if (written !== undefined && (!isObject(written) || isComputed(written))) return written;
  const out = b.object(written);
  if (enabled) {
    const group = given(c, 'cloudwatch_log_group_name') ?? (typeof name === 'string' ? `/aws/ecs${typeof service === 'string' && service ? `/${service}` : ''}/${name}` : unseen('the name of the log group terraform-aws-modules/ecs creates'));
    out.logDriver = 'awslogs';
    out.options = { 'awslogs-region': unseen('the region terraform-aws-modules/ecs is applied in'), 'awslogs-group': group, 'awslogs-stream-prefix': 'ecs' };
  }
  if (written !== undefined) for (const k of Object.keys(written)) if (written[k] !== null) b.copy(out, k, written, k, written[k]!);
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The containers of a `container_definitions` input (a map of name -> inputs). */
function containers(b: Builder, defs: JsonValue | undefined, service: JsonValue | undefined): JsonValue {
  if (defs === undefined) return [];
  if (!isObject(defs) || isComputed(defs)) return defs;
  const list: JsonValue[] = [];
  b.object(defs);
  for (const key of Object.keys(defs)) list.push(container(b, defs[key]!, key, service));
  return list;
}


/** A map of name -> block (the module's `volume`, `capacity_provider_strategy`) as a list of blocks. */
function namedBlocks(map: JsonValue | undefined, nameKey?: string): JsonValue | undefined {
  if (map === undefined || !isObject(map) || isComputed(map)) return map;
  return Object.keys(map).map((key) => {
    const block = asBlocks(map[key]!);
    if (nameKey && isObject(block) && own(block, nameKey) === undefined) setOwn(block, nameKey, key);
    return block;
  });
}

const CREATED_ROLE = (which: string) => createdRole('terraform-aws-modules/ecs', which);

/** The task definition values (provider attribute names) of one service's inputs, or undefined when it creates none. */
function serviceTaskDefinition(b: Builder, inputs: JsonValue, name: JsonValue | undefined): JsonObject | undefined {
  // a whole service set at deploy time: what it sets is unknown, never the module's defaults
  if (isComputed(inputs)) return Object.assign(b.object(undefined), { family: name ?? null, container_definitions: inputs, execution_role_arn: CREATED_ROLE('task execution'), task_role_arn: CREATED_ROLE('tasks'), network_mode: inputs, pid_mode: inputs, ipc_mode: inputs, volume: inputs });
  if (!isObject(inputs)) return undefined;
  if (given(inputs, 'create') === false || given(inputs, 'create_task_definition') === false) return undefined;
  const service = given(inputs, 'name') ?? name;
  const values = b.object(inputs);
  const copyOr = (tf: string, fallback: JsonValue | undefined) => {
    const v = given(inputs, tf);
    if (v !== undefined) b.copy(values, tf, inputs, tf, v);
    else if (fallback !== undefined) values[tf] = fallback;
  };
  copyOr('family', service);
  copyOr('network_mode', 'awsvpc');
  copyOr('requires_compatibilities', ['FARGATE']);
  copyOr('cpu', '1024');
  copyOr('memory', '2048');
  // the provider's string attributes: a number written there becomes text
  for (const tf of ['cpu', 'memory']) if (typeof values[tf] === 'number') values[tf] = String(values[tf]);
  copyOr('pid_mode', undefined);
  copyOr('ipc_mode', undefined);
  values.execution_role_arn = given(inputs, 'create_task_exec_iam_role') === false ? given(inputs, 'task_exec_iam_role_arn') ?? null : CREATED_ROLE('task execution');
  values.task_role_arn = given(inputs, 'create_tasks_iam_role') === false ? given(inputs, 'tasks_iam_role_arn') ?? null : CREATED_ROLE('tasks');
  const volume = namedBlocks(given(inputs, 'volume'), 'name');
  if (volume !== undefined) b.copy(values, 'volume', inputs, 'volume', volume);
  b.copy(values, 'container_definitions', inputs, 'container_definitions', containers(b, given(inputs, 'container_definitions'), service));
  return values;
}

/** The service values (provider attribute names) of one service's inputs, or undefined when it creates none. */
function serviceValues(b: Builder, inputs: JsonValue, name: JsonValue | undefined): JsonObject | undefined {
  // a whole service set at deploy time: what it sets is unknown, never the module's defaults
  if (isComputed(inputs)) return Object.assign(b.object(undefined), { name: name ?? null, network_configuration: [{ assign_public_ip: inputs }], platform_version: inputs, enable_execute_command: inputs, service_connect_configuration: inputs });
  if (!isObject(inputs)) return undefined;
  if (given(inputs, 'create') === false || given(inputs, 'create_service') === false) return undefined;
  const values = b.object(inputs);
  const copy = (tf: string, from: string, value: JsonValue | undefined) => {
    if (value !== undefined) b.copy(values, tf, inputs, from, value);
  };
  copy('name', 'name', given(inputs, 'name') ?? name);
  copy('cluster', 'cluster_arn', given(inputs, 'cluster_arn'));
  const strategy = given(inputs, 'capacity_provider_strategy');
  if (strategy !== undefined) copy('capacity_provider_strategy', 'capacity_provider_strategy', namedBlocks(strategy));
  else values.launch_type = given(inputs, 'launch_type') ?? 'FARGATE';
  copy('platform_version', 'platform_version', given(inputs, 'platform_version'));
  copy('enable_execute_command', 'enable_execute_command', given(inputs, 'enable_execute_command') ?? false);
  const connect = given(inputs, 'service_connect_configuration');
  if (connect !== undefined) copy('service_connect_configuration', 'service_connect_configuration', [asBlocks(connect)]);
  const mode = given(inputs, 'network_mode') ?? 'awsvpc';
  if (mode === 'awsvpc') values.network_configuration = awsvpcNetwork(b, inputs);
  return values;
}

export interface RegistryInstance {
  /** Address below the call: `aws_ecs_task_definition.this[0]`. */
  address: string;
  type: 'aws_ecs_task_definition' | 'aws_ecs_service' | 'aws_ecs_cluster' | 'aws_ecs_express_gateway_service';
  values: JsonObject;
}

/** Container Insights, the module's default setting in every version. */
const DEFAULT_CLUSTER_SETTING: JsonValue = [{ name: 'containerInsights', value: 'enabled' }];

/**
 * The cluster values (provider attribute names) of the cluster inputs, or undefined when it
 * creates none. The root module names them `cluster_name`, `cluster_setting` (v6) or
 * `cluster_settings` (v5) and `cluster_configuration`; the cluster submodule `name`, `setting`
 * and `configuration` (v6) or the root's names (v5). Settings default to Container Insights
 * enabled. The ECS Exec configuration the module writes when none is given, and its default
 * `logging`, differ between versions: those are unseen, not guessed.
 */
function clusterValues(b: Builder, inputs: JsonObject, names: { name: string[]; setting: string[]; configuration: string[] }): JsonObject | undefined {
  if (given(inputs, 'create') === false || given(inputs, 'create_cluster') === false) return undefined;
  const values = b.object(inputs);
  const first = (keys: string[]) => keys.find((k) => given(inputs, k) !== undefined);
  const nameKey = first(names.name);
  if (nameKey) b.copy(values, 'name', inputs, nameKey, given(inputs, nameKey)!);
  const settingKey = first(names.setting);
  if (settingKey) b.copy(values, 'setting', inputs, settingKey, asBlocks(given(inputs, settingKey)!));
  else values.setting = DEFAULT_CLUSTER_SETTING;
  const configKey = first(names.configuration);
  const config = configKey === undefined ? undefined : given(inputs, configKey);
  if (config === undefined) {
    values.configuration = unseen('the ECS Exec configuration terraform-aws-modules/ecs writes by default, which differs between its versions');
    return values;
  }
  if (!isObject(config) || isComputed(config)) {
    b.copy(values, 'configuration', inputs, configKey!, config);
    return values;
  }
  const exec = given(config, 'execute_command_configuration');
  const block = b.object(config);
  if (isObject(exec) && !isComputed(exec)) {
    const execBlock = b.object(exec);
    for (const k of ['kms_key_id', 'logging']) {
      const v = given(exec, k);
      if (v !== undefined) b.copy(execBlock, k, exec, k, v);
    }
    if (own(execBlock, 'logging') === undefined) execBlock.logging = unseen('the default ECS Exec logging of terraform-aws-modules/ecs, which differs between its versions');
    const logs = given(exec, 'log_configuration');
    if (logs !== undefined) {
      const logsBlock = asBlocks(logs);
      // the module's own log group takes the place of the one given, unless it creates none
      if (isObject(logsBlock) && given(inputs, 'create_cloudwatch_log_group') !== false) {
        logsBlock.cloud_watch_log_group_name = given(inputs, 'cloudwatch_log_group_name') ?? (typeof values.name === 'string' ? `/aws/ecs/${values.name}` : unseen('the log group terraform-aws-modules/ecs creates'));
      }
      b.copy(execBlock, 'log_configuration', exec, 'log_configuration', [logsBlock]);
    }
    b.copy(block, 'execute_command_configuration', config, 'execute_command_configuration', [execBlock]);
  } else if (exec !== undefined) {
    b.copy(block, 'execute_command_configuration', config, 'execute_command_configuration', exec);
  }
  b.copy(values, 'configuration', inputs, configKey!, [block]);
  return values;
}

/** A service's task definition and service, at their addresses below `prefix`. */
function serviceInstances(b: Builder, inputs: JsonValue, name: JsonValue | undefined, prefix: string): RegistryInstance[] {
  const out: RegistryInstance[] = [];
  const td = serviceTaskDefinition(b, inputs, name);
  if (td) out.push({ address: `${prefix}aws_ecs_task_definition.this[0]`, type: 'aws_ecs_task_definition', values: td });
  const svc = serviceValues(b, inputs, name);
  if (svc) out.push({ address: `${prefix}aws_ecs_service.this[0]`, type: 'aws_ecs_service', values: svc });
  return out;
}

/** A call's inputs, evaluated, with where each was written. */
export interface RegistryCall {
  kind: RegistryModuleKind;
  inputs: Map<string, { value: JsonValue; place: Place }>;
  /** The module block. */
  at: Place;
  /** Inputs that may be set where ecsguard cannot see (a Terragrunt include it could not read): why. */
  incomplete?: string;
}

/** The inputs as one object, each member placed at its argument. */
function inputObject(call: RegistryCall, places: Places): JsonObject {
  const out: JsonObject = {};
  places.value(out, call.at);
  for (const [k, { value, place }] of call.inputs) {
    setOwn(out, k, value);
    places.member(out, k, place);
  }
  return out;
}

/** The task definitions and services a call of the module creates, with values as the provider's attributes. */
export function registryResources(call: RegistryCall, places: Places): RegistryInstance[] {
  const { kind, at } = call;
  const b = new Builder(places, at);
  const asObject = inputObject(call, places);
  if (kind === 'ecs-service') return serviceInstances(b, asObject, undefined, '');
  if (kind === 'cloudposse-service-task') return serviceTaskInstances(b, asObject);
  if (kind === 'ecs-express-service') {
    // the submodule passes `name` and `primary_container` (an object, its lists as they are) to the resource
    if (given(asObject, 'create') === false) return [];
    const values = b.object(asObject);
    const name = given(asObject, 'name');
    if (name !== undefined) b.copy(values, 'service_name', asObject, 'name', name);
    const primary = given(asObject, 'primary_container');
    if (primary !== undefined) b.copy(values, 'primary_container', asObject, 'primary_container', isObject(primary) && !isComputed(primary) ? [primary] : primary);
    return [{ address: 'aws_ecs_express_gateway_service.this[0]', type: 'aws_ecs_express_gateway_service', values }];
  }
  if (kind === 'ecs-cluster') {
    const cluster = clusterValues(b, asObject, { name: ['name', 'cluster_name'], setting: ['setting', 'cluster_settings'], configuration: ['configuration', 'cluster_configuration'] });
    return cluster ? [{ address: 'aws_ecs_cluster.this[0]', type: 'aws_ecs_cluster', values: cluster }] : [];
  }
  if (kind === 'ecs') {
    const created = clusterValues(b, asObject, { name: ['cluster_name'], setting: ['cluster_setting', 'cluster_settings'], configuration: ['cluster_configuration'] });
    const out: RegistryInstance[] = created ? [{ address: 'module.cluster.aws_ecs_cluster.this[0]', type: 'aws_ecs_cluster', values: created }] : [];
    const services = given(asObject, 'services');
    if (given(asObject, 'create') === false || !isObject(services) || isComputed(services)) return out;
    // the root module passes its cluster to each service
    const cluster = unseen('the cluster terraform-aws-modules/ecs creates');
    const instances = Object.keys(services).flatMap((key) => {
      const svc = services[key];
      const inputs = isObject(svc) && !isComputed(svc) && own(svc, 'cluster_arn') === undefined ? { ...svc, cluster_arn: cluster } : svc!;
      if (inputs !== svc) places.value(inputs, places.selfOf(svc!) ?? at);
      if (inputs !== svc && isObject(svc)) for (const k of Object.keys(svc)) places.copyMember(svc, k, inputs, k);
      return serviceInstances(b, inputs, key, `module.service[${JSON.stringify(key)}].`);
    });
    return [...out, ...instances];
  }
  return [];
}

/**
 * The outputs of a call that other values read: the container module's `container_definition`;
 * cloudposse's container as an object and as JSON text (`markEncoded`: data that a template or
 * `container_definitions` reads as the JSON it stands for), alone or in a list.
 */
export function registryOutputs(call: RegistryCall, places: Places, markEncoded: (v: JsonValue) => JsonValue): Map<string, JsonValue> {
  const asObject = inputObject(call, places);
  const b = new Builder(places, call.at);
  if (call.kind === 'ecs-container-definition') return new Map([['container_definition', container(b, asObject, '', given(asObject, 'service'))]]);
  if (call.kind !== 'cloudposse-container-definition') return new Map();
  const outputs = new Map<string, JsonValue>();
  // each output its own object: what marks one as JSON text must not mark the others
  for (const prefix of ['', 'sensitive_']) {
    outputs.set(`${prefix}json_map_object`, cloudposseContainer(b, asObject));
    outputs.set(`${prefix}json_map_encoded`, markEncoded(cloudposseContainer(b, asObject)));
    outputs.set(`${prefix}json_map_encoded_list`, markEncoded([cloudposseContainer(b, asObject)]));
  }
  return outputs;
}
