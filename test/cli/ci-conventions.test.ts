// The options CI jobs use: several outputs in one run, checks chosen on the command line, a
// baseline, inline suppressions, JUnit, a Markdown comment that fits, colour, and no report
// written when the command itself is wrong.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURE_RULES, ROOT, runCli, tempDir } from '../helpers.js';
import { validateJsonReport, validateSarif } from '../reports/report-validators.js';

const TD = readFileSync(`${ROOT}/fixtures/examples/ecs-cli/shop-web.json`, 'utf8');
const json = (r: { stdout: string }) => JSON.parse(r.stdout);

describe('several outputs in one run', () => {
  it('--output FORMAT=FILE is repeatable, and a bare FORMAT goes to standard output', () => {
    const dir = tempDir({ 'td.json': TD });
    const r = runCli(['scan', 'td.json', '--no-config', '--output', 'sarif=reports/e.sarif', '--output', 'json=reports/e.json', '--output', 'junit=reports/e.xml', '--output', 'text'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('ecs-no-plaintext-secrets');
    expect(validateSarif(JSON.parse(readFileSync(join(dir, 'reports/e.sarif'), 'utf8')))).toBe(true);
    expect(validateJsonReport(JSON.parse(readFileSync(join(dir, 'reports/e.json'), 'utf8')))).toBe(true);
    expect(readFileSync(join(dir, 'reports/e.xml'), 'utf8')).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /);
  });
  it('refuses two reports on standard output, two on one file, and an unknown format', () => {
    const dir = tempDir({ 'td.json': TD });
    expect(runCli(['scan', 'td.json', '--output', 'text', '--output', 'json=-'], dir).stderr).toMatch(/^ecsguard: --output: only one report can go to standard output\n/);
    expect(runCli(['scan', 'td.json', '--output', 'sarif=a.out', '--output', 'json=a.out'], dir).stderr).toMatch(/^ecsguard: --output: two reports would be written to a\.out\n/);
    expect(runCli(['scan', 'td.json', '--output', 'xml=a.xml'], dir).stderr).toMatch(/^ecsguard: --output xml=a\.xml: unknown format "xml"/);
  });
});

describe('a wrong command writes no report', () => {
  it('a usage error or a missing path leaves the previous report untouched, exit 2, one line', () => {
    const dir = tempDir({ 'td.json': TD, 'reports/e.sarif': 'previous report\n' });
    for (const args of [['scan', 'missing/', '--format', 'sarif', '--output', 'reports/e.sarif'], ['scan', 'td.json', '--format', 'sarif', '--output', 'reports/e.sarif', '--fail-on', 'severe'], ['scan', 'td.json', '--output', 'sarif=reports/e.sarif', '--check', 'no-such-rule']]) {
      const r = runCli(args, dir);
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n')[0]).toMatch(/^ecsguard: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(readFileSync(join(dir, 'reports/e.sarif'), 'utf8')).toBe('previous report\n');
    }
    expect(runCli(['scan', 'missing/'], dir).stderr).toBe('ecsguard: missing/: no such file or directory\n');
  });
  it('a full disk is one line, exit 2', () => {
    if (!existsSync('/dev/full')) return;
    const dir = tempDir({ 'td.json': TD });
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" scan td.json --no-config > /dev/full`], { cwd: dir, encoding: 'utf8' });
    expect([r.status, r.stderr]).toEqual([2, 'ecsguard: cannot write the report to standard output: no space left on the device\n']);
  });
  it('a reader that closes the pipe ends the scan quietly', () => {
    const dir = tempDir({ 'td.json': TD });
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" scan td.json --no-config | head -1`], { cwd: dir, encoding: 'utf8' });
    expect(r.stdout.split('\n')).toHaveLength(2);
    expect(r.stderr).toBe('');
  });
});

describe('checks chosen on the command line', () => {
  it('--check runs only the rules named, --skip-check leaves some out, and reports say so', () => {
    const dir = tempDir({ 'td.json': TD });
    const only = json(runCli(['scan', 'td.json', '--no-config', '--format', 'json', '--check', 'ecs-no-plaintext-secrets,ecs-awslogs-stream-prefix'], dir));
    expect(only.rules.map((r: any) => r.id).sort()).toEqual(['ecs-awslogs-stream-prefix', 'ecs-no-plaintext-secrets']);
    expect(only.configuration.checks).toEqual(['ecs-no-plaintext-secrets', 'ecs-awslogs-stream-prefix']);
    const skipped = runCli(['scan', 'td.json', '--no-config', '--skip-check', 'ecs-no-plaintext-secrets', '--skip-check', 'ecs-non-root-user'], dir);
    expect(skipped.stdout).toContain('Command line: --skip-check ecs-no-plaintext-secrets,ecs-non-root-user (these rules do not run)');
    expect(skipped.stdout).not.toContain('ecs-no-plaintext-secrets  Container');
    // a rule shipped off runs when named
    expect(json(runCli(['scan', 'td.json', '--no-config', '--format', 'json', '--check', 'kms-key-origin'], dir)).rules).toEqual([]);
    expect(runCli(['scan', 'td.json', '--check', 'ecs-no-plaintext-secret'], dir).stderr).toMatch(/^ecsguard: --check\/--skip-check: no rule has the id "ecs-no-plaintext-secret"\n/);
  });
});

describe('--baseline', () => {
  it('marks results new or unchanged, counts what is no longer there, and --fail-on-new fails only on new findings', () => {
    const dir = tempDir({ 'td.json': TD });
    runCli(['scan', 'td.json', '--no-config', ...FIXTURE_RULES, '--output', 'sarif=base.sarif', '--output', 'json=base.json'], dir);
    const changed = JSON.parse(TD);
    changed.containerDefinitions[0].environment.splice(2, 1); // the secret is fixed
    changed.containerDefinitions[0].privileged = true; // a new finding
    writeFileSync(join(dir, 'td.json'), JSON.stringify(changed, null, 2));
    for (const base of ['base.sarif', 'base.json']) {
      const report = json(runCli(['scan', 'td.json', '--no-config', ...FIXTURE_RULES, '--format', 'json', '--baseline', base], dir));
      const states = report.results.filter((x: any) => x.baselineState).map((x: any) => [x.ruleId, x.baselineState]);
      expect(states).toContainEqual(['fx-no-privileged', 'new']);
      expect(states).toContainEqual(['fx-awslogs-prefix', 'unchanged']);
      expect(report.baseline).toMatchObject({ file: base, new: 1 });
      expect(report.baseline.absent.map((a: any) => a.ruleId)).toEqual(['fx-plaintext-secrets']);
      const sarif = json(runCli(['scan', 'td.json', '--no-config', ...FIXTURE_RULES, '--format', 'sarif', '--baseline', base], dir));
      expect(validateSarif(sarif)).toBe(true);
      expect(sarif.runs[0].results.find((r: any) => r.ruleId === 'fx-no-privileged').baselineState).toBe('new');
      expect(sarif.runs[0].invocations[0].properties.baseline.absent).toHaveLength(1);
    }
    expect(runCli(['scan', 'td.json', '--no-config', ...FIXTURE_RULES, '--baseline', 'base.sarif', '--fail-on-new'], dir).code).toBe(1);
    delete changed.containerDefinitions[0].privileged;
    writeFileSync(join(dir, 'td.json'), JSON.stringify(changed, null, 2));
    const text = runCli(['scan', 'td.json', '--no-config', ...FIXTURE_RULES, '--baseline', 'base.sarif', '--fail-on-new'], dir);
    expect(text.code).toBe(0); // the old findings are still there, nothing new
    expect(text.stdout).toContain('Baseline base.sarif: 0 new, 2 unchanged, 1 no longer present');
    expect(runCli(['scan', 'td.json', '--fail-on-new'], dir).stderr).toMatch(/^ecsguard: --fail-on-new needs --baseline\n/);
    writeFileSync(join(dir, 'junk.json'), '{"a": 1}');
    expect(runCli(['scan', 'td.json', '--baseline', 'junk.json'], dir).stderr).toBe('ecsguard: junk.json: invalid baseline: expected a SARIF 2.1.0 or ecsguard JSON report\n');
  });
});

describe('inline suppressions', () => {
  const template = [
    'Resources:',
    '  Task:',
    '    Type: AWS::ECS::TaskDefinition',
    '    Metadata:',
    '      ecsguard:',
    '        skip:',
    '          - { id: ecs-non-root-user, reason: the image drops privileges itself (SEC-9), expires: 2027-06-30 }',
    '    Properties:',
    '      ContainerDefinitions:',
    '        - Name: app',
    '          Image: nginx:1.27 # ecsguard:skip=ecs-ecr-image mirrored from the vendor until Q3',
    '          # ecsguard:skip=ecs-readonly-root-filesystem writes its cache to / (SEC-10) expires=2027-01-31',
    '          Environment:',
    '            - { Name: DB_PASSWORD, Value: still-a-secret-1 }',
    '',
  ].join('\n');
  it('are waivers with a reason, on their resource or their line, shown in every report', () => {
    const dir = tempDir({ 'stack.yaml': template });
    const report = json(runCli(['scan', 'stack.yaml', '--no-config', '--format', 'json', '--today', '2026-12-01'], dir));
    const waived = report.results.filter((x: any) => x.status === 'waived');
    expect(waived.map((x: any) => [x.ruleId, x.waiver.reason, x.waiver.source.line])).toEqual([
      ['ecs-ecr-image', 'mirrored from the vendor until Q3', 11],
      ['ecs-non-root-user', 'the image drops privileges itself (SEC-9)', 4],
    ]);
    expect(report.results.find((x: any) => x.ruleId === 'ecs-readonly-root-filesystem').status).toBe('fail'); // the comment is above another line
    expect(report.results.find((x: any) => x.ruleId === 'ecs-no-plaintext-secrets').status).toBe('fail');
    expect(report.configuration.inlineSuppressions).toEqual({ found: 3, allowed: true });
    expect(report.configuration.farWaivers.map((f: any) => f.rule)).toEqual(['ecs-ecr-image']); // no expiry given
    const text = runCli(['scan', 'stack.yaml', '--no-config', '--today', '2026-12-01'], dir).stdout;
    expect(text).toContain('Inline suppressions: 3 written in the scanned files (applied as waivers)');
    expect(text).toContain('waived with no expiry by inline in stack.yaml: mirrored from the vendor until Q3');
  });
  it('need a known rule id and a reason; the configuration can refuse them all', () => {
    const dir = tempDir({ 'stack.yaml': template.replace('# ecsguard:skip=ecs-ecr-image mirrored from the vendor until Q3', '# ecsguard:skip=ecs-ecr-imag x') });
    const bad = runCli(['scan', 'stack.yaml', '--no-config', '--format', 'json'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('ecsguard: stack.yaml:11: invalid inline suppression: it needs a reason after the rule id');
    const refused = tempDir({ 'stack.yaml': template, '.ecsguard.yaml': 'allow-inline-suppressions: false\n' });
    const r = json(runCli(['scan', 'stack.yaml', '--format', 'json'], refused));
    expect(r.results.some((x: any) => x.status === 'waived')).toBe(false);
    expect(r.configuration.inlineSuppressions).toEqual({ found: 3, allowed: false });
  });
});

describe('JUnit and Markdown for CI views', () => {
  it('JUnit has one test case per rule and resource, failures with their findings', () => {
    const dir = tempDir({ 'td.json': TD });
    const xml = runCli(['scan', 'td.json', '--no-config', '--format', 'junit', ...FIXTURE_RULES], dir).stdout;
    expect(xml).toMatch(/<testsuites name="ecsguard [0-9.]+" tests="4" failures="2" errors="0" skipped="1">/);
    expect(xml).toContain('<testsuite name="fx-plaintext-secrets" tests="1" failures="1" errors="0" skipped="0">');
    expect(xml).toMatch(/<testcase classname="fx-plaintext-secrets" name="shop-web \(td\.json\)" file="td\.json">\n {6}<failure message="1 finding\(s\): Container &quot;web&quot;/);
    expect(xml).toContain('td.json:18:34: Container &quot;web&quot; sets environment variable &quot;DB_PASSWORD&quot;');
    expect(xml).not.toContain('hunter');
  });
  it('the Markdown comment stays under 65,000 characters, the most severe first, and says what it left out', () => {
    const containers = Array.from({ length: 3000 }, (_, i) => ({ name: `c${i}`, image: 'nginx:1.27', privileged: i % 2 === 0 }));
    const dir = tempDir({ 'big.json': JSON.stringify({ family: 'big', containerDefinitions: containers }) });
    const md = runCli(['scan', 'big.json', '--no-config', '--output', 'markdown', '--output', 'sarif=out.sarif'], dir).stdout;
    expect(md.length).toBeLessThanOrEqual(65_000);
    const rows = md.split('\n').filter((l) => l.startsWith('| high') || l.startsWith('| medium'));
    expect(rows[0]).toMatch(/^\| high \| `ecs-no-privileged`/);
    expect(md).toMatch(/> [0-9]+ failing findings are not shown here \(a pull-request comment holds 65,000 characters\): see the full report, `out\.sarif`\./);
  });
});

describe('the terminal', () => {
  it('colours severities and statuses on a terminal or with FORCE_COLOR, never with NO_COLOR or in a file', () => {
    const dir = tempDir({ 'td.json': TD });
    const forced = runCli(['scan', 'td.json', '--no-config'], dir, { FORCE_COLOR: '1' });
    expect(forced.stdout).toContain('\u001b[31mhigh\u001b[0m');
    expect(forced.stdout).toContain('\u001b[31mfail\u001b[0m');
    expect(runCli(['scan', 'td.json', '--no-config'], dir).stdout).not.toContain('\u001b[');
    expect(runCli(['scan', 'td.json', '--no-config'], dir, { NO_COLOR: '1' }).stdout).not.toContain('\u001b[');
    runCli(['scan', 'td.json', '--no-config', '--output', 'out.txt'], dir, { FORCE_COLOR: '1' });
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).not.toContain('\u001b[');
    expect(existsSync(join(dir, 'out.txt'))).toBe(true);
  });
  it('help COMMAND, -V, and the closest option or command for a typo', () => {
    expect(runCli(['help', 'scan']).stdout).toContain('Usage: ecsguard scan [PATH...] [options]');
    expect(runCli(['-V']).stdout).toMatch(/^[0-9]+\.[0-9]+\.[0-9]+\n$/);
    expect(runCli(['scan', '--fail-onn', 'high']).stderr.split('\n')[0]).toBe("ecsguard: unknown option '--fail-onn' (did you mean --fail-on?)");
    expect(runCli(['sacn']).stderr.split('\n')[0]).toBe('ecsguard: unknown command "sacn" (did you mean scan?)');
    expect(runCli(['help', 'nothing']).code).toBe(2);
  });
});
