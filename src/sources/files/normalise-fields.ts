// One shape for the ECS data every file holds, whatever wrote it. `null` means "not set": the
// describe-task-definition output, the console's JSON tab and --generate-cli-skeleton write null
// for every unset field. And CloudFormation converts scalars to the types the ECS API takes, so a
// YAML `User: 0` is the user "0" and `Privileged: "true"` is privileged: the checks must see the
// value as AWS does, or a spelling walks around them.
import { isObject, own, setOwn, type JsonObject, type JsonValue } from '../../util/json.js';
import { MAP_VALUED_FIELDS } from './source-map.js';

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

/**
 * A boolean written as text: "true"/"false" (CloudFormation converts them), and the words YAML 1.1
 * reads as booleans (yes/no/on/off), which CloudFormation's YAML, Ansible's PyYAML and ecs-cli's
 * go-yaml v2 read so, while the YAML 1.2 reader here gives them as text.
 */
export function asBoolean(v: JsonValue | undefined): JsonValue | undefined {
  if (typeof v !== 'string') return v;
  const t = v.trim().toLowerCase();
  return t === 'true' || t === 'yes' || t === 'on' ? true : t === 'false' || t === 'no' || t === 'off' ? false : v;
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

/**
 * CloudFormation's scalar conversion for the task definition fields the checks read (in place),
 * also applied where a YAML 1.1 reader gives the types (Ansible's task definitions).
 */
export function applyScalarTypes(td: JsonObject): void {
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

/** The ECS API's names of a container definition's fields and of the objects inside it. */
const CONTAINER_FIELD_NAMES = [
  'name', 'image', 'repositoryCredentials', 'credentialsParameter', 'cpu', 'memory', 'memoryReservation', 'links', 'portMappings',
  'containerPort', 'hostPort', 'protocol', 'appProtocol', 'containerPortRange', 'essential', 'restartPolicy', 'enabled',
  'ignoredExitCodes', 'restartAttemptPeriod', 'entryPoint', 'command', 'environment', 'value', 'environmentFiles', 'type',
  'mountPoints', 'sourceVolume', 'containerPath', 'readOnly', 'volumesFrom', 'sourceContainer', 'linuxParameters', 'capabilities',
  'add', 'drop', 'devices', 'hostPath', 'permissions', 'initProcessEnabled', 'sharedMemorySize', 'tmpfs', 'size', 'mountOptions',
  'maxSwap', 'swappiness', 'secrets', 'valueFrom', 'dependsOn', 'containerName', 'condition', 'startTimeout', 'stopTimeout',
  'versionConsistency', 'hostname', 'user', 'workingDirectory', 'disableNetworking', 'privileged', 'readonlyRootFilesystem',
  'dnsServers', 'dnsSearchDomains', 'extraHosts', 'ipAddress', 'dockerSecurityOptions', 'interactive', 'pseudoTerminal',
  'dockerLabels', 'ulimits', 'softLimit', 'hardLimit', 'logConfiguration', 'logDriver', 'options', 'secretOptions', 'healthCheck',
  'interval', 'timeout', 'retries', 'startPeriod', 'systemControls', 'namespace', 'resourceRequirements', 'firelensConfiguration',
  'credentialSpecs',
];
const FIELD_BY_FOLDED = new Map(CONTAINER_FIELD_NAMES.map((n) => [n.toLowerCase(), n]));

/**
 * A key as Go's encoding/json compares field names: ASCII letters without case, and the two
 * non-ASCII letters whose case folding reaches ASCII (ſ is s, the Kelvin sign is k); undefined
 * when the key cannot match a field.
 */
function goFolded(key: string): string | undefined {
  if (key.length > 40) return undefined;
  let out = '';
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) out += String.fromCharCode(c + 32);
    else if (c < 0x80) out += key[i];
    else if (c === 0x17f) out += 's';
    else if (c === 0x212a) out += 'k';
    else return undefined;
  }
  return out;
}

/**
 * Terraform's AWS provider decodes container_definitions with Go's encoding/json, which matches
 * field names without regard to case: `Privileged` or `ENVIRONMENT` reach AWS as `privileged` and
 * `environment`. Such keys are renamed to the API's spelling in place (of several spellings of one
 * field, the last wins, as in Go), so the checks see what AWS will; `renamed` moves a key's place.
 */
export function foldContainerFieldNames(containers: JsonValue, renamed?: (obj: JsonObject, from: string, to: string) => void): void {
  const stack: Array<[JsonValue, number]> = [[containers, 0]];
  let budget = 200_000;
  while (stack.length > 0 && budget-- > 0) {
    const [v, depth] = stack.pop()!;
    if (depth > 12) continue;
    if (Array.isArray(v)) {
      for (const item of v) if (typeof item === 'object' && item !== null) stack.push([item, depth + 1]);
      continue;
    }
    if (!isObject(v)) continue;
    // field -> the keys that spell it, in order: the last one is what Go keeps
    let spellings: Map<string, string[]> | undefined;
    for (const k of Object.keys(v)) {
      const field = FIELD_BY_FOLDED.get(goFolded(k) ?? '');
      if (field === undefined) continue;
      spellings ??= new Map();
      const list = spellings.get(field);
      if (list) list.push(k);
      else spellings.set(field, [k]);
    }
    if (spellings === undefined) continue;
    for (const [field, keys] of spellings) {
      const winner = keys[keys.length - 1]!;
      for (const k of keys) if (k !== winner && k !== field) delete v[k];
      if (winner !== field) {
        setOwn(v, field, v[winner]!);
        delete v[winner];
        renamed?.(v, winner, field);
      }
      const child = v[field];
      if (!MAP_VALUED_FIELDS.has(field) && typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
}
