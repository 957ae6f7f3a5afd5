// EventBridge: the rules of the default event bus, to see whether ECS events (task and service
// state changes) reach anything (operational best practice 2).
import { ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { eventsScope } from '../../inventory/scopes.js';
import { PageTokens } from './calls.js';
import { objectsIn, plain, type CollectContext } from './context.js';

export async function collectEventRules(ctx: CollectContext): Promise<void> {
  const where = { account: ctx.account, region: ctx.region };
  let token: string | undefined;
  const tokens = new PageTokens();
  do {
    const r = await ctx.tracker.call(where, 'events', 'ListRules', { types: ['events:rule'], resources: [eventsScope(ctx.account, ctx.region)] }, async () => {
      const page = await ctx.clients.events.send(new ListRulesCommand({ Limit: 100, ...(token ? { NextToken: token } : {}) }));
      tokens.next(page.NextToken);
      return page;
    });
    if (!r) return;
    for (const rule of objectsIn(r.Rules)) {
      if (typeof rule.Arn === 'string') ctx.sink.add({ type: 'events:rule', id: rule.Arn, name: rule.Name ?? rule.Arn, account: ctx.account, region: ctx.region, data: plain(rule) });
    }
    token = r.NextToken;
  } while (token);
}
