// Answers AWS would not give, on purpose: the recorded answers with fields dropped, nulled or of
// another type. However an answer is malformed, the audit finishes, its snapshot is one the
// scanner reads, and every report renders: what could not be read is a gap, never a crash. A
// snapshot is input too: one edited or broken makes rules unknown, never crash.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CallTracker } from '../../src/sources/live/calls.js';
import { toSnapshot, writeSnapshot } from '../../src/scan/snapshot-writer.js';
import { runScan } from '../../src/scan/run-scan.js';
import { renderReport, REPORT_FORMATS } from '../../src/reports/render.js';
import { tempDir } from '../helpers.js';
import { collectFrom, useRecordingServer } from './live-helpers.js';

const live = useRecordingServer('each');

// deterministic: the same answers every run
let seed = 20261201;
const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const ODD = [null, '', 0, -1, true, {}, [], 'x', [null], { a: null }, 1e300, '__proto__'];
const odd = () => ODD[Math.floor(random() * ODD.length)];
function malform(v: unknown, rate: number): unknown {
  if (Array.isArray(v)) return v.map((x) => (random() < rate ? odd() : malform(x, rate)));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const r = random();
      if (r < rate / 2) continue;
      out[k] = r < rate ? odd() : malform(x, rate);
    }
    return out;
  }
  return v;
}

describe('malformed answers', () => {
  for (let i = 0; i < 40; i++) {
    it(`set ${i}: the audit finishes, its snapshot scans, its reports render`, async () => {
      const json = live.server.recordings.filter((r) => r.response.body.trimStart().startsWith('{'));
      const keys = new Set<string>();
      for (let k = 0; k < 3; k++) {
        const r = json[Math.floor(random() * json.length)]!;
        keys.add(`${r.service}:${r.action}`);
      }
      for (const key of keys) {
        const r = json.find((x) => `${x.service}:${x.action}` === key)!;
        const body = JSON.stringify(malform(JSON.parse(r.response.body), 0.3));
        live.server.override(key, () => ({ ...r.response, body }));
      }
      const inv = await collectFrom(live.server, live.endpoint, { maxAttempts: 1, timeoutMs: 3000 });
      const dir = tempDir();
      expect(writeSnapshot(join(dir, 's.json'), 's.json', toSnapshot(structuredClone(inv), new Date('2026-12-01T00:00:00Z')))).toBeUndefined();
      const outcome = await runScan({ targets: [], inventory: 's.json', cwd: dir, rulesDirs: [], config: false, today: '2026-12-01' });
      expect(outcome.errors.map((e) => `${[...keys].join(', ')}: ${e.message}`)).toEqual([]);
      for (const format of REPORT_FORMATS) {
        const text = renderReport(format, outcome, { live: true, generatedAt: '2026-12-01T00:00:00Z', sarif: { cwd: dir, sourceRoot: dir }, asff: { account: '123456789012', region: 'eu-west-1' } });
        expect(typeof text === 'string' ? text : [...text].join('')).not.toBe('');
      }
    });
  }
});

describe('a snapshot edited or broken', () => {
  it('30 sets of resources with data dropped, nulled or of another type: every rule decides or says unknown, none crashes', async () => {
    const snapshot = toSnapshot(await collectFrom(live.server, live.endpoint), new Date('2026-12-01T00:00:00Z'));
    const crashes: string[] = [];
    for (let i = 0; i < 30; i++) {
      const broken = structuredClone(snapshot);
      broken.resources = broken.resources.map((r) => (random() < 0.3 ? { ...r, data: malform(r.data, 0.2) as typeof r.data } : r));
      const dir = tempDir();
      writeFileSync(join(dir, 's.json'), JSON.stringify(broken));
      const outcome = await runScan({ targets: [], inventory: 's.json', cwd: dir, rulesDirs: [], config: false, today: '2026-12-01' });
      for (const e of outcome.errors) if (/internal error/.test(e.message)) crashes.push(`set ${i}: ${e.message}`);
    }
    expect(crashes).toEqual([]);
  });
});

describe('a collector whose answers cannot be read', () => {
  it('leaves a gap over what it collects, and the audit goes on', async () => {
    const tracker = new CallTracker(4);
    await tracker.guard({ account: '123456789012', region: 'eu-west-1' }, 'read clusters', { types: ['ecs:cluster'] }, async () => {
      throw new TypeError('x is not iterable');
    });
    expect(tracker.failed).toBe(1);
    expect(tracker.gaps).toEqual([
      expect.objectContaining({ service: 'ecsguard', operation: 'read clusters', code: 'error', message: 'an answer could not be read (TypeError: x is not iterable)', affects: { types: expect.arrayContaining(['ecs:cluster']) } }),
    ]);
  });
});
