// Terraform's nested blocks (lists of objects in snake_case, a single block as a list of one) ->
// the ECS API's shape (camelCase, a single block as an object), keeping a source-map entry for
// every key so a finding inside a block points at its attribute in the file.
import { COMPUTED_KEY } from '../../inventory/computed.js';
import { isObject, own, setOwn, type JsonObject, type JsonValue } from '../../util/json.js';
import type { SourceMapEntry } from './source-map.js';

/** Blocks Terraform allows once: the API holds an object, not a list. */
const SINGLE_BLOCKS = new Set([
  'efs_volume_configuration',
  'authorization_config',
  'docker_volume_configuration',
  'fsx_windows_file_server_volume_configuration',
  'configuration',
  'execute_command_configuration',
  'log_configuration',
  'managed_storage_configuration',
  'service_connect_configuration',
  'tls',
  'issuer_cert_authority',
  'timeout',
  'runtime_platform',
  'ephemeral_storage',
  'managed_ebs_volume',
]);

// A Map, not an object literal: keys come from input, and `__proto__` must not find a prototype.
/** Names that do not follow from snake_case -> camelCase. */
const NAMES = new Map([
  ['volume', 'volumes'],
  ['setting', 'settings'],
  ['service', 'services'],
  ['client_alias', 'clientAliases'],
  ['issuer_cert_authority', 'issuerCertificateAuthority'],
  ['s3_bucket_encryption_enabled', 's3EncryptionEnabled'],
  ['volume_configuration', 'volumeConfigurations'],
  ['load_balancer', 'loadBalancers'],
  ['elb_name', 'loadBalancerName'],
  ['managed_ebs_volume', 'managedEBSVolume'],
]);

/** Attributes whose values are maps of user-chosen keys: data, not field names. */
export const MAP_VALUED = new Set(['tags', 'tags_all', 'driver_opts', 'labels', 'options', 'properties']);

/** Deeper than any ECS block: past it, values are kept as they are (no unbounded recursion). */
const MAX_DEPTH = 16;

export function apiFieldOfTerraform(name: string): string {
  const special = NAMES.get(name);
  if (special !== undefined) return special;
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (c === '_' && i + 1 < name.length && i > 0) out += name[++i]!.toUpperCase();
    else out += c;
  }
  return out;
}

export interface BlockContext {
  /** The plan's `after_unknown` at the same place: `true` marks a value known only after apply. */
  unknown: JsonValue | undefined;
  /** The resource's address, to name a value known only after apply. */
  address: string;
  entries: SourceMapEntry[];
}

/**
 * Converts `attrs` of a Terraform object (all of them when undefined) into `target`, under the
 * data path `dataAt`, recording where each converted key sits in the file (`sourceAt`). A value
 * the plan knows only after apply becomes a deploy-time value, never "not set".
 */
export function convertTerraformBlocks(values: JsonObject, attrs: readonly string[] | undefined, target: JsonObject, dataAt: string[], sourceAt: string[], ctx: BlockContext, depth = 0): void {
  const unknown = isObject(ctx.unknown) ? ctx.unknown : undefined;
  const keys = attrs ?? [...new Set([...Object.keys(values), ...(unknown ? Object.keys(unknown) : [])])];
  for (const key of keys) {
    const v = own(values, key);
    const api = apiFieldOfTerraform(key);
    const data = [...dataAt, api];
    if (own(unknown, key) === true && (v === undefined || v === null)) {
      ctx.entries.push({ data, source: [...sourceAt, key], node: undefined, keys: 'opaque' });
      setOwn(target, api, { [COMPUTED_KEY]: `${ctx.address}.${[...sourceAt.slice(sourceAt.lastIndexOf('values') + 1), key].join('.')}` });
      continue;
    }
    if (v === undefined || v === null) continue;
    const single = SINGLE_BLOCKS.has(key) && Array.isArray(v);
    if (single && v.length === 0) continue; // an absent single block is written as []
    const source = single ? [...sourceAt, key, '0'] : [...sourceAt, key];
    const below = single ? itemOf(own(unknown, key), 0) : own(unknown, key);
    ctx.entries.push({ data, source, node: undefined, keys: 'opaque' });
    setOwn(target, api, convertValue(single ? v[0]! : v, MAP_VALUED.has(key), data, source, { ...ctx, unknown: below }, depth + 1));
  }
}

function itemOf(list: JsonValue | undefined, i: number): JsonValue | undefined {
  return Array.isArray(list) ? list[i] : undefined;
}

function convertValue(v: JsonValue, verbatim: boolean, dataAt: string[], sourceAt: string[], ctx: BlockContext, depth: number): JsonValue {
  if (verbatim || depth > MAX_DEPTH) return v;
  if (Array.isArray(v)) {
    return v.map((item, i) => (isObject(item) ? convertValue(item, false, [...dataAt, String(i)], [...sourceAt, String(i)], { ...ctx, unknown: itemOf(ctx.unknown, i) }, depth + 1) : item));
  }
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  convertTerraformBlocks(v, undefined, out, dataAt, sourceAt, ctx, depth);
  return out;
}
