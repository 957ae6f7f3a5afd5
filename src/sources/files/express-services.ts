// ECS Express Mode services (AWS::ECS::ExpressGatewayService, aws_ecs_express_gateway_service,
// `aws ecs create-express-gateway-service`): ECS builds the service's task definition itself from
// the primary container the file writes (its image, command, environment, secrets and registry
// credentials). What the file writes there lands in that task definition as a deploy step's
// changes do, in plaintext for the environment, so each service is read as that container change;
// the rest of the task definition is ECS's own choice, not the file's.
import { isComputed } from '../../inventory/computed.js';
import { isObject, own, setOwn, type JsonObject, type JsonValue } from '../../util/json.js';

/** The primary container's fields that reach the task definition ECS builds, by their API names. */
const CONTAINER_FIELDS = ['image', 'command', 'environment', 'secrets', 'repositoryCredentials'];

/**
 * The deploy step an Express service stands for: its primary container (API field names) as the
 * one container of the task definition ECS builds, named for the service (`step`: what deploys it). Undefined when there is
 * no primary container; one set at deploy time stays as it is (every check on it is unknown).
 */
export function expressServiceStep(service: string, primary: JsonValue | undefined, step = `ECS Express Mode service ${service}`): JsonObject | undefined {
  if (primary === undefined || primary === null) return undefined;
  if (!isObject(primary) || isComputed(primary)) return { step, containerDefinitions: [primary] };
  const container: JsonObject = { name: service };
  for (const field of CONTAINER_FIELDS) {
    const v = own(primary, field);
    if (v !== undefined) setOwn(container, field, v);
  }
  return { step, containerDefinitions: [container] };
}
