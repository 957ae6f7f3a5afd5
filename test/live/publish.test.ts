// `ecsguard publish securityhub`: the real Security Hub client on loopback (restJson1), batches of
// 100, retries after throttling, refused findings, access denied, and archiving what is gone.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, runCliAsync, tempDir } from '../helpers.js';
import { liveEnv } from './live-helpers.js';
import { RecordingServer } from './recording-server.js';

let server: RecordingServer;
let endpoint: string;
beforeEach(async () => {
  server = new RecordingServer();
  endpoint = await server.start();
  // each import succeeds for every finding sent, unless a test says otherwise
  server.override('securityhub:BatchImportFindings', (p) => ({ status: 200, contentType: 'application/json', body: JSON.stringify({ FailedCount: 0, SuccessCount: (p.Findings as unknown[]).length, FailedFindings: [] }) }));
});
afterEach(async () => {
  await server.stop();
});

/** The examples' findings as ASFF, in a file; `copies` repeats each under new ids. */
function findingsFile(copies = 1): string {
  const dir = tempDir();
  const file = join(dir, 'findings.json');
  const r = runCli(['scan', 'fixtures/examples/ecs-cli', '--no-config', '--format', 'asff', '--asff-account', '123456789012', '--asff-region', 'eu-west-1', '--output', file, '--quiet']);
  expect(r.code).toBe(1);
  if (copies > 1) {
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.Findings = Array.from({ length: copies }, (_, i) => doc.Findings.map((f: any) => ({ ...f, Id: `${f.Id}-${i}` }))).flat();
    writeFileSync(file, JSON.stringify(doc));
  }
  return file;
}

const imports = () => server.log.filter((l) => l.action === 'BatchImportFindings' && l.status === 200).map((l) => l.params.Findings as any[]);
const publish = (file: string, ...extra: string[]) => runCliAsync(['publish', 'securityhub', file, '--endpoint-url', endpoint, ...extra], undefined, liveEnv());

describe('ecsguard publish securityhub', () => {
  it('imports in batches of 100 and archives the active findings of the category it no longer holds', async () => {
    const file = findingsFile(30);
    const total = JSON.parse(readFileSync(file, 'utf8')).Findings.length;
    expect(total).toBeGreaterThan(200);
    const r = await publish(file);
    expect(r.code, r.stderr).toBe(0);
    const batches = imports();
    // the findings, 100 a call, then one call archiving the recorded stale finding
    expect(batches.slice(0, -1).map((b) => b.length)).toEqual([...Array(Math.floor(total / 100)).fill(100), ...(total % 100 ? [total % 100] : [])]);
    const archived = batches[batches.length - 1]!;
    expect(archived.map((f) => [f.Id, f.RecordState])).toEqual([['ecsguard/v1/0000000000000000000000000000dead', 'ARCHIVED']]);
    const query = server.log.find((l) => l.action === 'GetFindings')!.params as any;
    expect(query.Filters.ProductFields).toEqual([{ Key: 'ecsguard/Category', Value: 'ecsguard/files/', Comparison: 'EQUALS' }]);
    expect(query.Filters.ProductArn[0].Value).toBe('arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default');
    expect(r.stderr).toContain(`ecsguard: published ${total} of ${total} findings to Security Hub in eu-west-1, archived 1 no longer reported`);
  }, 60_000);

  it('retries a throttled call; --no-archive reads nothing back', async () => {
    server.fault('securityhub:BatchImportFindings', { kind: 'throttle', times: 2 });
    const r = await publish(findingsFile(), '--no-archive');
    expect(r.code, r.stderr).toBe(0);
    expect(server.calls('securityhub:BatchImportFindings')).toBe(3);
    expect(server.calls('securityhub:GetFindings')).toBe(0);
  }, 60_000);

  it('names each refused finding with its id and code, exit 2', async () => {
    server.override('securityhub:BatchImportFindings', (p) => {
      const f = p.Findings as any[];
      return { status: 200, contentType: 'application/json', body: JSON.stringify({ FailedCount: 1, SuccessCount: f.length - 1, FailedFindings: [{ Id: f[0].Id, ErrorCode: 'InvalidInput', ErrorMessage: 'Finding does not adhere to ASFF' }] }) };
    });
    const r = await publish(findingsFile(), '--no-archive');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ecsguard: .*findings\.json: Security Hub refused finding ecsguard\/v1\/\S+: InvalidInput \(Finding does not adhere to ASFF\)$/m);
  }, 60_000);

  it('access denied is one line naming the policy to attach, exit 2', async () => {
    server.fault('securityhub:BatchImportFindings', { kind: 'access-denied' });
    const r = await publish(findingsFile());
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^ecsguard: .*findings\.json: cannot publish to Security Hub in eu-west-1: access denied \(the role needs policies\/ecsguard-publish-securityhub\.json\)$/)]);
  }, 60_000);

  it('refuses a file that is not ASFF findings, and usage errors, before any call', async () => {
    const dir = tempDir({ 'report.json': JSON.stringify({ tool: { name: 'ecsguard' }, results: [] }) });
    const r = await publish(join(dir, 'report.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ASFF findings file (scan --format asff)');
    expect((await runCliAsync(['publish', 'jira', 'x.json'], undefined, liveEnv())).stderr).toContain('publish sends findings to securityhub');
    expect(server.calls()).toBe(0);
  }, 60_000);
});
