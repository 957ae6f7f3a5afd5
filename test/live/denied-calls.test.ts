// Every read call the audit role may make, denied (or failing, for listings) in turn: verdicts may
// only turn unknown, never into pass or "not applicable", and the failed call is recorded.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toSnapshot, writeSnapshot } from '../../src/scan/snapshot-writer.js';
import { runScan } from '../../src/scan/run-scan.js';
import { tempDir } from '../helpers.js';
import type { RecordingServer } from './recording-server.js';
import { collectFrom, putBehindBalancer, useRecordingServer } from './live-helpers.js';

const live = useRecordingServer('each');
const json = (body: unknown) => ({ status: 200, contentType: 'application/x-amz-json-1.1', body: JSON.stringify(body) });

async function scanCollected(extra: Parameters<typeof collectFrom>[2] = {}) {
  const inv = await collectFrom(live.server, live.endpoint, extra);
  const dir = tempDir();
  expect(writeSnapshot(join(dir, 'snap.json'), 'snap.json', toSnapshot(inv, new Date('2026-11-24T00:00:00Z')))).toBeUndefined();
  return { inv, outcome: await runScan({ targets: [], inventory: 'snap.json', cwd: dir, rulesDirs: [], config: false, today: '2026-11-24' }) };
}

describe('any read call denied or failing', () => {
  // every call the audit role may make but the one that says who we are (tested on its own)
  const actions = (JSON.parse(readFileSync(join(import.meta.dirname, '../../policies/ecsguard-readonly.json'), 'utf8')).Statement[0].Action as string[]).filter((a) => a !== 'sts:GetCallerIdentity');
  const SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/api-AbCdEf';
  // calls the recorded account does not need on its own: the setting that makes it need them
  const scenarios: Record<string, { setup(server: RecordingServer): void; request?: Parameters<typeof collectFrom>[2] }> = {
    'ec2:DescribeRegions': { setup: () => undefined, request: { allRegions: true, regions: [] } },
    'secretsmanager:DescribeSecret': {
      setup: (server) => {
        const recorded = server.recordings.find((r) => r.action === 'DescribeTaskDefinition')!.response;
        const body = JSON.parse(recorded.body);
        body.taskDefinition.containerDefinitions[0].secrets.push({ name: 'API_TOKEN', valueFrom: SECRET });
        server.override('ecs:DescribeTaskDefinition', () => ({ ...recorded, body: JSON.stringify(body) }));
        server.override('secretsmanager:DescribeSecret', () => json({ ARN: SECRET, Name: 'shop/api', KmsKeyId: 'alias/aws/secretsmanager' }));
      },
    },
  };
  // shop-web behind the recorded target group: its listeners are read
  const behindBalancer = { setup: (server: RecordingServer) => void putBehindBalancer(server) };
  for (const action of ['DescribeTargetGroups', 'DescribeListeners', 'DescribeRules']) scenarios[`elasticloadbalancing:${action}`] = behindBalancer;
  const verdicts = (outcome: Awaited<ReturnType<typeof scanCollected>>['outcome']) => new Map(outcome.results.map((r) => [`${r.ruleId}|${r.resource.type}|${r.resource.id}`, r.status]));
  const healthy = new Map<string, { verdicts: Map<string, string>; calls: Record<string, number> }>();
  it.each(actions)('%s: no verdict turns into pass or not-applicable, and the call is named', async (action) => {
    const scenario = scenarios[action];
    scenario?.setup(live.server);
    const key = scenario ? action : 'default';
    if (!healthy.has(key)) {
      const { inv, outcome } = await scanCollected(scenario?.request);
      healthy.set(key, { verdicts: verdicts(outcome), calls: inv.calls.byOperation });
    }
    const baseline = healthy.get(key)!;
    expect(baseline.calls[action], `${action} is made in a healthy collection`).toBeGreaterThan(0);
    // listings fail with server errors, the rest are denied
    live.server.fault(action, { kind: action.includes(':List') ? 'server-error' : 'access-denied', times: 100 });
    const { inv, outcome } = await scanCollected(scenario?.request);
    for (const [id, status] of verdicts(outcome)) {
      // a fault may only make verdicts unknown: a pass or a not-applicable must have been one already
      if (status === 'pass' || status === 'not-applicable') expect(`${id} ${baseline.verdicts.get(id)}`).toBe(`${id} ${status}`);
    }
    expect(inv.gaps.map((g) => `${g.service}:${g.operation}`)).toContain(action);
    expect(outcome.exitCode).toBe(1);
  });
});

