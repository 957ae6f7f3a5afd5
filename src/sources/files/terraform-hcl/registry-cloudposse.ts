// The cloudposse modules that write ECS resources, from the inputs a call gives them (never
// fetched): cloudposse/ecs-container-definition's container, and the task definition and service
// of cloudposse/ecs-alb-service-task.
import { isComputed, unseen } from '../../../inventory/computed.js';
import { isObject, own, type JsonObject, type JsonValue } from '../../../util/json.js';
import { awsvpcNetwork, type Builder, createdRole, given } from './registry-builder.js';

/** cloudposse/ecs-container-definition's inputs -> the container fields it writes them to. */
const CLOUDPOSSE_FIELDS = new Map([
  ['container_name', 'name'], ['container_image', 'image'], ['essential', 'essential'], ['entrypoint', 'entryPoint'], ['command', 'command'],
  ['working_directory', 'workingDirectory'], ['readonly_root_filesystem', 'readonlyRootFilesystem'], ['mount_points', 'mountPoints'],
  ['dns_servers', 'dnsServers'], ['dns_search_domains', 'dnsSearchDomains'], ['ulimits', 'ulimits'], ['repository_credentials', 'repositoryCredentials'],
  ['links', 'links'], ['volumes_from', 'volumesFrom'], ['user', 'user'], ['container_depends_on', 'dependsOn'], ['privileged', 'privileged'],
  ['port_mappings', 'portMappings'], ['healthcheck', 'healthCheck'], ['firelens_configuration', 'firelensConfiguration'], ['linux_parameters', 'linuxParameters'],
  ['log_configuration', 'logConfiguration'], ['container_memory', 'memory'], ['container_memory_reservation', 'memoryReservation'], ['container_cpu', 'cpu'],
  ['environment_files', 'environmentFiles'], ['docker_labels', 'dockerLabels'], ['start_timeout', 'startTimeout'], ['stop_timeout', 'stopTimeout'],
  ['system_controls', 'systemControls'], ['extra_hosts', 'extraHosts'], ['hostname', 'hostname'], ['disable_networking', 'disableNetworking'],
  ['interactive', 'interactive'], ['pseudo_terminal', 'pseudoTerminal'], ['docker_security_options', 'dockerSecurityOptions'],
  ['resource_requirements', 'resourceRequirements'], ['restart_policy', 'restartPolicy'], ['version_consistency', 'versionConsistency'],
]);

/**
 * The container cloudposse/ecs-container-definition writes: its inputs under the API's names
 * (null ones left out), `essential` true and the root filesystem writable unless set;
 * `environment` with `map_environment` and `secrets` with `map_secrets` as name/value lists,
 * sorted by name; then `container_definition` merged over it.
 */
export function cloudposseContainer(b: Builder, inputs: JsonObject): JsonObject {
  const out = b.object(inputs);
  for (const [input, field] of CLOUDPOSSE_FIELDS) {
    const v = given(inputs, input);
    if (v !== undefined) b.copy(out, field, inputs, input, v);
  }
  if (own(out, 'essential') === undefined) out.essential = true;
  if (own(out, 'readonlyRootFilesystem') === undefined) out.readonlyRootFilesystem = false;
  const environment = nameValueList(b, given(inputs, 'environment'), given(inputs, 'map_environment'), 'value');
  if (environment !== undefined) b.copy(out, 'environment', inputs, given(inputs, 'environment') !== undefined ? 'environment' : 'map_environment', environment);
  const secrets = nameValueList(b, given(inputs, 'secrets'), given(inputs, 'map_secrets'), 'valueFrom');
  if (secrets !== undefined) b.copy(out, 'secrets', inputs, given(inputs, 'secrets') !== undefined ? 'secrets' : 'map_secrets', secrets);
  const overrides = given(inputs, 'container_definition');
  if (isObject(overrides) && !isComputed(overrides)) {
    for (const k of Object.keys(overrides)) if (overrides[k] !== null) b.copy(out, k, overrides, k, overrides[k]!);
  }
  return out;
}

/**
 * A list of `{ name, value }` (or `valueFrom`) and a map of name -> value as the one list the
 * module writes (the map's entries win, sorted by name); set at deploy time, the whole list is.
 */
function nameValueList(b: Builder, list: JsonValue | undefined, map: JsonValue | undefined, valueKey: string): JsonValue | undefined {
  if (list === undefined && map === undefined) return undefined;
  if (isComputed(list)) return list!;
  if (isComputed(map)) return map!;
  const entries = new Map<string, { from: JsonObject; nameFrom: [JsonValue, string | number]; valueFrom: [JsonValue, string | number]; value: JsonValue }>();
  if (Array.isArray(list)) {
    for (const item of list) {
      // an item set at deploy time, or one without a literal name: the list is not known
      if (!isObject(item) || isComputed(item) || typeof own(item, 'name') !== 'string') return list;
      entries.set(own(item, 'name') as string, { from: item, nameFrom: [item, 'name'], valueFrom: [item, valueKey], value: own(item, valueKey) ?? null });
    }
  } else if (list !== undefined) return list;
  if (isObject(map)) {
    for (const k of Object.keys(map)) entries.set(k, { from: map, nameFrom: [map, k], valueFrom: [map, k], value: map[k]! });
  } else if (map !== undefined) return map;
  const out: JsonValue[] = [];
  for (const name of [...entries.keys()].sort()) {
    const e = entries.get(name)!;
    const item = b.object(e.from === map ? undefined : e.from);
    b.copy(item, 'name', e.nameFrom[0], e.nameFrom[1] as string, name);
    b.copy(item, valueKey, e.valueFrom[0], e.valueFrom[1] as string, e.value);
    out.push(item);
  }
  return out;
}

