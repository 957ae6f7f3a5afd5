// What every collector gets: where it collects (account, region), the clients, the call tracker,
// and the snapshot it adds resources to.
import type { JsonObject } from '../../util/json.js';
import type { Clients } from './aws-clients.js';
import type { CallTracker } from './calls.js';

export interface SnapshotResource {
  type: string;
  id: string;
  name: string;
  account: string;
  region?: string;
  data: JsonObject;
  /** Aspects of the resource that could not be read, with why (endpoints, flowLogs, userData...). */
  gaps?: Record<string, string>;
}

export class ResourceSink {
  private readonly byKey = new Map<string, SnapshotResource>();
  add(r: SnapshotResource): SnapshotResource {
    const key = `${r.type}|${r.id}`;
    const existing = this.byKey.get(key);
    if (existing) return existing;
    this.byKey.set(key, r);
    return r;
  }
  get(type: string, id: string): SnapshotResource | undefined {
    return this.byKey.get(`${type}|${id}`);
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
