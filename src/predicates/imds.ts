// ecs-imds-blocked: containers on an EC2 container instance must not reach the instance's
// credentials through the metadata service. A disabled metadata endpoint blocks every task; IMDSv2
// required with a hop limit of 1 every task but those in host mode, which are on the instance's
// own network. An iptables DROP rule for 169.254.169.254 blocks bridge
// tasks only, and the ECS agent setting ECS_AWSVPC_BLOCK_IMDS=true awsvpc tasks only: each counts
// for the network modes of the tasks that run there (the services placed on its cluster, or the
// region's EC2 task definitions when placement cannot be seen); host tasks share the instance's
// network. In files, a launch template or launch configuration that starts container instances
// speaks for the instances it launches.
import type { Resource } from '../inventory/resource.js';
import { summariseUserData, type UserDataSummary } from '../inventory/user-data.js';
import { isObject, own, ownString, type JsonValue } from '../util/json.js';
import { describeComputed, isComputed } from '../inventory/computed.js';
import { DEPLOY_TIME_PART } from '../inventory/intrinsic-values.js';
import { definePredicate } from './define.js';
import type { PredicateOutcome, RelatedLookup } from './types.js';

/**
 * IMDSv2 required with a hop limit of 1: the token's reply does not cross the hop to a container
 * behind a bridge or on its own ENI, but a host-mode task is on the instance's own network stack.
 */
function hopLimitOne(options: JsonValue | undefined): boolean {
  // a template may write the hop limit as text ("1"), as CloudFormation accepts it
  const hops = own(options, 'HttpPutResponseHopLimit');
  return own(options, 'HttpTokens') === 'required' && (hops === 1 || hops === '1');
}

/** What the metadata options lack: IMDSv2, or a hop limit of 1 where IMDSv2 is required. */
function metadataShortfall(options: JsonValue | undefined): string {
  const hops = own(options, 'HttpPutResponseHopLimit');
  if (own(options, 'HttpTokens') === 'required' && (typeof hops === 'number' || typeof hops === 'string')) {
    return `IMDSv2 is required, but its hop limit of ${String(hops).slice(0, 8)} lets containers reach it (1 does not)`;
  }
  return 'IMDSv2 is not required with a hop limit of 1';
}

/** A metadata option a template decides at deploy time (a parameter, a variable): it may block. */
function metadataDecidedAtDeploy(options: JsonValue | undefined): string | undefined {
  if (isComputed(options)) return `MetadataOptions is ${describeComputed(options!)}`;
  for (const k of ['HttpEndpoint', 'HttpTokens', 'HttpPutResponseHopLimit']) {
    const v = own(options, k);
    if (isComputed(v)) return `${k} is ${describeComputed(v!)}`;
  }
  return undefined;
}

/**
 * The summary a snapshot keeps (only what the checks read, never the text), or one made from raw
 * user data (older snapshots, rule cases). A summary not in the shape ecsguard writes is `null`:
 * a snapshot is input too, and one edited or broken says nothing to go by.
 */
function summaryOf(holder: JsonValue | undefined, rawKey: string): UserDataSummary | undefined | null {
  const summary = own(holder, 'UserDataSummary');
  if (summary !== undefined) {
    const agent = own(summary, 'agent');
    const wellFormed = isObject(agent) && Object.values(agent).every((v) => typeof v === 'string') && typeof own(summary, 'imdsIptablesDrop') === 'boolean' && typeof own(summary, 'size') === 'number';
    return wellFormed ? (summary as unknown as UserDataSummary) : null;
  }
  const raw = own(holder, rawKey);
  return typeof raw === 'string' ? summariseUserData(raw) : undefined;
}

/**
 * The network modes of the tasks that can run on the instance: those of the services of its
 * cluster that run on EC2, or, with no such service to see, of the region's task definitions that
 * EC2 can run; for a launch template written in a file, of the task definitions EC2 can run that
 * are written beside it (its template, its Terraform module). `unknown` names what could not be seen.
 */