const CREATED_ROLE = (which: string) => createdRole('cloudposse/ecs-alb-service-task', which);

/** A role input given as a list of zero or one ARNs (or, deprecated, an ARN): the ARN, or undefined for none. */
function roleArn(v: JsonValue | undefined): JsonValue | undefined {
  const arn = Array.isArray(v) ? v[0] : v;
  return arn === undefined || arn === null || arn === '' ? undefined : arn;
}

/** The name cloudposse's label module gives: its parts that are set, joined by "-"; unseen when one is set at deploy time. */
function labelId(inputs: JsonObject): JsonValue {
  const parts: JsonValue[] = ['namespace', 'tenant', 'environment', 'stage', 'name'].map((k) => given(inputs, k) ?? '');
  const attributes = given(inputs, 'attributes');
  if (Array.isArray(attributes)) parts.push(...attributes);
  if (parts.some((p) => typeof p !== 'string')) return unseen('the name cloudposse/ecs-alb-service-task labels its resources with');
  return (parts as string[]).filter((p) => p !== '').join('-');
}

/**
 * The task definition and service cloudposse/ecs-alb-service-task creates (provider attribute
 * names): the containers of `container_definition_json` as given, its defaults (awsvpc, Fargate
 * on LATEST, no public IP, ECS Exec off) where the call sets nothing, and the roles it creates
 * unseen. A call with `enabled = false` creates nothing; one naming a `task_definition` creates none.
 */
export function serviceTaskInstances(b: Builder, inputs: JsonObject): Array<{ address: string; type: 'aws_ecs_task_definition' | 'aws_ecs_service'; values: JsonObject }> {
  if (given(inputs, 'enabled') === false) return [];
  const out: Array<{ address: string; type: 'aws_ecs_task_definition' | 'aws_ecs_service'; values: JsonObject }> = [];
  const name = labelId(inputs);
  const launchType = given(inputs, 'launch_type') ?? 'FARGATE';
  const networkMode = given(inputs, 'network_mode') ?? 'awsvpc';
  const copy = (to: JsonObject, tf: string, input: string, fallback?: JsonValue) => {
    const v = given(inputs, input);
    if (v !== undefined) b.copy(to, tf, inputs, input, v);
    else if (fallback !== undefined) to[tf] = fallback;
  };
  const reused = given(inputs, 'task_definition');
  if (reused === undefined || (Array.isArray(reused) && reused.length === 0)) {
    const td = b.object(inputs);
    td.family = name;
    copy(td, 'container_definitions', 'container_definition_json', unseen('container_definition_json, which the call does not give'));
    td.requires_compatibilities = [launchType];
    copy(td, 'network_mode', 'network_mode', 'awsvpc');
    copy(td, 'cpu', 'task_cpu', '256');
    copy(td, 'memory', 'task_memory', '512');
    for (const tf of ['cpu', 'memory']) if (typeof td[tf] === 'number') td[tf] = String(td[tf]);
    copy(td, 'ipc_mode', 'ipc_mode');
    copy(td, 'pid_mode', 'pid_mode');
    td.execution_role_arn = roleArn(given(inputs, 'task_exec_role_arn')) ?? CREATED_ROLE('task execution');
    td.task_role_arn = roleArn(given(inputs, 'task_role_arn')) ?? CREATED_ROLE('task');
    const volumes = ['docker_volumes', 'efs_volumes', 'fsx_volumes', 'bind_mount_volumes'].map((k) => given(inputs, k));
    const givenVolumes = volumes.filter((v) => v !== undefined);
    // one set at deploy time makes them all so
    const deployTime = givenVolumes.find((v) => !Array.isArray(v));
    if (deployTime !== undefined) td.volume = deployTime;
    else if (givenVolumes.length > 0) {
      const list: JsonValue[] = [];
      for (const v of givenVolumes) list.push(...(v as JsonValue[]));
      b.copy(td, 'volume', inputs, ['efs_volumes', 'docker_volumes', 'fsx_volumes', 'bind_mount_volumes'].find((k) => given(inputs, k) !== undefined)!, list);
    }
    copy(td, 'runtime_platform', 'runtime_platform');
    out.push({ address: 'aws_ecs_task_definition.default[0]', type: 'aws_ecs_task_definition', values: td });
  }
  if (given(inputs, 'ecs_service_enabled') === false) return out;
  const svc = b.object(inputs);
  svc.name = name;
  copy(svc, 'cluster', 'ecs_cluster_arn');
  const strategies = given(inputs, 'capacity_provider_strategies');
  if (strategies !== undefined && !(Array.isArray(strategies) && strategies.length === 0)) b.copy(svc, 'capacity_provider_strategy', inputs, 'capacity_provider_strategies', strategies);
  else svc.launch_type = launchType;
  if (launchType === 'FARGATE') copy(svc, 'platform_version', 'platform_version', 'LATEST');
  copy(svc, 'enable_execute_command', 'exec_enabled', false);
  const connect = given(inputs, 'service_connect_configurations');
  if (connect !== undefined) b.copy(svc, 'service_connect_configuration', inputs, 'service_connect_configurations', connect);
  if (networkMode === 'awsvpc') svc.network_configuration = awsvpcNetwork(b, inputs);
  const variant = given(inputs, 'ignore_changes_task_definition') === false ? 'default' : 'ignore_changes_task_definition';
  out.push({ address: `aws_ecs_service.${variant}[0]`, type: 'aws_ecs_service', values: svc });
  return out;
}
