// cloudtrail-multi-region: an account has at least one trail that is multi-region, logging now,
// and records management events, read and write. One result per account.
import type { Resource } from '../inventory/resource.js';
import { isObject, own, ownArray, ownString } from '../util/json.js';
import { definePredicate } from './define.js';
import type { PredicateOutcome } from './types.js';

/** Why a trail does not qualify, or undefined when it does; 'unknown:' prefix when data is missing. */
export function trailShortfall(trail: Resource): string | undefined {
  if (own(trail.data, 'IsMultiRegionTrail') !== true) return 'not multi-region';
  if (trail.gaps?.status) return `unknown: its status could not be read (${trail.gaps.status})`;
  if (own(own(trail.data, 'Status'), 'IsLogging') !== true) return 'not logging';
  if (trail.gaps?.eventSelectors) return `unknown: its event selectors could not be read (${trail.gaps.eventSelectors})`;
  const basic = ownArray(trail.data, 'EventSelectors') ?? [];
  const advanced = ownArray(trail.data, 'AdvancedEventSelectors') ?? [];
  // A trail never given selectors records all management events (AWS's default selector).
  if (basic.length === 0 && advanced.length === 0) return own(trail.data, 'HasCustomEventSelectors') === true ? 'records no management events' : undefined;
  if (basic.some((s) => own(s, 'IncludeManagementEvents') !== false && (own(s, 'ReadWriteType') ?? 'All') === 'All')) return undefined;
  const mgmt = advanced.some((s) => {
    const fields = ownArray(s, 'FieldSelectors') ?? [];
    const category = fields.find((f) => own(f, 'Field') === 'eventCategory');
    const readOnly = fields.find((f) => own(f, 'Field') === 'readOnly');
    const equals = own(category, 'Equals');
    return isObject(category) && Array.isArray(equals) && equals.includes('Management') && !readOnly;
  });
  return mgmt ? undefined : 'does not record both read and write management events';
}

export const cloudtrailMultiRegion = definePredicate({
  id: 'cloudtrail-multi-region',
  messages: {
    'no-multi-region-trail': 'Account {{account}} has no multi-region trail logging management events ({{why}})',
  },
  evaluate({ resource: account, inventory }): PredicateOutcome {
    const out: PredicateOutcome = { violations: [], unknowns: [] };
    const trailRegions = ownArray(account.data, 'TrailRegions');
    const accountId = account.account ?? account.id;
    const trails = inventory.ofType('cloudtrail:trail').filter((t) => t.account === accountId);
    const verdicts = trails.map((t) => [t, trailShortfall(t)] as const);
    if (verdicts.some(([, v]) => v === undefined)) return out;
    const unknown = verdicts.find(([, v]) => v?.startsWith('unknown:'));
    if (unknown) {
      out.unknowns.push({ pointer: '', reason: `trail ${unknown[0].name}: ${unknown[1]!.slice(9)}` });
      return out;
    }
    if (!trailRegions || trailRegions.length === 0) {
      out.unknowns.push({ pointer: '', reason: `the trails of account ${accountId} could not be listed in any region` });
      return out;
    }
    const why = verdicts.length === 0 ? 'the account has no trail' : verdicts.map(([t, v]) => `${ownString(t.data, 'Name') ?? t.name}: ${v}`).join('; ');
    out.violations.push({ message: 'no-multi-region-trail', pointer: '', data: { account: accountId, why } });
    return out;
  },
});
