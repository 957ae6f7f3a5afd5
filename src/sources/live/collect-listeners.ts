// Elastic Load Balancing: the listeners clients reach each service through. A service's load
// balancers name target groups (DescribeServices); each target group names its load balancers
// (DescribeTargetGroups), whose listeners (DescribeListeners) forward to it by default action or
// by a rule (DescribeRules). Every service gets `listeners` as the files' loaders give it: one
// entry per listener forwarding to one of its target groups, or `listener: null` with `unseen`
// where a call failed, so the check is unknown there and never reads "no listener" as encrypted
// (so is a Classic Load Balancer's, whose listeners are not read).
import { DescribeTargetGroupsCommand, paginateDescribeListeners, paginateDescribeRules, type Listener } from '@aws-sdk/client-elastic-load-balancing-v2';
import { arnNamed, forwardedTargetGroups } from '../../inventory/listener-actions.js';
import { own, ownArray, type JsonObject, type JsonValue } from '../../util/json.js';
import { forEachLimited, pagesOf } from './calls.js';
import { namesIn, objectsIn, type CollectContext } from './context.js';

const RULES_NOT_READ = '(rules not read)';
/** Classic Load Balancers answer another API (2012-06-01), which the audit does not call. */
const CLASSIC_NOT_READ = 'a live audit does not read the listeners of Classic Load Balancers';

interface Forward {
  listener: string;
  protocol?: string;
  sslPolicy?: string;
  rule?: string;
}

interface ListenerState {
  listener: Listener;
  /** Why its rules could not be read; a rule might then forward to any target group. */
  rulesUnseen?: string;
  /** Target groups its non-default rules forward to, with the rule. */
  ruleForwards: Array<{ targetGroup: string; rule: string }>;
}

export async function collectListeners(ctx: CollectContext): Promise<void> {
  const where = { account: ctx.account, region: ctx.region };
  const services = ctx.sink.all().filter((r) => r.type === 'ecs:service' && r.account === ctx.account && r.region === ctx.region && r.unseen === undefined);
  const groupsOf = (data: JsonObject) => namesIn((ownArray(data, 'loadBalancers') ?? []).map((lb) => own(lb, 'targetGroupArn')).map((v) => (typeof v === 'string' ? v : undefined)));
  const classicOf = (data: JsonObject) => namesIn((ownArray(data, 'loadBalancers') ?? []).map((lb) => own(lb, 'loadBalancerName')).map((v) => (typeof v === 'string' ? v : undefined)));
  const groups = [...new Set(services.flatMap((s) => groupsOf(s.data)))];
  if (groups.length === 0 && !services.some((s) => classicOf(s.data).length > 0)) return;
  // one call a target group: a batch fails whole when one of its groups is gone
  const balancersOf = new Map<string, string[]>();
  const groupUnseen = new Map<string, string>();
  await forEachLimited(groups, 4, async (arn) => {
    const r = await ctx.tracker.call(where, 'elasticloadbalancing', 'DescribeTargetGroups', { resources: [arn] }, () => ctx.clients.elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [arn] })), { onGap: (why) => groupUnseen.set(arn, why) });
    if (!r) return;
    const group = objectsIn(r.TargetGroups).find((g) => g.TargetGroupArn === arn);
    if (group) balancersOf.set(arn, namesIn(group.LoadBalancerArns));
    else groupUnseen.set(arn, `elasticloadbalancing:DescribeTargetGroups did not describe ${arn}`);
  });
  const balancers = [...new Set([...balancersOf.values()].flat())];
  const listenersOf = new Map<string, ListenerState[]>();
  const balancerUnseen = new Map<string, string>();
  await forEachLimited(balancers, 4, async (lb) => {
    const pages = await ctx.tracker.call(where, 'elasticloadbalancing', 'DescribeListeners', { resources: [lb] }, () => pagesOf(paginateDescribeListeners({ client: ctx.clients.elbv2 }, { LoadBalancerArn: lb })), { onGap: (why) => balancerUnseen.set(lb, why) });
    if (!pages) return;
    listenersOf.set(lb, pages.flatMap((p) => objectsIn(p.Listeners)).map((listener) => ({ listener, ruleForwards: [] })));
  });
  const states = [...listenersOf.values()].flat();
  await forEachLimited(states, 4, async (state) => {
    const arn = state.listener.ListenerArn;
    if (typeof arn !== 'string' || arn === '') return;
    const pages = await ctx.tracker.call(where, 'elasticloadbalancing', 'DescribeRules', { resources: [arn] }, () => pagesOf(paginateDescribeRules({ client: ctx.clients.elbv2 }, { ListenerArn: arn })), { onGap: (why) => (state.rulesUnseen = why) });
    for (const rule of (pages ?? []).flatMap((p) => objectsIn(p.Rules))) {
      if (rule.IsDefault === true) continue; // the default rule is the listener's default actions
      for (const tg of forwardedTargetGroups(rule.Actions, arnNamed)) state.ruleForwards.push({ targetGroup: tg, rule: typeof rule.RuleArn === 'string' ? rule.RuleArn : 'a rule' });
    }
  });
  for (const service of services) {
    const listeners: JsonValue[] = classicOf(service.data).map((name) => ({ loadBalancer: name, listener: null, unseen: CLASSIC_NOT_READ }));
    for (const tg of groupsOf(service.data)) {
      const unseen = groupUnseen.get(tg);
      if (unseen !== undefined) {
        listeners.push({ targetGroup: tg, listener: null, unseen });
        continue;
      }
      for (const lb of balancersOf.get(tg) ?? []) {
        const lbUnseen = balancerUnseen.get(lb);
        if (lbUnseen !== undefined) {
          listeners.push({ targetGroup: tg, listener: null, unseen: lbUnseen });
          continue;
        }
        for (const state of listenersOf.get(lb) ?? []) for (const f of forwards(state, tg)) listeners.push(entry(tg, f, state));
      }
    }
    service.data.listeners = listeners;
  }
}

