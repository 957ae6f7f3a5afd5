// ecs-imds-blocked: containers on an EC2 container instance must not reach the instance's
// credentials through the metadata service. Blocked by the ECS agent setting
// ECS_AWSVPC_BLOCK_IMDS=true (awsvpc tasks), by IMDSv2 required with a hop limit of 1, by a
// disabled metadata endpoint, or by an iptables DROP rule for 169.254.169.254 (bridge tasks).
import type { Resource } from '../inventory/resource.js';
import { own, ownString, type JsonValue } from '../util/json.js';
import type { Predicate, PredicateOutcome } from './types.js';
import { userDataTexts } from './user-data.js';

export function blocksImds(texts: string[]): 'agent-config' | 'iptables' | undefined {
  for (const t of texts) {
    if (/ECS_AWSVPC_BLOCK_IMDS\s{0,5}=\s{0,5}["']?true/i.test(t)) return 'agent-config';
    for (const line of t.split('\n')) {
      if (line.includes('iptables') && line.includes('169.254.169.254') && line.includes('DROP')) return 'iptables';
    }
  }
  return undefined;
}

function metadataBlocks(options: JsonValue | undefined): boolean {
  if (own(options, 'HttpEndpoint') === 'disabled') return true;
  return own(options, 'HttpTokens') === 'required' && own(options, 'HttpPutResponseHopLimit') === 1;
}

export const imdsBlocked: Predicate = {
  messages: ['imds-reachable'],
  evaluate({ resource, inventory }): PredicateOutcome {
    const out: PredicateOutcome = { violations: [], unknowns: [] };
    const instance = own(resource.data, 'Instance');
    // The launch template ($Latest) speaks for an instance only when the instance itself was not
    // read: it may have been launched from another version.
    const ltId = ownString(resource.data, 'LaunchTemplateId');
    const lt: Resource | undefined = !instance && ltId ? inventory.find('ec2:launch-template', ltId) : undefined;
    const source = instance ?? own(lt?.data, 'LaunchTemplateData');
    if (!source) {
      out.unknowns.push({ pointer: '', reason: `instance ${resource.id} and its launch template could not be read` });
      return out;
    }
    if (metadataBlocks(own(source, 'MetadataOptions'))) return out;
    const userData = instance ? own(resource.data, 'UserData') : own(source, 'UserData');
    if (instance && resource.gaps?.userData) {
      out.unknowns.push({ pointer: '/Instance/MetadataOptions', reason: `instance ${resource.id} does not require IMDSv2 with hop limit 1, and its user data could not be read (${resource.gaps.userData})` });
      return out;
    }
    if (typeof userData === 'string' && blocksImds(userDataTexts(userData))) return out;
    out.violations.push({
      message: 'imds-reachable',
      pointer: '/Instance/MetadataOptions',
      data: {
        instance: resource.id,
        why: typeof userData === 'string' && userData !== ''
          ? 'no ECS_AWSVPC_BLOCK_IMDS=true in the ECS agent config, no iptables DROP rule for 169.254.169.254, and IMDSv2 is not required with a hop limit of 1'
          : 'no user data blocks it and IMDSv2 is not required with a hop limit of 1',
      },
    });
    return out;
  },
};