function networkModes(instance: Resource, inventory: RelatedLookup, written: boolean): { modes: Map<string, string>; unknown?: string } {
  const modes = new Map<string, string>();
  // the EC2 default when a task definition names none; a mode set at deploy time is not known
  const mode = (td: Resource): string | undefined => {
    const m = own(td.data, 'networkMode');
    return m === undefined || m === null ? 'bridge' : typeof m === 'string' ? m : undefined;
  };
  if (!written) {
    const cluster = ownString(instance.data, 'Cluster');
    const onEc2 = (s: Resource) => own(s.data, 'launchType') !== 'FARGATE' && !JSON.stringify(own(s.data, 'capacityProviderStrategy') ?? []).includes('FARGATE');
    const services = inventory.ofType('ecs:service').filter((s) => s.account === instance.account && ownString(s.data, 'clusterArn') === cluster && onEc2(s));
    const unseenService = inventory.ofType('ecs:service').find((s) => s.unseen && s.account === instance.account && s.region === instance.region);
    if (unseenService) return { modes, unknown: `service ${unseenService.name} of the region could not be read` };
    if (services.length > 0) {
      for (const s of services) {
        const arn = ownString(s.data, 'taskDefinition');
        const td = arn ? inventory.find('ecs:task-definition', arn) : undefined;
        const m = td && !td.unseen ? mode(td) : undefined;
        if (m === undefined) return { modes, unknown: `the task definition of service ${s.name} could not be read` };
        modes.set(m, `service ${s.name}`);
      }
      return { modes };
    }
  }
  // the task definitions EC2 can run beside it: in its template or module for one written in a
  // file, in its account and region for a live one
  const unit = instance.origin.unit ?? instance.origin.file;
  const beside = (td: Resource) => (written ? (td.origin.unit ?? td.origin.file) === unit : td.account === instance.account && td.region === instance.region);
  for (const td of inventory.ofType('ecs:task-definition')) {
    if (!beside(td)) continue;
    if (td.unseen) return { modes, unknown: `task definition ${td.name} could not be read` };
    const compat = own(td.data, 'requiresCompatibilities');
    if (Array.isArray(compat) && compat.length > 0 && !compat.includes('EC2')) continue;
    const m = mode(td);
    if (m === undefined) return { modes, unknown: `the network mode of task definition ${td.name} is set at deploy time` };
    if (!modes.has(m)) modes.set(m, `task definition ${td.name}`);
  }
  return { modes };
}

