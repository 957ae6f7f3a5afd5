// A previous report (SARIF or ecsguard JSON) read as a baseline: the fingerprints of what it
// listed, so each result of this run can be new or unchanged, and what it listed and this run
// does not is absent (fixed). Fingerprints are those of ecsguard/v1 (engine/fingerprint.ts).
import { readText } from '../documents/read-text.js';
import { UserError } from '../util/errors.js';
import { isObject, own, ownArray, ownObject, ownString, type JsonValue } from '../util/json.js';
import type { BaselineEntry } from '../reports/outcome.js';

export interface Baseline {
  /** Display path of the baseline report. */
  file: string;
  entries: Map<string, BaselineEntry>;
}

export const FINGERPRINT_KEY = 'ecsguard/v1';
const LISTED = new Set(['fail', 'unknown', 'waived']);

export function readBaseline(path: string, display: string): { ok: true; baseline: Baseline } | { ok: false; error: UserError } {
  const text = readText(path, display, 512 * 1024 * 1024);
  if (!text.ok) return { ok: false, error: text.error };
  let doc: JsonValue;
  try {
    doc = JSON.parse(text.text) as JsonValue;
  } catch {
    return { ok: false, error: new UserError('invalid baseline: not JSON (expected a SARIF or ecsguard JSON report)', display) };
  }
  const entries = new Map<string, BaselineEntry>();
  const add = (e: BaselineEntry) => entries.set(e.fingerprint, e);
  const runs = ownArray(doc, 'runs');
  if (runs && own(doc, 'version') === '2.1.0') {
    for (const run of runs) {
      for (const r of ownArray(run, 'results') ?? []) {
        const fp = ownString(ownObject(r, 'partialFingerprints'), FINGERPRINT_KEY);
        if (!fp || own(r, 'baselineState') === 'absent') continue;
        const location = ownObject(ownArray(r, 'locations')?.[0], 'physicalLocation');
        const e: BaselineEntry = { fingerprint: fp, ruleId: (ownString(r, 'ruleId') ?? '').replace(/\.unknown$/, ''), message: ownString(ownObject(r, 'message'), 'text') ?? '' };
        const uri = ownString(ownObject(location, 'artifactLocation'), 'uri');
        const line = own(ownObject(location, 'region'), 'startLine');
        if (uri) e.file = decodeURIComponent(uri);
        if (typeof line === 'number') e.line = line;
        add(e);
      }
    }
  } else if (isObject(doc) && ownArray(doc, 'results') && ownString(ownObject(doc, 'tool'), 'name') === 'ecsguard') {
    for (const r of ownArray(doc, 'results')!) {
      const fp = ownString(r, 'fingerprint');
      if (!fp || !LISTED.has(ownString(r, 'status') ?? '')) continue;
      const location = ownObject(r, 'location');
      const e: BaselineEntry = { fingerprint: fp, ruleId: ownString(r, 'ruleId') ?? '', message: ownString(r, 'message') ?? '' };
      const file = ownString(location, 'file');
      const line = own(location, 'line');
      if (file) e.file = file;
      if (typeof line === 'number') e.line = line;
      add(e);
    }
  } else {
    return { ok: false, error: new UserError('invalid baseline: expected a SARIF 2.1.0 or ecsguard JSON report', display) };
  }
  return { ok: true, baseline: { file: display, entries } };
}
