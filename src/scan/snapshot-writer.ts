// Writes inventory snapshots (`ecsguard collect`, `scan --live`). A snapshot is an output, so
// secrets found in plaintext must not be written: each value the secret check flags in a task
// definition is replaced by {"$redacted": "<kind of secret>"}, which the check reports again when
// the snapshot is scanned. The finding survives; the value does not. So is each one in the
// container overrides a scheduled task starts its tasks with.
import type { CollectedInventory, Snapshot } from '../inventory/snapshot.js';
import { findPlaintextSecrets } from '../predicates/plaintext-secrets.js';
import { REDACTED_KEY } from '../inventory/computed.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { UserError } from '../util/errors.js';
import { isObject, own, setOwn, type JsonObject, type JsonValue } from '../util/json.js';
import { parsePointer } from '../util/pointer.js';
import { toolVersion } from '../util/version.js';

export function toSnapshot(inv: CollectedInventory, collectedAt: Date): Snapshot {
  for (const r of inv.resources) {
    if (r.type === 'ecs:task-definition') redactPlaintextSecrets(r.data);
    else if (r.type === 'ecs:scheduled-task') redactOverrideSecrets(r.data);
  }
  return { schemaVersion: '1.0', tool: { name: 'ecsguard', version: toolVersion() }, collectedAt: collectedAt.toISOString(), ...inv };
}

/** Writes the snapshot whole or not at all. */
export function writeSnapshot(path: string, display: string, snapshot: Snapshot): UserError | undefined {
  return writeFileAtomic(path, display, JSON.stringify(snapshot, null, 2) + '\n', 'inventory snapshot');
}

/** Redacts in place the plaintext secrets of a scheduled task's container overrides (read as containers are). */
function redactOverrideSecrets(data: JsonObject): void {
  const containers = own(own(data, 'overrides'), 'containerOverrides');
  // the same array, so what is redacted through the wrapper is redacted in the data
  if (Array.isArray(containers)) redactPlaintextSecrets({ containerDefinitions: containers });
}

/** Redacts in place the plaintext secrets of a task definition's data. */
export function redactPlaintextSecrets(data: JsonObject): void {
  for (const v of findPlaintextSecrets(data).violations) {
    const segments = parsePointer(v.pointer);
    const last = segments.pop();
    let parent: JsonValue | undefined = data;
    for (const seg of segments) parent = Array.isArray(parent) ? parent[Number(seg)] : own(parent, seg); // own keys only: never a prototype
    if (last === undefined || parent === undefined || parent === null) continue;
    const marker: JsonObject = { [REDACTED_KEY]: String(v.data.kind) };
    if (Array.isArray(parent)) parent[Number(last)] = marker;
    else if (isObject(parent)) setOwn(parent, last, marker);
  }
}
