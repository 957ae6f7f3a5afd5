// ARNs are built for the account's partition, taken from the region: the recorded account
// replayed as if it were in China (aws-cn) and in GovCloud (aws-us-gov) gets the same verdicts,
// and no ARN the collectors build names the wrong partition. A grep keeps partition literals out.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toSnapshot, writeSnapshot } from '../../src/scan/snapshot-writer.js';
import { runScan } from '../../src/scan/run-scan.js';
import { ROOT, tempDir } from '../helpers.js';
import { loadRecordings, RecordingServer, type Recording } from './recording-server.js';
import { collectFrom } from './live-helpers.js';

function moved(partition: string, region: string, suffix: string): Recording[] {
  const move = (text: string) => text.replaceAll('arn:aws:', `arn:${partition}:`).replaceAll('arn%3Aaws%3A', `arn%3A${partition}%3A`).replaceAll('eu-west-1', region).replaceAll('amazonaws.com', suffix);
  return loadRecordings().map((r) => ({ ...r, request: { ...r.request, body: move(r.request.body) }, response: { ...r.response, body: move(r.response.body) } }));
}

let server: RecordingServer | undefined;
afterEach(async () => server?.stop());

async function verdicts(recordings: Recording[] | undefined, region: string) {
  server = new RecordingServer(recordings);
  const endpoint = await server.start();
  const inv = await collectFrom(server, endpoint, { regions: [region] });
  const dir = tempDir();
  writeSnapshot(join(dir, 'snap.json'), 'snap.json', toSnapshot(inv, new Date('2026-11-24T00:00:00Z')));
  const outcome = await runScan({ targets: [], inventory: 'snap.json', cwd: dir, rulesDirs: [], config: false, today: '2026-11-24' });
  const byRule = new Map<string, string[]>();
  for (const r of outcome.results) byRule.set(r.ruleId, [...(byRule.get(r.ruleId) ?? []), r.status].sort());
  return { inv, byRule };
}

describe('partitions', () => {
  it.each([
    ['aws-cn', 'cn-north-1', 'amazonaws.com.cn'],
    ['aws-us-gov', 'us-gov-west-1', 'amazonaws.com'],
  ])('%s: the same verdicts as the commercial partition, and ARNs of that partition', async (partition, region, suffix) => {
    const commercial = await verdicts(undefined, 'eu-west-1');
    await server!.stop();
    const other = await verdicts(moved(partition, region, suffix), region);
    expect(Object.fromEntries(other.byRule)).toEqual(Object.fromEntries(commercial.byRule));
    const arns = other.inv.resources.map((r) => r.id).filter((id) => id.startsWith('arn:'));
    expect(arns.length).toBeGreaterThan(5);
    for (const arn of arns) expect(arn.startsWith(`arn:${partition}:`)).toBe(true);
  });
});

describe('the code', () => {
  it('builds no ARN with a partition literal (src/aws/arn.ts takes it from the region)', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) {
          if (name !== 'generated') walk(p);
        } else if (p.endsWith('.ts') && readFileSync(p, 'utf8').includes('arn:aws:')) offenders.push(p.slice(ROOT.length + 1));
      }
    };
    walk(join(ROOT, 'src'));
    expect(offenders).toEqual([]);
  });
});
