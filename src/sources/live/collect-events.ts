// EventBridge: the rules of the default event bus, to see whether ECS events (task and service
// state changes) reach anything (operational best practice 2), and the targets of each rule that
// run ECS tasks (scheduled tasks): started with their own network configuration, platform version
// and overrides, not a service's.
import { ListRulesCommand, ListTargetsByRuleCommand, type Rule, type Target } from '@aws-sdk/client-eventbridge';
import { INPUT_PER_EVENT, unseen } from '../../inventory/computed.js';
import { eventsScope } from '../../inventory/scopes.js';
import { isObject, setOwn, type JsonObject, type JsonValue } from '../../util/json.js';
import { forEachLimited, PageTokens } from './calls.js';
import { objectsIn, plain, type CollectContext } from './context.js';

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
      const task = scheduledTask(rule, target);
      if (task) ctx.sink.add({ type: 'ecs:scheduled-task', id: task.id, name: task.name, account: ctx.account, region: ctx.region, data: task.data });
    }
    token = r.NextToken;
  } while (token);
}

/**
 * A target that runs ECS tasks, as RunTask sees it: the EcsParameters under RunTask's field names
 * (EventBridge spells them in PascalCase), who starts it, and the overrides its Input gives.
 */
export function scheduledTask(rule: Rule, target: Target): { id: string; name: string; data: JsonObject } | undefined {
  const parameters = plain(target).EcsParameters;
  if (!isObject(parameters)) return undefined;
  const id = typeof target.Id === 'string' && target.Id !== '' ? target.Id : undefined;
  if (id === undefined) return undefined;
  const launcher = `EventBridge rule ${rule.Name} (target ${id})`;
  const data: JsonObject = { ...(runTaskShape(parameters) as JsonObject), launcher };
  if (target.InputTransformer || target.InputPath) data.overrides = unseen(INPUT_PER_EVENT);
  else if (typeof target.Input === 'string' && target.Input !== '') data.overrides = inputOverrides(target.Input);
  return { id: `${rule.Arn}/${id}`, name: launcher, data };
}

/** The Input of an ECS target is RunTask's overrides, as JSON text. */
function inputOverrides(input: string): JsonValue {
  try {
    const value = JSON.parse(input) as JsonValue;
    return isObject(value) ? value : unseen('the target\'s Input is not a JSON object of RunTask overrides');
  } catch {
    return unseen('the target\'s Input is not JSON');
  }
}

/** EcsParameters' PascalCase members as RunTask names them (NetworkConfiguration -> networkConfiguration, EnableECSManagedTags -> enableECSManagedTags). */
function runTaskShape(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(runTaskShape);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const k of Object.keys(value)) setOwn(out, k === '' ? k : k[0]!.toLowerCase() + k.slice(1), runTaskShape(value[k]!));
  return out;
}
