// ECS clusters as files: `aws ecs create-cluster` (or `update-cluster`, `update-cluster-settings`)
// input, as `--cli-input-json` keeps it, and `aws ecs describe-clusters` output. Both are in the
// API's own shape, the one a live audit collects and the cluster rules read (settings such as
// containerInsights, the ECS Exec configuration).
import { isObject, own, type JsonObject, type JsonValue } from '../../util/json.js';
import type { FileShape, Resource } from '../../inventory/resource.js';
import type { ParsedDocument } from '../../documents/parse-document.js';
import { apiResources, membersKnown } from './api-resource-files.js';

export type EcsClusterShape = Extract<FileShape, 'cluster-definition' | 'describe-clusters'>;

/** Members of CreateCluster, UpdateCluster and UpdateClusterSettings input, and of a cluster DescribeClusters returns. */
const CLUSTER_FIELDS = new Set([
  'clusterName', 'cluster', 'tags', 'settings', 'configuration', 'capacityProviders', 'defaultCapacityProviderStrategy', 'serviceConnectDefaults',
  // DescribeClusters output
  'clusterArn', 'status', 'registeredContainerInstancesCount', 'runningTasksCount', 'pendingTasksCount', 'activeServicesCount',
  'statistics', 'attachments', 'attachmentsStatus',
]);

/**
 * What only a cluster's settings say, in the shapes the ECS API gives them: a name alone is no
 * cluster definition, and another tool's `settings` object or `configuration` is not ECS's.
 */
const CLUSTER_ONLY: ReadonlyArray<[string, (v: JsonValue) => boolean]> = [
  ['settings', (v) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof own(x, 'name') === 'string' && own(x, 'value') !== undefined)],
  ['configuration', (v) => own(v, 'executeCommandConfiguration') !== undefined || own(v, 'managedStorageConfiguration') !== undefined],
  ['capacityProviders', (v) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')],
  ['defaultCapacityProviderStrategy', (v) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof own(x, 'capacityProvider') === 'string')],
  ['serviceConnectDefaults', (v) => typeof own(v, 'namespace') === 'string'],
  ['registeredContainerInstancesCount', (v) => typeof v === 'number'],
];

/** Mostly a cluster's members (AWS adds new ones to its answers). */
function mostlyClusterFields(value: JsonObject): boolean {
  const { known, total } = membersKnown(value, CLUSTER_FIELDS);
  return known * 4 >= total * 3;
}

/** CreateCluster or UpdateCluster(Settings) input: named, with a setting only a cluster has, in ECS's shape. */
function isClusterInput(value: JsonValue): value is JsonObject {
  if (!isObject(value) || (typeof own(value, 'clusterName') !== 'string' && typeof own(value, 'cluster') !== 'string')) return false;
  return mostlyClusterFields(value) && CLUSTER_ONLY.some(([k, shaped]) => own(value, k) !== undefined && shaped(own(value, k)!));
}

/** A cluster as DescribeClusters returns it: an ECS cluster's ARN, or a name with a setting only a cluster has. */
function isDescribedCluster(value: JsonValue): boolean {
  if (!isObject(value) || !mostlyClusterFields(value)) return false;
  const arn = own(value, 'clusterArn');
  if (typeof arn === 'string' && arn.startsWith('arn:') && arn.includes(':ecs:') && arn.includes(':cluster/')) return true;
  return isClusterInput(value);
}

export function detectEcsClusterShape(value: JsonValue): EcsClusterShape | undefined {
  if (!isObject(value)) return undefined;
  const clusters = own(value, 'clusters');
  if (Array.isArray(clusters) && clusters.length > 0 && clusters.every(isDescribedCluster)) return 'describe-clusters';
  return isClusterInput(value) ? 'cluster-definition' : undefined;
}

export function extractEcsClusters(doc: ParsedDocument, file: string, shape: EcsClusterShape): Resource[] {
  // update-cluster and update-cluster-settings name the cluster `cluster`
  return apiResources(doc, file, shape, shape === 'describe-clusters', { type: 'ecs:cluster', list: 'clusters', arnField: 'clusterArn', nameField: 'clusterName', otherNames: ['cluster'] });
}
