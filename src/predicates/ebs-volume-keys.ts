// ecs-service-ebs-volume-kms and ecs-scheduled-task-ebs-volume-kms: every EBS volume ECS attaches
// to a service's tasks, or to a task RunTask starts, is encrypted with a customer managed key,
// named by the volume (managedEBSVolume.kmsKeyId) or by its cluster's managed storage
// configuration, which encrypts every ECS managed volume in the cluster. A volume without either
// is unencrypted, or encrypted with the AWS managed key or the account's default: it fails. A
// cluster the scan cannot see may hold the key: unknown.
import { isComputed, isNoValue } from '../inventory/computed.js';
import { ifBranches, listItemsOf } from '../inventory/intrinsic-values.js';
import { own, ownString, type JsonValue } from '../util/json.js';
import { toPointer } from '../util/pointer.js';
import { customerKeysAt } from './customer-key-at.js';
import { definePredicate } from './define.js';
import type { PredicateOutcome, RelatedLookup } from './types.js';
import type { Resource } from '../inventory/resource.js';

const CLUSTER_KEY = ['configuration', 'managedStorageConfiguration', 'kmsKeyId'];

export const ebsVolumeKeys = definePredicate({
  id: 'ebs-volume-keys',
  messages: {
    'no-volume-key': 'Volume "{{volume}}" of {{of}} is not encrypted with a customer managed KMS key: neither the volume (managedEBSVolume.kmsKeyId) nor its cluster\'s managed storage configuration names one',
    'aws-managed-key': 'Volume "{{volume}}" of {{of}} is encrypted with {{key}}, an AWS managed key; use a customer managed KMS key',
  },
  evaluate({ resource, inventory }): PredicateOutcome {
    const out: PredicateOutcome = { violations: [], unknowns: [] };
    // a service's volumes, or those RunTask gives a task it starts (a scheduled or standalone task)
    const of = resource.type === 'ecs:service' ? `service ${ownString(resource.data, 'serviceName') ?? resource.name}` : ownString(resource.data, 'launcher') ?? resource.name;
    const items = listItemsOf(own(resource.data, 'volumeConfigurations'), ['volumeConfigurations']);
    if (!items) {
      if (isComputed(own(resource.data, 'volumeConfigurations'))) out.unknowns.push({ pointer: '/volumeConfigurations', reason: 'volumeConfigurations is set at deploy time' });
      return out;
    }
    let cluster: ClusterKey | undefined;
    for (const item of items) {
      const ebs = own(item.value, 'managedEBSVolume');
      if (ebs === undefined || ebs === null) continue;
      const at = [...item.segments, 'managedEBSVolume'];
      const volume = ownString(item.value, 'name') ?? `#${item.segments[item.segments.length - 1]}`;
      const data = { of, volume, ...(item.condition ? { when: item.condition } : {}) };
      const key = own(ebs, 'kmsKeyId');
      const named = keyNamed(key);
      if (named === 'yes') {
        customerKeysAt({ resource, inventory }, [{ path: [...at, 'kmsKeyId'], value: key!, purpose: `EBS volume ${volume}`, data }], out);
        continue;
      }
      cluster ??= clusterKey(resource, inventory);
      if (cluster.status === 'set') continue;
      if (named === 'unknown') {
        out.unknowns.push({ pointer: toPointer(at), reason: `whether volume "${volume}" names a KMS key is decided at deploy time` });
        continue;
      }
      if (cluster.status === 'unknown') {
        out.unknowns.push({ pointer: toPointer(at), reason: `volume "${volume}" names no KMS key, and ${cluster.reason}` });
        continue;
      }
      out.violations.push({ message: 'no-volume-key', pointer: toPointer(at), data });
    }
    return out;
  },
});

/** Whether a key is named: yes, no, or on one side of an Fn::If only (decided at deploy time). */
function keyNamed(key: JsonValue | undefined): 'yes' | 'no' | 'unknown' {
  if (key === undefined || key === null || key === '' || isNoValue(key)) return 'no';
  const branches = ifBranches(key);
  if (branches && (isNoValue(branches.then) || isNoValue(branches.else))) return 'unknown';
  return 'yes';
}

type ClusterKey = { status: 'set' | 'absent' } | { status: 'unknown'; reason: string };

/** Whether the service's cluster encrypts ECS managed volumes with a key of its own. */
function clusterKey(service: Resource, inventory: RelatedLookup): ClusterKey {
  const rel = inventory.related(service, 'cluster');
  const mayHold = "its cluster's managed storage key, which would encrypt it, could not be read";
  if (rel.status === 'absent') return { status: 'unknown', reason: `${mayHold}: the service runs in the default cluster, which the scanned files do not define` };
  if (rel.status === 'not-visible') return { status: 'unknown', reason: `${mayHold}: ${rel.reason}` };
  const key = CLUSTER_KEY.reduce<JsonValue | undefined>((v, k) => own(v, k), rel.resource.data);
  const named = keyNamed(key);
  if (named === 'yes') return { status: 'set' };
  if (named === 'unknown') return { status: 'unknown', reason: `cluster ${rel.resource.name} names its managed storage key only under a condition` };
  // a storage configuration computed as a whole may hold one
  const storage = own(own(rel.resource.data, 'configuration'), 'managedStorageConfiguration');
  if (isComputed(storage) || isComputed(own(rel.resource.data, 'configuration'))) return { status: 'unknown', reason: `cluster ${rel.resource.name}'s managed storage configuration is set at deploy time` };
  return { status: 'absent' };
}