/** How a listener forwards to a target group: its default actions, its rules, or (rules unread) perhaps. */
function forwards(state: ListenerState, tg: string): Forward[] {
  const listener = typeof state.listener.ListenerArn === 'string' ? state.listener.ListenerArn : 'a listener';
  const protocol = typeof state.listener.Protocol === 'string' ? state.listener.Protocol : undefined;
  const base = { listener, ...(protocol !== undefined ? { protocol } : {}), ...(typeof state.listener.SslPolicy === 'string' ? { sslPolicy: state.listener.SslPolicy } : {}) };
  // one entry a listener: what clients connect with is the listener's, whichever rule forwards
  const out: Forward[] = [];
  if (forwardedTargetGroups(state.listener.DefaultActions, arnNamed).includes(tg)) out.push(base);
  else {
    const rule = state.ruleForwards.find((r) => r.targetGroup === tg);
    if (rule) out.push({ ...base, rule: rule.rule });
  }
  // a rule not read may forward here: through a plain listener, or an encrypted one on a weak policy
  if (out.length > 0 || state.rulesUnseen === undefined) return out;
  return [{ ...base, rule: RULES_NOT_READ }];
}

function entry(tg: string, f: Forward, state: ListenerState): JsonObject {
  const e: JsonObject = { targetGroup: tg, listener: f.listener };
  if (f.protocol !== undefined) e.protocol = f.protocol;
  if (f.sslPolicy !== undefined) e.sslPolicy = f.sslPolicy;
  if (f.rule !== undefined) e.rule = f.rule;
  if (f.rule === RULES_NOT_READ && state.rulesUnseen !== undefined) e.unseen = `the rules of listener ${f.listener} could not be read (${state.rulesUnseen})`;
  return e;
}
