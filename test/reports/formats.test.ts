import { createReadStream, lstatSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_RULES, ROOT, runCli, runCliAsync, tempDir } from '../helpers.js';
import { mkfifoSync } from '../sources/fifo.js';
import { validateJsonReport, validateSarif } from './report-validators.js';

describe('JSON report', () => {
  // on the fixture rule set (test/golden/examples.json is this report whole)
  const r = runCli(['scan', 'fixtures/examples', '--config', 'test/golden/ecsguard.yaml', '--format', 'json', '--today', '2026-11-24', ...FIXTURE_RULES]);
  const report = JSON.parse(r.stdout);
  it('validates against schemas/report.schema.json', () => {
    const ok = validateJsonReport(report);
    expect(validateJsonReport.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });
  it('counts every status and lists every result with its location', () => {
    // the summary counts what the report lists: every status, every resource evaluated
    const counts: Record<string, number> = { fail: 0, unknown: 0, waived: 0, pass: 0, 'not-applicable': 0 };
    for (const x of report.results) counts[x.status]++;
    expect(report.summary).toMatchObject({ rules: 4, results: counts, errors: 0, failOn: 'low', exitCode: 1 });
    expect(counts.fail).toBeGreaterThan(0);
    expect(report.summary.resources).toBe(new Set(report.results.map((x: any) => `${x.resource.file}|${x.resource.id}`)).size);
    const total = Object.values(report.summary.results as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(report.results).toHaveLength(total);
    // each result on a line of its own, the rest of the report indented
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('    {"ruleId":'))).toHaveLength(total);
    expect(lines).toContain('  "summary": {');
    const secret = report.results.find((x: any) => x.messageId === 'plaintext-secret' && x.data.name === 'DB_PASSWORD' && x.location.file.endsWith('.json'));
    expect(secret).toMatchObject({ status: 'fail', location: { file: 'fixtures/examples/ecs-cli/shop-web.json', line: 18, pointer: '/containerDefinitions/0/environment/2/value' } });
  });
  it('validates with the shipped rules too', () => {
    const shipped = JSON.parse(runCli(['scan', 'fixtures/examples', '--config', 'fixtures/examples/.ecsguard.yaml', '--format', 'json', '--today', '2026-11-24']).stdout);
    expect(validateJsonReport(shipped)).toBe(true);
    expect(shipped.summary.results.fail).toBeGreaterThan(0);
  });
});

describe('Markdown report', () => {
  it('has a summary, a table of failing findings with fixes, unknowns and waivers', () => {
    const args = ['scan', 'fixtures/examples', '--config', 'test/golden/ecsguard.yaml', '--today', '2026-11-24', ...FIXTURE_RULES];
    const r = runCli([...args, '--format', 'markdown']);
    const counts = JSON.parse(runCli([...args, '--format', 'json']).stdout).summary.results;
    expect(r.stdout).toContain('## ecsguard');
    expect(r.stdout).toContain(`**${counts.fail} failed** · ${counts.unknown} could not be evaluated · ${counts.waived} waived`);
    expect(r.stdout).toContain('- Configuration\\: test/golden/ecsguard\\.yaml (--config)\\: fail-on low; 1 active waiver (expiring 2099-12-31)');
    expect(r.stdout).toContain('| Severity | Rule | Location | Finding | Fix |');
    expect(r.stdout).toContain('| high | `fx-plaintext-secrets` | `fixtures/examples/ecs-cli/shop-web.json:18` |');
    expect(r.stdout).toContain('### Could not be evaluated');
    expect(r.stdout).toContain('### Waived');
  });
  it('escapes what a file could use to add links, HTML, mentions or cells to a comment', () => {
    const name = 'a](https://evil.example) <img src=x> @org/admins | b`c';
    const dir = tempDir({ 'td|`x`.json': JSON.stringify({ family: 'x', containerDefinitions: [{ name, image: 'nginx:1.27', privileged: true }] }) });
    const out = runCli(['scan', '.', '--no-config', '--format', 'markdown'], dir).stdout;
    const row = out.split('\n').find((l) => l.includes('ecs-no-privileged'))!;
    expect(row).toContain('Container "a\\](https\\://evil\\.example) \\<img src=x\\> \\@org/admins \\| b\\`c" runs privileged');
    expect(row).not.toContain('https://');
    expect(row).toContain('`` td\\|`x`.json:1 ``');
    // five cells: every | left in the row is a cell border or escaped
    expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(7);
  });
});

