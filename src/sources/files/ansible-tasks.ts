// Ansible playbooks and task files that register ECS task definitions with the
// `community.aws.ecs_taskdefinition` module: each such task (state present) is a task definition,
// its module arguments read as the ECS API names them and located at their lines. A
// `community.aws.ecs_service` task is the service it creates or updates, and an
// `community.aws.ecs_task` task that runs or starts tasks is the RunTask call it makes (its
// overrides in the API's shape). Jinja expressions (`"{{ db_password }}"`) are placeholders
// Ansible fills in when it runs.
import type { ParsedDocument } from '../../documents/parse-document.js';
import type { Resource } from '../../inventory/resource.js';
import { isObject, own, ownString, setOwn, type JsonObject, type JsonValue } from '../../util/json.js';
import { markPlaceholderStrings } from '../../inventory/written-markers.js';
import { ResourceSourceMap, type SourceMapEntry } from './source-map.js';
import { applyScalarTypes } from './normalise-fields.js';

/** The modules read, by their names: fully qualified, and the short name older playbooks use. */
type ModuleKind = 'task-definition' | 'service' | 'task';
const MODULE_KINDS = new Map<string, ModuleKind>([
  ['community.aws.ecs_taskdefinition', 'task-definition'],
  ['ecs_taskdefinition', 'task-definition'],
  ['community.aws.ecs_service', 'service'],
  ['ecs_service', 'service'],
  ['community.aws.ecs_task', 'task'],
  ['ecs_task', 'task'],
]);

/** Keys of a play or a block that hold tasks. */
const TASK_LISTS: ReadonlySet<string> = new Set(['tasks', 'pre_tasks', 'post_tasks', 'handlers', 'block', 'rescue', 'always']);

/** Module arguments -> the ECS API's task definition fields (containers are written in the API's own shape). */
const FIELDS: Record<string, string> = {
  family: 'family',
  containers: 'containerDefinitions',
  task_role_arn: 'taskRoleArn',
  execution_role_arn: 'executionRoleArn',
  network_mode: 'networkMode',
  volumes: 'volumes',
  cpu: 'cpu',
  memory: 'memory',
  placement_constraints: 'placementConstraints',
  runtime_platform: 'runtimePlatform',
};

interface FoundTask {
  kind: ModuleKind;
  task: JsonObject;
  args: JsonObject;
  /** Where the module's arguments are written. */
  at: string[];
}

/** The module tasks of a playbook or task file, in document order; none when the document is neither. */
function moduleTasks(value: JsonValue): FoundTask[] {
  const out: FoundTask[] = [];
  if (!Array.isArray(value)) return out;
  // pre-order with an explicit stack: each list is pushed in reverse, so items come off in order
  const stack: Array<{ item: JsonValue; at: string[] }> = [];
  const pushList = (list: JsonValue[], at: string[]) => {
    for (let i = list.length - 1; i >= 0; i--) stack.push({ item: list[i]!, at: [...at, String(i)] });
  };
  pushList(value, []);
  while (stack.length > 0) {
    const { item, at } = stack.pop()!;
    if (!isObject(item)) continue;
    for (const [module, kind] of MODULE_KINDS) {
      const written = own(item, module);
      if (written === undefined) continue;
      // arguments under the module's key, or (older style) under `args`
      if (isObject(written)) out.push({ kind, task: item, args: written, at: [...at, module] });
      else if (isObject(own(item, 'args'))) out.push({ kind, task: item, args: own(item, 'args') as JsonObject, at: [...at, 'args'] });
    }
    // however deeply blocks nest (the parser bounds a document's depth): a cut would hide tasks
    // the task lists in the order the file writes them
    const keys = Object.keys(item).filter((k) => TASK_LISTS.has(k));
    for (let k = keys.length - 1; k >= 0; k--) {
      const tasks = item[keys[k]!];
      if (Array.isArray(tasks)) pushList(tasks, [...at, keys[k]!]);
    }
  }
  return out;
}

