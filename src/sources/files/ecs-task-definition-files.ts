// The three ECS JSON shapes a task definition file takes: `register-task-definition` input,
// `describe-task-definition` output, and a bare `containerDefinitions` array.
import { UserError } from '../../util/errors.js';
import { isObject, own, ownObject, ownString, type JsonObject, type JsonValue } from '../../util/json.js';
import type { FileShape, Resource } from '../../inventory/resource.js';
import type { ParsedDocument } from '../../documents/parse-document.js';
import { ResourceSourceMap } from './source-map.js';
import { unseen } from '../../inventory/computed.js';
import { validateTaskDefinition } from '../../generated/validators.js';

/**
 * Task-level fields a bare containerDefinitions array cannot show: the task definition it is
 * rendered into (by Terraform's templatefile, envsubst or a deploy tool) sets them, so checks on
 * them are unknown there, never a pass or a failure by default. `runtimePlatform` is not among
 * them: the container checks read it only to pass over Windows containers, and the containers of
 * a bare array are checked as Linux ones (most are) rather than all left unknown.
 */
const TASK_LEVEL_FIELDS = ['executionRoleArn', 'taskRoleArn', 'networkMode', 'pidMode', 'ipcMode', 'requiresCompatibilities', 'volumes', 'cpu', 'memory', 'ephemeralStorage', 'proxyConfiguration'];
const NOT_IN_A_CONTAINER_ARRAY = 'not in this file: a bare containerDefinitions array holds no task-level fields (the task definition it is rendered into sets them)';

export type EcsJsonShape = Extract<FileShape, 'register-task-definition' | 'describe-task-definition' | 'container-definitions'>;

export function detectEcsJsonShape(value: JsonValue): EcsJsonShape | undefined {
  if (Array.isArray(value)) return looksLikeContainers(value) ? 'container-definitions' : undefined;
  if (!isObject(value)) return undefined;
  const td = ownObject(value, 'taskDefinition');
  if (td && own(td, 'containerDefinitions') !== undefined) return 'describe-task-definition';
  if (own(value, 'containerDefinitions') !== undefined) return 'register-task-definition';
  return undefined;
}

/** The members of the ECS API's ContainerDefinition. */
const CONTAINER_FIELDS = new Set([
  'name', 'image', 'repositoryCredentials', 'cpu', 'memory', 'memoryReservation', 'links', 'portMappings', 'essential', 'restartPolicy',
  'entryPoint', 'command', 'environment', 'environmentFiles', 'mountPoints', 'volumesFrom', 'linuxParameters', 'secrets', 'dependsOn',
  'startTimeout', 'stopTimeout', 'versionConsistency', 'hostname', 'user', 'workingDirectory', 'disableNetworking', 'privileged',
  'readonlyRootFilesystem', 'dnsServers', 'dnsSearchDomains', 'extraHosts', 'dockerSecurityOptions', 'interactive', 'pseudoTerminal',
  'dockerLabels', 'ulimits', 'logConfiguration', 'healthCheck', 'systemControls', 'resourceRequirements', 'firelensConfiguration', 'credentialSpecs',
]);

/**
 * Whether a list is container definitions. A list of named things is common (Ansible tasks,
 * labels, a team page's people with their images), so each item must be made of container
 * fields: with an image, all but one of its keys (Terraform passes a stray key through); without
 * one, a name and only container fields, of their types (Ansible's `command: make` or
 * `user: {...}` is not a container's).
 */
function looksLikeContainers(list: JsonValue[]): boolean {
  if (list.length === 0) return false;
  let imageless = false;
  for (const c of list) {
    if (!isObject(c)) return false;
    const image = own(c, 'image') !== undefined;
    if (!image && own(c, 'name') === undefined) return false;
    let strays = 0;
    for (const k in c) if (Object.prototype.hasOwnProperty.call(c, k) && !CONTAINER_FIELDS.has(k)) strays++;
    if (strays > (image ? 1 : 0)) return false;
    if (!image) imageless = true;
  }
  return !imageless || validateTaskDefinition({ containerDefinitions: list });
}

export function extractEcsJson(doc: ParsedDocument, file: string, shape: EcsJsonShape): Resource {
  let data: JsonObject;
  let prefix: string[];
  if (shape === 'container-definitions') {
    data = { containerDefinitions: doc.value };
    for (const field of TASK_LEVEL_FIELDS) data[field] = unseen(NOT_IN_A_CONTAINER_ARRAY);
    prefix = [];
  } else if (shape === 'describe-task-definition') {
    data = ownObject(doc.value, 'taskDefinition')!;
    prefix = ['taskDefinition'];
  } else {
    data = doc.value as JsonObject;
    prefix = [];
  }
  const map = new ResourceSourceMap(
    shape === 'container-definitions'
      ? [{ data: ['containerDefinitions'], source: [], node: doc.value, keys: 'same' }]
      : [{ data: [], source: prefix, node: data, keys: 'same' }],
    doc.locate,
  );
  const arn = ownString(data, 'taskDefinitionArn');
  const family = ownString(data, 'family');
  const revision = own(data, 'revision');
  const name = family ? (typeof revision === 'number' ? `${family}:${revision}` : family) : baseName(file);
  const resource: Resource = {
    type: 'ecs:task-definition',
    id: arn ?? name,
    name,
    data,
    origin: { kind: 'file', file, shape, locate: (p) => map.locate(p) },
  };
  placeByArn(resource, arn);
  return resource;
}

/** The region and account an ECS resource's ARN names, as a live audit places it. */
export function placeByArn(resource: Resource, arn: string | undefined): void {
  const parsed = arn ? /^arn:aws[a-z-]*:ecs:([a-z0-9-]+):([0-9]{12}):/.exec(arn) : null;
  if (parsed) {
    resource.region = parsed[1];
    resource.account = parsed[2];
  }
}

export function baseName(file: string): string {
  const slash = file.lastIndexOf('/');
  return file.slice(slash + 1);
}

export function notATaskDefinition(file: string): UserError {
  return new UserError(
    'not a task definition: expected register-task-definition input, describe-task-definition output, a containerDefinitions array, create-service input, describe-services output, run-task input, EventBridge targets or a Scheduler schedule with ECS parameters, a CloudFormation template, a Serverless Framework service file with CloudFormation resources, an Ansible ecs_taskdefinition task, a Pulumi YAML program, a CodeDeploy AppSpec of an ECS deployment, a Step Functions state machine definition, a GitHub Actions workflow that renders task definitions, an AWS Copilot manifest, an ECS CLI project (ecs-params.yml), aws ecs commands that start tasks, set services or register task definitions, or a Terraform plan',
    file,
  );
}
