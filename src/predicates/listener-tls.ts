// ecs-service-listener-tls: clients reach a service's tasks only through listeners that encrypt
// the connection (HTTPS, or TLS on a Network Load Balancer, SSL on a Classic Load Balancer). The
// loaders give each service the listeners of the scanned files that forward to its target groups
// or belong to its classic load balancers (`listeners`), a live audit those of the account
// (collect-listeners.ts), with `unseen` where a call failed or a balancer is not read.
import { describeComputed, isComputed } from '../inventory/computed.js';
import { valueBranches } from '../inventory/intrinsic-values.js';
import { isObject, own, ownArray, ownString, type JsonValue } from '../util/json.js';
import { toPointer } from '../util/pointer.js';
import { definePredicate } from './define.js';
import type { PredicateOutcome } from './types.js';

// SSL: a Classic Load Balancer's TLS listener
const ENCRYPTED = new Set(['HTTPS', 'TLS', 'SSL']);
/**
 * Elastic Load Balancing's predefined security policies that still negotiate TLS 1.0 or 1.1 (the
 * TLS13-1-0/1-1, FS-1-1, TLS-1-0/1-1 families and the 2015-2018 ones). A listener that sets none
 * gets the service's default, which this check does not judge.
 */
const WEAK_POLICY = /^ELBSecurityPolicy-(2015-05|2016-08|FS-2018-06|FS-1-1-|TLS-1-0-|TLS-1-1-|TLS13-1-0-|TLS13-1-1-)/;

/** The weak security policies a listener entry names, in either branch of an Fn::If. */
function weakPolicies(l: JsonValue, i: number, report: (policy: string, pointer: string, when: string | undefined) => void): void {
  for (const branch of valueBranches(own(l, 'sslPolicy'), ['listeners', String(i), 'sslPolicy'])) {
    if (typeof branch.value === 'string' && WEAK_POLICY.test(branch.value)) report(branch.value.slice(0, 80), toPointer(branch.segments), branch.condition);
  }
}
/** Protocols that pass the connection through: whether it is encrypted is the task's business. */
const PASSED_THROUGH = new Set(['TCP', 'UDP', 'TCP_UDP', 'QUIC', 'TCP_QUIC', 'GENEVE']);

export const listenerTls = definePredicate({
  id: 'listener-tls',
  messages: {
    'plaintext-listener': 'Service {{service}} takes traffic through listener {{listener}} over plain HTTP: data in transit to it is not encrypted',
    'weak-tls-policy': 'Service {{service}} takes traffic through listener {{listener}} with security policy {{policy}}, which still accepts TLS 1.0 or 1.1',
  },
  evaluate({ resource }): PredicateOutcome {
    const out: PredicateOutcome = { violations: [], unknowns: [] };
    const service = ownString(resource.data, 'serviceName') ?? resource.name;
    const listeners = ownArray(resource.data, 'listeners');
    if (!listeners) {
      const why = resource.origin.shape === 'inventory-snapshot' ? 'were not collected' : 'are not read from this kind of file';
      out.unknowns.push({ pointer: '/loadBalancers', reason: `the listeners in front of its target groups ${why}` });
      return out;
    }
    listeners.forEach((l, i) => {
      const pointer = `/listeners/${i}`;
      const listener = own(l, 'listener');
      // a Classic Load Balancer's listeners send to the service's instances, with no target group
      // names a template writes, clipped: a crafted one of a megabyte stays out of the messages
      const balancer = own(l, 'loadBalancer');
      const classic = typeof balancer === 'string' ? balancer.slice(0, 200) : undefined;
      const tg = String(own(l, 'targetGroup') ?? 'of the service').slice(0, 200);
      const unseen = own(l, 'unseen');
      // what a deploy tool decides outside the scanned file (Copilot's environment), in its words
      const undecided = own(l, 'undecided');
      if (typeof undecided === 'string') {
        out.unknowns.push({ pointer, reason: undecided });
        return;
      }
      if (typeof unseen === 'string') {
        out.unknowns.push({ pointer: '/loadBalancers', reason: classic !== undefined ? `the listeners of classic load balancer ${classic} could not be read: ${unseen}` : `the listeners forwarding to target group ${tg} could not be read: ${unseen}` });
        return;
      }
      if (!isObject(l) || typeof listener !== 'string') {
        out.unknowns.push({ pointer: '/loadBalancers', reason: classic !== undefined ? `classic load balancer ${classic} is not defined in the scanned files: scan the template that defines it` : `no listener of the scanned files forwards to target group ${tg}: scan the template that defines the load balancer` });
        return;
      }
      const written = own(l, 'protocol');
      if (written === undefined || written === null) {
        out.unknowns.push({ pointer, reason: `listener ${listener} sets no protocol: the load balancer's type decides it` });
        return;
      }
      // either side of an Fn::If: HTTP on one fails when the template takes it
      for (const branch of valueBranches(written, ['listeners', String(i), 'protocol'])) {
        const at = toPointer(branch.segments);
        const protocol = branch.value;
        if (typeof protocol !== 'string') {
          out.unknowns.push({ pointer: at, reason: `the protocol of listener ${listener} is ${isComputed(protocol) ? describeComputed(protocol) : 'not a string'}` });
        } else if (protocol.toUpperCase() === 'HTTP') {
          out.violations.push({ message: 'plaintext-listener', pointer: at, data: { service, listener, ...(branch.condition ? { when: branch.condition } : {}) } });
        } else if (PASSED_THROUGH.has(protocol.toUpperCase())) {
          out.unknowns.push({ pointer: at, reason: `listener ${listener} passes ${protocol} connections through to the tasks: whether they are encrypted is up to the application` });
        } else if (!ENCRYPTED.has(protocol.toUpperCase())) {
          out.unknowns.push({ pointer: at, reason: `listener ${listener} has protocol ${protocol.slice(0, 40)}, which Elastic Load Balancing does not take` });
        } else {
          weakPolicies(l, i, (policy, pointer, when) => out.violations.push({ message: 'weak-tls-policy', pointer, data: { service, listener, policy, ...(when ? { when } : {}) } }));
        }
      }
    });
    return out;
  },
});
