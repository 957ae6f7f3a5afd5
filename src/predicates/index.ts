// Named predicates rules may call: `predicate: <name>` in a rule's expectations.
import { cloudtrailMultiRegion } from './cloudtrail.js';
import { ecrImage } from './ecr-image.js';
import { ecsEventsRule } from './ecs-events.js';
import { fargatePlatformVersion } from './fargate-platform.js';
import { taskRoleDistinct } from './task-role.js';
import { executionRoleScope } from './execution-role-scope.js';
import { imdsBlocked } from './imds.js';
import { kmsKeyOrigin } from './kms-key-origin.js';
import { plaintextSecrets } from './plaintext-secrets.js';
import { secretsCustomerKms } from './secrets-customer-kms.js';
import { tracingSidecar } from './tracing-sidecar.js';
import { vpcEndpoints, vpcFlowLogs } from './vpc-network.js';
import type { Predicate } from './types.js';

export const PREDICATES: Readonly<Record<string, Predicate>> = {
  'plaintext-secrets': plaintextSecrets,
  'execution-role-scope': executionRoleScope,
  'secrets-customer-kms': secretsCustomerKms,
  'vpc-endpoints': vpcEndpoints,
  'vpc-flow-logs': vpcFlowLogs,
  'cloudtrail-multi-region': cloudtrailMultiRegion,
  'imds-blocked': imdsBlocked,
  'task-role-distinct': taskRoleDistinct,
  'ecr-image': ecrImage,
  'ecs-events-rule': ecsEventsRule,
  'kms-key-origin': kmsKeyOrigin,
  'fargate-platform-version': fargatePlatformVersion,
  'tracing-sidecar': tracingSidecar,
};
