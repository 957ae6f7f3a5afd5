// --format asff: Security Hub findings (ASFF 2018-10-08) that validate against the schema kept in
// schemas/asff.schema.json, with stable ids, compliance ids, and resources of live findings.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_RULES, runCli, tempDir } from '../helpers.js';
import { validateAsff } from './report-validators.js';

const SNAPSHOT = JSON.stringify({
  schemaVersion: '1.0', tool: { name: 'ecsguard', version: '0' }, collectedAt: '2026-12-01T00:00:00Z',
  scope: { accounts: ['210987654321'], regions: ['eu-west-1'], allRevisions: false },
  resources: [{ type: 'ecs:task-definition', id: 'arn:aws:ecs:eu-west-1:210987654321:task-definition/web:3', name: 'web', account: '210987654321', region: 'eu-west-1', data: { family: 'web', containerDefinitions: [{ name: 'web', image: 'nginx', privileged: true }] } }],
  gaps: [], calls: { total: 1, failed: 0, byOperation: {} },
});

describe('ASFF', () => {
  const args = ['scan', 'fixtures/examples', '--config', 'fixtures/examples/.ecsguard.yaml', '--today', '2026-11-24', '--format', 'asff', '--asff-account', '123456789012', '--asff-region', 'eu-west-1'];

  it('validates against the schema kept in the repository, one finding per result that is not not-applicable', () => {
    const r = runCli(args);
    expect(r.code).toBe(1);
    const asff = JSON.parse(r.stdout);
    expect(validateAsff(asff), JSON.stringify(validateAsff.errors?.slice(0, 3))).toBe(true);
    const json = JSON.parse(runCli(args.map((a) => (a === 'asff' ? 'json' : a)).filter((a, i, all) => !['--asff-account', '--asff-region'].includes(a) && !['--asff-account', '--asff-region'].includes(all[i - 1]!))).stdout);
    expect(asff.Findings).toHaveLength(json.results.filter((x: any) => x.status !== 'not-applicable').length);
    const ids = asff.Findings.map((f: any) => f.Id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(asff.Findings.every((f: any) => f.ProductArn === 'arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default')).toBe(true);
    // the secrets the examples hold are in no finding
    expect(r.stdout).not.toMatch(/hunter2|wJalrXUtnFEMI|AKIA[0-9A-Z]{16}/);
  });

  it('maps statuses, severities, compliance ids and the fix; ids stay the same run after run', () => {
    const first = JSON.parse(runCli(args).stdout).Findings;
    const again = JSON.parse(runCli(args).stdout).Findings;
    expect(again.map((f: any) => f.Id)).toEqual(first.map((f: any) => f.Id));
    const privileged = first.find((f: any) => f.GeneratorId === 'ecsguard/ecs-no-privileged' && f.Compliance.Status === 'FAILED');
    expect(privileged).toMatchObject({ Severity: { Label: 'HIGH', Original: 'high' }, Workflow: { Status: 'NEW' }, RecordState: 'ACTIVE', Resources: [{ Type: 'Other' }] });
    expect(privileged.Compliance.RelatedRequirements).toEqual(expect.arrayContaining([expect.stringMatching(/^NIST CSF 2\.0 /), expect.stringMatching(/^NIST CSF 1\.1 /), expect.stringMatching(/^ECS runbook /)]));
    expect(privileged.Remediation.Recommendation.Url).toMatch(/^https:\/\//);
    const waived = first.find((f: any) => f.Workflow.Status === 'SUPPRESSED');
    expect(waived).toMatchObject({ Compliance: { Status: 'FAILED' }, Note: { UpdatedBy: expect.any(String), Text: expect.stringMatching(/^waived (until [0-9]{4}-[0-9]{2}-[0-9]{2}|with no expiry): /) } });
    expect(first.find((f: any) => f.Compliance.Status === 'NOT_AVAILABLE').ProductFields['ecsguard/Reason']).toBeTruthy();
    expect(first.find((f: any) => f.Compliance.Status === 'PASSED').Workflow.Status).toBe('RESOLVED');
  });

  it('live findings name the resource ARN, its region and account; the importing account defaults to theirs', () => {
    const dir = tempDir({ 'snap.json': SNAPSHOT });
    const r = runCli(['scan', '--inventory', join(dir, 'snap.json'), '--no-config', ...FIXTURE_RULES, '--format', 'asff']);
    const asff = JSON.parse(r.stdout);
    expect(validateAsff(asff)).toBe(true);
    const f = asff.Findings.find((x: any) => x.GeneratorId === 'ecsguard/fx-no-privileged');
    expect(f).toMatchObject({
      AwsAccountId: '210987654321',
      ProductArn: 'arn:aws:securityhub:eu-west-1:210987654321:product/210987654321/default',
      Resources: [{ Type: 'AwsEcsTaskDefinition', Id: 'arn:aws:ecs:eu-west-1:210987654321:task-definition/web:3', Region: 'eu-west-1', Partition: 'aws' }],
    });
  });

  it('a file scan without the importing account is a usage error, and writes nothing', () => {
    const dir = tempDir();
    const out = join(dir, 'findings.json');
    writeFileSync(join(dir, 'keep'), '');
    const r = runCli(['scan', 'fixtures/examples/ecs-cli/shop-web.json', '--no-config', '--format', 'asff', '--output', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format asff needs the account and region whose Security Hub imports the findings');
    expect(existsSync(out)).toBe(false);
    expect(runCli(['scan', 'fixtures/examples/ecs-cli/shop-web.json', '--no-config', '--format', 'asff', '--asff-account', '12345', '--asff-region', 'eu-west-1']).stderr).toContain('--asff-account must be a 12-digit AWS account id');
  });
});
