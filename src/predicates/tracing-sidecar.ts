// ecs-xray-daemon: a task definition runs an AWS X-Ray daemon or an AWS Distro for OpenTelemetry
// collector beside its application (operational practice 3). Images are matched by repository
// name, so a copy mirrored into the organisation's ECR counts as the public one does.
import { isComputed } from '../inventory/computed.js';
import { listItemsOf } from '../inventory/intrinsic-values.js';
import { own } from '../util/json.js';
import { parseImage, renderImages } from './ecr-image.js';
import { definePredicate, stringsParam } from './define.js';
import type { PredicateOutcome } from './types.js';


export const tracingSidecar = definePredicate({
  id: 'tracing-sidecar',
  messages: { 'no-tracing-sidecar': 'Task definition {{task}} runs no tracing sidecar ({{images}})' },
  parameters: {
    type: 'object',
    additionalProperties: false,
    properties: {
      images: {
        type: 'array',
        minItems: 1,
        items: { type: 'string', minLength: 1 },
        description: 'Repository names of tracing sidecars (a mirror in another registry matches by its last path part)',
        default: ['aws-xray-daemon', 'aws-otel-collector'],
      },
    },
  },
  evaluate({ resource, parameters }): PredicateOutcome {
    const out: PredicateOutcome = { violations: [], unknowns: [] };
    const items = listItemsOf(own(resource.data, 'containerDefinitions'), ['containerDefinitions']);
    if (items === undefined || items.length === 0) {
      const list = own(resource.data, 'containerDefinitions');
      if (list !== undefined && isComputed(list)) out.unknowns.push({ pointer: '/containerDefinitions', reason: 'the container definitions are set at deploy time' });
      else out.notApplicable = 'no container definitions';
      return out;
    }
    const wanted = stringsParam(parameters, 'images');
    let undecided = false;
    for (const item of items) {
      const image = own(item.value, 'image');
      if (image === undefined) continue;
      const texts = renderImages(image);
      if (texts.length === 0) {
        undecided = true;
        continue;
      }
      if (texts.some((t) => matches(parseImage(t).repository, wanted))) return out;
    }
    if (undecided) out.unknowns.push({ pointer: '/containerDefinitions', reason: 'an image is set at deploy time: whether it is a tracing sidecar cannot be told' });
    else out.violations.push({ message: 'no-tracing-sidecar', pointer: '/containerDefinitions', data: { task: resource.name, images: wanted.join(', ') } });
    return out;
  },
});

/** `xray/aws-xray-daemon` matches `aws-xray-daemon`; so does a mirror `mirror/aws-xray-daemon`. */
function matches(repository: string, wanted: string[]): boolean {
  return wanted.some((w) => repository === w || repository.endsWith(`/${w}`));
}
