// EventBridge: the rules of the default event bus, to see whether ECS events (task and service
// state changes) reach anything (operational best practice 2), and the targets of each rule, on
// every event bus of the account, that run ECS tasks (scheduled tasks): started with their own
// network configuration, platform version and overrides, not a service's. ECS sends its events to
// the default bus only, so rules of other buses are read for their targets alone.
import { ListEventBusesCommand, ListRulesCommand, ListTargetsByRuleCommand, type Rule } from '@aws-sdk/client-eventbridge';
import { eventsScope } from '../../inventory/scopes.js';
import { forEachLimited, PageTokens } from './calls.js';
import { objectsIn, plain, type CollectContext } from './context.js';
import { ecsTaskFromTarget } from './scheduled-targets.js';

export async function collectEventRules(ctx: CollectContext): Promise<void> {
  const rules: Rule[] = [];
  const [buses] = await Promise.all([listCustomBuses(ctx), listRules(ctx, undefined, rules)]);
  for (const bus of buses) await listRules(ctx, bus, rules);
  await forEachLimited(rules, 4, (rule) => collectTargets(ctx, rule));
}

/** The account's event buses other than the default one; a failed listing is a gap for the tasks their rules start. */
async function listCustomBuses(ctx: CollectContext): Promise<string[]> {
  const where = { account: ctx.account, region: ctx.region };
  const names: string[] = [];
  let token: string | undefined;
  const tokens = new PageTokens();
  do {
    const r = await ctx.tracker.call(where, 'events', 'ListEventBuses', { types: ['ecs:scheduled-task'], resources: [eventsScope(ctx.account, ctx.region)] }, async () => {
      const page = await ctx.clients.events.send(new ListEventBusesCommand({ Limit: 100, ...(token ? { NextToken: token } : {}) }));
      tokens.next(page.NextToken);
      return page;
    });
    if (!r) return names;
    for (const bus of objectsIn(r.EventBuses)) {
      if (typeof bus.Name === 'string' && bus.Name !== '' && bus.Name !== 'default') names.push(bus.Name);
    }
    token = r.NextToken;
  } while (token);
  return names;
}

/**
 * The rules of one bus (`undefined`: the default bus, whose rules are resources of their own for
 * ecs-events-rule); a listing that fails leaves its rules unseen, and with them the tasks their
 * targets start.
 */
async function listRules(ctx: CollectContext, bus: string | undefined, rules: Rule[]): Promise<void> {
  const where = { account: ctx.account, region: ctx.region };
  // the default bus's rules are resources (and name the tasks their targets start); another bus's, only those tasks
  const affects = { types: [bus === undefined ? 'events:rule' : 'ecs:scheduled-task'], resources: [eventsScope(ctx.account, ctx.region)] };
  let token: string | undefined;
  const tokens = new PageTokens();
  do {
    const r = await ctx.tracker.call(where, 'events', 'ListRules', affects, async () => {
      const page = await ctx.clients.events.send(new ListRulesCommand({ Limit: 100, ...(bus ? { EventBusName: bus } : {}), ...(token ? { NextToken: token } : {}) }));
      tokens.next(page.NextToken);
      return page;
    });
    if (!r) return;
    for (const rule of objectsIn(r.Rules)) {
      if (typeof rule.Arn !== 'string') continue;
      if (bus === undefined) ctx.sink.add({ type: 'events:rule', id: rule.Arn, name: rule.Name ?? rule.Arn, account: ctx.account, region: ctx.region, data: plain(rule) });
      // ListTargetsByRule needs the bus the rule is on; AWS names it in the rule, the listing knows it anyway
      if (typeof rule.Name === 'string' && rule.Name !== '') rules.push(bus === undefined || rule.EventBusName ? rule : { ...rule, EventBusName: bus });
    }
    token = r.NextToken;
  } while (token);
}

/** The targets of one rule; those with EcsParameters become the scheduled tasks they start. */
async function collectTargets(ctx: CollectContext, rule: Rule): Promise<void> {
  const where = { account: ctx.account, region: ctx.region };
  let token: string | undefined;
  const tokens = new PageTokens();
  do {
    const r = await ctx.tracker.call(where, 'events', 'ListTargetsByRule', { types: ['ecs:scheduled-task'], resources: [rule.Arn!] }, async () => {
      const page = await ctx.clients.events.send(
        new ListTargetsByRuleCommand({ Rule: rule.Name!, Limit: 100, ...(rule.EventBusName ? { EventBusName: rule.EventBusName } : {}), ...(token ? { NextToken: token } : {}) }),
      );
      tokens.next(page.NextToken);
      return page;
    });
    if (!r) return;
    for (const target of objectsIn(r.Targets)) {
      if (typeof target.Id !== 'string' || target.Id === '') continue;
      const bus = rule.EventBusName && rule.EventBusName !== 'default' ? ` on event bus ${rule.EventBusName}` : '';
      const launcher = `EventBridge rule ${rule.Name}${bus} (target ${target.Id})`;
      const data = ecsTaskFromTarget(plain(target), launcher);
      if (data) ctx.sink.add({ type: 'ecs:scheduled-task', id: `${rule.Arn}/${target.Id}`, name: launcher, account: ctx.account, region: ctx.region, data });
    }
    token = r.NextToken;
  } while (token);
}
