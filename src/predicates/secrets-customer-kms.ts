// ecs-secrets-customer-kms: every SecureString parameter and secret a task references is
// encrypted with a customer managed KMS key. alias/aws/ssm, another AWS managed key, or a String
// parameter fails; a parameter, secret or key that could not be read is unknown.
import { taskReferences } from '../inventory/references.js';
import { own, ownString } from '../util/json.js';
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
    if (!resource.region || !resource.account) {
      out.unknowns.push({ pointer: '', reason: 'the task definition has no region and account to resolve its parameters in' });
      return out;
    }
    const refs = taskReferences(resource.data, resource.region, resource.account);
    if (refs.parameters.length === 0 && refs.secrets.length === 0) {
      out.notApplicable = 'the task references no parameters or secrets';
      return out;
    }
    const checkKey = (what: string, keyId: string | undefined, pointer: string) => {
      const id = keyId ?? 'aws/secretsmanager';
      const key = keyId ? findKey(inventory, keyId) : undefined;
      if (!keyId || isAwsManaged(id, key)) {
        out.violations.push({ message: 'aws-managed-key', pointer, data: { reference: what, key: keyId ?? 'the default aws/secretsmanager key' } });
      } else if (!key) {
        out.unknowns.push({ pointer, reason: `KMS key ${keyId} of ${what} could not be read${inventory.gapFor(keyId) ? `: ${inventory.gapFor(keyId)}` : ''}` });
      }
    };
    for (const p of refs.parameters) {
      const param = inventory.find('ssm:parameter', p.arn);
      if (!param) {
        const gap = inventory.gapFor(p.arn);
        out.unknowns.push({ pointer: p.pointer, reason: gap ? `parameter ${p.name} could not be read: ${gap}` : `parameter ${p.name} was not found in ${p.region}` });
        continue;
      }
      const type = ownString(param.data, 'Type');
      if (type !== 'SecureString') {
        out.violations.push({ message: 'plain-parameter', pointer: p.pointer, data: { reference: `parameter ${p.name}`, type: type ?? 'unknown' } });
        continue;
      }
      checkKey(`parameter ${p.name}`, ownString(param.data, 'KeyId'), p.pointer);
    }
    for (const s of refs.secrets) {
      const secret = inventory.find('secretsmanager:secret', s.arn);
      if (!secret) {
        const gap = inventory.gapFor(s.arn);
        out.unknowns.push({ pointer: s.pointer, reason: gap ? `secret ${s.arn} could not be read: ${gap}` : `secret ${s.arn} was not found` });
        continue;
      }
      const kms = own(secret.data, 'KmsKeyId');
      checkKey(`secret ${ownString(secret.data, 'Name') ?? s.arn}`, typeof kms === 'string' && kms ? kms : undefined, s.pointer);
    }
    return out;
  },
});
