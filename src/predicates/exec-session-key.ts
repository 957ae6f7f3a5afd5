// ecs-exec-logging: the key a cluster encrypts ECS Exec sessions with is customer managed. A key
// named `alias/aws/...` is AWS managed wherever it is written (in any branch of an Fn::If, or in
// the literal text of a template that builds its ARN). In a live audit the key is read
// (DescribeKey): KeyManager AWS fails, a key that could not be read is unknown. A file's key named
// by id or ARN, or one the template creates, is taken as written: that a key is set at all is the
// rule's declarative check.
import { isComputed, templateParts } from '../inventory/computed.js';
import { valueBranches } from '../inventory/intrinsic-values.js';
import { own, ownString, type JsonValue } from '../util/json.js';
import { toPointer } from '../util/pointer.js';
import { findKey, isAwsManaged } from './kms-keys.js';
import { definePredicate } from './define.js';
import type { PredicateOutcome } from './types.js';

const KEY_PATH = ['configuration', 'executeCommandConfiguration', 'kmsKeyId'];

export const execSessionKey = definePredicate({
  id: 'exec-session-key',
  messages: {
    'aws-managed-key': 'Cluster {{cluster}} encrypts ECS Exec sessions with {{key}}, an AWS managed key; use a customer managed KMS key',
  },
  evaluate({ resource, inventory }): PredicateOutcome {
    const out: PredicateOutcome = { violations: [], unknowns: [] };
    const value = KEY_PATH.reduce<JsonValue | undefined>((v, k) => own(v, k), resource.data);
    const cluster = ownString(resource.data, 'clusterName') ?? resource.name;
    const live = resource.origin.shape === 'inventory-snapshot';
    for (const branch of valueBranches(value, KEY_PATH)) {
      const text = literalText(branch.value);
      if (text === undefined || text === '') continue;
      const pointer = toPointer(branch.segments);
      const key = findKey(inventory, text);
      if (isAwsManaged(text, key)) {
        out.violations.push({ message: 'aws-managed-key', pointer, data: { cluster, key: text.slice(0, 200), ...(branch.condition ? { when: branch.condition } : {}) } });
      } else if (live && !key) {
        const gap = inventory.gapFor(text);
        out.unknowns.push({ pointer, reason: `KMS key ${text.slice(0, 200)} of the ECS Exec configuration could not be read${gap ? `: ${gap}` : ''}` });
      }
    }
    return out;
  },
});

/** A key id as written, or the literal text of a template that builds one (`arn:...:${AWS::Region}:...:alias/aws/ecs`). */
function literalText(value: JsonValue): string | undefined {
  if (typeof value === 'string') return value;
  if (!isComputed(value)) return undefined;
  return templateParts(value)
    ?.filter((p): p is string => typeof p === 'string')
    .join('');
}
