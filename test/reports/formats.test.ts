import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers.js';
import { validateJsonReport, validateSarif } from './report-validators.js';

describe('JSON report', () => {
  const r = runCli(['scan', 'fixtures/examples', '--config', 'fixtures/examples/.ecsguard.yaml', '--format', 'json', '--today', '2026-11-24']);
  const report = JSON.parse(r.stdout);
  it('validates against schemas/report.schema.json', () => {
    const ok = validateJsonReport(report);
    expect(validateJsonReport.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });
  it('counts every status and lists every result with its location', () => {
    expect(report.summary).toMatchObject({ filesScanned: 6, resources: 6, rules: 11, results: { fail: 21, unknown: 7, waived: 1, pass: 31, 'not-applicable': 0 }, errors: 0, failOn: 'low', exitCode: 1 });
    expect(report.results).toHaveLength(60);
    const secret = report.results.find((x: any) => x.messageId === 'plaintext-secret' && x.data.name === 'DB_PASSWORD');
    expect(secret).toMatchObject({ status: 'fail', location: { file: 'fixtures/examples/ecs-cli/shop-web.json', line: 18, pointer: '/containerDefinitions/0/environment/2/value' } });
  });
});

describe('text report', () => {
  it('groups findings by file with file:line, severity, rule, message and fix, then a summary', () => {
    const r = runCli(['scan', 'fixtures/examples/ecs-cli/shop-web.json', '--no-config']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        'Configuration: none (--no-config)',
        'Ignored configuration: fixtures/examples/.ecsguard.yaml, found with the scanned files, is not used (only --config or the .ecsguard.yaml from the working directory up applies)',
        '',
        "fixtures/examples/ecs-cli/shop-web.json",
        "  4:3      high     unknown  ecs-execution-role-scoped  Could not evaluate: execution role arn:aws:iam::123456789012:role/shop-exec is not defined in the scanned files; scan the template that defines it or the live account",
        "  10:5     medium   fail     ecs-non-root-user  Container \"web\" sets no user: it runs as the image's default, often root",
        "                             fix: Set \"user\" on each container to a non-root user or UID (for example \"1000\" or \"app:app\"), and make sure the image's files are readable by it.",
        "  10:5     medium   fail     ecs-readonly-root-filesystem  Container \"web\" has a writable root filesystem",
        "                             fix: Set \"readonlyRootFilesystem\": true on each container, and give the paths it must write to a volume (a bind mount or an ephemeral volume) instead.",
        "  18:34    high     fail     ecs-no-plaintext-secrets  Container \"web\" sets environment variable \"DB_PASSWORD\" to a plaintext secret (literal value under a secret name); inject it with \"secrets\"/\"secretOptions\" and valueFrom",
        "                             fix: Store the value in Secrets Manager or as a SecureString parameter, reference it from `secrets` (or `secretOptions` for log driver options) with valueFrom, and rotate the exposed value.",
        "  26:9     medium   fail     ecs-awslogs-stream-prefix  Container \"web\" awslogs configuration lacks awslogs-stream-prefix",
        "                             fix: Give every container an awslogs log configuration that sets awslogs-group, awslogs-region and awslogs-stream-prefix.",
        "",
        "By NIST CSF 2.0 function:",
        "  Identify (ID)  pass          0 failed, 0 unknown, 0 waived, 1 passed",
        "  Protect (PR)   fail          4 failed, 1 unknown, 0 waived, 4 passed",
        "  Detect (DE)    not-evaluated 0 failed, 0 unknown, 0 waived, 0 passed",
        "By runbook control statement:",
        "  1   fail          All Data at rest must be encrypted and use a CG BYOK encrypti... (5 rules)",
        "  2   not covered   All Data in transit must be encrypted using certificates usin...",
        "  3   not-evaluated Keys storied in a Key Management System (KMS) should be creat... (1 rule)",
        "  4   fail          AWS services should have logging enabled and those logs deliv... (6 rules)",
        "  6   pass          Any AWS service used by CG should not be directly available t... (3 rules)",
        "",
        "1 file scanned, 1 resource, 11 rules: 4 failed, 1 could not be evaluated, 0 waived, 5 passed, 0 not applicable",
        "exit 1: failing findings at or above low",
        "",
      ].join('\n'),
    );
  });
});

describe('Markdown report', () => {
  it('has a summary, a table of failing findings with fixes, unknowns and waivers', () => {
    const r = runCli(['scan', 'fixtures/examples', '--config', 'fixtures/examples/.ecsguard.yaml', '--format', 'markdown', '--today', '2026-11-24']);
    expect(r.stdout).toContain('## ecsguard');
    expect(r.stdout).toContain('**21 failed** · 7 could not be evaluated · 1 waived');
    expect(r.stdout).toContain('- Configuration\\: fixtures/examples/\\.ecsguard\\.yaml (--config)\\: fail-on low; 1 active waiver (expiring 2099-12-31)');
    expect(r.stdout).toContain('| Severity | Rule | Location | Finding | Fix |');
    expect(r.stdout).toContain('| high | `ecs-no-plaintext-secrets` | `fixtures/examples/ecs-cli/shop-web.json:18` |');
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
  it('reports a path it cannot write as a one-line error and leaves nothing behind', () => {
    const dir = tempDir({ 'td.json': readFileSync(`${ROOT}/fixtures/examples/ecs-cli/shop-web.json`), 'taken': 'a file, not a directory' });
    const r = runCli(['scan', 'td.json', '--no-config', '--output', 'taken/report.txt'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('ecsguard: taken/report.txt: cannot write the report: a file stands where a directory is needed\n');
  });
});
