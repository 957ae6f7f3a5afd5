// ecs-secrets-customer-kms: every SecureString parameter and secret a task references is
// encrypted with a customer managed KMS key. alias/aws/ssm, another AWS managed key, or a String
// parameter fails; a parameter, secret or key that could not be read is unknown. In files, the
// secrets and parameters the file creates itself are checked (a CloudFormation parameter is never
// a SecureString); one named by ARN or name only is unknown there.
import { secretFields, taskReferences } from '../inventory/references.js';
import { describeComputed, unknownPhrase, isComputed } from '../inventory/computed.js';
import type { Resource } from '../inventory/resource.js';
import { own, ownString, type JsonObject, type JsonValue } from '../util/json.js';
import { toPointer } from '../util/pointer.js';
import { listItemsOf } from '../inventory/intrinsic-values.js';
import { findKey, isAwsManaged } from './kms-keys.js';
import { definePredicate } from './define.js';
import type { PredicateOutcome } from './types.js';

export const secretsCustomerKms = definePredicate({
  id: 'secrets-customer-kms',
  messages: {
    'plain-parameter': 'The task reads {{reference}} of type {{type}}: a secret kept unencrypted; use a SecureString parameter on a customer managed key',
    'aws-managed-key': '{{reference}} is encrypted with {{key}}, an AWS managed key; use a customer managed KMS key',
  },
  evaluate({ resource, inventory }): PredicateOutcome {
    const out: PredicateOutcome = { violations: [], unknowns: [] };
    const checkKey = (what: string, keyId: string | undefined, pointer: string, defaultKey = 'aws/secretsmanager') => {
      const id = keyId ?? defaultKey;
      const key = keyId ? findKey(inventory, keyId) : undefined;
      if (!keyId || isAwsManaged(id, key)) {
        out.violations.push({ message: 'aws-managed-key', pointer, data: { reference: what, key: keyId ?? `the default ${defaultKey} key` } });
      } else if (!key) {
        out.unknowns.push({ pointer, reason: `KMS key ${keyId} of ${what} could not be read${inventory.gapFor(keyId) ? `: ${inventory.gapFor(keyId)}` : ''}` });
      }
    };
    const checkParameter = (param: Resource, name: string, pointer: string) => {
      // a file may give the type or the key at deploy time (a variable): either may be right
      const decided = [own(param.data, 'Type'), own(param.data, 'KeyId')].find((v) => isComputed(v));
      if (decided !== undefined) {
        out.unknowns.push({ pointer, reason: `parameter ${name}: ${describeComputed(decided)} decides how it is encrypted` });
        return;
      }
      const type = ownString(param.data, 'Type');
      if (type !== 'SecureString') out.violations.push({ message: 'plain-parameter', pointer, data: { reference: `parameter ${name}`, type: type ?? 'unknown' } });
      else checkKey(`parameter ${name}`, ownString(param.data, 'KeyId'), pointer, 'alias/aws/ssm');
    };
    const checkSecret = (secret: Resource, name: string, pointer: string) => {
      const kms = own(secret.data, 'KmsKeyId');
      if (isComputed(kms)) out.unknowns.push({ pointer, reason: `the KMS key of secret ${name} is ${describeComputed(kms!)}` });
      else checkKey(`secret ${ownString(secret.data, 'Name') ?? name}`, typeof kms === 'string' && kms ? kms : undefined, pointer);
    };
    if (resource.origin.kind === 'file' && !resource.region) {
      // a file: the secrets and parameters its task definitions name that the file itself creates
      const undecided = undecidedSecrets(resource.data);
      if (undecided) {
        out.unknowns.push(undecided);
        return out;
      }
      const fields = secretFields(resource.data);
      if (fields.length === 0) {
        out.notApplicable = 'the task references no parameters or secrets';
        return out;
      }
      for (const { pointer, value } of fields) {
        const id = resource.refersTo?.[pointer];
        const store = id === undefined ? undefined : inventory.find('secretsmanager:secret', id) ?? inventory.find('ssm:parameter', id);
        const named = typeof value === 'string' ? `${value.slice(0, 200)} names a parameter or secret` : `valueFrom is ${unknownPhrase(value as JsonValue)}, a parameter or secret`;
        if (!store) out.unknowns.push({ pointer, reason: `${named} not created in the scanned files; scan the live account for its key` });
        else if (store.type === 'ssm:parameter') checkParameter(store, store.name, pointer);
        else checkSecret(store, store.name, pointer);
      }
      return out;
    }
    if (!resource.region || !resource.account) {
      out.unknowns.push({ pointer: '', reason: 'the task definition has no region and account to resolve its parameters in' });
      return out;
    }
    const refs = taskReferences(resource.data, resource.region, resource.account);
    if (refs.parameters.length === 0 && refs.secrets.length === 0) {
      out.notApplicable = 'the task references no parameters or secrets';
      return out;
    }
    for (const p of refs.parameters) {
      const param = inventory.find('ssm:parameter', p.arn);
      if (!param) {
        const gap = inventory.gapFor(p.arn);
        out.unknowns.push({ pointer: p.pointer, reason: gap ? `parameter ${p.name} could not be read: ${gap}` : `parameter ${p.name} was not found in ${p.region}` });
        continue;
      }
      checkParameter(param, p.name, p.pointer);
    }
    for (const s of refs.secrets) {
      const secret = inventory.find('secretsmanager:secret', s.arn);
      if (!secret) {
        const gap = inventory.gapFor(s.arn);
        out.unknowns.push({ pointer: s.pointer, reason: gap ? `secret ${s.arn} could not be read: ${gap}` : `secret ${s.arn} was not found` });
        continue;
      }
      checkSecret(secret, s.arn, s.pointer);
    }
    return out;
  },
});

/** Containers, or their secrets lists, set at deploy time: what they name is not known (a template's Fn::If lists are read in each branch). */
function undecidedSecrets(td: JsonObject): { pointer: string; reason: string } | undefined {
  const containers = own(td, 'containerDefinitions');
  if (containers === undefined) return undefined;
  const items = listItemsOf(containers, ['containerDefinitions']);
  if (items === undefined) return { pointer: '/containerDefinitions', reason: `containerDefinitions is ${describeComputed(containers)}` };
  for (const { value: c, segments } of items) {
    // a list under Fn::If is read in each branch (secretFields); anything else computed is not known
    const lists: Array<[string[], JsonValue | undefined, boolean]> = [
      [[], c, false],
      [['secrets'], own(c, 'secrets'), true],
      [['logConfiguration'], own(c, 'logConfiguration'), false],
      [['logConfiguration', 'secretOptions'], own(own(c, 'logConfiguration'), 'secretOptions'), true],
    ];
    for (const [at, v, list] of lists) {
      if (v === undefined || !isComputed(v) || (list && listItemsOf(v, []) !== undefined)) continue;
      return { pointer: toPointer([...segments, ...at]), reason: `${at.length > 0 ? at.join('/') : 'the container'} of container ${segments[segments.length - 1]} is ${describeComputed(v)}` };
    }
  }
  return undefined;
}