describe('secret values never appear in any output', () => {
  const secrets = {
    password: 'Tr0ub4dor&3-unique',
    akia: 'AKIAQYLPMN5HHHFPZAM2',
    ghp: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
    url: 'Sup3rS3cretUrlPw',
    token: 'tok-9f8e7d6c5b-unique',
    conn: 'Pa55word-conn-unique',
  };
  const td = {
    family: 'leaky',
    containerDefinitions: [
      {
        name: 'app',
        environment: [
          { name: 'DB_PASSWORD', value: secrets.password },
          { name: 'UPLOAD', value: secrets.akia },
          { name: 'DATABASE_URL', value: `postgres://u:${secrets.url}@db/x` },
          { name: 'SQL', value: `Server=db;Password=${secrets.conn};` },
        ],
        dockerLabels: { ci: secrets.ghp },
        command: ['--token', secrets.token],
      },
    ],
  };
  const dir = tempDir({ 'leaky.json': JSON.stringify(td, null, 2), 'broken.json': `{"containerDefinitions": [{"environment": [{"name": "PASSWORD", "value": "${secrets.password}"}}` });
  for (const format of ['text', 'json', 'sarif', 'markdown']) {
    it(`in ${format}, stdout or stderr, including errors`, () => {
      const r = runCli(['scan', '.', '--no-config', '--format', format, '--verbose'], dir);
      expect(r.code).toBe(2);
      const all = r.stdout + r.stderr;
      expect(all).toContain('DB_PASSWORD');
      for (const v of Object.values(secrets)) expect(all).not.toContain(v);
      if (format === 'sarif') expect(validateSarif(JSON.parse(r.stdout))).toBe(true);
      if (format === 'json') expect(JSON.parse(r.stdout).results.filter((x: any) => x.status === 'fail' && x.ruleId === 'ecs-no-plaintext-secrets')).toHaveLength(6);
    });
  }
});

describe('--output', () => {
  it('creates the directory and writes the report whole', () => {
    const dir = tempDir({ 'td.json': readFileSync(`${ROOT}/fixtures/examples/ecs-cli/shop-web.json`) });
    const r = runCli(['scan', 'td.json', '--no-config', '--format', 'sarif', '--output', 'reports/out/ecsguard.sarif'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(validateSarif(JSON.parse(readFileSync(`${dir}/reports/out/ecsguard.sarif`, 'utf8')))).toBe(true);
  });
  it('writes into a named pipe or device, never renaming over it; through a symbolic link, keeping the link', async () => {
    const dir = tempDir({ 'td.json': readFileSync(`${ROOT}/fixtures/examples/ecs-cli/shop-web.json`), 'reports/last.json': '{}' });
    mkfifoSync(join(dir, 'pipe'));
    // a reader on the pipe, as a tool that consumes the report would be
    const read = new Promise<string>((done) => {
      let text = '';
      createReadStream(join(dir, 'pipe'), 'utf8').on('data', (d) => (text += d)).on('end', () => done(text));
    });
    const r = await runCliAsync(['scan', 'td.json', '--no-config', '--format', 'json', '--output', 'pipe'], dir);
    expect(r.code).toBe(1);
    expect(JSON.parse(await read).summary.resources).toBe(1);
    expect(lstatSync(join(dir, 'pipe')).isFIFO()).toBe(true);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    symlinkSync('reports/last.json', join(dir, 'latest.json'));
    expect(runCli(['scan', 'td.json', '--no-config', '--format', 'json', '--output', 'latest.json'], dir).code).toBe(1);
    expect(lstatSync(join(dir, 'latest.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'reports/last.json'), 'utf8')).summary.resources).toBe(1);
  });
  it('reports a path it cannot write as a one-line error and leaves nothing behind', () => {
    const dir = tempDir({ 'td.json': readFileSync(`${ROOT}/fixtures/examples/ecs-cli/shop-web.json`), 'taken': 'a file, not a directory' });
    const r = runCli(['scan', 'td.json', '--no-config', '--output', 'taken/report.txt'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('ecsguard: taken/report.txt: cannot write the report: a file stands where a directory is needed\n');
  });
});
