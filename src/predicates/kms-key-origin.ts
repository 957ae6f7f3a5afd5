// kms-key-origin: the keys that encrypt a task's SecureString parameters and secrets are the
// organisation's own (control statement 3): key material from outside AWS KMS (EXTERNAL, or an
// AWS CloudHSM key store), symmetric AES-256 (SYMMETRIC_DEFAULT), and, when the organisation lists
// them, one of its allowed keys.
import { taskReferences } from '../inventory/references.js';
import { own, ownString } from '../util/json.js';
import { findKey } from './kms-keys.js';
import { definePredicate, stringsParam } from './define.js';
import type { PredicateOutcome } from './types.js';


export const kmsKeyOrigin = definePredicate({
  id: 'kms-key-origin',
  messages: { 'not-organisation-key': '{{reference}} is encrypted with {{key}}: {{why}}' },
  parameters: {
    type: 'object',
    additionalProperties: false,
    properties: {
      allowedKeys: { type: 'array', items: { type: 'string', minLength: 1 }, default: [] },
      origins: {
        type: 'array',
        minItems: 1,
        items: { enum: ['EXTERNAL', 'AWS_CLOUDHSM', 'AWS_KMS', 'EXTERNAL_KEY_STORE'] },
        default: ['EXTERNAL', 'AWS_CLOUDHSM'],
      },
      keySpecs: {
        type: 'array',
        minItems: 1,
        items: { type: 'string', pattern: '^[A-Z0-9_]+$' },
        default: ['SYMMETRIC_DEFAULT'],
      },
    },
  },
  evaluate({ resource, inventory, parameters }): PredicateOutcome {
    const out: PredicateOutcome = { violations: [], unknowns: [] };
    if (!resource.region || !resource.account) {
      out.unknowns.push({ pointer: '', reason: 'the task definition has no region and account to resolve its parameters in' });
      return out;
    }
    const allowed = stringsParam(parameters, 'allowedKeys');
    const origins = stringsParam(parameters, 'origins');
    const specs = stringsParam(parameters, 'keySpecs');
    const refs = taskReferences(resource.data, resource.region, resource.account);
    const keyed: Array<{ what: string; keyId: string | undefined; pointer: string; missing?: string }> = [];
    for (const p of refs.parameters) {
      const param = inventory.find('ssm:parameter', p.arn);
      if (!param) keyed.push({ what: `parameter ${p.name}`, keyId: undefined, pointer: p.pointer, missing: inventory.gapFor(p.arn) ?? 'not found' });
      else if (ownString(param.data, 'Type') === 'SecureString') keyed.push({ what: `parameter ${p.name}`, keyId: ownString(param.data, 'KeyId'), pointer: p.pointer });
    }
    for (const s of refs.secrets) {
      const secret = inventory.find('secretsmanager:secret', s.arn);
      if (!secret) keyed.push({ what: `secret ${s.arn}`, keyId: undefined, pointer: s.pointer, missing: inventory.gapFor(s.arn) ?? 'not found' });
      else keyed.push({ what: `secret ${ownString(secret.data, 'Name') ?? s.arn}`, keyId: ownString(secret.data, 'KmsKeyId') ?? 'alias/aws/secretsmanager', pointer: s.pointer });
    }
    if (keyed.length === 0) {
      out.notApplicable = 'the task uses no encrypted parameter or secret';
      return out;
    }
    for (const k of keyed) {
      if (k.missing) {
        out.unknowns.push({ pointer: k.pointer, reason: `${k.what} could not be read (${k.missing})` });
        continue;
      }
      const key = findKey(inventory, k.keyId!);
      if (!key) {
        out.unknowns.push({ pointer: k.pointer, reason: `KMS key ${k.keyId} of ${k.what} could not be read` });
        continue;
      }
      const why: string[] = [];
      const names = [key.id, ownString(key.data, 'KeyId'), ...(Array.isArray(own(key.data, 'Aliases')) ? (own(key.data, 'Aliases') as string[]) : [])].filter(Boolean) as string[];
      if (allowed.length > 0 && !names.some((n) => allowed.includes(n))) why.push('not one of the allowed keys');
      const origin = ownString(key.data, 'Origin') ?? 'unknown';
      if (!origins.includes(origin)) why.push(`origin ${origin}, not ${origins.join(' or ')}`);
      const spec = ownString(key.data, 'KeySpec') ?? ownString(key.data, 'CustomerMasterKeySpec') ?? 'unknown';
      if (!specs.includes(spec)) why.push(`key spec ${spec}, not ${specs.join(' or ')}`);
      if (why.length > 0) out.violations.push({ message: 'not-organisation-key', pointer: k.pointer, data: { reference: k.what, key: key.name, why: why.join('; ') } });
    }
    return out;
  },
});