/** The task definitions an Ansible document registers, or undefined when it registers none. */
export function ansibleTaskDefinitions(doc: ParsedDocument, file: string): Resource[] | undefined {
  const found = moduleTasks(doc.value);
  if (found.length === 0) return undefined;
  const out: Resource[] = [];
  // two tasks of one name are two resources: the second is `#2`
  const seen = new Map<string, number>();
  const distinct = (address: string) => {
    const n = (seen.get(address) ?? 0) + 1;
    seen.set(address, n);
    return n > 1 ? `${address} #${n}` : address;
  };
  for (const { kind, task, args, at } of found) {
    // `state: absent` deregisters a revision or deletes a service: nothing runs from it
    if (own(args, 'state') === 'absent') continue;
    if (kind !== 'task-definition') {
      const built = kind === 'service' ? serviceOf(args, at) : tasksOf(args, at, ownString(task, 'name'));
      if (!built) continue;
      const address = distinct(ownString(task, 'name') ?? at.slice(0, -1).join('/'));
      const map = new ResourceSourceMap(built.entries, doc.locate);
      out.push({ type: built.type, id: address, name: built.name ?? address, data: built.data, origin: { kind: 'file', file, shape: 'ansible', address, locate: (p) => map.locate(p) } });
      continue;
    }
    const data: JsonObject = {};
    const rename: Record<string, string> = {};
    copyArguments(args, FIELDS, data, rename);
    const launchType = own(args, 'launch_type');
    if (launchType !== undefined && launchType !== null) {
      data.requiresCompatibilities = [launchType];
      rename.requiresCompatibilities = 'launch_type';
    }
    // PyYAML is a YAML 1.1 reader: `privileged: yes` is true there
    applyScalarTypes(data);
    markPlaceholderStrings(data);
    const family = ownString(data, 'family');
    const taskName = ownString(task, 'name');
    const address = distinct(taskName ?? at.slice(0, -1).join('/'));
    const map = new ResourceSourceMap([{ data: [], source: at, node: args, keys: 'same', rename }], doc.locate);
    out.push({
      type: 'ecs:task-definition',
      id: address,
      name: family ?? address,
      data,
      origin: { kind: 'file', file, shape: 'ansible', address, locate: (p) => map.locate(p) },
    });
  }
  return out;
}

interface Built {
  type: 'ecs:service' | 'ecs:scheduled-task';
  data: JsonObject;
  entries: SourceMapEntry[];
  name?: string;
}

/** The modules' network_configuration as the API's awsvpcConfiguration (assign_public_ip a boolean there). */
function networkConfiguration(args: JsonObject, at: string[], data: JsonObject, entries: SourceMapEntry[]): void {
  const network = own(args, 'network_configuration');
  if (network === undefined || network === null) return;
  if (!isObject(network)) {
    data.networkConfiguration = network;
    return;
  }
  const vpc: JsonObject = {};
  const subnets = own(network, 'subnets');
  if (subnets !== undefined) vpc.subnets = subnets;
  const groups = own(network, 'security_groups');
  if (groups !== undefined) vpc.securityGroups = groups;
  const assign = own(network, 'assign_public_ip');
  if (assign !== undefined && assign !== null) vpc.assignPublicIp = assign === true || assign === 'true' || assign === 'yes' ? 'ENABLED' : assign === false || assign === 'false' || assign === 'no' ? 'DISABLED' : assign;
  data.networkConfiguration = { awsvpcConfiguration: vpc };
  entries.push({ data: ['networkConfiguration', 'awsvpcConfiguration'], source: [...at, 'network_configuration'], node: network, keys: 'same', rename: { securityGroups: 'security_groups', assignPublicIp: 'assign_public_ip' } });
}

/** Plain arguments as API fields, each placed at its argument. */
function copyArguments(args: JsonObject, fields: Record<string, string>, data: JsonObject, rename: Record<string, string>): void {
  for (const [arg, field] of Object.entries(fields)) {
    const v = own(args, arg);
    if (v === undefined || v === null) continue;
    setOwn(data, field, v);
    rename[field] = arg;
  }
}

/** community.aws.ecs_service: the service it creates or updates. */
function serviceOf(args: JsonObject, at: string[]): Built {
  const data: JsonObject = {};
  const rename: Record<string, string> = {};
  copyArguments(args, { name: 'serviceName', cluster: 'cluster', task_definition: 'taskDefinition', launch_type: 'launchType', platform_version: 'platformVersion', desired_count: 'desiredCount' }, data, rename);
  const entries: SourceMapEntry[] = [{ data: [], source: at, node: args, keys: 'same', rename }];
  networkConfiguration(args, at, data, entries);
  markPlaceholderStrings(data);
  const name = ownString(data, 'serviceName');
  return name === undefined ? { type: 'ecs:service', data, entries } : { type: 'ecs:service', data, entries, name };
}

/** community.aws.ecs_task with operation run or start: the tasks it starts, as RunTask's input. */
function tasksOf(args: JsonObject, at: string[], taskName: string | undefined): Built | undefined {
  const operation = own(args, 'operation');
  if (operation !== 'run' && operation !== 'start') return undefined;
  const data: JsonObject = {};
  const rename: Record<string, string> = {};
  copyArguments(args, { cluster: 'cluster', task_definition: 'taskDefinition', overrides: 'overrides', count: 'count', launch_type: 'launchType' }, data, rename);
  if (data.taskDefinition === undefined) return undefined;
  const entries: SourceMapEntry[] = [{ data: [], source: at, node: args, keys: 'same', rename }];
  networkConfiguration(args, at, data, entries);
  markPlaceholderStrings(data);
  data.launcher = `Ansible task ${taskName !== undefined ? `"${taskName}"` : at.slice(0, -1).join('/')} (ecs_task ${operation})`;
  return { type: 'ecs:scheduled-task', data, entries };
}
