// vpc-endpoints-present and vpc-flow-logs-enabled: for each VPC that runs tasks or container
// instances, the interface endpoints (with private DNS) and the S3 gateway endpoint the ECS
// agent and tasks need to stay off the internet, and an active flow log.
import type { Resource } from '../inventory/resource.js';
import { taskReferences } from '../inventory/references.js';
import { isObject, own, ownArray, ownString, type JsonValue } from '../util/json.js';
import { findKey, isAwsManaged } from './kms-keys.js';
import { definePredicate, stringsParam } from './define.js';
import type { PredicateOutcome, RelatedLookup } from './types.js';


/**
 * secretsmanager and kms join the required list when the VPC's tasks use them. What could not be
 * read (a service, its task definition, a parameter, secret or key) leaves that undecided.
 */
function conditionalServices(vpc: Resource, inventory: RelatedLookup): { services: string[]; undecided?: string } {
  const extra = new Set<string>();
  let undecided: string | undefined;
  const note = (id: string, what: string) => {
    undecided ??= `${what} ${id} could not be read${inventory.gapFor(id) ? ` (${inventory.gapFor(id)})` : ''}`;
  };
  for (const user of ownArray(vpc.data, 'UsedBy') ?? []) {
    if (typeof user !== 'string') continue;
    // a service, or a task no service started; a container instance names no task definition
    const service = inventory.find('ecs:service', user) ?? inventory.find('ecs:scheduled-task', user);
    if (!service) {
      if (user.includes(':service/')) note(user, 'service');
      else if (user.includes(':task/')) note(user, 'task');
      continue;
    }
    const tdArn = ownString(service.data, 'taskDefinition');
    const td = tdArn ? inventory.find('ecs:task-definition', tdArn) : undefined;
    const region = td?.region ?? vpc.region;
    const account = td?.account ?? vpc.account;
    if (!td || !region || !account) {
      note(tdArn ?? service.id, `the task definition of ${service.type === 'ecs:service' ? `service ${service.name}` : service.name}:`);
      continue;
    }
    const refs = taskReferences(td.data, region, account);
    if (refs.secrets.length > 0) extra.add('secretsmanager');
    const keyOf = (arn: string, type: string, field: string, what: string) => {
      const holder = inventory.find(type, arn);
      if (!holder) return note(arn, what);
      const key = ownString(holder.data, field);
      if (!key) return;
      const found = findKey(inventory, key);
      if (!found && !isAwsManaged(key, undefined)) return note(key, 'KMS key');
      if (!isAwsManaged(key, found)) extra.add('kms');
    };
    for (const p of refs.parameters) keyOf(p.arn, 'ssm:parameter', 'KeyId', 'parameter');
    for (const s of refs.secrets) keyOf(s.arn, 'secretsmanager:secret', 'KmsKeyId', 'secret');
  }
  return { services: [...extra], ...(undecided ? { undecided } : {}) };
}

/** A list the collector read for the VPC, or the blind spot that explains why there is none. */
function collectedList(vpc: Resource, aspect: string, field: string, what: string, out: PredicateOutcome): JsonValue[] | undefined {
  const gap = vpc.gaps?.[aspect];
  const list = ownArray(vpc.data, field);
  if (gap || !list) out.unknowns.push({ pointer: '', reason: gap ? `the ${what} of ${vpc.id} could not be listed (${gap})` : `the ${what} of ${vpc.id} were not collected` });
  return gap ? undefined : list;
}

