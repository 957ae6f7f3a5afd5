// A RunTask request (Scheduler's universal aws-sdk:ecs:runTask target's input, in the API's own
// field names) as the scheduled task it starts.
import { setOwn, type JsonObject } from '../util/json.js';

/** The request's fields, and who starts it: a `launcher` key the request writes cannot replace the loader's. */
export function runTaskRequestData(request: JsonObject, launcher: string): JsonObject {
  const data: JsonObject = { launcher };
  for (const k of Object.keys(request)) if (k !== 'launcher') setOwn(data, k, request[k]!);
  return data;
}
