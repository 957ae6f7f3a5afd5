// ecs-exec-logging: the key a cluster encrypts ECS Exec sessions with is customer managed (see
// customer-key-at.ts). That a key is set at all is the rule's declarative check.
import { clusterKeysAt } from './customer-key-at.js';
import { definePredicate } from './define.js';

export const execSessionKey = definePredicate({
  id: 'exec-session-key',
  messages: {
    'aws-managed-key': 'Cluster {{cluster}} encrypts ECS Exec sessions with {{key}}, an AWS managed key; use a customer managed KMS key',
  },
  evaluate: (ctx) => clusterKeysAt(ctx, [{ path: ['configuration', 'executeCommandConfiguration', 'kmsKeyId'], purpose: 'ECS Exec sessions' }]),
});
