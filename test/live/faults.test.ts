// A scheduled audit never fails open: what a failed describe call leaves unseen stays in the
// snapshot and every check on it is unknown (never "not applicable: the account has none"), the
// newest revision is the highest whatever the answer's order, and when nothing can be seen the
// run says so in one line and writes nothing that looks like an audit.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toSnapshot, writeSnapshot } from '../../src/scan/snapshot-writer.js';
import { fingerprintOf } from '../../src/engine/fingerprint.js';
import { runScan } from '../../src/scan/run-scan.js';
import { runCliAsync, tempDir } from '../helpers.js';
import { RecordingServer } from './recording-server.js';
import { MAX_PAGES, PageTokens, PaginationError } from '../../src/sources/live/calls.js';
import { collectFrom, liveEnv, useRecordingServer } from './live-helpers.js';

const live = useRecordingServer('each');
const json = (body: unknown) => ({ status: 200, contentType: 'application/x-amz-json-1.1', body: JSON.stringify(body) });

async function scanCollected(names = ['snap.json']) {
  const inv = await collectFrom(live.server, live.endpoint);
  const dir = tempDir();
  const outcomes = [];
  for (const name of names) {
    expect(writeSnapshot(join(dir, name), name, toSnapshot(structuredClone(inv), new Date('2026-11-24T00:00:00Z')))).toBeUndefined();
    outcomes.push(await runScan({ targets: [], inventory: name, cwd: dir, rulesDirs: [], config: false, today: '2026-11-24' }));
  }
  return { inv, outcome: outcomes[0]!, outcomes };
}

