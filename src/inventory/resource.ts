// The normalised resource model every source produces and every rule reads.
import type { JsonObject } from '../util/json.js';
import type { SourcePosition } from '../util/positions.js';

export type ResourceType =
  | 'ecs:task-definition'
  | 'ecs:service'
  | 'ecs:cluster'
  /**
   * What starts tasks outside a service (RunTask): EventBridge rule targets, Scheduler schedules,
   * Step Functions states, RunTask input files.
   */
  | 'ecs:scheduled-task'
  /** A CI step that writes into a task definition's container when it deploys (a render step of GitHub Actions). */
  | 'ecs:deploy-step'
  | 'iam:role'
  | 'iam:policy'
  | (string & {});

export type FileShape =
  | 'register-task-definition'
  | 'describe-task-definition'
  | 'container-definitions'
  | 'service-definition'
  | 'describe-services'
  | 'cluster-definition'
  | 'describe-clusters'
  | 'run-task-input'
  | 'cloudformation'
  | 'terraform-plan'
  | 'terraform-hcl'
  | 'ansible'
  | 'pulumi-yaml'
  | 'step-functions'
  | 'github-workflow'
  | 'circleci-config'
  | 'ecs-deploy-command'
  | 'copilot-manifest'
  | 'ecs-cli-project'
  | 'inventory-snapshot';

/** Where a resource came from: a file, with a map from data pointers to file positions. */
export interface FileOrigin {
  kind: 'file';
  /** Path relative to the working directory, with forward slashes. */
  file: string;
  shape: FileShape;
  /** CloudFormation logical id or Terraform address, when the file holds several resources. */
  address?: string;
  /** What was read as one whole, when more than a file (a Terraform module's folder): links resolve within it. */
  unit?: string;
  /** Position in the file of the place a pointer into `data` names. */
  locate(dataPointer: string): SourcePosition;
  /**
   * CloudFormation: the logical ids of the template's resources. A `!Ref` to one reads the
   * resource's id or ARN, never a value the deployer gives.
   */
  resourceIds?: ReadonlySet<string>;
}

export type Origin = FileOrigin;

export interface Resource {
  type: ResourceType;
  /** Stable id: ARN when known, else `family` / logical id / Terraform address. */
  id: string;
  /** What people call it: family, role name, logical id. */
  name: string;
  region?: string;
  account?: string;
  /** The AWS API's own field names (ECS camelCase, IAM policy documents as parsed JSON). */
  data: JsonObject;
  origin: Origin;
  /** Relations resolved by the source: relation name -> id of another resource. */
  links?: Record<string, string>;
  /**
   * Files: the resource of the same file or module a field names, by the field's pointer
   * (`/containerDefinitions/0/secrets/0/valueFrom` -> the template's secret `DbSecret`), where
   * the file gives a reference (`!Ref DbSecret`) rather than an ARN.
   */
  refersTo?: Record<string, string>;
  /** Aspects a live collection could not read, with why (VPC endpoints, user data, ...). */
  gaps?: Record<string, string>;
  /** Why the resource's content cannot be known at all: every rule on it is unknown. */
  unseen?: string;
  /**
   * Why the resource may hold more than its source shows (a CloudFormation macro merges or
   * rewrites its properties at deploy time): what its written content fails still fails, and a
   * check it would pass is unknown.
   */
  incomplete?: string;
}
