// The live commands as users run them: ecsguard scan --live, collect, scan --inventory.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_RULES, runCli, runCliAsync, tempDir } from '../helpers.js';
import { validateSarif } from '../reports/report-validators.js';
import { RecordingServer } from './recording-server.js';
import { liveEnv, useRecordingServer } from './live-helpers.js';

const live = useRecordingServer('all');

const liveCli = (dir: string, ...args: string[]) => runCliAsync([...args, '--endpoint-url', live.endpoint, '--region', 'eu-west-1'], dir, liveEnv());

describe('ecsguard scan --live', () => {
  it('collects, writes the snapshot beside the report, and reports findings on its lines in valid SARIF', async () => {
    const dir = tempDir();
    const r = await liveCli(dir, 'scan', '--live', '--format', 'sarif', '--output', 'reports/live.sarif', '--no-config', ...FIXTURE_RULES);
    expect(r.stderr).toMatch(/^ecsguard: wrote reports\/live\.inventory\.json: 21 resources from [0-9]+ calls\n$/);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(readFileSync(`${dir}/reports/live.sarif`, 'utf8'));
    expect(validateSarif(sarif), JSON.stringify(validateSarif.errors?.slice(0, 3))).toBe(true);
    const run = sarif.runs[0];
    expect(run.automationDetails.id).toBe('ecsguard/live/123456789012/eu-west-1/');
    const failing = run.results.filter((x: any) => x.kind === 'fail').map((x: any) => x.ruleId).sort();
    // what the recorded demo account gets wrong, by the fixture rules (pipeline.test.ts has each shipped rule's verdict)
    expect(failing).toEqual(['fx-cluster-insights']);
    for (const x of run.results) {
      expect(x.locations[0].physicalLocation.artifactLocation.uri).toBe('reports/live.inventory.json');
      expect(x.locations[0].physicalLocation.region.startLine).toBeGreaterThan(1);
      expect(x.locations[0].logicalLocations[0].fullyQualifiedName).toMatch(/^(arn:aws:|vpc-)/);
    }
    const snapshot = JSON.parse(readFileSync(`${dir}/reports/live.inventory.json`, 'utf8'));
    expect(snapshot.calls.total).toBeGreaterThan(20);
  });

  it('keeps the AWS SDK Node version notice out of the output', async () => {
    const dir = tempDir();
    const r = await liveCli(dir, 'scan', '--live', '--no-config', '--quiet');
    expect(r.stderr).not.toMatch(/NodeVersionSupportWarning|DeprecationWarning/);
    expect(r.stdout).toContain('reports/ecsguard-inventory.json');
  });

  it('makes unknowns exit 1 unless --allow-unknown', () => {
    const s2 = new RecordingServer().fault('iam:GetRole', { kind: 'access-denied' }).fault('ssm:DescribeParameters', { kind: 'access-denied' });
    return (async () => {
      const ep = await s2.start();
      try {
        const dir = tempDir({ '.ecsguard.yaml': 'rules:\n  vpc-endpoints-present: { enabled: false }\n' });
        // --fail-on none: failing findings never set the exit code, so only unknowns can
        const args = ['scan', '--live', '--endpoint-url', ep, '--region', 'eu-west-1', '--format', 'json', '--quiet', '--fail-on', 'none'];
        const strict = await runCliAsync(args, dir, liveEnv());
        const report = JSON.parse(strict.stdout);
        expect(report.summary.results.unknown).toBeGreaterThan(0);
        expect(strict.code).toBe(1);
        expect((await runCliAsync([...args, '--allow-unknown'], dir, liveEnv())).code).toBe(0);
      } finally {
        await s2.stop();
      }
    })();
  });
});

