// ECS service definitions as files: `aws ecs create-service` (or `update-service`) input, as
// `--cli-input-json` and deploy tools such as ecspresso keep them beside the task definition, and
// `aws ecs describe-services` output. Both are in the API's own shape, the one the service rules
// read (network configuration, launch type and platform version, Service Connect).
// `aws ecs run-task` input is detected and read here too, beside services it must not be taken
// for: the tasks it starts, as a scheduled task.
import { isObject, own, type JsonObject, type JsonValue } from '../../util/json.js';
import type { FileShape, Resource } from '../../inventory/resource.js';
import type { ParsedDocument } from '../../documents/parse-document.js';
import { ResourceSourceMap } from './source-map.js';
import { baseName } from './ecs-task-definition-files.js';
import { apiResources, membersKnown } from './api-resource-files.js';
import { liftPrimaryDeployment } from '../../inventory/service-deployments.js';

export type EcsServiceShape = Extract<FileShape, 'service-definition' | 'describe-services'>;

/** Members of CreateService and UpdateService input, and of a service DescribeServices returns. */
const SERVICE_FIELDS = new Set([
  'cluster', 'serviceName', 'service', 'taskDefinition', 'availabilityZoneRebalancing', 'loadBalancers', 'serviceRegistries',
  'desiredCount', 'clientToken', 'launchType', 'capacityProviderStrategy', 'platformVersion', 'platformFamily', 'role',
  'deploymentConfiguration', 'placementConstraints', 'placementStrategy', 'networkConfiguration', 'healthCheckGracePeriodSeconds',
  'schedulingStrategy', 'deploymentController', 'tags', 'enableECSManagedTags', 'propagateTags', 'enableExecuteCommand',
  'serviceConnectConfiguration', 'volumeConfigurations', 'vpcLatticeConfigurations', 'forceNewDeployment',
  // DescribeServices output
  'serviceArn', 'clusterArn', 'status', 'runningCount', 'pendingCount', 'deployments', 'taskSets', 'events', 'createdAt',
  'createdBy', 'roleArn',
]);

/** Members only a service has, not a cluster, a task or a generic configuration. */
const SERVICE_ONLY = [
  'launchType', 'capacityProviderStrategy', 'networkConfiguration', 'deploymentConfiguration', 'schedulingStrategy',
  'serviceConnectConfiguration', 'enableExecuteCommand', 'loadBalancers', 'serviceRegistries', 'deploymentController',
  'healthCheckGracePeriodSeconds', 'desiredCount',
];

/** What RunTask takes and a service never has: a task's input is not a service. */
const TASK_ONLY = ['overrides', 'count', 'startedBy', 'group', 'referenceId', 'containerInstances'];

/** Members of RunTask and StartTask input (`aws ecs run-task --cli-input-json`). */
const RUN_TASK_FIELDS = new Set([
  'cluster', 'taskDefinition', 'count', 'launchType', 'capacityProviderStrategy', 'platformVersion', 'networkConfiguration',
  'overrides', 'group', 'startedBy', 'referenceId', 'placementConstraints', 'placementStrategy', 'propagateTags', 'tags',
  'enableECSManagedTags', 'enableExecuteCommand', 'clientToken', 'volumeConfigurations', 'containerInstances',
]);

/**
 * RunTask (or StartTask) input: a task definition to start, mostly RunTask's members, and
 * something only a task launch sets (overrides, a count) or the network it starts in; never
 * named as a service.
 */
export function isRunTaskInput(value: JsonValue): value is JsonObject {
  if (!isObject(value)) return false;
  const td = own(value, 'taskDefinition');
  if (typeof td !== 'string' || own(value, 'serviceName') !== undefined || own(value, 'service') !== undefined) return false;
  const { known, total } = membersKnown(value, RUN_TASK_FIELDS);
  return known * 4 >= total * 3 && (TASK_ONLY.some((k) => own(value, k) !== undefined) || own(value, 'networkConfiguration') !== undefined);
}

function isServiceObject(value: JsonValue | undefined): value is JsonObject {
  if (!isObject(value)) return false;
  const { known, total } = membersKnown(value, SERVICE_FIELDS);
  if (TASK_ONLY.some((k) => own(value, k) !== undefined)) return false;
  const distinct = SERVICE_ONLY.filter((k) => own(value, k) !== undefined).length;
  // mostly a service's members (AWS adds new ones), and: named as a service (update-service
  // names it `service`) with something only a service sets, or (ecspresso leaves the name to its
  // configuration) several of those
  if (known * 4 < total * 3) return false;
  const named = typeof own(value, 'serviceName') === 'string' || typeof own(value, 'service') === 'string';
  return named ? distinct >= 1 : distinct >= 2 && known >= 3;
}

/** A service as DescribeServices returns it: named, with something only a service has. */
function isDescribedService(s: JsonValue): boolean {
  if (!isObject(s) || (typeof own(s, 'serviceArn') !== 'string' && typeof own(s, 'serviceName') !== 'string')) return false;
  return own(s, 'taskDefinition') !== undefined || own(s, 'clusterArn') !== undefined || SERVICE_ONLY.some((k) => own(s, k) !== undefined);
}

export function detectEcsServiceShape(value: JsonValue): EcsServiceShape | undefined {
  if (!isObject(value)) return undefined;
  const services = own(value, 'services');
  if (Array.isArray(services) && services.length > 0 && services.every(isDescribedService)) {
    return 'describe-services';
  }
  return isServiceObject(value) ? 'service-definition' : undefined;
}

export function extractEcsServices(doc: ParsedDocument, file: string, shape: EcsServiceShape): Resource[] {
  // update-service names the service `service`; ecspresso leaves the name to its own configuration
  // described services carry Service Connect and their launch-time volumes on the primary deployment
  const moved = shape === 'describe-services' ? (data: JsonObject) => liftPrimaryDeployment(data).map((l) => ({ field: l.field, from: ['deployments', String(l.deployment), l.field] })) : undefined;
  return apiResources(doc, file, shape, shape === 'describe-services', { type: 'ecs:service', list: 'services', arnField: 'serviceArn', nameField: 'serviceName', otherNames: ['service'] }, moved);
}

/**
 * RunTask input a script or pipeline starts tasks with: the tasks get its network configuration,
 * platform and container overrides, as a scheduled task's do; named by the file, or as `named` says
 * (a command of a script).
 */
export function extractRunTaskInput(doc: ParsedDocument, file: string, named?: { id: string; launcher: string }): Resource {
  const root = doc.value as JsonObject;
  const id = named?.id ?? baseName(file);
  const map = new ResourceSourceMap([{ data: [], source: [], node: root, keys: 'same' }], doc.locate);
  // the launcher is the loader's: a member the file writes cannot replace it
  const data: JsonObject = { ...root, launcher: named?.launcher ?? `RunTask input ${id}` };
  return { type: 'ecs:scheduled-task', id, name: data.launcher as string, data, origin: { kind: 'file', file, shape: 'run-task-input', locate: (p) => map.locate(p) } };
}
