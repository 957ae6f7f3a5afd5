// What an EventBridge rule's target or a Scheduler schedule's target that runs ECS tasks starts,
// as RunTask sees it: its EcsParameters under RunTask's field names (both services spell them in
// PascalCase), who starts it, and the overrides its Input gives.
import { INPUT_PER_EVENT, unseen } from '../../inventory/computed.js';
import { isObject, own, setOwn, type JsonObject, type JsonValue } from '../../util/json.js';
import { parseJsonData } from '../../inventory/written-markers.js';

/** The scheduled task's data, or undefined when the target runs no ECS task (no EcsParameters). */
export function ecsTaskFromTarget(target: JsonObject, launcher: string): JsonObject | undefined {
  const parameters = own(target, 'EcsParameters');
  if (!isObject(parameters)) return undefined;
  const data: JsonObject = { ...(runTaskShape(parameters) as JsonObject), launcher };
  const input = own(target, 'Input');
  if (own(target, 'InputTransformer') !== undefined || own(target, 'InputPath') !== undefined) data.overrides = unseen(INPUT_PER_EVENT);
  else if (typeof input === 'string' && input !== '') data.overrides = inputOverrides(input);
  return data;
}

/** The Input of an ECS target is RunTask's overrides, as JSON text. */
function inputOverrides(input: string): JsonValue {
  const value = parseJsonData(input);
  if (value === undefined) return unseen("the target's Input is not JSON");
  return isObject(value) ? value : unseen("the target's Input is not a JSON object of RunTask overrides");
}

/** PascalCase members as RunTask names them (NetworkConfiguration -> networkConfiguration, EnableECSManagedTags -> enableECSManagedTags). */
function runTaskShape(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(runTaskShape);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const k of Object.keys(value)) setOwn(out, k === '' ? k : k[0]!.toLowerCase() + k.slice(1), runTaskShape(value[k]!));
  return out;
}
