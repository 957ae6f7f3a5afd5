import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordingServer } from './recording-server.js';
import { collectFrom, useRecordingServer } from './live-helpers.js';

const live = useRecordingServer('each');

const json = (body: unknown) => ({ status: 200, contentType: 'application/x-amz-json-1.1', body: JSON.stringify(body) });

describe('collection through the real SDK clients', () => {
  it('reads every resource of the demo account, each with one request', async () => {
    const inv = await collectFrom(live.server, live.endpoint);
    expect(inv.gaps).toEqual([]);
    expect(inv.resources.map((r) => `${r.type} ${r.id}`)).toEqual([
      'aws:account 123456789012',
      'cloudtrail:trail arn:aws:cloudtrail:eu-west-1:123456789012:trail/org-trail',
      'ec2:container-instance i-484b51dd7f5cf5ab8',
      'ec2:launch-template lt-194ed555474f83682',
      'ec2:vpc vpc-afe2da66aa92a5a66',
      'ecs:cluster arn:aws:ecs:eu-west-1:123456789012:cluster/shop',
      'ecs:scheduled-task arn:aws:ecs:eu-west-1:123456789012:task/shop/5b6c7d8e9f0a1b2c3d4e5f6071829304',
      'ecs:scheduled-task arn:aws:events:eu-west-1:123456789012:rule/nightly/shop-report',
      'ecs:scheduled-task arn:aws:scheduler:eu-west-1:123456789012:schedule/default/hourly-report',
      'ecs:scheduled-task arn:aws:states:eu-west-1:123456789012:stateMachine:shop-etl/Transform',
      'ecs:service arn:aws:ecs:eu-west-1:123456789012:service/shop/shop-web',
      'ecs:task-definition arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-web:1',
      'events:rule arn:aws:events:eu-west-1:123456789012:rule/ecs-task-state',
      'events:rule arn:aws:events:eu-west-1:123456789012:rule/nightly',
      'iam:role arn:aws:iam::123456789012:role/shop-exec',
      'kms:key arn:aws:kms:eu-west-1:123456789012:key/6068c24b-580b-4742-98d2-012e9078cde5',
      'kms:key arn:aws:kms:eu-west-1:123456789012:key/6d64eaf6-4753-49ee-b2a3-e8759964abea',
      'logs:log-group arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/shop-web',
      'ssm:parameter arn:aws:ssm:eu-west-1:123456789012:parameter/shop/api/key',
      'ssm:parameter arn:aws:ssm:eu-west-1:123456789012:parameter/shop/db/password',
      'ssm:parameter arn:aws:ssm:eu-west-1:123456789012:parameter/shop/feature-flags',
    ]);
    // one request per distinct resource: each role, policy and key once
    expect(inv.calls.byOperation['iam:GetRole']).toBe(1);
    expect(inv.calls.byOperation['iam:GetPolicyVersion']).toBe(2);
    expect(inv.calls.byOperation['kms:DescribeKey']).toBe(2);
    expect(live.server.log.every((l) => l.status === 200)).toBe(true);
    const role = inv.resources.find((r) => r.type === 'iam:role')!;
    expect((role.data.AttachedManagedPolicies as any[]).map((p) => typeof p.PolicyDocument)).toEqual(['string', 'string']);
    const vpc = inv.resources.find((r) => r.type === 'ec2:vpc')!;
    expect(vpc.data.UsedBy).toEqual(['arn:aws:ecs:eu-west-1:123456789012:service/shop/shop-web', 'arn:aws:ecs:eu-west-1:123456789012:task/shop/5b6c7d8e9f0a1b2c3d4e5f6071829304', 'i-484b51dd7f5cf5ab8']);
    expect((vpc.data.VpcEndpoints as any[]).map((e) => e.ServiceName)).toEqual(['com.amazonaws.eu-west-1.ecs', 'com.amazonaws.eu-west-1.ecr.api', 'com.amazonaws.eu-west-1.logs']);
  });

  it('never asks for a parameter or secret value', async () => {
    await collectFrom(live.server, live.endpoint);
    expect(live.server.log.map((l) => l.action).filter((a) => /GetParameter|GetSecretValue/.test(a))).toEqual([]);
  });

  it('retries throttling through the SDK and then succeeds', async () => {
    live.server.fault('ecs:ListClusters', { kind: 'throttle', times: 1 }).fault('ec2:DescribeVpcs', { kind: 'throttle', times: 1 });
    const inv = await collectFrom(live.server, live.endpoint);
    expect(inv.gaps).toEqual([]);
    expect(live.server.calls('ecs:ListClusters')).toBe(2);
    expect(live.server.calls('ec2:DescribeVpcs')).toBe(2);
    expect(inv.calls.byOperation['ecs:ListClusters']).toBe(1);
    expect(inv.resources.some((r) => r.type === 'ec2:vpc')).toBe(true);
  });

  it('records throttling that outlasts the retries as a gap', async () => {
    live.server.fault('cloudtrail:DescribeTrails', { kind: 'throttle', times: 100 });
    const inv = await collectFrom(live.server, live.endpoint, { maxAttempts: 2 });
    expect(inv.gaps).toEqual([expect.objectContaining({ service: 'cloudtrail', operation: 'DescribeTrails', code: 'throttled', affects: { types: ['cloudtrail:trail', 'kms:key'] } })]);
  });

  it('records AccessDenied on one service and goes on with the others', async () => {
    live.server.fault('iam:GetRole', { kind: 'access-denied' });
    const inv = await collectFrom(live.server, live.endpoint);
    expect(inv.gaps).toEqual([expect.objectContaining({ service: 'iam', operation: 'GetRole', code: 'access-denied', region: 'global', affects: { resources: ['arn:aws:iam::123456789012:role/shop-exec'] } })]);
    // the role stays in the snapshot, unseen: checks that follow it are unknown, never "no role"
    expect(inv.resources.filter((r) => r.type === 'iam:role').map((r) => [r.name, r.unseen !== undefined])).toEqual([['shop-exec', true]]);
    expect(inv.resources.some((r) => r.type === 'ecs:task-definition')).toBe(true);
  });

  it('one region failing leaves the others complete', async () => {
    live.server.fault('*@us-east-1', { kind: 'access-denied' });
    const inv = await collectFrom(live.server, live.endpoint, { regions: ['eu-west-1', 'us-east-1'] });
    const failed = inv.gaps.filter((g) => g.region === 'us-east-1');
    expect(failed.map((g) => `${g.service}:${g.operation}`)).toContain('ecs:ListClusters');
    expect(failed.every((g) => g.code === 'access-denied')).toBe(true);
    expect(inv.gaps.filter((g) => g.region === 'eu-west-1')).toEqual([]);
    expect(inv.resources.some((r) => r.type === 'ecs:task-definition')).toBe(true);
    expect(inv.scope.regions).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('records timeouts', async () => {
    live.server.fault('ec2:DescribeFlowLogs', { kind: 'delay', ms: 600 });
    const inv = await collectFrom(live.server, live.endpoint, { timeoutMs: 200, maxAttempts: 1 });
    expect(inv.gaps).toEqual([expect.objectContaining({ operation: 'DescribeFlowLogs', code: 'timeout' })]);
    expect(inv.resources.find((r) => r.type === 'ec2:vpc')!.gaps).toEqual({ flowLogs: 'ec2:DescribeFlowLogs failed' });
  });

  it('follows pagination over several pages', async () => {
    live.server.override('ecs:ListTaskDefinitionFamilies', (p) => (p.nextToken === 'page-2' ? json({ families: ['billing'] }) : json({ families: ['shop-web'], nextToken: 'page-2' })));
    live.server.override('ecs:ListTaskDefinitions', (p) => (p.familyPrefix === 'billing' ? json({ taskDefinitionArns: ['arn:aws:ecs:eu-west-1:123456789012:task-definition/billing:4'] }) : undefined));
    const recorded = JSON.parse(live.server.recordings.find((r) => r.action === 'DescribeTaskDefinition')!.response.body);
    live.server.override('ecs:DescribeTaskDefinition', (p) =>
      String(p.taskDefinition).includes('billing')
        ? json({ taskDefinition: { ...recorded.taskDefinition, family: 'billing', revision: 4, taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/billing:4' } })
        : undefined,
    );
    const inv = await collectFrom(live.server, live.endpoint);
    expect(live.server.calls('ecs:ListTaskDefinitionFamilies')).toBe(2);
    expect(inv.resources.filter((r) => r.type === 'ecs:task-definition').map((r) => r.name)).toEqual(['billing:4', 'shop-web:1']);
  });

  it('finds the newest revision of a family whose name prefixes another', async () => {
    live.server.override('ecs:ListTaskDefinitions', (p) =>
      p.maxResults === 1
        ? json({ taskDefinitionArns: ['arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-web-canary:9'] })
        : json({ taskDefinitionArns: ['arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-web-canary:9', 'arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-web:1'] }),
    );
    const inv = await collectFrom(live.server, live.endpoint);
    expect(inv.resources.filter((r) => r.type === 'ecs:task-definition').map((r) => r.name)).toEqual(['shop-web:1']);
  });
});

describe('the read-only IAM policy', () => {
  const policy = JSON.parse(readFileSync(new URL('../../policies/ecsguard-readonly.json', import.meta.url), 'utf8'));
  const allowed = new Set<string>(policy.Statement.flatMap((s: any) => (s.Effect === 'Allow' ? s.Action : [])));

  it('grants every call a collection makes, and only read-only ones', async () => {
    await collectFrom(live.server, live.endpoint);
    const sent = new Set(live.server.log.map((l) => `${l.service === 'secretsmanager' ? 'secretsmanager' : l.service}:${l.action}`));
    expect([...sent].filter((a) => !allowed.has(a))).toEqual([]);
    for (const a of allowed) expect(a).toMatch(/^[a-z0-9-]+:(Describe|Get|List)[A-Za-z]+$/);
    expect([...allowed].filter((a) => /GetParameter$|GetParameters|GetSecretValue|Decrypt/.test(a))).toEqual([]);
  });

  it("matches the commands the collectors' source can send in an audited account, one for one", () => {
    const commands = [...sourceCommands()].filter((c) => !c.startsWith('organizations:'));
    expect(commands.sort()).toEqual([...allowed].sort());
  });
  it('is the policy of the role the StackSet template creates in member accounts', () => {
    const template = parse(readFileSync(new URL('../../policies/ecsguard-audit-role-stackset.yaml', import.meta.url), 'utf8'), { customTags: ['!Ref', '!Sub', '!GetAtt'].map((tag) => ({ tag, resolve: (v: string) => v })) });
    const role = template.Resources.AuditRole.Properties;
    expect(role.Policies[0].PolicyDocument.Statement[0].Action).toEqual(policy.Statement[0].Action);
    expect(role.AssumeRolePolicyDocument.Statement[0].Condition.StringEquals['sts:ExternalId']).toBe('ExternalId');
  });
});

describe('the organisation policy (management side)', () => {
  const org = JSON.parse(readFileSync(new URL('../../policies/ecsguard-organizations.json', import.meta.url), 'utf8'));
  it('grants the organisation listings the collectors can send, and assuming the audit role only', () => {
    const listed = org.Statement.flatMap((s: any) => [s.Action].flat()).filter((a: string) => a.startsWith('organizations:'));
    expect(listed.sort()).toEqual([...sourceCommands()].filter((c) => c.startsWith('organizations:')).sort());
    expect(org.Statement.find((s: any) => s.Action === 'sts:AssumeRole').Resource).toMatch(/:role\/ecsguard-audit$/);
  });
});

/** Every `XCommand` and `paginateX` the collectors use, as IAM actions. */
function sourceCommands(): Set<string> {
  const services: Record<string, string> = { organizations: 'organizations', ecs: 'ecs', iam: 'iam', ssm: 'ssm', kms: 'kms', ec2: 'ec2', cloudtrail: 'cloudtrail', 'cloudwatch-logs': 'logs', sts: 'sts', 'secrets-manager': 'secretsmanager', eventbridge: 'events', scheduler: 'scheduler', sfn: 'states', 'elastic-load-balancing-v2': 'elasticloadbalancing' };
  const out = new Set<string>();
  const dir = new URL('../../src/sources/live/', import.meta.url);
  for (const f of readdirSync(dir).filter((x) => x.startsWith('collect'))) {
    const text = readFileSync(new URL(f, dir), 'utf8');
    for (const m of text.matchAll(/import \{([^}]*)\} from '@aws-sdk\/client-([a-z0-9-]+)'/g)) {
      const service = services[m[2]!]!;
      for (const name of m[1]!.split(',').map((x) => x.trim().replace(/^type /, ''))) {
        const cmd = /^([A-Z][A-Za-z]+)Command$/.exec(name)?.[1] ?? /^paginate([A-Z][A-Za-z]+)$/.exec(name)?.[1];
        if (cmd) out.add(`${service}:${cmd}`);
      }
    }
  }
  return out;
}
