// What every collector gets: where it collects (account, region), the clients, the call tracker,
// and the snapshot it adds resources to.
import type { JsonObject } from '../../util/json.js';
import type { Clients } from './aws-clients.js';
import type { CallTracker } from './calls.js';
import type { SnapshotResource } from '../../inventory/snapshot.js';

export class ResourceSink {
  private readonly byKey = new Map<string, SnapshotResource>();
  // keyed by account too: an organisation's accounts may repeat ids that are not ARNs
  /**
   * Adds a described resource, or gives the one already there. An answer that gives no id (an
   * ARN left null) or no region name is refused: such a resource can be neither told apart nor
   * placed, and what asked for it marks it unseen. A missing name is its id.
   */
  add(r: SnapshotResource): SnapshotResource | undefined {
    if (typeof r.id !== 'string' || r.id === '' || (r.region !== undefined && (typeof r.region !== 'string' || r.region === ''))) return undefined;
    if (typeof r.name !== 'string' || r.name === '') r = { ...r, name: r.id };
    const key = `${r.type}|${r.account}|${r.id}`;
    const existing = this.byKey.get(key);
    if (existing) return existing;
    this.byKey.set(key, r);
    return r;
  }
  get(type: string, account: string, id: string): SnapshotResource | undefined {
    return this.byKey.get(`${type}|${account}|${id}`);
  }
  /**
   * Resources a list call named that their describe call could not return: they stay in the
   * snapshot, unseen, so each check on them is unknown and none says "the account has none".
   */
  addUnseen(type: string, ids: readonly string[], where: { account: string; region: string }, why: string, name: (id: string) => string = (id) => id.slice(id.lastIndexOf('/') + 1)): void {
    // global resources (roles, accounts) carry no region, as when they are seen
    for (const id of ids) if (!this.byKey.has(`${type}|${where.account}|${id}`)) this.add({ type, id, name: name(id), account: where.account, ...(where.region !== 'global' ? { region: where.region } : {}), data: {}, unseen: why });
  }
  all(): SnapshotResource[] {
    return [...this.byKey.values()];
  }
}

export interface CollectContext {
  account: string;
  region: string;
  clients: Clients;
  tracker: CallTracker;
  sink: ResourceSink;
  allRevisions: boolean;
}

/** Plain data from an SDK response: dates as ISO strings, no $metadata, no undefined. */
export function plain(value: unknown): JsonObject {
  return JSON.parse(JSON.stringify(value, (k, v: unknown) => (k === '$metadata' ? undefined : v instanceof Date ? v.toISOString() : v))) as JsonObject;
}

/** The names or ARNs of a listing that are strings: an answer may hold nulls or empty ones where AWS would not. */
export function namesIn(values: ReadonlyArray<string | null | undefined> | null | undefined): string[] {
  const out: string[] = [];
  if (!Array.isArray(values)) return out;
  for (const v of values) if (typeof v === 'string' && v !== '') out.push(v);
  return out;
}

/**
 * The objects of a list in an answer: an answer may hold nulls where AWS gives objects, or
 * something else where AWS gives a list. What is not an object describes nothing.
 */
export function objectsIn<T>(values: ReadonlyArray<T | null | undefined> | null | undefined): T[] {
  if (!Array.isArray(values)) return [];
  return values.filter((v): v is T => v !== null && typeof v === 'object' && !Array.isArray(v));
}
