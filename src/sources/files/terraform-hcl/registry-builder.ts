// What the models of registry modules share: building the values a module's resources get from
// its inputs, each member keeping the place of the input it came from.
import { isComputed, unseen } from '../../../inventory/computed.js';
import { isObject, own, setOwn, type JsonObject, type JsonValue } from '../../../util/json.js';
import { MAP_VALUED } from '../terraform-blocks.js';
import type { Place, Places } from './places.js';

/** An input's value; null, as Terraform takes it for an optional input, is not given. */
export function given(obj: JsonValue | undefined, key: string): JsonValue | undefined {
  const v = own(obj, key);
  return v === null ? undefined : v;
}

/** Builds objects whose members keep the places of the inputs they came from. */
export class Builder {
  constructor(
    private readonly places: Places,
    private readonly fallback: Place,
  ) {}

  object(from: JsonValue | undefined): JsonObject {
    const out: JsonObject = {};
    this.places.value(out, (from !== undefined && this.places.selfOf(from)) || this.fallback);
    return out;
  }

  copy(to: JsonObject, key: string, from: JsonValue | undefined, fromKey: string, value: JsonValue): void {
    setOwn(to, key, value);
    if (from !== undefined) this.places.copyMember(from, fromKey, to, key);
  }
}

/** An input object in the provider's block shape: each nested object a one-item block list. */
export function asBlocks(v: JsonValue, depth = 0): JsonValue {
  if (depth > 12) return v;
  if (Array.isArray(v)) return v.map((x) => asBlocks(x, depth + 1));
  if (!isObject(v) || isComputed(v)) return v;
  const out: JsonObject = {};
  for (const k of Object.keys(v)) {
    const x = v[k]!;
    if (x === null) continue;
    setOwn(out, k, isObject(x) && !isComputed(x) && !MAP_VALUED.has(k) ? [asBlocks(x, depth + 1)] : Array.isArray(x) ? asBlocks(x, depth + 1) : x);
  }
  return out;
}

/**
 * The service's awsvpc network_configuration block from the inputs both module families name
 * alike (`assign_public_ip`, default false; `subnet_ids`; `security_group_ids`).
 */
export function awsvpcNetwork(b: Builder, inputs: JsonObject): JsonValue {
  const net = b.object(undefined);
  const assign = given(inputs, 'assign_public_ip');
  b.copy(net, 'assign_public_ip', assign === undefined ? undefined : inputs, 'assign_public_ip', assign ?? false);
  net.subnets = given(inputs, 'subnet_ids') ?? [];
  net.security_groups = given(inputs, 'security_group_ids') ?? [];
  return [net];
}

/** An IAM role a module creates itself: never read (its policies are in the module's own files), so unseen. */
export function createdRole(module: string, which: string): JsonValue {
  return unseen(`the ${which} role ${module} creates, which ecsguard does not read`);
}
