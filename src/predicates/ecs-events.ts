// ecs-events-rule: in every region where the account runs ECS clusters, an enabled EventBridge
// rule matches events from aws.ecs, so task and service state changes reach someone.
import { own, ownString } from '../util/json.js';
import { eventsScope } from '../inventory/scopes.js';
import { definePredicate } from './define.js';
import type { PredicateOutcome } from './types.js';

/** Does an event pattern (JSON text) select events whose source is aws.ecs? */
export function matchesEcsEvents(pattern: string | undefined): boolean {
  if (!pattern) return false;
  let p: unknown;
  try {
    p = JSON.parse(pattern);
  } catch {
    return false;
  }
  const source = own(p as never, 'source');
  if (!Array.isArray(source)) return false;
  return source.some((s) => s === 'aws.ecs' || (typeof s === 'object' && s !== null && ['aws.', 'aws.e', 'aws.ec', 'aws.ecs'].includes(String(own(s as never, 'prefix')))));
}

export const ecsEventsRule = definePredicate({
  id: 'ecs-events-rule',
  messages: {
    'no-ecs-events-rule': 'Account {{account}} has no enabled EventBridge rule for aws.ecs events in {{regions}}{{unseen}}',
  },
  evaluate({ resource: account, inventory }): PredicateOutcome {
    const out: PredicateOutcome = { violations: [], unknowns: [] };
    const accountId = account.account ?? account.id;
    const regions = [...new Set(inventory.ofType('ecs:cluster').filter((c) => c.account === accountId && c.region).map((c) => c.region!))].sort();
    // a region whose clusters could not be listed is unseen there; a region known to lack a rule
    // still fails
    const collected = Array.isArray(account.data.Regions) ? account.data.Regions.filter((r): r is string => typeof r === 'string') : [];
    for (const region of collected) {
      const gap = inventory.gapForTypeIn('ecs:cluster', accountId, region);
      if (gap && !regions.includes(region)) out.unknowns.push({ pointer: '', reason: `the ECS clusters of ${region} could not be listed: ${gap}` });
    }
    if (regions.length === 0) {
      // "no cluster" only of an account whose clusters were listed everywhere (its region list too)
      const gap = out.unknowns.length === 0 ? inventory.gapForType('ecs:cluster', accountId) : undefined;
      if (gap) out.unknowns.push({ pointer: '', reason: `the ECS clusters of account ${accountId} could not all be listed: ${gap}` });
      else if (out.unknowns.length === 0) out.notApplicable = 'the account runs no ECS cluster in the regions collected';
      return out;
    }
    const rules = inventory.ofType('events:rule').filter((r) => r.account === accountId);
    const missing: string[] = [];
    for (const region of regions) {
      const ok = rules.some((r) => r.region === region && ownString(r.data, 'State') === 'ENABLED' && matchesEcsEvents(ownString(r.data, 'EventPattern')));
      if (ok) continue;
      const gap = inventory.gapFor(eventsScope(accountId, region));
      if (gap) out.unknowns.push({ pointer: '', reason: `the EventBridge rules of ${region} could not be listed: ${gap}` });
      else missing.push(region);
    }
    if (missing.length > 0) {
      const unseen = out.unknowns.map((u) => u.reason);
      out.violations.push({ message: 'no-ecs-events-rule', pointer: '', data: { account: accountId, regions: missing.join(', '), unseen: unseen.length ? ` (and could not check: ${unseen.join('; ')})` : '' } });
    }
    return out;
  },
});
