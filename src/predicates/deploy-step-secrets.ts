// ecs-deploy-step-no-plaintext-secrets: what a deploy step writes into a task definition's
// container (a render step's environment variables, command, secrets, Docker labels and log
// options) is stored in the task
// definition it registers, in plaintext, as if the file had written it: a secret there, or a CI
// secret resolved into it, is read as plaintext-secrets.ts reads containers.
import { own, ownString } from '../util/json.js';
import { isComputed } from '../inventory/computed.js';
import { definePredicate } from './define.js';
import { writtenContainerSecrets } from './plaintext-secrets.js';
import type { PredicateOutcome } from './types.js';

/** What a render step may write into a container that can hold a secret (environment files: what they hold is out of sight). */
const WRITTEN = ['environment', 'command', 'secrets', 'dockerLabels', 'logConfiguration', 'environmentFiles'];

export const deployStepSecrets = definePredicate({
  id: 'deploy-step-secrets',
  messages: {
    'plaintext-secret': 'The {{step}} writes {{location}} "{{name}}" of container "{{container}}" as a plaintext secret ({{kind}}); give the task definition the secret with "secrets" and valueFrom',
    'secret-resolved-into-plaintext': 'The {{step}} writes {{location}} "{{name}}" of container "{{container}}" from a {{kind}}: the value lands in plaintext in the task definition it deploys; give the task definition the secret with "secrets" and valueFrom',
  },
  evaluate({ resource }): PredicateOutcome {
    const containers = own(resource.data, 'containerDefinitions');
    const step = ownString(resource.data, 'step') ?? resource.name;
    // containers, or a container, set at deploy time may write anything: read (and unknown), never passed over
    const writes = isComputed(containers) || (Array.isArray(containers) && containers.some((c) => isComputed(c) || WRITTEN.some((field) => own(c, field) !== undefined)));
    if (!writes) return { violations: [], unknowns: [], notApplicable: 'the step writes no environment variables, command, secrets, Docker labels or log options' };
    return writtenContainerSecrets(containers!, '/containerDefinitions', { step });
  },
});
