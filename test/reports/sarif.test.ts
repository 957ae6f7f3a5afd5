import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers.js';
import { validateSarif } from './report-validators.js';
import { loadRules } from '../../src/engine/load-rules.js';

function sarifOf(args: string[], cwd = ROOT): any {
  const r = runCli(['scan', ...args, '--format', 'sarif', '--today', '2026-11-24'], cwd);
  expect(r.code === 0 || r.code === 1).toBe(true);
  return JSON.parse(r.stdout);
}

describe('SARIF of the shipped examples', () => {
  const sarif = sarifOf(['fixtures/examples', '--config', 'fixtures/examples/.ecsguard.yaml']);
  const run = sarif.runs[0];
  it('validates against the official SARIF 2.1.0 schema', () => {
    const ok = validateSarif(sarif);
    expect(validateSarif.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });
  it('describes every rule with help, tags and a numeric security-severity', () => {
    // every shipped rule that runs on files by default, and nothing else
    const onFiles = loadRules([], ROOT).rules.filter((r) => r.enabled !== false && (r.from ?? ['files']).includes('files')).map((r) => r.id);
    expect(run.tool.driver.rules.map((r: any) => r.id).filter((id: string) => !id.endsWith('.unknown'))).toEqual(onFiles.sort());
    for (const rule of run.tool.driver.rules.filter((r: any) => !r.id.endsWith('.unknown'))) {
      expect(rule.help.text.length).toBeGreaterThan(50);
      expect(rule.help.markdown).toContain('**Remediation**');
      expect(rule.properties['security-severity']).toMatch(/^[0-9]+\.[0-9]$/);
      expect(rule.properties.tags).toContain('security');
      expect(rule.properties.tags.length).toBeLessThanOrEqual(20);
    }
    const secrets = run.tool.driver.rules.find((r: any) => r.id === 'ecs-no-plaintext-secrets');
    expect(secrets.properties.tags).toEqual(['security', 'ecs', 'runbook/section-4', 'runbook/control-1', 'NIST-CSF-2.0/PR.DS-01', 'NIST-CSF-2.0/PR.DS-02', 'NIST-CSF-2.0/PR.DS-10', 'NIST-CSF-1.1/PR.DS-5']);
    // every rule's taxa are in the run's taxonomies, by index
    for (const rule of run.tool.driver.rules) {
      for (const rel of rule.relationships ?? []) {
        const taxonomy = run.taxonomies[rel.target.toolComponent.index];
        expect(taxonomy.name).toBe(rel.target.toolComponent.name);
        expect(taxonomy.taxa.map((t: any) => t.id)).toContain(rel.target.id);
      }
    }
    expect(run.taxonomies.map((t: any) => t.name)).toEqual(['NIST CSF 1.1', 'NIST CSF 2.0', 'ECS security runbook']);
  });
  it('gives every result a matching ruleIndex and a relative file location with a start line', () => {
    expect(run.results.length).toBeGreaterThan(5);
    for (const r of run.results) {
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      const loc = r.locations[0].physicalLocation;
      expect(loc.artifactLocation.uri).toMatch(/^fixtures\/examples\//);
      expect(loc.artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(loc.region.startLine).toBeGreaterThan(0);
      expect(r.partialFingerprints['ecsguard/v1']).toMatch(/^[0-9a-f]{32}$/);
      expect(r.locations[0].logicalLocations[0].kind).toBe('resource');
    }
  });
  it('marks failures kind fail, unevaluated checks as notes of a companion rule with a notification, and leaves waived results out', () => {
    const kinds = new Set(run.results.map((r: any) => r.kind));
    expect(kinds).toEqual(new Set(['fail', 'open']));
    const open = run.results.filter((r: any) => r.kind === 'open');
    expect(open.every((r: any) => r.level === 'note' && r.ruleId.endsWith('.unknown'))).toBe(true);
    for (const r of open) {
      const rule = run.tool.driver.rules[r.ruleIndex];
      // GitHub ranks a result by its rule's security-severity: the companion rule has none
      expect(rule).toMatchObject({ id: r.ruleId, defaultConfiguration: { level: 'note' } });
      expect(rule.properties['security-severity']).toBeUndefined();
    }
    const notes = run.invocations[0].toolExecutionNotifications.filter((n: any) => n.descriptor.id === 'check-not-evaluated');
    expect(notes).toHaveLength(open.length);
    expect(run.results.filter((r: any) => r.suppressions)).toEqual([]);
    expect(run.automationDetails.id).toBe('ecsguard/files/');
  });
  it("points a role finding at the policy statement's Resource, with the task definition as related location", () => {
    const r = run.results.find((x: any) => x.ruleId === 'ecs-execution-role-scoped' && x.kind === 'fail' && x.locations[0].physicalLocation.artifactLocation.uri.endsWith('shop-stack.yaml'));
    expect(r.locations[0].physicalLocation.region.startLine).toBe(33);
    expect(r.relatedLocations[0].physicalLocation.region.startLine).toBe(56);
  });
});

describe('SARIF that GitHub reads as meant', () => {
  const examples = ['fixtures/examples', '--config', 'fixtures/examples/.ecsguard.yaml'];
  it('--sarif-unknown inline and omit, --sarif-waived suppress', () => {
    const inline = sarifOf([...examples, '--sarif-unknown', 'inline', '--sarif-waived', 'suppress']);
    const run = inline.runs[0];
    expect(validateSarif(inline)).toBe(true);
    const open = run.results.filter((r: any) => r.kind === 'open');
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((r: any) => r.level === 'none' && !r.ruleId.endsWith('.unknown'))).toBe(true);
    const waived = run.results.filter((r: any) => r.suppressions);
    expect(waived).toHaveLength(1);
    expect(waived[0].suppressions[0]).toMatchObject({ kind: 'external', status: 'accepted' });
    expect(waived[0].suppressions[0].justification).toContain('platform-team@example.com');
    const omitted = sarifOf([...examples, '--sarif-unknown', 'omit']).runs[0];
    expect(omitted.results.some((r: any) => r.kind === 'open')).toBe(false);
    expect(omitted.invocations[0].toolExecutionNotifications.some((n: any) => n.descriptor.id === 'check-not-evaluated')).toBe(true);
    expect(omitted.tool.driver.rules.some((r: any) => r.id.endsWith('.unknown'))).toBe(false);
    expect(runCli(['scan', '--sarif-unknown', 'hide']).stderr).toMatch(/^ecsguard: --sarif-unknown must be companion, omit or inline\n/);
  });
  it('writes URIs relative to the repository top under %SRCROOT%, whatever directory it runs in', () => {
    const dir = tempDir({ '.git/HEAD': 'x\n', 'deploy/app/td.json': readFileSync(`${ROOT}/fixtures/examples/ecs-cli/shop-web.json`) });
    const fromSub = sarifOf(['td.json', '--no-config'], `${dir}/deploy/app`);
    const loc = fromSub.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    expect(loc).toEqual({ uri: 'deploy/app/td.json', uriBaseId: '%SRCROOT%' });
    expect(fromSub.runs[0].originalUriBaseIds['%SRCROOT%'].uri).toMatch(/^file:\/\/\/.*\/$/);
    expect(validateSarif(fromSub)).toBe(true);
    const rooted = sarifOf(['td.json', '--no-config', '--source-root', '..'], `${dir}/deploy/app`);
    expect(rooted.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('app/td.json');
  });
  it('gives each rule a precision and a help URI, the tool an information URI, and an entropy guess a lower precision', () => {
    const dir = tempDir({ 'td.json': JSON.stringify({ family: 'x', containerDefinitions: [{ name: 'a', environment: [{ name: 'UPLOADER', value: 'Zq8vR2mT4xK9pL1wN7bY3cF6hJ0dS5gA/uE+iO2k' }, { name: 'K', value: 'AKIAQYLPMN5HHHFPZAM2' }], privileged: true }] }) });
    const run = sarifOf(['td.json', '--no-config'], dir).runs[0];
    expect(run.tool.driver.informationUri).toMatch(/^https:\/\//);
    for (const rule of run.tool.driver.rules) {
      expect(['very-high', 'high', 'medium', 'low']).toContain(rule.properties.precision);
      expect(rule.helpUri).toMatch(/^https:\/\//);
    }
    expect(run.tool.driver.rules.find((r: any) => r.id === 'ecs-no-privileged').properties.precision).toBe('very-high');
    const secrets = run.results.filter((r: any) => r.ruleId === 'ecs-no-plaintext-secrets');
    expect(secrets.map((r: any) => r.properties.precision ?? 'rule')).toEqual(['medium', 'rule']);
  });
});

describe('fingerprints', () => {
  it('do not move when lines move or variables are added above', () => {
    const base = JSON.parse(readFileSync(`${ROOT}/fixtures/examples/ecs-cli/shop-web.json`, 'utf8'));
    const dir = tempDir({ 'td.json': JSON.stringify(base, null, 2) });
    const before = sarifOf(['td.json', '--no-config'], dir).runs[0].results;
    base.containerDefinitions[0].environment.unshift({ name: 'NEW_SETTING', value: 'x' });
    writeFileSync(`${dir}/td.json`, '\n\n\n' + JSON.stringify(base, null, 4));
    const after = sarifOf(['td.json', '--no-config'], dir).runs[0].results;
    const fp = (rs: any[]) => rs.map((r) => [r.ruleId, r.partialFingerprints['ecsguard/v1']]).sort();
    expect(fp(after)).toEqual(fp(before));
    expect(after[0].locations[0].physicalLocation.region.startLine).not.toBe(before[0].locations[0].physicalLocation.region.startLine);
  });
});

describe('input errors', () => {
  it('become error notifications and executionSuccessful false, and the file still validates', () => {
    const dir = tempDir({ 'broken.json': '{"containerDefinitions": [', 'ok.json': readFileSync(`${ROOT}/fixtures/examples/ecs-cli/shop-web.json`) });
    const r = runCli(['scan', '.', '--no-config', '--format', 'sarif'], dir);
    expect(r.code).toBe(2);
    const sarif = JSON.parse(r.stdout);
    expect(validateSarif(sarif)).toBe(true);
    const inv = sarif.runs[0].invocations[0];
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.toolExecutionNotifications[0]).toMatchObject({ level: 'error', locations: [{ physicalLocation: { artifactLocation: { uri: 'broken.json' }, region: { startLine: 1 } } }] });
    expect(r.stderr).toContain('broken.json:1:27: invalid JSON');
  });
});

describe('GitHub limits', () => {
  it('keeps at most maxResults results, the most severe first, and says how many it left out', async () => {
    const { buildSarif } = await import('../../src/reports/sarif.js');
    const { runScan } = await import('../../src/scan/run-scan.js');
    const outcome = await runScan({ targets: ['fixtures/examples'], cwd: ROOT, rulesDirs: [], config: false, today: '2026-11-24' });
    const sarif: any = buildSarif(outcome, { maxResults: 5 });
    expect(validateSarif(sarif)).toBe(true);
    const run = sarif.runs[0];
    expect(run.results).toHaveLength(5);
    const severities = run.results.map((r: any) => run.tool.driver.rules[r.ruleIndex].properties['security-severity']);
    expect(severities.every((s: string) => s === '8.0')).toBe(true);
    const note = run.invocations[0].toolExecutionNotifications.find((n: any) => n.descriptor.id === 'results-truncated');
    expect(note.message.text).toMatch(/^[0-9]+ of [0-9]+ results are not in this SARIF file: GitHub code scanning accepts 5 per run/);
    // the same pick as a stable sort by severity (fail before unknown) would make, kept in file order
    const { listedResults } = await import('../../src/reports/summary.js');
    const order = ['critical', 'high', 'medium', 'low', 'info'];
    const listed = listedResults(outcome).filter((r) => r.status !== 'waived');
    const rank = (r: (typeof listed)[number]) => order.indexOf(r.severity) * 2 + (r.status === 'unknown' ? 1 : 0);
    for (const max of [1, 5, 40, listed.length - 1]) {
      const expected = listed
        .map((r, i) => [r, i] as const)
        .sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1])
        .slice(0, max)
        .sort((a, b) => a[1] - b[1])
        .map(([r]) => `${r.ruleId} ${r.location.file}:${r.location.line}`);
      const got = (buildSarif(outcome, { maxResults: max }) as any).runs[0].results.map((r: any) => `${r.ruleId.replace(/\.unknown$/, '')} ${r.locations[0].physicalLocation.artifactLocation.uri}:${r.locations[0].physicalLocation.region.startLine}`);
      expect(got).toEqual(expected);
    }
  });
});
