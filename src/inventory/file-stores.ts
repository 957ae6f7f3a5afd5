// What a template or Terraform module creates that its task definitions read (the parameters and
// secrets they take, the keys that encrypt those, the log groups they write to), as the resources
// a live audit collects for the same checks: one shape for CloudFormation, modules and plans, so
// ecs-secrets-customer-kms and logs-group-encrypted read files as they read accounts.
import type { JsonObject, JsonValue } from '../util/json.js';
import type { FileOrigin, Resource } from './resource.js';

interface Written {
  id: string;
  name: string;
  origin: FileOrigin;
  unseen?: string;
}

/** A value the file sets: not left out, null or empty (AWS reads those as not set). */
function set(v: JsonValue | undefined): v is JsonValue {
  return v !== undefined && v !== null && v !== '';
}

function resource(type: string, w: Written, data: JsonObject): Resource {
  const r: Resource = { type, id: w.id, name: w.name, data, origin: w.origin };
  if (w.unseen !== undefined) r.unseen = w.unseen;
  return r;
}

/** An SSM parameter: its name, type (String unless SecureString) and key. */
export function writtenParameter(w: Written, name: JsonValue, type: JsonValue | undefined, keyId: JsonValue | undefined): Resource {
  const data: JsonObject = { Name: name, Type: type ?? null };
  if (set(keyId)) data.KeyId = keyId;
  return resource('ssm:parameter', w, data);
}

/** A Secrets Manager secret: without KmsKeyId it is on the default aws/secretsmanager key. */
export function writtenSecret(w: Written, name: JsonValue, kmsKeyId: JsonValue | undefined): Resource {
  const data: JsonObject = { Name: name };
  if (set(kmsKeyId)) data.KmsKeyId = kmsKeyId;
  return resource('secretsmanager:secret', w, data);
}

/** A KMS key the file creates: customer managed, by definition; known by its id in the file. */
export function writtenKey(w: Written, keyOrigin: JsonValue): Resource {
  return resource('kms:key', w, { KeyId: w.id, KeyManager: 'CUSTOMER', Origin: keyOrigin });
}

/**
 * A log group: its name, key, and retention (none, or 0, keeps logs forever). Its name is only
 * what findings call it (groups are matched to tasks before): a name set at deploy time is the
 * group's address, as a cluster's is, not a phrase about the expression.
 */
export function writtenLogGroup(w: Written, kmsKeyId: JsonValue | undefined, retentionInDays: JsonValue | undefined): Resource {
  const data: JsonObject = { logGroupName: w.name };
  if (set(kmsKeyId)) data.kmsKeyId = kmsKeyId;
  if (set(retentionInDays) && retentionInDays !== 0) data.retentionInDays = retentionInDays;
  return resource('logs:log-group', w, data);
}
