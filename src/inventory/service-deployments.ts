// DescribeServices reports Service Connect and the volumes configured at launch per deployment;
// create-service input and templates set them on the service. The primary deployment's are the
// service's, in the fields the rules read, whether the answer comes from a live audit or from a
// `describe-services` output file.
import { own, ownArray, type JsonObject } from '../util/json.js';

const DEPLOYMENT_FIELDS = ['serviceConnectConfiguration', 'volumeConfigurations'];

/** Copies the primary deployment's fields the service does not set; returns each with the deployment's index. */
export function liftPrimaryDeployment(service: JsonObject): Array<{ field: string; deployment: number }> {
  const deployments = ownArray(service, 'deployments') ?? [];
  const index = deployments.findIndex((d) => own(d, 'status') === 'PRIMARY');
  if (index === -1) return [];
  const lifted: Array<{ field: string; deployment: number }> = [];
  for (const field of DEPLOYMENT_FIELDS) {
    if (own(service, field) !== undefined) continue;
    const value = own(deployments[index], field);
    if (value === undefined) continue;
    service[field] = value;
    lifted.push({ field, deployment: index });
  }
  return lifted;
}
