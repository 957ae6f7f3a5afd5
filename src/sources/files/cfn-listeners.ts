// The Elastic Load Balancing listeners of a CloudFormation template that forward to each target
// group: a listener's default actions, and the actions of the listener rules on it. A service's
// load balancers name target groups; what clients connect with is the listeners' protocol.
import { forwardedTargetGroups } from '../../inventory/listener-actions.js';
import { own, ownString, type JsonObject, type JsonValue } from '../../util/json.js';

export interface CfnListenerEntry {
  logicalId: string;
  type: string;
  props: JsonObject;
  raw: JsonObject;
  source: string[];
}

export interface ListenerUse {
  /** The listener's logical id. */
  listener: string;
  /** The listener rule that forwards, when it is not the listener's default action. */
  rule?: string;
  entry: CfnListenerEntry;
}

const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
const LISTENER_RULE = 'AWS::ElasticLoadBalancingV2::ListenerRule';

/** Target group logical id -> the listeners (and rules) that forward to it. */
export function listenersByTargetGroup(entries: readonly CfnListenerEntry[], refTarget: (v: JsonValue | undefined) => string | undefined): Map<string, ListenerUse[]> {
  const out = new Map<string, ListenerUse[]>();
  const listeners = new Map(entries.filter((e) => e.type === LISTENER).map((e) => [e.logicalId, e]));
  // one use a listener and target group: what clients connect with is the listener's, however
  // many of its rules forward (the first one found is kept); a Set, so thousands of rules stay linear
  const seen = new Set<string>();
  const add = (tg: string, use: ListenerUse) => {
    const key = JSON.stringify([tg, use.listener]);
    if (seen.has(key)) return;
    seen.add(key);
    const list = out.get(tg) ?? [];
    list.push(use);
    out.set(tg, list);
  };
  for (const e of listeners.values()) for (const tg of forwardedTargetGroups(own(e.props, 'DefaultActions'), refTarget)) add(tg, { listener: e.logicalId, entry: e });
  for (const e of entries) {
    if (e.type !== LISTENER_RULE) continue;
    const listener = listeners.get(refTarget(own(e.props, 'ListenerArn')) ?? '');
    if (!listener) continue;
    for (const tg of forwardedTargetGroups(own(e.props, 'Actions'), refTarget)) add(tg, { listener: listener.logicalId, rule: e.logicalId, entry: listener });
  }
  return out;
}

const CLASSIC = 'AWS::ElasticLoadBalancing::LoadBalancer';

/**
 * The Classic Load Balancer a service's LoadBalancerName names: by `!Ref` to its logical id (a
 * Ref of one is its name), or by the LoadBalancerName it is given.
 */
export function classicBalancer(entries: readonly CfnListenerEntry[], written: JsonValue, refTarget: (v: JsonValue | undefined) => string | undefined): CfnListenerEntry | undefined {
  const id = refTarget(written);
  if (id !== undefined) return entries.find((e) => e.type === CLASSIC && e.logicalId === id);
  return typeof written === 'string' ? entries.find((e) => e.type === CLASSIC && ownString(e.props, 'LoadBalancerName') === written) : undefined;
}
