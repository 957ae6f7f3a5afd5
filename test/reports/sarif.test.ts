import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers.js';
import { validateSarif } from './report-validators.js';

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
    expect(run.tool.driver.rules.map((r: any) => r.id)).toEqual([
      'ecs-awslogs-stream-prefix',
      'ecs-ecr-image',
      'ecs-execution-role-scoped',
      'ecs-no-host-network',
      'ecs-no-host-pid-ipc',
      'ecs-no-plaintext-secrets',
      'ecs-no-privileged',
      'ecs-non-root-user',
      'ecs-readonly-root-filesystem',
      'ecs-service-no-public-ip',
      'ecs-task-role-distinct',
    ]);
    for (const rule of run.tool.driver.rules) {
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
      for (const rel of rule.relationships) {
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
      expect(loc.artifactLocation.uriBaseId).toBeUndefined();
      expect(loc.region.startLine).toBeGreaterThan(0);
      expect(r.partialFingerprints['ecsguard/v1']).toMatch(/^[0-9a-f]{32}$/);
      expect(r.locations[0].logicalLocations[0].kind).toBe('resource');
    }
  });
  it('marks failures kind fail, unevaluated checks kind open with a notification, waivers as suppressions', () => {
    const kinds = new Set(run.results.map((r: any) => r.kind));
    expect(kinds).toEqual(new Set(['fail', 'open']));
    const open = run.results.filter((r: any) => r.kind === 'open');
    expect(open.every((r: any) => r.level === 'none')).toBe(true);
    const notes = run.invocations[0].toolExecutionNotifications.filter((n: any) => n.descriptor.id === 'check-not-evaluated');
    expect(notes).toHaveLength(open.length);
    const waived = run.results.filter((r: any) => r.suppressions);
    expect(waived).toHaveLength(1);
    expect(waived[0].suppressions[0]).toMatchObject({ kind: 'external', status: 'accepted' });
    expect(waived[0].suppressions[0].justification).toContain('platform-team@example.com');
    expect(run.automationDetails.id).toBe('ecsguard/files/');
  });
  it('points a role finding at the policy statement, with the task definition as related location', () => {
    const r = run.results.find((x: any) => x.ruleId === 'ecs-execution-role-scoped' && x.kind === 'fail' && x.locations[0].physicalLocation.artifactLocation.uri.endsWith('shop-stack.yaml'));
    expect(r.locations[0].physicalLocation.region.startLine).toBe(29);
    expect(r.relatedLocations[0].physicalLocation.region.startLine).toBe(56);
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
  });
});
