// ecs-cluster-managed-storage-kms: the keys a cluster encrypts Fargate ephemeral storage and the
// EBS volumes ECS manages with are customer managed (see customer-key-at.ts). That the Fargate
// key is set at all is the rule's declarative check.
import { clusterKeysAt } from './customer-key-at.js';
import { definePredicate } from './define.js';

export const managedStorageKeys = definePredicate({
  id: 'managed-storage-keys',
  messages: {
    'aws-managed-key': 'Cluster {{cluster}} encrypts {{storage}} with {{key}}, an AWS managed key; use a customer managed KMS key',
  },
  evaluate: (ctx) =>
    clusterKeysAt(ctx, [
      { path: ['configuration', 'managedStorageConfiguration', 'fargateEphemeralStorageKmsKeyId'], purpose: 'Fargate ephemeral storage', data: { storage: 'Fargate ephemeral storage' } },
      { path: ['configuration', 'managedStorageConfiguration', 'kmsKeyId'], purpose: 'ECS managed EBS volumes', data: { storage: 'the EBS volumes ECS manages' } },
    ]),
});
