// An organisation-wide audit through the real SDK clients, against the recorded demo
// organisation: management account 123456789012, members shop-prod (the audit role exists),
// shop-staging and playground (it does not: AssumeRole is denied). Members' own resources are the
// recorded account's, answered under their account id.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/engine/config.js';
import { runCliAsync, tempDir } from '../helpers.js';
import { collectFrom, liveEnv } from './live-helpers.js';
import { loadRecordings, RECORDINGS, RecordingServer, type Recording } from './recording-server.js';

const MANAGEMENT = '123456789012';
const PROD = '613115320967';
const STAGING = '111008867341';
const PLAYGROUND = '973173779426';
const PLATFORM_OU = 'ou-h5ka-j3oeat38';

const orgRecordings = loadRecordings(join(RECORDINGS, 'org'));
const byFile = (service: string, file: string): Recording => JSON.parse(readFileSync(join(RECORDINGS, 'org', service, file), 'utf8')) as Recording;

/** The demo organisation: the management key is the tests' own; the role's credentials are shop-prod's. */
function organisationServer(): RecordingServer {
  const server = new RecordingServer([...loadRecordings(), ...orgRecordings.filter((r) => r.service === 'organizations')]);
  const granted = byFile('sts', 'AssumeRole.json').response;
  const denied = byFile('sts', 'AssumeRole-2.json').response;
  const roleKey = /<AccessKeyId>([^<]+)</.exec(granted.body)![1]!;
  server.asAccount(roleKey, PROD);
  server.override('sts:AssumeRole', (params) => {
    const account = String(params.RoleArn).split(':')[4];
    if (account !== PROD || params.ExternalId !== 'shop-audit') return { ...denied, body: denied.body.replaceAll(PLAYGROUND, account ?? '') };
    // the recording's expiry has passed: a fresh one, so the SDK does not refresh on every call
    return { ...granted, body: granted.body.replace(/<Expiration>[^<]+</, `<Expiration>${new Date(Date.now() + 3600_000).toISOString()}<`) };
  });
  server.override('sts:GetCallerIdentity', (_params, request) => (request.accessKeyId === roleKey ? byFile('sts', 'GetCallerIdentity-2.json') : byFile('sts', 'GetCallerIdentity.json')).response);
  return server;
}

let server: RecordingServer;
let endpoint: string;
beforeEach(async () => {
  server = organisationServer();
  endpoint = await server.start();
});
afterEach(async () => server.stop());

