// An AWS Organization's accounts, from the management account or a delegated administrator:
// every active account (ListAccounts), or those under the organisational units named (their
// accounts and their child units', recursively). Only the listing is read; accounts are audited
// through a role assumed in each.
import { paginateListAccounts, paginateListAccountsForParent, paginateListOrganizationalUnitsForParent, type Account } from '@aws-sdk/client-organizations';
import type { Clients } from './aws-clients.js';
import { pagesOf, type CallTracker } from './calls.js';
import { objectsIn } from './context.js';

export interface OrgAccount {
  id: string;
  name: string;
}

const MAX_UNITS = 10_000;

/** The active accounts, or undefined when the organisation could not be listed (the gap says why). */
export async function listOrganizationAccounts(clients: Clients, tracker: CallTracker, caller: string, units: string[] = []): Promise<OrgAccount[] | undefined> {
  const where = { account: caller, region: 'global' };
  const affects = { types: ['*'] };
  const found: Account[] = [];
  if (units.length === 0) {
    const pages = await tracker.call(where, 'organizations', 'ListAccounts', affects, () => pagesOf(paginateListAccounts({ client: clients.organizations }, {})));
    if (!pages) return undefined;
    for (const p of pages) for (const a of objectsIn(p.Accounts)) found.push(a);
  } else {
    const queue = [...units];
    const seen = new Set<string>();
    while (queue.length > 0 && seen.size < MAX_UNITS) {
      const unit = queue.shift()!;
      if (seen.has(unit)) continue;
      seen.add(unit);
      const accounts = await tracker.call(where, 'organizations', 'ListAccountsForParent', affects, () => pagesOf(paginateListAccountsForParent({ client: clients.organizations }, { ParentId: unit })));
      const children = await tracker.call(where, 'organizations', 'ListOrganizationalUnitsForParent', affects, () => pagesOf(paginateListOrganizationalUnitsForParent({ client: clients.organizations }, { ParentId: unit })));
      if (!accounts || !children) return undefined;
      for (const p of accounts) for (const a of objectsIn(p.Accounts)) found.push(a);
      for (const p of children) for (const u of objectsIn(p.OrganizationalUnits)) if (typeof u.Id === 'string' && u.Id) queue.push(u.Id);
    }
  }
  const byId = new Map<string, OrgAccount>();
  for (const a of found) {
    const active = (a.State ?? a.Status) === 'ACTIVE';
    if (a.Id && active && !byId.has(a.Id)) byId.set(a.Id, { id: a.Id, name: a.Name ?? a.Id });
  }
  return [...byId.values()].sort((x, y) => (x.id < y.id ? -1 : 1));
}