describe('ecsguard collect, then scan --inventory', () => {
  it('writes a snapshot and evaluates it later without AWS', async () => {
    const dir = tempDir();
    const c = await liveCli(dir, 'collect', '--out', 'snap/inventory.json', '--quiet');
    expect(c.code).toBe(0);
    expect(c.stderr).toMatch(/^ecsguard: wrote snap\/inventory\.json: 21 resources from [0-9]+ calls\n$/);
    const calls = live.server.log.length;
    const s = runCli(['scan', '--inventory', 'snap/inventory.json', '--no-config'], dir, liveEnv());
    expect(live.server.log.length).toBe(calls);
    expect(s.code).toBe(1);
    expect(s.stdout).toContain('snap/inventory.json');
    expect(s.stdout).toContain('vpc-endpoints-present');
  });

  it('explains what is missing in one line', () => {
    const dir = tempDir();
    expect(runCli(['collect', '--region', 'eu-west-1'], dir).stderr).toBe('ecsguard: collect needs --out FILE for the snapshot\nRun "ecsguard collect --help" for usage.\n');
    expect(runCli(['collect', '--out', 'x.json'], dir).stderr).toMatch(/^ecsguard: say which regions: --region eu-west-1\[,us-east-1\] or --all-regions \(or live\.regions in \.ecsguard\.yaml\)\n/);
    expect(runCli(['collect', '--out', 'x.json', '--region', 'mars'], dir).stderr).toMatch(/^ecsguard: --region: "mars" is not a region name/);
    expect(runCli(['scan', 'deploy', '--live', '--region', 'eu-west-1'], dir).stderr).toMatch(/^ecsguard: --live scans no paths/);
    expect(runCli(['scan', '--region', 'eu-west-1'], dir).stderr).toMatch(/^ecsguard: --region needs --live/);
    expect(runCli(['scan', '--inventory', 'missing.json'], dir).stdout).toContain('missing.json: no such file or directory');
  });
});

describe('credentials and scope', () => {
  it('--role-arn assumes the role with the external id, then audits as it', async () => {
    const s = new RecordingServer();
    s.override('sts:AssumeRole', () => ({
      status: 200,
      contentType: 'text/xml',
      body: '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIAASSUMEDASSUMED00</AccessKeyId><SecretAccessKey>assumed-secret</SecretAccessKey><SessionToken>assumed-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROA:ecsguard-audit</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/ecsguard-audit/ecsguard-audit</Arn></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleResponse>',
    }));
    const ep = await s.start();
    try {
      const dir = tempDir();
      const r = await runCliAsync(['collect', '--out', 'inv.json', '--region', 'eu-west-1', '--endpoint-url', ep, '--role-arn', 'arn:aws:iam::123456789012:role/ecsguard-audit', '--external-id', 'X-123', '--quiet'], dir, liveEnv());
      expect(r.stderr).toMatch(/^ecsguard: wrote inv\.json: 21 resources/);
      const assume = s.log.find((l) => l.action === 'AssumeRole')!;
      expect(assume.params).toMatchObject({ RoleArn: 'arn:aws:iam::123456789012:role/ecsguard-audit', ExternalId: 'X-123', RoleSessionName: 'ecsguard-audit' });
    } finally {
      await s.stop();
    }
  });

  it('--profile reads the shared credentials file', async () => {
    const dir = tempDir({ credentials: '[audit]\naws_access_key_id = AKIDPROFILEPROFILE00\naws_secret_access_key = profile-secret\n' });
    const env = { ...liveEnv(), AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_SHARED_CREDENTIALS_FILE: `${dir}/credentials` };
    const r = await runCliAsync(['collect', '--out', 'inv.json', '--region', 'eu-west-1', '--endpoint-url', live.endpoint, '--profile', 'audit', '--quiet'], dir, env);
    expect(r.stderr).toMatch(/^ecsguard: wrote inv\.json: 21 resources/);
  });

  it('--all-regions audits the regions enabled in the account', async () => {
    const dir = tempDir();
    const r = await runCliAsync(['collect', '--out', 'inv.json', '--all-regions', '--endpoint-url', live.endpoint, '--quiet'], dir, liveEnv());
    expect(r.code).toBe(0);
    const snap = JSON.parse(readFileSync(`${dir}/inv.json`, 'utf8'));
    expect(snap.scope.regions).toContain('eu-west-1');
    expect(snap.scope.regions).not.toContain('ap-east-1'); // not opted in
    expect(snap.scope.regions.length).toBeGreaterThan(10);
  });
});
