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
const TASK_LISTS = ['tasks', 'pre_tasks', 'post_tasks', 'handlers', 'block', 'rescue', 'always'];

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

/** The module tasks of a playbook or task file, or an empty list when the document is neither. */
function moduleTasks(value: JsonValue): FoundTask[] {
  const out: FoundTask[] = [];
  if (!Array.isArray(value)) return out;
  const stack: Array<{ list: JsonValue[]; at: string[]; depth: number }> = [{ list: value, at: [], depth: 0 }];
  while (stack.length > 0) {
    const { list, at, depth } = stack.pop()!;
    list.forEach((item, i) => {
      if (!isObject(item)) return;
      const here = [...at, String(i)];
      for (const module of MODULES) {
        const written = own(item, module);
        if (written === undefined) continue;
        // arguments under the module's key, or (older style) under `args`
        if (isObject(written)) out.push({ task: item, args: written, at: [...here, module] });
        else if (isObject(own(item, 'args'))) out.push({ task: item, args: own(item, 'args') as JsonObject, at: [...here, 'args'] });
      }
      if (depth >= MAX_DEPTH) return;
      for (const key of TASK_LISTS) {
        const tasks = own(item, key);
        if (Array.isArray(tasks)) stack.push({ list: tasks, at: [...here, key], depth: depth + 1 });
      }
    });
  }
  return out.sort((a, b) => compareAt(a.at, b.at));
}

/** Document order: the walk is depth-first from the end, findings read top to bottom. */
function compareAt(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    const x = Number(a[i]);
    const y = Number(b[i]);
    return Number.isNaN(x) || Number.isNaN(y) ? (a[i]! < b[i]! ? -1 : 1) : x - y;
  }
  return a.length - b.length;
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
