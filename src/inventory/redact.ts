// Secrets found in plaintext must not be written anywhere, snapshots included: each value the
// secret check flags in a task definition is replaced by {"$redacted": "<kind of secret>"}, which
// the check reports again when the snapshot is scanned. The finding survives; the value does not.
import { findPlaintextSecrets, REDACTED_KEY } from '../predicates/plaintext-secrets.js';
import { isObject, own, setOwn, type JsonObject, type JsonValue } from '../util/json.js';
import { parsePointer } from '../util/pointer.js';

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