describe('an organisation audit', () => {
  it('lists the active accounts page by page, audits the management account and each member that lets the role in', async () => {
    const inv = await collectFrom(server, endpoint, { org: { role: 'ecsguard-audit', externalId: 'shop-audit' } });
    expect(server.calls('organizations:ListAccounts')).toBe(2);
    expect(inv.scope.accounts).toEqual([MANAGEMENT, PROD]);
    // the member's resources are its own, under its account id
    const prodDefs = inv.resources.filter((r) => r.type === 'ecs:task-definition' && r.account === PROD);
    expect(prodDefs.map((r) => r.id)).toEqual([`arn:aws:ecs:eu-west-1:${PROD}:task-definition/shop-web:1`]);
    expect(inv.resources.filter((r) => r.type === 'ecs:task-definition' && r.account === MANAGEMENT)).toHaveLength(1);
    // every AssumeRole carried the external id, for the member's role by name
    const assumed = server.log.filter((l) => l.action === 'AssumeRole');
    expect(assumed.map((l) => l.params.RoleArn).sort()).toEqual([PLAYGROUND, STAGING, PROD].sort().map((a) => `arn:aws:iam::${a}:role/ecsguard-audit`));
    expect(new Set(assumed.map((l) => l.params.ExternalId))).toEqual(new Set(['shop-audit']));
  });

  it("makes a member whose role is missing that account's gap: an unseen account, not the run's failure", async () => {
    const inv = await collectFrom(server, endpoint, { org: { role: 'ecsguard-audit', externalId: 'shop-audit' }, accountConcurrency: 1 });
    const denied = inv.gaps.filter((g) => g.operation === 'AssumeRole');
    expect(denied.map((g) => [g.account, g.code]).sort()).toEqual([
      [STAGING, 'access-denied'],
      [PLAYGROUND, 'access-denied'],
    ].sort());
    for (const g of denied) expect(g.affects.types).toEqual(['*']);
    const unseen = inv.resources.filter((r) => r.type === 'aws:account' && r.unseen);
    expect(unseen.map((r) => [r.id, r.name])).toEqual([
      [STAGING, 'shop-staging'],
      [PLAYGROUND, 'playground'],
    ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)));
  });

  it('limits the audit to organisational units, recursively, and leaves out excluded accounts', async () => {
    const inv = await collectFrom(server, endpoint, { org: { role: 'ecsguard-audit', externalId: 'shop-audit', units: [PLATFORM_OU], exclude: [STAGING] } });
    expect(server.calls('organizations:ListAccounts')).toBe(0);
    expect(server.log.filter((l) => l.action === 'ListOrganizationalUnitsForParent').map((l) => l.params.ParentId)).toEqual([PLATFORM_OU]);
    expect(inv.scope.accounts).toEqual([PROD]);
    expect(inv.gaps).toEqual([]);
  });

  it('takes an external id per account from the configured accounts', async () => {
    const inv = await collectFrom(server, endpoint, { org: { role: 'ecsguard-audit', units: [PLATFORM_OU], exclude: [STAGING] }, accounts: [{ id: PROD, externalId: 'shop-audit' }] });
    expect(inv.scope.accounts).toEqual([PROD]);
  });

  it('without the organisation listing, nothing is audited: the failed call says why', async () => {
    server.fault('organizations:ListAccounts', { kind: 'access-denied' });
    const inv = await collectFrom(server, endpoint, { org: { role: 'ecsguard-audit' } });
    expect(inv.scope.accounts).toEqual([]);
    expect(inv.gaps.map((g) => `${g.service}:${g.operation}:${g.code}`)).toEqual(['organizations:ListAccounts:access-denied']);
  });
});

