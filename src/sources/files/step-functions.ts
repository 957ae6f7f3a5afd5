// Step Functions state machines in files that run ECS tasks: each RunTask state
// (inventory/state-machine-tasks.ts) is read as the tasks it starts, placed where the definition
// is written (a definition file, the CLI's input, a CloudFormation or Terraform state machine).
import { isObject, own, ownString, setOwn, type JsonObject, type JsonValue } from '../../util/json.js';
import { isComputed, template } from '../../inventory/computed.js';
import { subTemplateParts } from '../../inventory/intrinsic-values.js';
import { isStateMachineDefinition, machineTasks, MAX_NESTING } from '../../inventory/state-machine-tasks.js';
import { parseJsonData } from '../../inventory/written-markers.js';
import { ResourceSourceMap, type SourceMapEntry } from './source-map.js';
import type { ParsedDocument } from '../../documents/parse-document.js';
import type { FileOrigin, Resource } from '../../inventory/resource.js';

/**
 * DefinitionSubstitutions applied to the strings of a definition (in place): `${Name}` becomes
 * the substitution's value; names it does not give stay as written, as Step Functions leaves them.
 */
export function substituteDefinition(value: JsonValue, substitutions: JsonObject | undefined): JsonValue {
  if (!substitutions || Object.keys(substitutions).length === 0) return value;
  const walk = (v: JsonValue, depth: number): JsonValue => {
    if (typeof v === 'string') return v.includes('${') ? substituted(v, substitutions) : v;
    if (depth > MAX_NESTING * 4) return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    if (isObject(v) && !isComputed(v)) for (const k of Object.keys(v)) setOwn(v, k, walk(v[k]!, depth + 1));
    return v;
  };
  return walk(value, 0);
}

function substituted(s: string, substitutions: JsonObject): JsonValue {
  const parts: JsonValue[] = [];
  for (const part of subTemplateParts(s)) {
    if (part.literal !== undefined) parts.push(part.literal);
    else if (Object.prototype.hasOwnProperty.call(substitutions, part.name!)) parts.push(substitutions[part.name!]!);
    else parts.push('${' + part.name! + '}');
  }
  const scalar = (p: JsonValue) => typeof p === 'string' || typeof p === 'number' || typeof p === 'boolean';
  // one substitution that is the whole string keeps its type (a number, a flag)
  if (parts.length === 1) return parts[0]!;
  return template(parts.map((p) => (scalar(p) ? String(p) : p)));
}

/** The tasks one state of a state machine starts, as a scheduled task's data with its source map. */
export interface StateMachineTask {
  id: string;
  launcher: string;
  data: JsonObject;
  entries: SourceMapEntry[];
  unseen?: string;
}

/**
 * The RunTask states of a machine's definition, each with where its request is written: within
 * the written definition (`node`, keys as Step Functions writes them), or somewhere inside one
 * text (a DefinitionString, a plan's JSON) that cannot be placed further.
 */
export function stateMachineTasks(machine: string, definition: JsonValue, written: { source: string[]; node: JsonValue | undefined }): StateMachineTask[] {
  return machineTasks(machine, definition).map(({ id, launcher, state, data, unseen }) => {
    const node = written.node === undefined ? undefined : state.at.reduce<JsonValue | undefined>((v, k) => (Array.isArray(v) ? v[Number(k)] : own(v, k)), written.node);
    const entries: SourceMapEntry[] = [written.node === undefined ? { data: [], source: written.source, node: undefined, keys: 'opaque' } : { data: [], source: [...written.source, ...state.at], node, keys: 'cloudformation' }];
    const task: StateMachineTask = { id, launcher, data, entries };
    if (unseen !== undefined) task.unseen = unseen;
    return task;
  });
}

/** The tasks a state starts as a resource, placed by the source that read its machine. */
export function stateMachineResource(task: StateMachineTask, origin: FileOrigin, unseen = task.unseen): Resource {
  const resource: Resource = { type: 'ecs:scheduled-task', id: task.id, name: task.launcher, data: task.data, origin };
  if (unseen !== undefined) resource.unseen = unseen;
  return resource;
}

/**
 * `aws stepfunctions create-state-machine` input (`--cli-input-json`) or `describe-state-machine`
 * output: the definition as JSON text beside the machine's name and role. Undefined otherwise.
 */
export interface CliStateMachine {
  name: string | undefined;
  definition: JsonObject;
}

export function cliStateMachine(value: JsonValue): CliStateMachine | undefined {
  const text = own(value, 'definition');
  if (typeof text !== 'string' || (own(value, 'roleArn') === undefined && own(value, 'name') === undefined && own(value, 'stateMachineArn') === undefined)) return undefined;
  const definition = parseJsonData(text);
  return isStateMachineDefinition(definition) ? { name: ownString(value, 'name'), definition } : undefined;
}

/**
 * A state machine definition file (Amazon States Language, as SAM's DefinitionUri or the CLI's
 * --definition file:// reads it), or the CLI's input or output holding one: its RunTask states
 * as the tasks they start, the machine named as the CLI names it or by the file (`etl.asl.json`
 * -> etl).
 */
export function extractStateMachineFile(doc: ParsedDocument, file: string, cli?: CliStateMachine): Resource[] {
  const base = file.slice(file.lastIndexOf('/') + 1);
  const machine = cli?.name ?? base.slice(0, base.indexOf('.') > 0 ? base.indexOf('.') : base.length);
  // the CLI's definition is one JSON text: its states are placed at the text
  const written = cli ? { source: ['definition'], node: undefined } : { source: [], node: doc.value };
  return stateMachineTasks(machine, cli?.definition ?? doc.value, written).map((task) => {
    const map = new ResourceSourceMap(task.entries, doc.locate);
    return stateMachineResource(task, { kind: 'file', file, shape: 'step-functions', address: task.id, locate: (p) => map.locate(p) });
  });
}
