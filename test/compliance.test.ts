// The compliance catalogs and roll-up: mappings exist in the catalogs, the runbook's exclusions
// hold, `ecsguard controls` reports by control on files and on snapshots.
import { describe, expect, it } from 'vitest';
import { loadRules } from '../src/engine/load-rules.js';
import { CROSSWALK_11_TO_20, CSF11_TITLES, CSF20_TITLES } from '../src/compliance/nist-csf.js';
import { CONTROL_STATEMENTS, CONTROLS_NOT_APPLICABLE, isCsf11NotApplicable, SECTIONS } from '../src/compliance/runbook.js';
import { rollUp, worst } from '../src/compliance/rollup.js';
import { ROOT, runCli } from './helpers.js';

const { rules } = loadRules([], ROOT);

describe('catalogs', () => {
  it('hold a title for every subcategory a shipped rule maps to', () => {
    for (const r of rules) {
      for (const id of r.mappings.nist.csf11) expect(CSF11_TITLES[id], `${r.id} ${id}`).toBeTruthy();
      for (const id of r.mappings.nist.csf20) expect(CSF20_TITLES[id], `${r.id} ${id}`).toBeTruthy();
      expect(SECTIONS[r.mappings.runbook.section], r.id).toBeTruthy();
      for (const c of r.mappings.runbook.controls ?? []) expect(CONTROL_STATEMENTS[c], `${r.id} control ${c}`).toBeTruthy();
    }
  });
  it('map every CSF 1.1 subcategory of a rule through the crosswalk to CSF 2.0 ids the rule also declares, or say why not', () => {
    // a rule's csf20 list is the crosswalk image of its csf11 list, less successors of excluded ids
    // and physical-access ids; rules without a csf11 mapping use Steampipe's direct CSF 2.0 one
    for (const r of rules) {
      const image = new Set(r.mappings.nist.csf11.flatMap((id) => CROSSWALK_11_TO_20[id] ?? []));
      const extra = r.mappings.nist.csf20.filter((id) => !image.has(id));
      if (r.mappings.nist.csf11.length > 0) expect(extra, r.id).toEqual([]);
    }
  });
});

describe("the runbook's exclusions", () => {
  it('are the ones its Overview lists', () => {
    expect(isCsf11NotApplicable('PR.IP-1')).toBe(true);
    expect(isCsf11NotApplicable('PR.AT-2')).toBe(true);
    expect(isCsf11NotApplicable('RC.RP-1')).toBe(true);
    expect(isCsf11NotApplicable('DE.CM-3')).toBe(true);
    expect(isCsf11NotApplicable('DE.CM-7')).toBe(false);
    expect(isCsf11NotApplicable('PR.AC-4')).toBe(false);
    expect(CONTROLS_NOT_APPLICABLE).toEqual([5, 7, 8, 9, 10]);
  });
  it('no shipped rule maps to a subcategory or control statement the runbook excludes', () => {
    for (const r of rules) {
      expect(r.mappings.nist.csf11.filter(isCsf11NotApplicable), r.id).toEqual([]);
      expect((r.mappings.runbook.controls ?? []).filter((c) => (CONTROLS_NOT_APPLICABLE as readonly number[]).includes(c)), r.id).toEqual([]);
      // DE.CM-03 is CSF 2.0's successor of the excluded DE.CM-3 (personnel monitoring)
      expect(r.mappings.nist.csf20, r.id).not.toContain('DE.CM-03');
    }
  });
});

describe('roll-up', () => {
  it('takes the worst status: fail, unknown, waived, pass, not-applicable', () => {
    expect(worst(['pass', 'unknown', 'waived'])).toBe('unknown');
    expect(worst(['pass', 'fail'])).toBe('fail');
    expect(worst(['not-applicable', 'pass'])).toBe('pass');
  });
  it('names the rules behind each control and says when nothing covers it, or only rules turned off', () => {
    const on = rules.filter((r) => r.enabled !== false);
    const off = rules.filter((r) => r.enabled === false);
    const runbook = rollUp(on, [], ['runbook'], off);
    expect(runbook.map((c) => c.id)).toEqual(['1', '2', '3', '4', '6', 'ops-1', 'ops-2', 'ops-3']);
    // every control statement and operational practice has a rule; the X-Ray one ships off
    expect(runbook.filter((c) => c.status === 'no-rules')).toEqual([]);
    expect(runbook.find((c) => c.id === 'ops-3')).toMatchObject({ status: 'off', rules: [], offRules: ['ecs-xray-daemon'], group: 'Operational practice' });
    const uncovered = rollUp(on.filter((r) => !r.mappings.runbook.controls?.includes(2)), [], ['runbook']);
    expect(uncovered.find((c) => c.id === '2')!.status).toBe('no-rules');
    expect(runbook.find((c) => c.id === '4')!.rules).toContain('ecs-awslogs-stream-prefix');
    expect(runbook.find((c) => c.id === '4')!.status).toBe('not-evaluated');
  });
});

describe('ecsguard controls', () => {
  it('reports by control on a file scan, filtered by framework', () => {
    const r = runCli(['controls', 'fixtures/examples', '--config', 'fixtures/examples/.ecsguard.yaml', '--framework', 'runbook', '--format', 'json', '--today', '2026-11-24']);
    expect(r.code).toBe(1);
    const controls = JSON.parse(r.stdout).controls;
    expect(controls.every((c: any) => c.framework === 'runbook')).toBe(true);
    // a control counts the results of its rules, as the scan of the same files lists them (the
    // examples' log groups, which their tasks write to, have no KMS key: logs-group-encrypted fails)
    const scan = JSON.parse(runCli(['scan', 'fixtures/examples', '--config', 'fixtures/examples/.ecsguard.yaml', '--format', 'json', '--today', '2026-11-24']).stdout);
    const logging = controls.find((c: any) => c.id === '4');
    const ofLogging = (status: string) => scan.results.filter((x: any) => logging.rules.includes(x.ruleId) && x.status === status).length;
    expect(logging).toMatchObject({ status: 'fail', counts: { fail: ofLogging('fail'), pass: ofLogging('pass'), waived: 1 } });
    expect(logging.counts.fail).toBeGreaterThan(0);
    expect(scan.results.some((x: any) => x.ruleId === 'logs-group-encrypted' && x.status === 'fail')).toBe(true);
    // control 3's rule reads the secrets a file creates; those the examples name by ARN are not in them
    expect(controls.find((c: any) => c.id === '3').status).toBe('unknown');
  });
  it('prints text and Markdown, and refuses an unknown framework', () => {
    expect(runCli(['controls', 'fixtures/examples', '--framework', 'csf11']).stdout).toMatch(/^Configuration: none [^\n]*\n[^\n]*\n\nNIST CSF 1\.1\n[\s\S]*\n {2}PR\.AC-1 +fail /);
    expect(runCli(['controls', 'fixtures/examples', '--format', 'markdown']).stdout).toContain('### NIST CSF 2.0');
    expect(runCli(['controls', '--framework', 'iso27001']).stderr).toMatch(/^ecsguard: --framework must be csf11, csf20 or runbook \(got "iso27001"\)/);
    expect(runCli(['scan', '--framework', 'csf11']).stderr).toMatch(/^ecsguard: --framework belongs to "ecsguard controls"/);
  });
});
