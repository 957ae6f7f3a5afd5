// One shape for the ECS data every file holds, whatever wrote it. `null` means "not set": the
// describe-task-definition output, the console's JSON tab and --generate-cli-skeleton write null
// for every unset field. And CloudFormation converts scalars to the types the ECS API takes, so a
// YAML `User: 0` is the user "0" and `Privileged: "true"` is privileged: the checks must see the
// value as AWS does, or a spelling walks around them.
import { isObject, own, type JsonObject, type JsonValue } from '../../util/json.js';

/** Removes object members whose value is null, at any depth (list items keep their places). */
export function dropNullMembers(root: JsonValue): void {
  const stack: JsonValue[] = [root];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (Array.isArray(v)) {
      for (const item of v) if (item !== null && typeof item === 'object') stack.push(item);
    } else if (isObject(v)) {
      for (const k of Object.keys(v)) {
        const child = v[k]!;
        if (child === null) delete v[k];
        else if (typeof child === 'object') stack.push(child);
      }
    }
  }
}

const TASK_STRINGS = ['family', 'networkMode', 'pidMode', 'ipcMode', 'executionRoleArn', 'taskRoleArn', 'cpu', 'memory'];
const CONTAINER_STRINGS = ['name', 'image', 'user', 'hostname', 'workingDirectory'];
const CONTAINER_BOOLEANS = ['essential', 'privileged', 'readonlyRootFilesystem', 'disableNetworking', 'interactive', 'pseudoTerminal'];
const CONTAINER_STRING_LISTS = ['command', 'entryPoint'];
const CONTAINER_STRING_MAPS = ['dockerLabels'];

function asString(v: JsonValue | undefined): JsonValue | undefined {
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
}

function asBoolean(v: JsonValue | undefined): JsonValue | undefined {
  if (typeof v !== 'string') return v;
  const t = v.trim().toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : v;
}

function setTyped(obj: JsonObject, key: string, convert: (v: JsonValue | undefined) => JsonValue | undefined): void {
  const v = own(obj, key);
  if (v === undefined) return;
  const c = convert(v);
  if (c !== v && c !== undefined) obj[key] = c;
}

function stringsIn(list: JsonValue | undefined): void {
  if (!Array.isArray(list)) return;
  for (let i = 0; i < list.length; i++) list[i] = asString(list[i]) ?? list[i]!;
}

function stringMap(map: JsonValue | undefined): void {
  if (!isObject(map)) return;
  for (const k of Object.keys(map)) map[k] = asString(map[k]) ?? map[k]!;
}

function nameValues(list: JsonValue | undefined, fields: string[]): void {
  if (!Array.isArray(list)) return;
  for (const item of list) if (isObject(item)) for (const f of fields) setTyped(item, f, asString);
}

/** CloudFormation's scalar conversion for the task definition fields the checks read (in place). */
export function applyCloudFormationScalarTypes(td: JsonObject): void {
  for (const f of TASK_STRINGS) setTyped(td, f, asString);
  const containers = own(td, 'containerDefinitions');
  if (!Array.isArray(containers)) return;
  const stack: JsonValue[] = [...containers];
  while (stack.length > 0) {
    const c = stack.pop()!;
    // a container under Fn::If: both branches are containers
    const branches = own(c, 'Fn::If');
    if (Array.isArray(branches)) {
      stack.push(...branches.slice(1).filter(isObject));
      continue;
    }
    if (!isObject(c)) continue;
    for (const f of CONTAINER_STRINGS) setTyped(c, f, asString);
    for (const f of CONTAINER_BOOLEANS) setTyped(c, f, asBoolean);
    for (const f of CONTAINER_STRING_LISTS) stringsIn(own(c, f));
    for (const f of CONTAINER_STRING_MAPS) stringMap(own(c, f));
    stringsIn(own(own(c, 'healthCheck'), 'command'));
    nameValues(own(c, 'environment'), ['name', 'value']);
    nameValues(own(c, 'secrets'), ['name', 'valueFrom']);
    const log = own(c, 'logConfiguration');
    if (isObject(log)) {
      setTyped(log, 'logDriver', asString);
      stringMap(own(log, 'options'));
    }
    stringMap(own(own(c, 'firelensConfiguration'), 'options'));
  }
}
