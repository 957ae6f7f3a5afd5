// Ansible playbooks and task files that register ECS task definitions with the
// `community.aws.ecs_taskdefinition` module: each such task (state present) is a task definition,
// its module arguments read as the ECS API names them and located at their lines. Jinja
// expressions (`"{{ db_password }}"`) are placeholders Ansible fills in when it runs.
import type { ParsedDocument } from '../../documents/parse-document.js';
import type { Resource } from '../../inventory/resource.js';
import { isObject, own, ownString, setOwn, type JsonObject, type JsonValue } from '../../util/json.js';
import { markPlaceholderStrings } from '../../inventory/written-markers.js';
import { ResourceSourceMap } from './source-map.js';

/** The module's names: fully qualified, and the short name older playbooks use. */
const MODULES = ['community.aws.ecs_taskdefinition', 'ecs_taskdefinition'];

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

/** Blocks nest; a playbook deeper than this is not a real one. */
const MAX_DEPTH = 32;

interface FoundTask {
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
  const stack: Array<{ item: JsonValue; at: string[]; depth: number }> = [];
  const pushList = (list: JsonValue[], at: string[], depth: number) => {
    for (let i = list.length - 1; i >= 0; i--) stack.push({ item: list[i]!, at: [...at, String(i)], depth });
  };
  pushList(value, [], 0);
  while (stack.length > 0) {
    const { item, at, depth } = stack.pop()!;
    if (!isObject(item)) continue;
    for (const module of MODULES) {
      const written = own(item, module);
      if (written === undefined) continue;
      // arguments under the module's key, or (older style) under `args`
      if (isObject(written)) out.push({ task: item, args: written, at: [...at, module] });
      else if (isObject(own(item, 'args'))) out.push({ task: item, args: own(item, 'args') as JsonObject, at: [...at, 'args'] });
    }
    if (depth >= MAX_DEPTH) continue;
    // the task lists in the order the file writes them
    const keys = Object.keys(item).filter((k) => TASK_LISTS.has(k));
    for (let k = keys.length - 1; k >= 0; k--) {
      const tasks = item[keys[k]!];
      if (Array.isArray(tasks)) pushList(tasks, [...at, keys[k]!], depth + 1);
    }
  }
  return out;
}

/** The task definitions an Ansible document registers, or undefined when it registers none. */
export function ansibleTaskDefinitions(doc: ParsedDocument, file: string): Resource[] | undefined {
  const found = moduleTasks(doc.value);
  if (found.length === 0) return undefined;
  const out: Resource[] = [];
  for (const { task, args, at } of found) {
    // `state: absent` deregisters a revision: nothing runs from it
    if (own(args, 'state') === 'absent') continue;
    const data: JsonObject = {};
    const rename: Record<string, string> = {};
    for (const [arg, field] of Object.entries(FIELDS)) {
      const v = own(args, arg);
      if (v === undefined || v === null) continue;
      setOwn(data, field, v);
      rename[field] = arg;
    }
    const launchType = own(args, 'launch_type');
    if (launchType !== undefined && launchType !== null) {
      data.requiresCompatibilities = [launchType];
      rename.requiresCompatibilities = 'launch_type';
    }
    markPlaceholderStrings(data);
    const family = ownString(data, 'family');
    const taskName = ownString(task, 'name');
    const address = taskName ?? at.slice(0, -1).join('/');
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
