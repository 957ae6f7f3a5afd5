// Step Functions state machines that run ECS tasks. A Task state whose Resource is the ECS
// integration (ecs:runTask, .sync or .waitForTaskToken) calls RunTask with its Parameters
// (JSONPath) or Arguments (JSONata): the tasks it starts get the network configuration and the
// container overrides written there, not a service's. Read the same from a definition file, a
// template's state machine and a live account's (DescribeStateMachine); values the state takes
// from its input when it runs (`"Command.$": "$.cmd"`, `{% $states.input.x %}`) are run-time values.
import { isObject, own, ownArray, ownString, setOwn, type JsonObject, type JsonValue } from '../util/json.js';
import { isComputed, PLACEHOLDER_KEY, runTimeValue, templateParts, unseen } from './computed.js';
import { toApiFieldName } from './api-field-names.js';

/** Why a state's whole RunTask request cannot be read: one JSONata expression builds it. */
export const ARGUMENTS_PER_EXECUTION = 'built by a JSONata expression from the state input, known only when the state machine runs';
/** A `.$` field whose value is not a path or intrinsic (the service refuses such a definition). */
const NOT_A_PATH = 'a value the state takes from its input, known only when the state machine runs';

/**
 * Nested Parallel branches and Map processors walked: past the nesting any document may have
 * (each level is three or more of its 100), so no state of a definition that parses is left out.
 */
export const MAX_NESTING = 50;

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


/** What one RunTask state of a machine starts: its id and name as a scheduled task, its data, or why it cannot be read. */
export interface MachineTask {
  id: string;
  launcher: string;
  state: RunTaskState;
  data: JsonObject;
  unseen?: string;
}

/**
 * The scheduled tasks of a machine's definition, one per RunTask state, named by the machine and
 * the state; ids start with `idPrefix` (the machine's name in a file, its ARN in an account).
 */
export function machineTasks(machine: string, definition: JsonValue, idPrefix = machine): MachineTask[] {
  const out: MachineTask[] = [];
  const ids = new Set<string>();
  for (const state of runTaskStates(definition)) {
    const { data, unseen } = runTaskRequest(state);
    const launcher = `Step Functions state machine ${machine} (state ${state.name})`;
    let id = `${idPrefix}/${state.name}`;
    // state names are unique within a machine; a definition that repeats one still gets two tasks
    for (let n = 2; ids.has(id); n++) id = `${idPrefix}/${state.name}#${n}`;
    ids.add(id);
    const task: MachineTask = { id, launcher, state, data: { ...data, launcher } };
    if (unseen !== undefined) task.unseen = unseen;
    out.push(task);
  }
  return out;
}
