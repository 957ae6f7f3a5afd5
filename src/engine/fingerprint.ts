// Fingerprints of findings, stable across runs and line moves: rule, file (for a live resource:
// its account and region), resource, the shape of
// the pointer (array indices left out, so adding a variable above renumbers nothing) and the names
// in the finding's data, never a line number and never a value. Computed only by the reports that
// write them (SARIF, JSON); passes carry none.
import { digest } from '../util/digest.js';
import type { Result } from './results.js';

const NAMES = ['container', 'name', 'location', 'role', 'policy', 'actions', 'resources'];

export function fingerprintOf(r: Result): string | undefined {
  if (r.fingerprint !== undefined) return r.fingerprint;
  if (r.status === 'pass' || r.status === 'not-applicable') return undefined;
  // a finding located in a related resource (a role's statement) keeps the subject's pointer first
  const subject = r.related?.[0]?.pointer ?? r.location.pointer;
  const extra = r.related ? `${r.location.resourceId}${r.location.pointer}` : '';
  const data = r.data ?? {};
  const names = NAMES.map((k) => (data[k] === undefined ? '' : String(data[k])));
  const shape = (p: string) => p.replace(/\/[0-9]+(?=\/|$)/g, '/*');
  // a live resource is known by its account, region and ARN, never by the snapshot's file name
  const place = r.resource.live ? `live:${r.resource.account ?? ''}/${r.resource.region ?? ''}` : r.resource.file;
  return digest('sha256', [r.ruleId, place, r.resource.type, r.resource.id, shape(subject), r.messageId ?? 'unknown', ...names, shape(extra)].join('\u0000')).slice(0, 32);
}
