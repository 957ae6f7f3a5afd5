// Secrets found in plaintext must not be written anywhere, snapshots included: each value the
// secret check flags in a task definition is replaced by {"$redacted": "<kind of secret>"}, which
// the check reports again when the snapshot is scanned. The finding survives; the value does not.
import { plaintextSecrets, REDACTED_KEY } from '../predicates/plaintext-secrets.js';
import { isObject, setOwn, type JsonObject, type JsonValue } from '../util/json.js';
import { parsePointer } from '../util/pointer.js';
import type { Resource } from './resource.js';

const NO_RELATIONS = { related: () => ({ status: 'absent' as const }), find: () => undefined, ofType: () => [], gapFor: () => undefined, gapForType: () => undefined };

/** Redacts in place the plaintext secrets of a task definition's data; returns how many. */
export function redactPlaintextSecrets(data: JsonObject): number {
  const probe: Resource = { type: 'ecs:task-definition', id: 'redact', name: 'redact', data, origin: { kind: 'file', file: '', shape: 'inventory-snapshot', locate: () => ({ line: 1, column: 1 }) } };
  const outcome = plaintextSecrets.evaluate({ resource: probe, inventory: NO_RELATIONS, parameters: {} });
  let n = 0;
  for (const v of outcome.violations) {
    const segments = parsePointer(v.pointer);
    const last = segments.pop();
    let parent: JsonValue | undefined = data;
    for (const seg of segments) parent = Array.isArray(parent) ? parent[Number(seg)] : isObject(parent) ? parent[seg] : undefined;
    if (last === undefined || parent === undefined || parent === null) continue;
    const marker: JsonObject = { [REDACTED_KEY]: String(v.data.kind) };
    if (Array.isArray(parent)) parent[Number(last)] = marker;
    else if (isObject(parent)) setOwn(parent, last, marker);
    n++;
  }
  return n;
}
