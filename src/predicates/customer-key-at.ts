// Whether the KMS key a resource names at a place is customer managed, shared by the rules whose
// declarative check (or predicate) asks that a key be set at all (ECS Exec sessions, managed
// storage, a service's EBS volumes). A key named `alias/aws/...` is AWS managed wherever it is
// written (in any branch of an Fn::If, or in the literal text of a template that builds its ARN).
// In a live audit the key is read (DescribeKey): KeyManager AWS fails, a key that could not be read
// is unknown. A file's key named by id or ARN, or one the template creates, is taken as written.
import { isComputed } from '../inventory/computed.js';
import { renderTexts, valueBranches } from '../inventory/intrinsic-values.js';
import { own, ownString, type JsonValue } from '../util/json.js';
import { toPointer } from '../util/pointer.js';
import { findKey, isAwsManaged } from './kms-keys.js';
import type { PredicateContext, PredicateOutcome } from './types.js';

export interface KeyPlace {
  /** Where the key id is, from the resource's root. */
  path: readonly string[];
  /** The value there, when the caller has read it (through an Fn::If's branch); else read at path. */
  value?: JsonValue;
  /** What the key encrypts, for the unknown's reason ("ECS Exec sessions"). */
  purpose: string;
  /** Message data for a violation at this place (with `key`, and `when` under a condition). */
  data?: Record<string, string>;
}

/** A cluster's key places, with the cluster's name as message data. */
export function clusterKeysAt(ctx: Pick<PredicateContext, 'resource' | 'inventory'>, places: readonly KeyPlace[]): PredicateOutcome {
  const cluster = ownString(ctx.resource.data, 'clusterName') ?? ctx.resource.name;
  return customerKeysAt(ctx, places.map((p) => ({ ...p, data: { cluster, ...p.data } })));
}

/** An `aws-managed-key` violation for each AWS managed key at the places, unknowns for live keys not read. */
export function customerKeysAt(ctx: Pick<PredicateContext, 'resource' | 'inventory'>, places: readonly KeyPlace[], out: PredicateOutcome = { violations: [], unknowns: [] }): PredicateOutcome {
  const { resource, inventory } = ctx;
  const live = resource.origin.shape === 'inventory-snapshot';
  for (const place of places) {
    const value = 'value' in place ? place.value : place.path.reduce<JsonValue | undefined>((v, k) => own(v, k), resource.data);
    for (const branch of valueBranches(value, [...place.path])) {
      const pointer = toPointer(branch.segments);
      for (const { text, condition } of keyTexts(branch.value)) {
        const key = findKey(inventory, text);
        if (isAwsManaged(text, key)) {
          const when = condition ?? branch.condition;
          out.violations.push({ message: 'aws-managed-key', pointer, data: { ...place.data, key: text.slice(0, 200), ...(when ? { when } : {}) } });
          break;
        } else if (live && !key) {
          const gap = inventory.gapFor(text);
          out.unknowns.push({ pointer, reason: `KMS key ${text.slice(0, 200)} for ${place.purpose} could not be read${gap ? `: ${gap}` : ''}` });
        }
      }
    }
  }
  return out;
}

/**
 * A key id as written, or each text a template can build (`arn:${?}:kms:${?}:${?}:alias/aws/ebs`
 * from a Fn::Sub, with its deploy-time parts as `${?}` so no part can complete an alias).
 */
function keyTexts(value: JsonValue): Array<{ text: string; condition?: string | undefined }> {
  if (typeof value === 'string') return value === '' ? [] : [{ text: value }];
  if (!isComputed(value)) return [];
  return renderTexts(value).texts.filter((t) => t.text !== '');
}
