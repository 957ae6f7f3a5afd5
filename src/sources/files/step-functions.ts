// Step Functions state machines that run ECS tasks. A Task state whose Resource is the ECS
// integration (ecs:runTask, .sync or .waitForTaskToken) calls RunTask with its Parameters
// (JSONPath) or Arguments (JSONata): the tasks it starts get the network configuration and the
// container overrides written there, not a service's. Each such state is read as the tasks it
// starts, in the API's field names, wherever the definition is written (a definition file, a
// CloudFormation or Terraform state machine); values the state takes from its input when it runs
// (`"Command.$": "$.cmd"`, `{% $states.input.x %}`) are run-time values.
import { isObject, own, ownArray, ownString, setOwn, type JsonObject, type JsonValue } from '../../util/json.js';
import { isComputed, PLACEHOLDER_KEY, runTimeValue, template, templateParts, unseen } from '../../inventory/computed.js';
import { subTemplateParts } from '../../inventory/intrinsic-values.js';
import { parseJsonData } from '../../inventory/written-markers.js';
import { ResourceSourceMap, toApiFieldName, type SourceMapEntry } from './source-map.js';
import type { ParsedDocument } from '../../documents/parse-document.js';
import type { FileOrigin, Resource } from '../../inventory/resource.js';

/** Why a state's whole RunTask request cannot be read: one JSONata expression builds it. */
export const ARGUMENTS_PER_EXECUTION = 'built by a JSONata expression from the state input, known only when the state machine runs';
/** A `.$` field whose value is not a path or intrinsic (the service refuses such a definition). */
const NOT_A_PATH = 'a value the state takes from its input, known only when the state machine runs';

/**
 * Nested Parallel branches and Map processors walked: past the nesting any document may have
 * (each level is three or more of its 100), so no state of a definition that parses is left out.
 */
const MAX_NESTING = 50;

export interface RunTaskState {
  /** The state's name. */
  name: string;
  /** Where its RunTask request (Parameters or Arguments) is written, within the definition. */
  at: string[];
  /** The request as written: an object, a JSONata expression, or undefined when none is written. */
  request: JsonValue | undefined;
  /** JSONata (QueryLanguage), where `{% ... %}` strings are expressions. */
  jsonata: boolean;
}

/** A state machine definition (Amazon States Language): a `StartAt` and its `States`. */
export function isStateMachineDefinition(value: JsonValue | undefined): value is JsonObject {
  return isObject(value) && typeof own(value, 'StartAt') === 'string' && isObject(own(value, 'States'));
}

/**
 * The resources that call RunTask, after `:states:::`: the optimised ECS integration
 * (request-response, run a job, wait for a callback) and the AWS SDK integration, whose
 * Parameters are RunTask's request too.
 */
const RUN_TASK = new Set(['ecs:runTask', 'ecs:runTask.sync', 'ecs:runTask.waitForTaskToken', 'aws-sdk:ecs:runTask', 'aws-sdk:ecs:runTask.waitForTaskToken']);

/** Whether a Task state's Resource calls RunTask, in any partition. */
function isRunTask(resource: JsonValue | undefined): boolean {
  // the partition is often written as a deploy-time part: its literal tail says what it calls
  const text = typeof resource === 'string' ? resource : lastLiteral(resource);
  if (text === undefined) return false;
  const at = text.lastIndexOf(':states:::');
  return at !== -1 && RUN_TASK.has(text.slice(at + ':states:::'.length));
}

/** The literal text a template (Terraform's, a CloudFormation !Sub, a placeholder's) ends with. */
function lastLiteral(value: JsonValue | undefined): string | undefined {
  const sub = own(value, 'Fn::Sub') ?? own(value, PLACEHOLDER_KEY);
  if (typeof sub === 'string') return sub;
  if (Array.isArray(sub) && typeof sub[0] === 'string') return sub[0];
  const parts = templateParts(value) ?? own(own(value, 'Fn::Join'), '1');
  const last = Array.isArray(parts) ? parts[parts.length - 1] : undefined;
  return typeof last === 'string' ? last : undefined;
}

