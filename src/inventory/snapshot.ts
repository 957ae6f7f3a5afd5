// Inventory snapshots: written by `ecsguard collect` (and `scan --live`), read by
// `scan --inventory`. A snapshot is the same input to the engine as a live account, and every
// finding on it points at its resource's line in the snapshot file (GitHub needs a file location).
import { validateSnapshot } from '../generated/validators.js';
import { readValidatedDocument } from '../documents/validated-document.js';
import { UserError } from '../util/errors.js';
import type { JsonObject } from '../util/json.js';
import { parsePointer } from '../util/pointer.js';
import { toolVersion } from '../util/version.js';
import type { Resource } from './resource.js';
import type { Gap } from './gap.js';

/** A resource as a collection records it (before it becomes a Resource with an origin). */
export interface SnapshotResource {
  type: string;
  id: string;
  name: string;
  account: string;
  region?: string;
  data: JsonObject;
  /** Aspects of the resource that could not be read, with why (endpoints, flowLogs, userData...). */
  gaps?: Record<string, string>;
  /** Listed but not described: every check on it is unknown, for this reason. */
  unseen?: string;
}

/** What a live collection gathered: the snapshot's body. */
export interface CollectedInventory {
  scope: { accounts: string[]; regions: string[]; allRevisions: boolean };
  resources: SnapshotResource[];
  gaps: Gap[];
  calls: { total: number; failed: number; retries: number; byOperation: Record<string, number> };
}

export interface Snapshot extends CollectedInventory {
  schemaVersion: '1.0';
  tool: { name: 'ecsguard'; version: string };
  collectedAt: string;
}


export interface LoadedSnapshot {
  file: string;
  resources: Resource[];
  gaps: Gap[];
  scope: Snapshot['scope'];
  /** Position of the i-th gap in the file, for unknown results it causes. */
  locateGap(index: number): { line: number; column: number };
}

export function readSnapshot(path: string, display: string): { ok: true; snapshot: LoadedSnapshot } | { ok: false; error: UserError } {
  const read = readValidatedDocument(path, display, validateSnapshot, 'inventory snapshot', 512 * 1024 * 1024);
  if (!read.ok) return read;
  const { doc } = read.value;
  const value = doc.value as unknown as Snapshot;
  const resources: Resource[] = value.resources.map((r, i) => {
    const resource: Resource = {
      type: r.type,
      id: r.id,
      name: r.name,
      account: r.account,
      data: r.data as JsonObject,
      origin: { kind: 'file', file: display, shape: 'inventory-snapshot', address: r.id, locate: (p) => doc.locate(['resources', String(i), 'data', ...parsePointer(p)]) },
    };
    if (r.region !== undefined) resource.region = r.region;
    if (r.gaps) resource.gaps = r.gaps;
    if (r.unseen !== undefined) resource.unseen = r.unseen;
    return resource;
  });
  return {
    ok: true,
    snapshot: { file: display, resources, gaps: value.gaps, scope: value.scope, locateGap: (i) => doc.locate(['gaps', String(i)]) },
  };
}

/**
 * Snapshots of different accounts (or regions) as one: resources, gaps and call counts side by
 * side, scopes united, the earliest collection time kept (the merged view is as old as its oldest
 * part). One resource in two snapshots means a shard was collected twice: an error, since the two
 * copies may disagree and neither would be the audit.
 */
export function mergeSnapshots(inputs: Array<{ file: string; value: Snapshot }>): { ok: true; snapshot: Snapshot } | { ok: false; error: UserError } {
  const resources: Snapshot['resources'] = [];
  const gaps: Gap[] = [];
  const where = new Map<string, string>();
  const byOperation: Record<string, number> = {};
  let total = 0;
  let failed = 0;
  let retries = 0;
  for (const { file, value } of inputs) {
    for (const r of value.resources) {
      const key = `${r.type}|${r.account}|${r.id}`;
      const earlier = where.get(key);
      if (earlier !== undefined) return { ok: false, error: new UserError(`${r.type} ${r.id} of account ${r.account} is in both ${earlier} and ${file} (the same account and region collected twice?)`, file) };
      where.set(key, file);
      resources.push(r);
    }
    for (const g of value.gaps) gaps.push(g);
    total += value.calls.total;
    failed += value.calls.failed;
    retries += value.calls.retries ?? 0;
    for (const [op, n] of Object.entries(value.calls.byOperation)) byOperation[op] = (byOperation[op] ?? 0) + n;
  }
  const united = (pick: (s: Snapshot['scope']) => string[]) => [...new Set(inputs.flatMap((i) => pick(i.value.scope)))].sort();
  return {
    ok: true,
    snapshot: {
      schemaVersion: '1.0',
      tool: { name: 'ecsguard', version: toolVersion() },
      collectedAt: inputs.map((i) => i.value.collectedAt).sort()[0]!,
      scope: { accounts: united((s) => s.accounts), regions: united((s) => s.regions), allRevisions: inputs.every((i) => i.value.scope.allRevisions) },
      resources,
      gaps,
      calls: { total, failed, retries, byOperation },
    },
  };
}
