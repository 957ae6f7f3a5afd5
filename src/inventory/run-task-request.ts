// A RunTask request (Scheduler's universal aws-sdk:ecs:runTask target's input, in the API's own
// field names) as the scheduled task it starts.
import { isRunTaskTarget } from '../aws/arn.js';
import { setOwn, type JsonObject, type JsonValue } from '../util/json.js';
import { renderTexts } from './intrinsic-values.js';

/** A target ARN as a template writes it (literal, or built with !Sub or a Terraform template) that names the universal RunTask target. */
export function namesRunTaskTarget(arn: JsonValue | undefined): boolean {
  return renderTexts(arn ?? null).texts.some((t) => isRunTaskTarget(t.text));
}

/** The request's fields, and who starts it: a `launcher` key the request writes cannot replace the loader's. */
export function runTaskRequestData(request: JsonObject, launcher: string): JsonObject {
  const data: JsonObject = { launcher };
  for (const k of Object.keys(request)) if (k !== 'launcher') setOwn(data, k, request[k]!);
  return data;
}
