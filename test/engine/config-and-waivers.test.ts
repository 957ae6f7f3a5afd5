import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FIXTURE_RULES, ROOT, runCli, tempDir } from '../helpers.js';

const TD = readFileSync(`${ROOT}/fixtures/examples/ecs-cli/shop-web.json`, 'utf8');
const json = (r: { stdout: string }) => JSON.parse(r.stdout);

describe('.ecsguard.yaml', () => {
  it('is found from the working directory upward: rules off, severities and fail-on set', () => {
    const dir = tempDir({
      '.ecsguard.yaml': 'fail-on: high\nrules:\n  ecs-awslogs-stream-prefix: { enabled: false }\n  ecs-no-plaintext-secrets: { severity: critical }\n',
      'deploy/web/td.json': TD,
    });
    const r = runCli(['scan', 'deploy/web', '--format', 'json'], dir);
    const report = json(r);
    expect(report.rules.map((x: any) => x.id)).not.toContain('ecs-awslogs-stream-prefix');
    expect(report.results.find((x: any) => x.ruleId === 'ecs-no-plaintext-secrets').severity).toBe('critical');
    expect(report.summary.failOn).toBe('high');
    expect(r.code).toBe(1);
  });
  it('--fail-on on the command line wins; none never fails', () => {
    const dir = tempDir({ '.ecsguard.yaml': 'fail-on: low\n', 'td.json': TD });
    expect(runCli(['scan', 'td.json', '--fail-on', 'none'], dir).code).toBe(0);
    expect(runCli(['scan', 'td.json', '--fail-on', 'critical'], dir).code).toBe(0);
    expect(runCli(['scan', 'td.json', '--fail-on', 'high'], dir).code).toBe(1);
  });
  it('unknowns fail the run only when asked (--fail-on-unknown or fail-on-unknown: true)', () => {
    const clean = JSON.parse(TD);
    clean.containerDefinitions[0].environment.splice(2, 1);
    clean.containerDefinitions[0].logConfiguration.options['awslogs-stream-prefix'] = 'web';
    Object.assign(clean.containerDefinitions[0], { user: '1000', readonlyRootFilesystem: true });
    const dir = tempDir({ 'td.json': JSON.stringify(clean), 'strict/.ecsguard.yaml': 'fail-on-unknown: true\n', 'strict/td.json': JSON.stringify(clean) });
    expect(runCli(['scan', 'td.json', ...FIXTURE_RULES], dir).code).toBe(0);
    expect(runCli(['scan', 'td.json', '--fail-on-unknown', ...FIXTURE_RULES], dir).code).toBe(1);
    expect(runCli(['scan', '.', ...FIXTURE_RULES], join(dir, 'strict')).code).toBe(1);
  });
  it('errors name the file, line and field; the scan still runs and exits 2', () => {
    const dir = tempDir({ '.ecsguard.yaml': 'fail-on: low\nwaivers:\n  - rule: ecs-no-plaintext-secrets\n    path: "*.json"\n    owner: me\n    expires: 2030-01-01\n', 'td.json': TD });
    const r = runCli(['scan', 'td.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('.ecsguard.yaml:3:5: invalid configuration: waivers.0 lacks the required field "reason"');
    expect(r.stdout).toContain('ecs-no-plaintext-secrets');
  });
  it('rejects unknown keys, bad severities, impossible dates and unknown rule ids', () => {
    const cases: Array<[string, string]> = [
      ['severity-map: {}\n', '.ecsguard.yaml:1:1: invalid configuration: unknown field "severity-map" in the document'],
      ['rules:\n  ecs-no-plaintext-secrets: { severity: urgent }\n', '.ecsguard.yaml:2:31: invalid configuration: rules.ecs-no-plaintext-secrets.severity must be one of "info", "low", "medium", "high", "critical"'],
      ['waivers:\n  - { rule: ecs-no-plaintext-secrets, path: x, reason: why not, owner: me, expires: 2027-02-30 }\n', '.ecsguard.yaml:2:76: invalid configuration: waivers.0.expires is not a real date: 2027-02-30'],
      ['rules:\n  ecs-no-plaintext-secret: { enabled: false }\n', '.ecsguard.yaml:2: invalid configuration: unknown rule id "ecs-no-plaintext-secret" under rules'],
      // a stream of documents is a scanned file's way, not a configuration's: which one would count?
      ['fail-on: none\n---\nfail-on: low\n', '.ecsguard.yaml:2:1: invalid YAML: more than one document in the file'],
    ];
    for (const [config, error] of cases) {
      const dir = tempDir({ '.ecsguard.yaml': config, 'td.json': TD });
      const r = runCli(['scan', 'td.json', '--format', 'json'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`ecsguard: ${error}`);
    }
  });
  it('--config picks a file, --no-config ignores the one found', () => {
    const dir = tempDir({ '.ecsguard.yaml': 'fail-on: none\n', 'other.yaml': 'fail-on: low\n', 'td.json': TD });
    expect(runCli(['scan', 'td.json'], dir).code).toBe(0);
    expect(runCli(['scan', 'td.json', '--config', 'other.yaml'], dir).code).toBe(1);
    expect(runCli(['scan', 'td.json', '--no-config'], dir).code).toBe(1);
    expect(runCli(['scan', 'td.json', '--config', 'missing.yaml'], dir).stdout).toContain('missing.yaml: no such file or directory');
  });
  it('exclude skips paths in directory scans', () => {
    const dir = tempDir({ '.ecsguard.yaml': 'exclude: ["legacy/**"]\n', 'legacy/td.json': TD, 'td.json': TD });
    const r = runCli(['scan', '.', '--format', 'json', '--verbose'], dir);
    expect(json(r).summary.filesScanned).toBe(1);
    expect(r.stderr).toContain('skipped legacy: excluded by configuration');
  });
});

describe('waivers', () => {
  const waiver = (extra: string, expires = '2026-12-31') => `waivers:\n  - rule: ecs-no-plaintext-secrets\n    ${extra}\n    reason: rotating the password in ticket SEC-123\n    owner: payments@example.com\n    expires: ${expires}\n`;
  it('waive matching failures by path glob until their expiry day, inclusive', () => {
    const dir = tempDir({ '.ecsguard.yaml': waiver('path: "deploy/web/*.json"'), 'deploy/web/td.json': TD });
    for (const [today, status] of [['2026-12-31', 'waived'], ['2027-01-01', 'fail']]) {
      const report = json(runCli(['scan', 'deploy', '--format', 'json', '--today', today], dir));
      const r = report.results.find((x: any) => x.ruleId === 'ecs-no-plaintext-secrets');
      expect(r.status).toBe(status);
      if (status === 'waived') expect(r.waiver).toMatchObject({ owner: 'payments@example.com', expires: '2026-12-31', source: { file: '.ecsguard.yaml', line: 2 } });
      else expect(r.expiredWaiver.expires).toBe('2026-12-31');
    }
  });
  it('say in the text report that an expired waiver no longer applies', () => {
    const dir = tempDir({ '.ecsguard.yaml': waiver('resource: "shop-*"', '2025-01-31'), 'td.json': TD });
    const r = runCli(['scan', 'td.json', '--today', '2026-11-24'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('note: the waiver at .ecsguard.yaml:2 expired on 2025-01-31 and no longer applies');
  });
  it('match resources by id or name glob, and only the rule named', () => {
    const dir = tempDir({ '.ecsguard.yaml': waiver('resource: "shop-*"'), 'td.json': TD });
    const report = json(runCli(['scan', 'td.json', '--format', 'json', '--today', '2026-11-24'], dir));
    expect(report.results.filter((x: any) => x.status === 'waived').map((x: any) => x.ruleId)).toEqual(['ecs-no-plaintext-secrets']);
    expect(report.results.find((x: any) => x.ruleId === 'ecs-awslogs-stream-prefix').status).toBe('fail');
  });
  it('a waived run exits 0 when nothing else fails', () => {
    const dir = tempDir({ '.ecsguard.yaml': 'waivers:\n  - { rule: "*", resource: shop-web, reason: legacy service being retired, owner: me, expires: 2099-01-01 }\n', 'td.json': TD });
    expect(runCli(['scan', 'td.json', '--today', '2026-11-24'], dir).code).toBe(0);
  });
});

describe('rule parameters in .ecsguard.yaml', () => {
  it('are validated against the rule parameterSchema, with the line', () => {
    const dir = tempDir({
      '.ecsguard.yaml': 'rules:\n  vpc-flow-logs-enabled:\n    parameters:\n      trafficTypes: [EVERYTHING]\n  ecs-ecr-image:\n    parameters: { allowedRegistries: [registry.corp.example] }\n  ecs-no-privileged:\n    parameters: { strict: true }\n',
      'td.json': TD,
    });
    const r = runCli(['scan', 'td.json', '--format', 'json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ecsguard: .ecsguard.yaml:4: invalid configuration: rules.vpc-flow-logs-enabled.parameters: trafficTypes.0 must be one of "ALL", "REJECT", "ACCEPT"');
    expect(r.stderr).toContain('ecsguard: .ecsguard.yaml:8: invalid configuration: rule ecs-no-privileged takes no parameters');
    expect(r.stderr).not.toContain('ecs-ecr-image');
  });
  it('reach the rule: an allowed registry passes', () => {
    const td = JSON.parse(TD);
    td.containerDefinitions[0].image = 'registry.corp.example/web:2';
    const dir = tempDir({ '.ecsguard.yaml': 'rules:\n  ecs-ecr-image:\n    parameters: { allowedRegistries: [registry.corp.example] }\n', 'td.json': JSON.stringify(td) });
    const report = JSON.parse(runCli(['scan', 'td.json', '--format', 'json'], dir).stdout);
    expect(report.results.find((x: any) => x.ruleId === 'ecs-ecr-image').status).toBe('pass');
  });
});

describe('the scanned tree cannot switch the gate off', () => {
  const off = 'fail-on: none\nrules:\n  ecs-no-plaintext-secrets: { enabled: false }\nwaivers:\n  - { rule: "*", path: "**", reason: planted by a pull request, owner: attacker, expires: 2099-01-01 }\n';
  it('a .ecsguard.yaml inside the scanned path is ignored, and every report names it (--quiet too)', () => {
    const dir = tempDir({ '.git/HEAD': 'ref: refs/heads/main\n', 'deploy/.ecsguard.yaml': off, 'deploy/app/.ecsguard.yml': off, 'deploy/app/td.json': TD });
    const text = runCli(['scan', 'deploy', '--quiet'], dir);
    expect(text.code).toBe(1);
    expect(text.stdout.split('\n').slice(0, 3)).toEqual([
      'Configuration: none (no .ecsguard.yaml from the working directory up to the repository top)',
      'Ignored configuration: deploy/.ecsguard.yaml, found with the scanned files, is not used (only --config or the .ecsguard.yaml from the working directory up applies)',
      'Ignored configuration: deploy/app/.ecsguard.yml, found with the scanned files, is not used (only --config or the .ecsguard.yaml from the working directory up applies)',
    ]);
    expect(text.stdout).toMatch(/high\s+fail\s+ecs-no-plaintext-secrets/);
    const report = json(runCli(['scan', 'deploy', '--format', 'json', '--quiet'], dir));
    expect(report.configuration).toMatchObject({ source: 'none', ignored: ['deploy/.ecsguard.yaml', 'deploy/app/.ecsguard.yml'] });
    expect(report.results.some((x: any) => x.status === 'waived')).toBe(false);
    const sarif = json(runCli(['scan', 'deploy', '--format', 'sarif', '--quiet'], dir));
    expect(sarif.runs[0].invocations[0].properties.configuration.ignored).toEqual(['deploy/.ecsguard.yaml', 'deploy/app/.ecsguard.yml']);
    const md = runCli(['scan', 'deploy', '--format', 'markdown', '--quiet'], dir).stdout;
    expect(md).toContain('- Ignored configuration\\: deploy/\\.ecsguard\\.yaml, found with the scanned files, is not used');
    // a named file deeper than the working directory: the configuration beside it is named too
    const named = runCli(['scan', 'deploy/app/td.json', '--format', 'json'], dir);
    expect(json(named).configuration.ignored).toEqual(['deploy/app/.ecsguard.yml', 'deploy/.ecsguard.yaml']);
  });
  it('the search goes from the working directory up to the repository top, not beyond', () => {
    const outer = tempDir({ '.ecsguard.yaml': 'fail-on: none\n', 'repo/.git/HEAD': 'x\n', 'repo/sub/td.json': TD });
    const inside = runCli(['scan', 'td.json', '--format', 'json'], join(outer, 'repo/sub'));
    expect(json(inside).configuration.source).toBe('none');
    expect(inside.code).toBe(1);
    const repoConfig = tempDir({ '.git/HEAD': 'x\n', '.ecsguard.yaml': 'fail-on: high\n', 'sub/td.json': TD });
    expect(json(runCli(['scan', 'td.json', '--format', 'json'], join(repoConfig, 'sub'))).configuration).toMatchObject({ file: '../.ecsguard.yaml', source: 'found', failOn: 'high' });
  });
  it('every report says what the configuration in use changed', () => {
    const dir = tempDir({
      '.ecsguard.yaml':
        'fail-on: medium\nrules:\n  ecs-awslogs-stream-prefix: { enabled: false }\n  kms-key-origin: { enabled: true }\n  ecs-no-plaintext-secrets: { severity: critical }\nwaivers:\n' +
        '  - { rule: ecs-non-root-user, path: "*.json", reason: image runs as root until SEC-1, owner: a@example.com, expires: 2026-12-31 }\n' +
        '  - { rule: ecs-readonly-root-filesystem, path: "*.json", reason: writes to /tmp until SEC-2, owner: b@example.com, expires: 2027-03-01 }\n' +
        '  - { rule: ecs-ecr-image, path: "*.json", reason: expired already, owner: c@example.com, expires: 2026-01-01 }\n',
      'td.json': TD,
    });
    const text = runCli(['scan', 'td.json', '--today', '2026-12-01'], dir).stdout;
    expect(text.split('\n')[0]).toBe(
      'Configuration: .ecsguard.yaml: rules disabled: ecs-awslogs-stream-prefix; rules enabled: kms-key-origin; severities changed: ecs-no-plaintext-secrets high -> critical; fail-on medium; 2 active waivers (expiring 2026-12-31 to 2027-03-01), 1 expired',
    );
    const report = json(runCli(['scan', 'td.json', '--format', 'json', '--today', '2026-12-01'], dir));
    expect(report.configuration).toMatchObject({
      file: '.ecsguard.yaml',
      source: 'found',
      disabledRules: ['ecs-awslogs-stream-prefix'],
      enabledRules: ['kms-key-origin'],
      severities: [{ rule: 'ecs-no-plaintext-secrets', from: 'high', to: 'critical' }],
      failOn: 'medium',
      waivers: { active: 2, expired: 1, refused: 0, earliest: '2026-12-31', latest: '2027-03-01' },
    });
  });
  it('max-waiver-days refuses waivers that expire later; without it, far waivers are warnings', () => {
    const config = 'waivers:\n  - { rule: ecs-no-plaintext-secrets, path: "*.json", reason: rotating in SEC-3, owner: a@example.com, expires: 2028-06-30 }\n';
    const dir = tempDir({ '.ecsguard.yaml': config, 'limited/.ecsguard.yaml': 'max-waiver-days: 90\n' + config, 'td.json': TD, 'limited/td.json': TD });
    const far = runCli(['scan', 'td.json', '--today', '2026-12-01'], dir);
    expect(far.stdout).toContain('Warning: the waiver for ecs-no-plaintext-secrets at .ecsguard.yaml:2 expires 2028-06-30, more than a year from today (set max-waiver-days to refuse such waivers)');
    expect(json(runCli(['scan', 'td.json', '--format', 'json', '--today', '2026-12-01'], dir)).configuration.farWaivers).toEqual([{ rule: 'ecs-no-plaintext-secrets', expires: '2028-06-30', file: '.ecsguard.yaml', line: 2 }]);
    for (const [args, cwd] of [[['--max-waiver-days', '30'], dir], [[], join(dir, 'limited')]] as const) {
      const r = runCli(['scan', 'td.json', '--format', 'json', '--today', '2026-12-01', ...args], cwd);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/ecsguard: \.ecsguard\.yaml:[23]: invalid configuration: the waiver for ecs-no-plaintext-secrets expires 2028-06-30, more than max-waiver-days \((30|90)\) after 2026-12-01; it does not apply/);
      const report = json(r);
      expect(report.results.find((x: any) => x.ruleId === 'ecs-no-plaintext-secrets').status).toBe('fail');
      expect(report.configuration.waivers).toMatchObject({ active: 0, refused: 1 });
    }
    expect(runCli(['scan', 'td.json', '--max-waiver-days', 'soon'], dir).stderr).toBe('ecsguard: --max-waiver-days must be a whole number of days\nRun "ecsguard scan --help" for usage.\n');
  });
  it('files .gitignore leaves out are counted in the summary; --no-gitignore scans them', () => {
    const dir = tempDir({ '.gitignore': 'build/\nsecret.json\n', 'build/a.json': TD, 'build/b.yaml': 'x: 1\n', 'build/notes.txt': 'x', 'secret.json': TD, 'td.json': TD });
    const r = runCli(['scan', '.', '--no-config'], dir);
    expect(r.stdout).toContain('\n3 files ignored by .gitignore: see --verbose, or scan them with --no-gitignore\n');
    expect(json(runCli(['scan', '.', '--no-config', '--format', 'json'], dir)).summary).toMatchObject({ filesScanned: 1, ignoredByGitignore: 3 });
    const all = json(runCli(['scan', '.', '--no-config', '--format', 'json', '--no-gitignore'], dir));
    expect(all.summary).toMatchObject({ filesScanned: 3, ignoredByGitignore: 0 });
  });
});
