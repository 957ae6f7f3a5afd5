// Fingerprints of findings, stable across runs and line moves: rule, file (for a live resource:
// its account and region), resource, the shape of
// the pointer (array indices left out, so adding a variable above renumbers nothing) and the names
// in the finding's data, never a line number and never a value. Computed only by the reports that
// write them (SARIF, JSON); passes carry none.
import { digest } from '../util/digest.js';
import type { Result } from './results.js';

const NAMES = ['container', 'name', 'location', 'role', 'policy', 'actions', 'resources'];

/** A pointer with its array indices left out. */
function shape(pointer: string): string {
  return pointer.replace(INDICES, '/*');
}
const INDICES = /\/[0-9]+(?=\/|$)/g;

export function fingerprintOf(r: Result): string | undefined {
  if (r.fingerprint !== undefined) return r.fingerprint;
  if (r.status === 'pass' || r.status === 'not-applicable') return undefined;
  // a finding located in a related resource (a role's statement) keeps the subject's pointer first
  const subject = r.related?.[0]?.pointer ?? r.location.pointer;
  const extra = r.related ? `${r.location.resourceId}${r.location.pointer}` : '';
  const data = r.data ?? {};
  // a live resource is known by its account, region and ARN, never by the snapshot's file name
  const place = r.resource.live ? `live:${r.resource.account ?? ''}/${r.resource.region ?? ''}` : r.resource.file;
  // one string built in place: no arrays a finding
  let text = `${r.ruleId}\u0000${place}\u0000${r.resource.type}\u0000${r.resource.id}\u0000${shape(subject)}\u0000${r.messageId ?? 'unknown'}`;
  for (const k of NAMES) text += '\u0000' + (data[k] === undefined ? '' : String(data[k]));
  return digest('sha256', `${text}\u0000${shape(extra)}`).slice(0, 32);
}