/** Every Task state of a definition that runs ECS tasks, in Parallel branches and Map processors too. */
export function runTaskStates(definition: JsonValue): RunTaskState[] {
  const out: RunTaskState[] = [];
  const walk = (machine: JsonValue | undefined, at: string[], jsonata: boolean, depth: number) => {
    const states = own(machine, 'States');
    if (!isObject(states) || depth > MAX_NESTING) return;
    const language = ownString(machine, 'QueryLanguage');
    const inMachine = language === undefined ? jsonata : language === 'JSONata';
    for (const name of Object.keys(states)) {
      const state = states[name];
      if (!isObject(state)) continue;
      const here = [...at, 'States', name];
      const stateLanguage = ownString(state, 'QueryLanguage');
      const inState = stateLanguage === undefined ? inMachine : stateLanguage === 'JSONata';
      const type = own(state, 'Type');
      if (type === 'Task' && isRunTask(own(state, 'Resource'))) {
        const key = own(state, 'Arguments') !== undefined ? 'Arguments' : 'Parameters';
        out.push({ name, at: [...here, key], request: own(state, key), jsonata: inState });
      } else if (type === 'Parallel') {
        (ownArray(state, 'Branches') ?? []).forEach((branch, i) => walk(branch, [...here, 'Branches', String(i)], inState, depth + 1));
      } else if (type === 'Map') {
        for (const key of ['ItemProcessor', 'Iterator']) walk(own(state, key), [...here, key], inState, depth + 1);
      }
    }
  };
  walk(definition, [], false, 0);
  return out;
}

/**
 * A state's RunTask request in the API's field names (`NetworkConfiguration` ->
 * networkConfiguration), with what it takes from its input when it runs as run-time values; or why
 * it cannot be read at all.
 */
export function runTaskRequest(state: RunTaskState): { data: JsonObject; unseen?: string } {
  if (state.request === undefined) return { data: {} };
  if (!isObject(state.request) || isComputed(state.request)) return { data: {}, unseen: ARGUMENTS_PER_EXECUTION };
  return { data: apiShape(state.request, state.jsonata, 0) as JsonObject };
}

function apiShape(value: JsonValue, jsonata: boolean, depth: number): JsonValue {
  if (typeof value === 'string') return jsonata && isJsonataExpression(value) ? runTimeValue(value) : value;
  if (depth > MAX_NESTING * 4) return unseen(NOT_A_PATH);
  if (Array.isArray(value)) return value.map((v) => apiShape(v, jsonata, depth + 1));
  if (!isObject(value) || isComputed(value)) return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value)) {
    const v = value[key]!;
    // JSONPath: "Command.$": "$.cmd" is the field Command, taken from the input at run time
    if (!jsonata && key.endsWith('.$') && key.length > 2) setOwn(out, toApiFieldName(key.slice(0, -2)), fromInput(v));
    else setOwn(out, toApiFieldName(key), apiShape(v, jsonata, depth + 1));
  }
  return out;
}

function isJsonataExpression(s: string): boolean {
  return s.startsWith('{%') && s.endsWith('%}');
}

/** A `.$` field's value: a path or an intrinsic function (States.Format(...)) of the input. */
function fromInput(v: JsonValue): JsonValue {
  if (typeof v === 'string' && (v.startsWith('$') || v.startsWith('States.'))) return runTimeValue(v);
  return unseen(NOT_A_PATH);
}

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
  const out: StateMachineTask[] = [];
  const ids = new Set<string>();
  for (const state of runTaskStates(definition)) {
    const { data, unseen } = runTaskRequest(state);
    const launcher = `Step Functions state machine ${machine} (state ${state.name})`;
    let id = `${machine}/${state.name}`;
    // state names are unique within a machine; a definition that repeats one still gets two tasks
    for (let n = 2; ids.has(id); n++) id = `${machine}/${state.name}#${n}`;
    ids.add(id);
    const node = written.node === undefined ? undefined : state.at.reduce<JsonValue | undefined>((v, k) => (Array.isArray(v) ? v[Number(k)] : own(v, k)), written.node);
    const entries: SourceMapEntry[] = [written.node === undefined ? { data: [], source: written.source, node: undefined, keys: 'opaque' } : { data: [], source: [...written.source, ...state.at], node, keys: 'cloudformation' }];
    const task: StateMachineTask = { id, launcher, data: { ...data, launcher }, entries };
    if (unseen !== undefined) task.unseen = unseen;
    out.push(task);
  }
  return out;
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
