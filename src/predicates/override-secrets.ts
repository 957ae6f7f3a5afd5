// ecs-scheduled-task-no-plaintext-secrets: the container overrides a scheduled task's input (or a
// Step Functions state's request, or RunTask input) gives RunTask (environment, command) are
// written into the rule, schedule or state machine, and into every RunTask call CloudTrail
// records: a secret there is plaintext, as in a task definition. The overrides are read as
// plaintext-secrets.ts reads containers; findings point into the input.
import { isComputed, unknownPhrase } from '../inventory/computed.js';
import { own } from '../util/json.js';
import { definePredicate } from './define.js';
import { writtenContainerSecrets } from './plaintext-secrets.js';
import type { PredicateOutcome } from './types.js';

export const overrideSecrets = definePredicate({
  id: 'override-secrets',
  messages: {
    'plaintext-secret': 'Container override "{{container}}" sets {{location}} "{{name}}" to a plaintext secret ({{kind}}); give the task definition the secret with "secrets" and valueFrom',
    'secret-resolved-into-plaintext': 'Container override "{{container}}" sets {{location}} "{{name}}" from a {{kind}}: the value is written in plaintext into what starts the task (a rule, schedule, state machine or command); give the task definition the secret with "secrets" and valueFrom',
  },
  evaluate({ resource }): PredicateOutcome {
    const overrides = own(resource.data, 'overrides');
    if (overrides === undefined) return { violations: [], unknowns: [], notApplicable: 'the scheduled task overrides no container' };
    if (isComputed(overrides)) return { violations: [], unknowns: [{ pointer: '/overrides', reason: `the input is ${unknownPhrase(overrides)}` }] };
    const containers = own(overrides, 'containerOverrides');
    if (containers === undefined) return { violations: [], unknowns: [], notApplicable: 'the scheduled task overrides no container' };
    const out = writtenContainerSecrets(containers, '/overrides/containerOverrides');
    if (out.notApplicable !== undefined) out.notApplicable = 'the scheduled task overrides no container';
    return out;
  },
});
