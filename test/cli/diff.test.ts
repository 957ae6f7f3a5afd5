// `ecsguard diff`: new, fixed and unchanged findings between two JSON reports, matched by
// fingerprint, by rule and by control; a trend gate on new failing findings.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_RULES, runCli, tempDir } from '../helpers.js';
import { validateDiff } from '../reports/report-validators.js';

const td = (containers: object[]) => JSON.stringify({ family: 'web', containerDefinitions: containers }, null, 2);
const LOGS = { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'web' } };

/** Scans `files` (written into a fresh directory) and writes the JSON report to `report`. */
function scanTo(dir: string, files: Record<string, string>, report: string): void {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'src', name), text);
  const r = runCli(['scan', 'src', '--no-config', ...FIXTURE_RULES, '--format', 'json', '--output', report, '--quiet'], dir);
  expect([0, 1]).toContain(r.code);
}

function twoReports(before: Record<string, string>, after: Record<string, string>): string {
  const dir = tempDir({ 'src/.keep': '' });
  scanTo(dir, before, 'old.json');
  scanTo(dir, after, 'new.json');
  return dir;
}

describe('ecsguard diff', () => {
  // before: privileged and a plaintext password; after: privileged fixed, the password stays
  // (lines moved by a new container above it), and a container without awslogs is new
  const before = { 'web.json': td([{ name: 'web', image: 'web:1', privileged: true, logConfiguration: LOGS, environment: [{ name: 'DB_PASSWORD', value: 'Zq8#mR2!vLx9pT4w' }] }]) };
  const after = {
    'web.json': td([
      { name: 'sidecar', image: 'proxy:1' },
      { name: 'web', image: 'web:1', logConfiguration: LOGS, environment: [{ name: 'DB_PASSWORD', value: 'Zq8#mR2!vLx9pT4w' }] },
    ]),
  };

  it('lists new, fixed and unchanged findings by rule and by control, and exits 1 on a new failing finding', () => {
    const dir = twoReports(before, after);
    const r = runCli(['diff', 'old.json', 'new.json', '--format', 'json'], dir);
    expect(r.code).toBe(1);
    const diff = JSON.parse(r.stdout);
    expect(validateDiff(diff), JSON.stringify(validateDiff.errors)).toBe(true);
    expect(diff.summary).toEqual({ new: 1, fixed: 1, unchanged: 1, newFailing: 1 });
    expect(diff.findings.new.map((f: any) => f.ruleId)).toEqual(['fx-awslogs-prefix']);
    expect(diff.findings.fixed.map((f: any) => f.ruleId)).toEqual(['fx-no-privileged']);
    expect(diff.findings.unchanged.map((f: any) => f.ruleId)).toEqual(['fx-plaintext-secrets']);
    expect(diff.byRule.find((x: any) => x.ruleId === 'fx-no-privileged')).toMatchObject({ new: 0, fixed: 1, unchanged: 0 });
    expect(diff.byControl).toContainEqual({ framework: 'csf20', id: 'PR.AA-05', new: 0, fixed: 1, unchanged: 0 });
    // the secret's value is in neither report, so in no diff
    expect(r.stdout).not.toContain('Zq8#mR2');
  });

  it('text and Markdown say the same, with files and lines', () => {
    const dir = twoReports(before, after);
    const text = runCli(['diff', 'old.json', 'new.json'], dir);
    expect(text.stdout).toMatch(/^ecsguard diff: old\.json \(.+\) -> new\.json \(.+\)\n1 new finding \(1 failing\), 1 fixed, 1 unchanged\n/);
    expect(text.stdout).toMatch(/New \(1\):\n {2}medium +fail +fx-awslogs-prefix {2}src\/web\.json:\d+ {2}Container "sidecar"/);
    expect(text.stdout).toMatch(/Fixed \(1\):\n {2}high +fail +fx-no-privileged/);
    const md = runCli(['diff', 'old.json', 'new.json', '--format', 'markdown', '--output', 'diff.md'], dir);
    expect(md.code).toBe(1);
    const written = readFileSync(join(dir, 'diff.md'), 'utf8');
    expect(written).toContain('**1 new** (1 failing) · **1 fixed** · 1 unchanged');
    expect(written).toContain('| `fx-no-privileged` | high | 0 | 1 | 0 |');
  });

  it('--fail-on gates only new failing findings at or above it', () => {
    const dir = twoReports(before, after);
    expect(runCli(['diff', 'old.json', 'new.json', '--fail-on', 'high'], dir).code).toBe(0);
    expect(runCli(['diff', 'old.json', 'new.json', '--fail-on', 'none'], dir).code).toBe(0);
    // a report against itself: nothing new
    expect(runCli(['diff', 'new.json', 'new.json'], dir).stdout).toContain('0 new findings (0 failing), 0 fixed, 2 unchanged');
  });

  it('file text in findings cannot break the Markdown table or forge text lines', () => {
    const dir = twoReports({ 'a.json': td([{ name: 'ok', image: 'x' }]) }, { 'a.json': td([{ name: 'x|y</table>\n## forged @team', image: 'x', privileged: true }]) });
    const md = runCli(['diff', 'old.json', 'new.json', '--format', 'markdown'], dir).stdout;
    const row = md.split('\n').find((l) => l.includes('fx-no-privileged') && l.includes('runs privileged'))!;
    expect(row).toContain('x\\|y\\</table\\>\\\\u000a## forged \\@team');
    expect(md).not.toMatch(/^## forged/m);
    expect(runCli(['diff', 'old.json', 'new.json'], dir).stdout).not.toMatch(/^## forged/m);
  });

  it('names a file that is not an ecsguard JSON report, or does not validate, in one line, exit 2', () => {
    const dir = twoReports(before, after);
    writeFileSync(join(dir, 'sarif.json'), JSON.stringify({ version: '2.1.0', runs: [] }));
    writeFileSync(join(dir, 'broken.json'), JSON.stringify({ tool: { name: 'ecsguard' }, results: [] }));
    const r = runCli(['diff', 'sarif.json', 'broken.json'], dir);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('ecsguard: sarif.json: not an ecsguard JSON report (scan --format json)');
    expect(lines[1]).toMatch(/^ecsguard: broken\.json(:\d+)?(:\d+)?: .*ecsguard JSON report/);
    expect(runCli(['diff', 'old.json'], dir)).toMatchObject({ code: 2 });
    expect(runCli(['diff', 'old.json', 'new.json', '--format', 'sarif'], dir).stderr).toContain('--format must be one of text, markdown, json');
    expect(runCli(['diff', '--help'], dir).stdout).toContain('Usage: ecsguard diff OLD.json NEW.json');
  });
});

describe('diff by control', () => {
  it('counts operational practices as `ecsguard controls` does, beside control statements and CSF 2.0', async () => {
    const { diffReports } = await import('../../src/reports/diff.js');
    const rule = { id: 'x-tracing', title: 'Tracing', severity: 'low', mappings: { nist: { csf11: ['DE.CM-1'], csf20: ['DE.CM-01'] }, runbook: { section: 'ops-3', controls: [4] } } };
    const finding = { ruleId: 'x-tracing', status: 'fail', severity: 'low', message: 'no daemon', fingerprint: 'f'.repeat(32), location: { file: 'a.json', line: 1 } };
    const diff = diffReports({ file: 'old.json', report: { rules: [rule], results: [] } }, { file: 'new.json', report: { rules: [rule], results: [finding] } });
    expect(diff.byControl).toEqual([
      { framework: 'runbook', id: '4', new: 1, fixed: 0, unchanged: 0 },
      { framework: 'runbook', id: 'ops-3', new: 1, fixed: 0, unchanged: 0 },
      { framework: 'csf20', id: 'DE.CM-01', new: 1, fixed: 0, unchanged: 0 },
    ]);
  });
});
