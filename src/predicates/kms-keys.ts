// Which KMS key a KeyId names (an id, ARN or alias, as SSM, Secrets Manager and CloudWatch Logs
// write it), and whether it is AWS managed.
import type { Resource } from '../inventory/resource.js';
import { own } from '../util/json.js';
import type { RelatedLookup } from './types.js';

export function findKey(inventory: RelatedLookup, keyId: string): Resource | undefined {
  const direct = inventory.find('kms:key', keyId);
  if (direct) return direct;
  const bare = keyId.includes(':key/') ? keyId.slice(keyId.indexOf(':key/') + 5) : keyId;
  const alias = keyId.includes(':alias/') ? keyId.slice(keyId.indexOf(':alias/') + 1) : keyId;
  return inventory.ofType('kms:key').find((k) => {
    const d = k.data;
    const aliases = own(d, 'Aliases');
    const requested = own(d, 'RequestedAs');
    return own(d, 'KeyId') === bare || (Array.isArray(aliases) && aliases.includes(alias)) || (Array.isArray(requested) && (requested.includes(keyId) || requested.includes(bare)));
  });
}

/**
 * AWS managed: KeyManager AWS, or known by an `alias/aws/...` name (AWS reserves that prefix
 * for its managed keys; some AWS-compatible endpoints report such keys as CUSTOMER).
 */
export function isAwsManaged(keyId: string, key: Resource | undefined): boolean {
  if (keyId.startsWith('alias/aws/') || keyId.includes(':alias/aws/')) return true;
  if (!key) return false;
  const aliases = own(key.data, 'Aliases');
  return own(key.data, 'KeyManager') === 'AWS' || (Array.isArray(aliases) && aliases.some((a) => typeof a === 'string' && a.startsWith('alias/aws/')));
}
