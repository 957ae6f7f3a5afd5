// EventBridge: the rules of the default event bus, to see whether ECS events (task and service
// state changes) reach anything (operational best practice 2), and the targets of each rule that
// run ECS tasks (scheduled tasks): started with their own network configuration, platform version
// and overrides, not a service's.
import { ListRulesCommand, ListTargetsByRuleCommand, type Rule } from '@aws-sdk/client-eventbridge';
import { eventsScope } from '../../inventory/scopes.js';
import { forEachLimited, PageTokens } from './calls.js';
import { objectsIn, plain, type CollectContext } from './context.js';
import { ecsTaskFromTarget } from './scheduled-targets.js';

export async function collectEventRules(ctx: CollectContext): Promise<void> {
  const where = { account: ctx.account, region: ctx.region };
  const rules: Rule[] = [];
  let token: string | undefined;
  const tokens = new PageTokens();
  do {
    // a listing that fails leaves the rules unseen, and with them the tasks their targets start
    const r = await ctx.tracker.call(where, 'events', 'ListRules', { types: ['events:rule'], resources: [eventsScope(ctx.account, ctx.region)] }, async () => {
      const page = await ctx.clients.events.send(new ListRulesCommand({ Limit: 100, ...(token ? { NextToken: token } : {}) }));
      tokens.next(page.NextToken);
      return page;
    });
    if (!r) return;
    for (const rule of objectsIn(r.Rules)) {
      if (typeof rule.Arn !== 'string') continue;
      ctx.sink.add({ type: 'events:rule', id: rule.Arn, name: rule.Name ?? rule.Arn, account: ctx.account, region: ctx.region, data: plain(rule) });
      if (typeof rule.Name === 'string' && rule.Name !== '') rules.push(rule);
    }
    token = r.NextToken;
  } while (token);
  await forEachLimited(rules, 4, (rule) => collectTargets(ctx, rule));
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
      const launcher = `EventBridge rule ${rule.Name} (target ${target.Id})`;
      const data = ecsTaskFromTarget(plain(target), launcher);
      if (data) ctx.sink.add({ type: 'ecs:scheduled-task', id: `${rule.Arn}/${target.Id}`, name: launcher, account: ctx.account, region: ctx.region, data });
    }
    token = r.NextToken;
  } while (token);
}