export const imdsBlocked = definePredicate({
  id: 'imds-blocked',
  messages: {
    'imds-reachable': 'Container instance {{instance}} lets tasks reach instance metadata: {{why}}',
    'launch-template-imds-reachable': 'Container instances launched from {{instance}} let tasks reach instance metadata: {{why}}',
  },
  evaluate({ resource, inventory }): PredicateOutcome {
    const out: PredicateOutcome = { violations: [], unknowns: [] };
    const instance = own(resource.data, 'Instance');
    // The launch template ($Latest) speaks for an instance only when the instance itself was not
    // read: it may have been launched from another version.
    const ltId = ownString(resource.data, 'LaunchTemplateId');
    const lt: Resource | undefined = !instance && ltId ? inventory.find('ec2:launch-template', ltId) : undefined;
    // a launch template or launch configuration in a file speaks for the instances it launches
    const written = !instance && !ltId ? own(resource.data, 'LaunchTemplateData') : undefined;
    const source = instance ?? own(lt?.data, 'LaunchTemplateData') ?? written;
    if (!source) {
      out.unknowns.push({ pointer: '', reason: `instance ${resource.id} and its launch template could not be read` });
      return out;
    }
    const options = own(source, 'MetadataOptions');
    // no endpoint: no task reaches it
    if (own(options, 'HttpEndpoint') === 'disabled') return out;
    const at = written ? '/LaunchTemplateData/MetadataOptions' : '/Instance/MetadataOptions';
    // an instance written in a file (Terraform aws_instance) is one instance, as live ones are
    const one = !written || own(resource.data, 'WrittenInstance') === true;
    const what = one ? `instance ${resource.id}` : `the instances of ${resource.id}`;
    const why = (text: string) => out.violations.push({ message: one ? 'imds-reachable' : 'launch-template-imds-reachable', pointer: at, data: { instance: resource.id, why: text } });
    if (hopLimitOne(options)) {
      // nothing in user data protects a host-mode task either: only a disabled endpoint would
      const host = networkModes(resource, inventory, written !== undefined).modes.get('host');
      if (host) why(`IMDSv2 with a hop limit of 1 does not stop tasks on the instance's own network, and ${host} runs in host mode`);
      return out;
    }
    const later = metadataDecidedAtDeploy(options);
    if (resource.gaps?.userData) {
      const metadata = later ? `may require IMDSv2 (${later})` : one ? 'does not require IMDSv2 with hop limit 1' : 'do not require IMDSv2 with hop limit 1';
      out.unknowns.push({ pointer: at, reason: `${what} ${metadata}, and ${one ? 'its' : 'their'} user data could not be read (${resource.gaps.userData})` });
      return out;
    }
    const summary = instance ? summaryOf(resource.data, 'UserData') : summaryOf(source, 'UserData');
    if (summary === null) {
      out.unknowns.push({ pointer: instance ? '/UserDataSummary' : '/LaunchTemplateId', reason: `instance ${resource.id} does not require IMDSv2 with hop limit 1, and the summary of its user data is not one ecsguard writes` });
      return out;
    }
    const blockSetting = String(summary?.agent.ECS_AWSVPC_BLOCK_IMDS ?? '');
    if (later || blockSetting.includes(DEPLOY_TIME_PART)) {
      out.unknowns.push({ pointer: at, reason: `whether ${what} ${one ? 'blocks' : 'block'} instance metadata is decided at deploy time: ${later ?? 'ECS_AWSVPC_BLOCK_IMDS is set from a deploy-time value'}` });
      return out;
    }
    // the agent setting protects awsvpc tasks only, the iptables rule bridge tasks only (the
    // runbook: it "does not affect containers in tasks that use the host or awsvpc network
    // modes"); host tasks are the host's network itself
    const blocksAwsvpc = blockSetting.toLowerCase() === 'true';
    const blocksBridge = summary?.imdsIptablesDrop === true;
    if (blocksAwsvpc || blocksBridge) {
      const tasks = networkModes(resource, inventory, written !== undefined);
      const exposed = [...tasks.modes].filter(([m]) => m === 'host' || (m === 'bridge' && !blocksBridge) || (m === 'awsvpc' && !blocksAwsvpc));
      const protection = blocksAwsvpc && blocksBridge
        ? 'ECS_AWSVPC_BLOCK_IMDS=true and the iptables DROP rule for 169.254.169.254 protect only awsvpc and bridge tasks'
        : blocksAwsvpc ? 'ECS_AWSVPC_BLOCK_IMDS=true protects only awsvpc tasks' : 'the iptables DROP rule for 169.254.169.254 protects only bridge tasks';
      const lacking = blocksAwsvpc && blocksBridge ? '' : blocksAwsvpc ? ' and no iptables rule drops 169.254.169.254' : ' and ECS_AWSVPC_BLOCK_IMDS is not true';
      if (exposed.length > 0) {
        why(`${protection}, and ${exposed.map(([m, by]) => `${by} runs in ${m} mode`).join(', ')}; ${metadataShortfall(options)}${lacking}`);
      } else if (tasks.unknown) {
        out.unknowns.push({ pointer: at, reason: `${protection}, and which tasks run on ${what} cannot be told: ${tasks.unknown}` });
      } else if (written && tasks.modes.size === 0) {
        // a file shows no task that runs there: its tasks are written elsewhere, not absent
        out.unknowns.push({ pointer: at, reason: `${protection}, and no task definition EC2 runs is written beside ${resource.id}, so which tasks run on ${what} cannot be told` });
      }
      return out;
    }
    why(summary && summary.size > 0
      ? `no ECS_AWSVPC_BLOCK_IMDS=true in the ECS agent config, no iptables DROP rule for 169.254.169.254, and ${metadataShortfall(options)}`
      : `no user data blocks it and ${metadataShortfall(options)}`);
    return out;
  },
});