describe('ecsguard collect --org, then scan', () => {
  it('exits 1 naming the accounts it could not enter; their checks are unknown, none pass or say "not applicable"', async () => {
    const dir = tempDir();
    const c = await runCliAsync(['collect', '--org', '--org-role', 'ecsguard-audit', '--external-id', 'shop-audit', '--region', 'eu-west-1', '--endpoint-url', endpoint, '--out', 'org.json', '--no-config', '--quiet'], dir, liveEnv());
    expect(c.code).toBe(1);
    expect(c.stderr).toContain(`sts:AssumeRole in ${STAGING} (access-denied)`);
    expect(c.stderr).toContain(`sts:AssumeRole in ${PLAYGROUND} (access-denied)`);
    const s = await runCliAsync(['scan', '--inventory', 'org.json', '--format', 'json', '--no-config'], dir);
    expect(s.code).toBe(1);
    const report = JSON.parse(s.stdout);
    for (const account of [STAGING, PLAYGROUND]) {
      const theirs = report.results.filter((r: any) => r.resource.account === account);
      expect(theirs.length).toBeGreaterThan(10);
      expect(new Set(theirs.map((r: any) => r.status))).toEqual(new Set(['unknown']));
    }
    const prod = report.results.filter((r: any) => r.resource.account === PROD);
    expect(prod.some((r: any) => r.status === 'pass')).toBe(true);
    expect(prod.some((r: any) => r.status === 'fail')).toBe(true);
  });

  it('sharded by account and merged, the audit is the organisation-wide one', async () => {
    const dir = tempDir();
    const collect = (...args: string[]) => runCliAsync(['collect', '--region', 'eu-west-1', '--endpoint-url', endpoint, '--no-config', '--quiet', ...args], dir, liveEnv());
    expect((await collect('--out', 'management.json')).code).toBe(0);
    expect((await collect('--role-arn', `arn:aws:iam::${PROD}:role/ecsguard-audit`, '--external-id', 'shop-audit', '--out', 'prod.json')).code).toBe(0);
    expect((await collect('--org', '--org-role', 'ecsguard-audit', '--external-id', 'shop-audit', '--exclude-account', `${STAGING},${PLAYGROUND}`, '--out', 'whole.json')).code).toBe(0);
    const m = await runCliAsync(['merge', 'management.json', 'prod.json', '--output', 'merged.json'], dir);
    expect(m.stderr).toMatch(/^ecsguard: wrote merged\.json: 2 inventory snapshots merged, [0-9]+ resources of 2 accounts\n$/);
    expect(m.code).toBe(0);
    const scan = async (f: string) => JSON.parse((await runCliAsync(['scan', '--inventory', f, '--format', 'json', '--no-config'], dir)).stdout);
    const [merged, whole] = [await scan('merged.json'), await scan('whole.json')];
    const verdicts = (rep: any) => rep.results.map((r: any) => `${r.ruleId} ${r.status} ${r.resource.account} ${r.resource.id} ${r.fingerprint ?? ''}`).sort();
    expect(verdicts(merged)).toEqual(verdicts(whole));
    // the same account twice is refused
    const twice = await runCliAsync(['merge', 'prod.json', 'whole.json', '--output', 'bad.json'], dir);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/^ecsguard: whole\.json: .* of account 613115320967 is in both prod\.json and whole\.json/);
  });

  it('takes regions, the organisation role and concurrency from .ecsguard.yaml', async () => {
    const dir = tempDir({
      '.ecsguard.yaml': ['live:', '  regions: [eu-west-1]', '  account-concurrency: 2', '  org:', '    role: ecsguard-audit', `    units: [${PLATFORM_OU}]`, `    exclude: ["${STAGING}"]`, '    external-id: shop-audit', ''].join('\n'),
    });
    const c = await runCliAsync(['collect', '--endpoint-url', endpoint, '--out', 'org.json', '--quiet'], dir, liveEnv());
    expect(c.stderr).toMatch(/^ecsguard: wrote org\.json: [0-9]+ resources from [0-9]+ calls\n$/);
    expect(c.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'org.json'), 'utf8')).scope.accounts).toEqual([PROD]);
  });

  it("accepts the README's live: example", () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    const block = /```yaml\n(live:\n[\s\S]*?)```/.exec(readme)![1]!;
    const dir = tempDir({ '.ecsguard.yaml': block });
    const loaded = loadConfig(join(dir, '.ecsguard.yaml'), dir);
    expect(loaded.ok && loaded.config.live).toMatchObject({ regions: ['eu-west-1', 'us-east-1'], accountConcurrency: 4, org: { role: 'ecsguard-audit', exclude: ['999999999999'] }, accounts: [{ id: '222233334444', externalId: 'its-own-external-id' }] });
  });

  it('refuses bad live settings with the file and line, and bad flags in one line', async () => {
    const dir = tempDir({ '.ecsguard.yaml': 'live:\n  regions: [eu-west-1]\n  account-concurrency: 0\n' });
    const c = await runCliAsync(['collect', '--endpoint-url', endpoint, '--out', 'org.json'], dir, liveEnv());
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/^ecsguard: \.ecsguard\.yaml:3:.*account-concurrency/);
    const flags = async (...args: string[]) => (await runCliAsync(['collect', '--out', 'x.json', '--region', 'eu-west-1', '--no-config', ...args], dir, liveEnv())).stderr.split('\n')[0];
    expect(await flags('--org')).toBe('ecsguard: --org needs --org-role NAME: the role to assume in every member account');
    expect(await flags('--org-role', 'x')).toBe('ecsguard: --org-role needs --org');
    expect(await flags('--org', '--org-role', 'a b')).toBe('ecsguard: --org-role: "a b" is not an IAM role name');
    expect(await flags('--org', '--org-role', 'r', '--org-ou', 'Platform')).toMatch(/^ecsguard: --org-ou: "Platform" is not an organisational unit id/);
    expect(await flags('--org', '--org-role', 'r', '--exclude-account', '12')).toBe('ecsguard: --exclude-account: "12" is not a 12-digit account id');
    expect(await flags('--org', '--org-role', 'r', '--account-concurrency', '0')).toBe('ecsguard: --account-concurrency must be a number from 1 to 64');
  });
});