describe('a describe call that fails leaves its resources unseen, never absent', () => {
  it.each([
    ['ecs:DescribeClusters', 'ecs-cluster-container-insights', 'ecs:cluster'],
    ['ecs:DescribeServices', 'ecs-service-no-public-ip', 'ecs:service'],
    ['ecs:DescribeContainerInstances', 'ecs-imds-blocked', 'ec2:container-instance'],
  ])('%s denied: %s is unknown there, with the call named', async (call, ruleId, type) => {
    live.server.fault(call, { kind: 'access-denied' });
    const { inv, outcome } = await scanCollected();
    expect(inv.resources.filter((r) => r.type === type && r.unseen).length).toBeGreaterThan(0);
    const results = outcome.results.filter((r) => r.ruleId === ruleId);
    expect(results.map((r) => r.status)).not.toContain('not-applicable');
    expect(results.map((r) => r.status)).not.toContain('pass');
    expect(results.some((r) => r.status === 'unknown' && r.reason!.includes(`${call} failed in eu-west-1 (access-denied`))).toBe(true);
    expect(outcome.exitCode).toBe(1);
  });
  it('a task definition listed but not described is unknown for every rule on it, named by family and revision', async () => {
    live.server.fault('ecs:DescribeTaskDefinition', { kind: 'access-denied' });
    const { outcome } = await scanCollected();
    const onTd = outcome.results.filter((r) => r.resource.type === 'ecs:task-definition');
    expect(onTd.length).toBeGreaterThan(5);
    expect(new Set(onTd.map((r) => r.status))).toEqual(new Set(['unknown']));
    expect(onTd[0]!.resource.name).toMatch(/^[a-z-]+:[0-9]+$/);
    expect(onTd[0]!.reason).toMatch(/^ecs:DescribeTaskDefinition failed in eu-west-1 \(access-denied/);
    expect(outcome.exitCode).toBe(1);
  });
});

describe('a describe call that answers for fewer resources than it was asked for', () => {
  it.each([
    ['ecs:DescribeClusters', 'clusters', 'ecs-cluster-container-insights', 'ecs:cluster'],
    ['ecs:DescribeServices', 'services', 'ecs-service-no-public-ip', 'ecs:service'],
    ['ecs:DescribeContainerInstances', 'containerInstances', 'ecs-imds-blocked', 'ec2:container-instance'],
  ])('%s listing them under failures (or leaving them out): unseen with the reason, their checks unknown', async (call, field, ruleId, type) => {
    live.server.override(call, (params) => {
      const asked = (params.clusters ?? params.services ?? params.containerInstances) as string[];
      // the first one reported MISSING, the rest left out of the answer without a word
      return json({ [field]: [], failures: [{ arn: asked[0], reason: 'MISSING' }] });
    });
    const { inv, outcome } = await scanCollected();
    const unseen = inv.resources.filter((r) => r.type === type && r.unseen);
    expect(unseen.length).toBeGreaterThan(0);
    expect(unseen[0]!.unseen).toBe(`${call} in eu-west-1 did not describe it (MISSING)`);
    const results = outcome.results.filter((r) => r.ruleId === ruleId);
    expect(results.map((r) => r.status)).not.toContain('pass');
    expect(results.map((r) => r.status)).not.toContain('not-applicable');
    expect(results.some((r) => r.status === 'unknown' && r.reason!.includes(`${call} in eu-west-1 did not describe it`))).toBe(true);
    expect(outcome.exitCode).toBe(1);
  });
});

describe('answers with nulls where AWS gives names and ARNs', () => {
  it('a described cluster without its ARN: the listed cluster is unseen, and the snapshot still scans', async () => {
    live.server.override('ecs:DescribeClusters', () => json({ clusters: [{ clusterArn: null, clusterName: null, status: 'ACTIVE' }], failures: [] }));
    const { inv, outcome } = await scanCollected();
    expect(inv.resources.filter((r) => r.type === 'ecs:cluster').map((r) => r.unseen)).toEqual(['ecs:DescribeClusters in eu-west-1 did not describe it (not in the answer)']);
    expect(outcome.errors).toEqual([]);
    expect(outcome.results.filter((r) => r.ruleId === 'ecs-cluster-container-insights').map((r) => r.status)).toEqual(['unknown']);
  });
  it('a task definition answered without its ARN is unseen, named as asked', async () => {
    live.server.override('ecs:DescribeTaskDefinition', () => json({ taskDefinition: { taskDefinitionArn: null, family: null, revision: null, containerDefinitions: null } }));
    const { inv, outcome } = await scanCollected();
    const tds = inv.resources.filter((r) => r.type === 'ecs:task-definition');
    expect(tds.length).toBeGreaterThan(0);
    for (const td of tds) expect(td.unseen).toBe("ecs:DescribeTaskDefinition in eu-west-1 answered without the task definition's ARN");
    expect(outcome.errors).toEqual([]);
    expect(new Set(outcome.results.filter((r) => r.resource.type === 'ecs:task-definition').map((r) => r.status))).toEqual(new Set(['unknown']));
  });
  it('a listing with nulls among its ARNs names only the ARNs', async () => {
    live.server.override('ecs:ListClusters', () => json({ clusterArns: [null, ''] }));
    const { outcome } = await scanCollected();
    expect(outcome.errors).toEqual([]);
    expect(live.server.calls('ecs:DescribeClusters')).toBe(0);
  });
});

describe('a rule that knows a failure in one region', () => {
  it('reports it although another region is unseen (ecs-events-rule)', async () => {
    live.server.fault('ecs:ListClusters@us-east-1', { kind: 'access-denied' });
    live.server.override('events:ListRules', () => json({ Rules: [] }));
    const inv = await collectFrom(live.server, live.endpoint, { regions: ['eu-west-1', 'us-east-1'] });
    const dir = tempDir();
    writeSnapshot(join(dir, 'snap.json'), 'snap.json', toSnapshot(inv, new Date('2026-11-24T00:00:00Z')));
    const outcome = await runScan({ targets: [], inventory: 'snap.json', cwd: dir, rulesDirs: [], config: false, today: '2026-11-24' });
    const events = outcome.results.filter((r) => r.ruleId === 'ecs-events-rule' && r.resource.type === 'aws:account' && r.resource.id === '123456789012');
    expect(events.map((r) => r.status)).toEqual(['fail']);
    expect(events[0]!.message).toMatch(/^Account 123456789012 has no enabled EventBridge rule for aws\.ecs events in eu-west-1 \(and could not check: the ECS clusters of us-east-1 could not be listed: ecs:ListClusters failed in us-east-1 \(access-denied/);
  });
});

describe('the newest revision of a family', () => {
  it('is the highest returned, whatever order the answer is in', async () => {
    const recorded = live.server.recordings.find((r) => r.action === 'ListTaskDefinitions')!;
    const arn = (JSON.parse(recorded.response.body).taskDefinitionArns as string[])[0]!;
    const base = arn.slice(0, arn.lastIndexOf(':'));
    live.server.override('ecs:ListTaskDefinitions', () => json({ taskDefinitionArns: [`${base}:2`, `${base}:11`, `${base}:9`] }));
    await collectFrom(live.server, live.endpoint);
    const described = live.server.log.filter((l) => l.action === 'DescribeTaskDefinition').map((l) => l.params.taskDefinition);
    expect(described).toContain(`${base}:11`);
    expect(described).not.toContain(`${base}:2`);
    expect(described).not.toContain(`${base}:9`);
  });
});

describe('snapshots never hold user data verbatim', () => {
  it('keep the agent settings the checks need and the names of secret settings, not the text', async () => {
    const recorded = live.server.recordings.find((r) => r.action === 'DescribeInstanceAttribute')!.response;
    const value = /<value>([^<]+)<\/value>/.exec(recorded.body)![1]!;
    const userData = Buffer.from('#!/bin/bash\ncat >> /etc/ecs/ecs.config <<EOF\nECS_CLUSTER=shop\nECS_AWSVPC_BLOCK_IMDS=true\nECS_ENGINE_AUTH_TYPE=dockercfg\nECS_ENGINE_AUTH_DATA={"registry.example.com":{"auth":"c2VjcmV0LXJlZ2lzdHJ5LXB3","email":"ops@example.com"}}\nEOF\nexport DB_PASSWORD=UserDataPa55\n').toString('base64');
    live.server.override('ec2:DescribeInstanceAttribute', () => ({ ...recorded, body: recorded.body.replace(value, userData) }));
    const inv = await collectFrom(live.server, live.endpoint);
    const dir = tempDir();
    writeSnapshot(join(dir, 'snap.json'), 'snap.json', toSnapshot(inv, new Date('2026-11-24T00:00:00Z')));
    const text = readFileSync(join(dir, 'snap.json'), 'utf8');
    expect(text).not.toContain(userData);
    expect(text).not.toMatch(/c2VjcmV0LXJlZ2lzdHJ5LXB3|UserDataPa55|"UserData"/);
    const instance = inv.resources.find((r) => r.type === 'ec2:container-instance')!;
    expect(instance.data.UserDataSummary).toEqual({ agent: { ECS_AWSVPC_BLOCK_IMDS: 'true' }, settings: ['ECS_CLUSTER', 'ECS_ENGINE_AUTH_TYPE'], secretSettings: ['ECS_ENGINE_AUTH_DATA'], imdsIptablesDrop: false, size: expect.any(Number) });
  });
});

describe('fingerprints of live findings', () => {
  it('do not depend on the snapshot file name', async () => {
    const { outcomes } = await scanCollected(['2026-11-24.json', 'audits/2026-11-25-snapshot.json']);
    const prints = outcomes.map((o) => o.results.map((r) => fingerprintOf(r)).filter(Boolean).sort());
    expect(prints[0]!.length).toBeGreaterThan(3);
    expect(prints[1]).toEqual(prints[0]);
  });
});

/** Where a live audit finds scheduled tasks, and the answer of each that shows none. */
const SCHEDULED_TASK_SOURCES: Record<string, unknown> = {
  'events:ListTargetsByRule': { Targets: [] },
  'scheduler:ListSchedules': { Schedules: [] },
  'states:ListStateMachines': { stateMachines: [] },
  'ecs:ListTasks': { taskArns: [] },
};

describe('a listing that does not end', () => {
  it.each([
    // call, rule, the looping answer, listings made (one per rule for targets), the rule's other sources emptied
    ['ecs:ListTaskDefinitionFamilies', 'ecs-non-root-user', () => json({ families: ['shop-web'], nextToken: 'again' }), 1, []],
    ['events:ListRules', 'ecs-events-rule', () => json({ Rules: [], NextToken: 'again' }), 1, []],
    ['events:ListTargetsByRule', 'ecs-scheduled-task-no-public-ip', () => json({ Targets: [], NextToken: 'again' }), 2, SCHEDULED_TASK_SOURCES],
    ['scheduler:ListSchedules', 'ecs-scheduled-task-no-public-ip', () => ({ status: 200, contentType: 'application/json', body: JSON.stringify({ Schedules: [], NextToken: 'again' }) }), 1, SCHEDULED_TASK_SOURCES],
    ['states:ListStateMachines', 'ecs-scheduled-task-no-public-ip', () => json({ stateMachines: [], nextToken: 'again' }), 1, SCHEDULED_TASK_SOURCES],
    ['ecs:ListTasks', 'ecs-scheduled-task-no-public-ip', () => json({ taskArns: [], nextToken: 'again' }), 1, SCHEDULED_TASK_SOURCES],
  ] as const)('%s handing back the same page token: one call again, then a gap; its checks are unknown, never a pass', async (call, ruleId, answer, listings, emptied) => {
    live.server.override(call, answer);
    // the rule's other sources answer with nothing, so only the looping listing could show a task
    for (const [other, body] of Object.entries(emptied)) if (other !== call) live.server.override(other, () => json(body));
    const { inv, outcome } = await scanCollected();
    expect(live.server.calls(call)).toBe(2 * listings);
    const operation = call.split(':')[1];
    expect(inv.gaps).toContainEqual(expect.objectContaining({ operation, code: 'error', message: expect.stringContaining('PaginationError: the listing did not end: page 2 carries a page token an earlier page carried') }));
    // what the listing would have shown is unseen: unknown, naming the call (task definitions a
    // service names are still described and checked)
    const results = outcome.results.filter((r) => r.ruleId === ruleId);
    expect(results.some((r) => r.status === 'unknown' && r.reason!.includes(`${call} failed in eu-west-1 (error: PaginationError`))).toBe(true);
    expect(results.map((r) => r.status)).not.toContain('pass');
    expect(outcome.exitCode).toBe(1);
  });
  it('a token seen pages before counts too, and a listing stops at MAX_PAGES', () => {
    const cycle = new PageTokens();
    for (const t of ['a', 'b', undefined]) cycle.next(t);
    expect(() => cycle.next('a')).toThrow(PaginationError);
    // a token of another type is asked for again by the SDK all the same
    const odd = new PageTokens();
    odd.next({ k: 1 });
    expect(() => odd.next({ k: 1 })).toThrow(PaginationError);
    const endless = new PageTokens();
    for (let i = 1; i < MAX_PAGES; i++) endless.next(`token-${i}`);
    expect(() => endless.next('one more')).toThrow(`the listing did not end after ${MAX_PAGES} pages`);
  });
});

describe('when nothing can be seen', () => {
  it('STS denied: one line naming the call, the credential source and the endpoint; exit 2; no snapshot, no report', async () => {
    live.server.fault('sts:GetCallerIdentity', { kind: 'access-denied' });
    const dir = tempDir();
    const collect = await runCliAsync(['collect', '--region', 'eu-west-1', '--endpoint-url', live.endpoint, '--out', 'snap.json'], dir, liveEnv());
    expect(collect.code).toBe(2);
    expect(collect.stderr.trim().split('\n')).toHaveLength(1);
    expect(collect.stderr).toMatch(/^ecsguard: cannot audit: sts:GetCallerIdentity failed in eu-west-1 \(access-denied: [^)]*\); credentials from the default credential chain \(environment, shared config and SSO profiles, container and instance roles\); endpoint http:\/\/127\.0\.0\.1:[0-9]+\n$/);
    expect(existsSync(join(dir, 'snap.json'))).toBe(false);
    const scan = await runCliAsync(['scan', '--live', '--region', 'eu-west-1', '--endpoint-url', live.endpoint, '--format', 'sarif', '--output', 'live.sarif'], dir, liveEnv());
    expect(scan.code).toBe(2);
    expect(existsSync(join(dir, 'live.sarif'))).toBe(false);
  });
  it('an endpoint that refuses connections is unreachable, not a timeout', async () => {
    const closed = new RecordingServer();
    const endpoint = await closed.start();
    await closed.stop(); // nothing listens there now
    const r = await runCliAsync(['collect', '--region', 'eu-west-1', '--endpoint-url', endpoint, '--out', 'snap.json', '--max-attempts', '1'], tempDir(), liveEnv());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ecsguard: cannot audit: sts:GetCallerIdentity failed in eu-west-1 \(unreachable: /);
    expect(r.stderr).not.toContain('timeout');
  });
});

describe('counts that agree', () => {
  it('the "wrote" line, the text summary and the JSON summary give the same numbers', async () => {
    const dir = tempDir();
    const r = await runCliAsync(['scan', '--live', '--region', 'eu-west-1', '--endpoint-url', live.endpoint, '--no-config', '--output', 'text', '--output', 'json=report.json'], dir, liveEnv());
    const wrote = /wrote [^:]+: ([0-9]+) resources from ([0-9]+) calls/.exec(r.stderr)!;
    expect(r.stdout).toMatch(new RegExp(`\\n1 snapshot scanned, ${wrote[1]} resources \\([0-9]+ evaluated by the rules\\), `));
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.summary.snapshotResources).toBe(Number(wrote[1]));
    const snapshot = JSON.parse(readFileSync(join(dir, 'report.inventory.json'), 'utf8'));
    expect(snapshot.calls.total).toBe(Number(wrote[2]));
    expect(snapshot.resources).toHaveLength(Number(wrote[1]));
  });
});

describe('collect with gaps', () => {
  it('exits 1 and names the failed calls by service, action and region, unless --allow-gaps', async () => {
    for (const call of ['ecs:DescribeServices', 'ec2:DescribeVpcEndpoints', 'ec2:DescribeFlowLogs', 'ssm:DescribeParameters', 'kms:DescribeKey']) live.server.fault(call, { kind: 'access-denied' });
    const dir = tempDir();
    const r = await runCliAsync(['collect', '--region', 'eu-west-1', '--endpoint-url', live.endpoint, '--out', 'snap.json'], dir, liveEnv());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ecsguard: wrote snap\.json: [0-9]+ resources from [0-9]+ calls; [0-9]+ failed, recorded as gaps \(checks that need them will be unknown\): ecs:DescribeServices in eu-west-1 \(access-denied\), [a-z0-9]+:[A-Za-z]+ in eu-west-1 \(access-denied\), [a-z0-9]+:[A-Za-z]+ in eu-west-1 \(access-denied\) and [0-9]+ more\n$/);
    const snapshot = JSON.parse(readFileSync(join(dir, 'snap.json'), 'utf8'));
    expect(snapshot.gaps.length).toBeGreaterThanOrEqual(4);
    const allowed = await runCliAsync(['collect', '--region', 'eu-west-1', '--endpoint-url', live.endpoint, '--out', 'snap.json', '--allow-gaps'], dir, liveEnv());
    expect(allowed.code).toBe(0);
  });
  it('counts the SDK retries under throttling, in standard retry mode by default', async () => {
    live.server.fault('ecs:ListClusters', { kind: 'throttle', times: 2 });
    const inv = await collectFrom(live.server, live.endpoint);
    expect(inv.calls.retries).toBe(2);
    expect(inv.gaps).toEqual([]);
  });
  it('never has more requests at AWS than --concurrency, retries included', async () => {
    live.server.fault('*', { kind: 'delay', ms: 15 });
    live.server.fault('ecs:DescribeTaskDefinition', { kind: 'throttle', times: 1 });
    const inv = await collectFrom(live.server, live.endpoint, { concurrency: 3 });
    expect(inv.gaps).toEqual([]);
    expect(live.server.maxInFlight).toBe(3);
  });
  it('retries throttling in adaptive mode too, counted the same way', async () => {
    live.server.fault('ecs:ListClusters', { kind: 'throttle', times: 2 });
    live.server.fault('iam:GetRole', { kind: 'throttle', times: 1 });
    const inv = await collectFrom(live.server, live.endpoint, { retryMode: 'adaptive' });
    expect(inv.calls.retries).toBe(3);
    expect(inv.gaps).toEqual([]);
    expect(live.server.calls('ecs:ListClusters')).toBe(3);
  });
  it('--max-attempts bounds the attempts: throttling past them is a gap, in either mode', async () => {
    for (const retryMode of ['standard', 'adaptive'] as const) {
      // exactly the attempts allowed: each run's are all throttled, none is left for the next
      live.server.fault('ecs:ListClusters', { kind: 'throttle', times: 2 });
      const before = live.server.calls('ecs:ListClusters');
      const inv = await collectFrom(live.server, live.endpoint, { retryMode, maxAttempts: 2 });
      expect(live.server.calls('ecs:ListClusters') - before).toBe(2);
      expect(inv.gaps.map((g) => `${g.operation}:${g.code}`)).toEqual(['ListClusters:throttled']);
    }
  });
});