export const vpcEndpoints = definePredicate({
  id: 'vpc-endpoints',
  messages: { 'missing-endpoints': 'VPC {{vpc}} has no available endpoint for {{missing}}' },
  parameters: {
    type: 'object',
    additionalProperties: false,
    properties: {
      services: {
        type: 'array',
        items: { type: 'string', pattern: '^[a-z0-9.-]+$' },
        description: 'Endpoint service names after com.amazonaws.<region>.',
        default: ['ecs', 'ecs-agent', 'ecs-telemetry', 'ecr.api', 'ecr.dkr', 'logs', 'ssm'],
      },
      s3Gateway: { type: 'boolean', description: 'Require the S3 gateway endpoint', default: true },
    },
  },
  evaluate({ resource: vpc, inventory, parameters }): PredicateOutcome {
    const out: PredicateOutcome = { violations: [], unknowns: [] };
    const endpoints = collectedList(vpc, 'endpoints', 'VpcEndpoints', 'VPC endpoints', out);
    if (!endpoints) return out;
    const region = vpc.region ?? '';
    const conditional = conditionalServices(vpc, inventory);
    const required = [...new Set([...stringsParam(parameters, 'services'), ...conditional.services])];
    const missing: string[] = [];
    const usable = (e: unknown, type: string) => isObject(e) && own(e, 'VpcEndpointType') === type && String(own(e, 'State')).toLowerCase() === 'available';
    // China's regions name some endpoint services cn.com.amazonaws.<region>.<service>
    const named = (e: unknown, name: string) => ownString(e, 'ServiceName') === name || ownString(e, 'ServiceName') === `cn.${name}`;
    for (const svc of required) {
      const name = `com.amazonaws.${region}.${svc}`;
      const matches = endpoints.filter((e) => named(e, name) && usable(e, 'Interface'));
      if (matches.length === 0) missing.push(name);
      else if (!matches.some((e) => own(e, 'PrivateDnsEnabled') === true)) missing.push(`${name} (private DNS disabled)`);
    }
    if (parameters.s3Gateway !== false) {
      const s3 = `com.amazonaws.${region}.s3`;
      if (!endpoints.some((e) => named(e, s3) && usable(e, 'Gateway'))) missing.push(`${s3} (gateway)`);
    }
    if (missing.length > 0) out.violations.push({ message: 'missing-endpoints', pointer: '/VpcEndpoints', data: { vpc: vpc.id, missing: missing.join(', '), count: missing.length } });
    // whether the tasks need the secretsmanager and kms endpoints matters only if one is absent
    const has = (svc: string) => endpoints.some((e) => named(e, `com.amazonaws.${region}.${svc}`) && usable(e, 'Interface') && own(e, 'PrivateDnsEnabled') === true);
    if (conditional.undecided && !(has('secretsmanager') && has('kms'))) out.unknowns.push({ pointer: '/UsedBy', reason: `whether the tasks in ${vpc.id} need the secretsmanager and kms endpoints is not known: ${conditional.undecided}` });
    return out;
  },
});

export const vpcFlowLogs = definePredicate({
  id: 'vpc-flow-logs',
  messages: {
    'no-active-flow-log': 'VPC {{vpc}} has no active flow log of traffic type {{accepted}} (found: {{found}})',
  },
  parameters: {
    type: 'object',
    additionalProperties: false,
    properties: {
      trafficTypes: {
        type: 'array',
        minItems: 1,
        items: { enum: ['ALL', 'REJECT', 'ACCEPT'] },
        description: 'Traffic types a flow log may record to count',
        default: ['ALL', 'REJECT'],
      },
    },
  },
  evaluate({ resource: vpc, parameters }): PredicateOutcome {
    const out: PredicateOutcome = { violations: [], unknowns: [] };
    const logs = collectedList(vpc, 'flowLogs', 'FlowLogs', 'flow logs', out);
    if (!logs) return out;
    const traffic = stringsParam(parameters, 'trafficTypes');
    const active = logs.some((f) => own(f, 'FlowLogStatus') === 'ACTIVE' && traffic.includes(String(own(f, 'TrafficType'))) && own(f, 'DeliverLogsStatus') !== 'FAILED');
    if (!active) {
      const found = logs.map((f) => `${ownString(f, 'FlowLogId') ?? '?'} ${ownString(f, 'FlowLogStatus') ?? '?'} ${ownString(f, 'TrafficType') ?? '?'}`).join('; ');
      out.violations.push({ message: 'no-active-flow-log', pointer: '/FlowLogs', data: { vpc: vpc.id, accepted: traffic.join(' or '), found: found || 'none' } });
    }
    return out;
  },
});
