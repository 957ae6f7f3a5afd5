// ecsguard merge: shards' SARIF logs and JSON reports as one, judged as the shards were.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers.js';
import { validateJsonReport, validateSarif } from '../reports/report-validators.js';

const TD = readFileSync(`${ROOT}/fixtures/examples/ecs-cli/shop-web.json`, 'utf8');
// a task definition the chosen checks pass: no plaintext secret, a non-root user
const CLEAN = JSON.stringify({ family: 'clean', containerDefinitions: [{ name: 'app', image: 'nginx', user: '1000', environment: [{ name: 'MODE', value: 'prod' }] }] });
const CHECKS = ['--check', 'ecs-no-plaintext-secrets', '--check', 'ecs-non-root-user', '--no-config'];

/** Two shards (a failing one and a clean one), each scanned into SARIF and JSON with its own category. */
function shards(): string {
  const dir = tempDir({ 'a/td.json': TD, 'b/td.json': CLEAN });
  for (const shard of ['a', 'b']) {
    const r = runCli(['scan', `${shard}/td.json`, ...CHECKS, '--category', `ecsguard/files/${shard}/`, '--output', `sarif=${shard}.sarif`, '--output', `json=${shard}.json`], dir);
    expect(r.code).toBe(shard === 'a' ? 1 : 0);
  }
  return dir;
}

const read = (dir: string, f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8'));

describe('merging SARIF logs', () => {
  it('keeps every run with its category, fingerprints and taxonomies; the exit code is the worst shard\'s', () => {
    const dir = shards();
    const r = runCli(['merge', 'a.sarif', 'b.sarif', '--output', 'all.sarif'], dir);
    expect(r.stderr).toMatch(/^ecsguard: wrote all\.sarif: 2 SARIF logs merged, 2 runs, [0-9]+ results\n$/);
    expect(r.code).toBe(1);
    const all = read(dir, 'all.sarif');
    expect(validateSarif(all), JSON.stringify(validateSarif.errors?.slice(0, 3))).toBe(true);
    expect(all.runs.map((run: any) => run.automationDetails.id)).toEqual(['ecsguard/files/a/', 'ecsguard/files/b/']);
    expect(all.runs[0]).toEqual(read(dir, 'a.sarif').runs[0]);
    expect(all.runs[1].taxonomies).toEqual(read(dir, 'b.sarif').runs[0].taxonomies);
    // the clean shard alone passes; a threshold above what failed passes both
    expect(runCli(['merge', 'b.sarif', '--output', 'b-only.sarif'], dir).code).toBe(0);
    expect(runCli(['merge', 'a.sarif', 'b.sarif', '--output', 'all.sarif', '--fail-on', 'none'], dir).code).toBe(0);
  });

  it('refuses the same shard twice, and writes nothing', () => {
    const dir = shards();
    const r = runCli(['merge', 'a.sarif', 'b.sarif', 'a.sarif', '--output', 'all.sarif'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ecsguard: a\.sarif: ecsguard run with category "ecsguard\/files\/a\/" is in both a\.sarif and a\.sarif/);
    expect(existsSync(join(dir, 'all.sarif'))).toBe(false);
  });

  it('warns past the 20 runs code scanning takes in one upload', () => {
    const dir = shards();
    const one = read(dir, 'a.sarif');
    const files = Array.from({ length: 21 }, (_, i) => {
      writeFileSync(join(dir, `s${i}.sarif`), JSON.stringify({ ...one, runs: [{ ...one.runs[0], automationDetails: { id: `ecsguard/live/${i}/` } }] }));
      return `s${i}.sarif`;
    });
    const r = runCli(['merge', ...files, '--output', 'all.sarif', '--quiet'], dir);
    expect(r.stderr).toBe('ecsguard: warning: 21 runs: GitHub code scanning accepts at most 20 in one upload; merge the shards in groups, or upload them one by one\n');
    expect(read(dir, 'all.sarif').runs).toHaveLength(21);
  });
});

describe('merging JSON reports', () => {
  it('puts results side by side, recomputes summary and roll-ups by control, and names its inputs', () => {
    const dir = shards();
    const [a, b] = [read(dir, 'a.json'), read(dir, 'b.json')];
    const r = runCli(['merge', 'a.json', 'b.json', '--output', 'all.json'], dir);
    expect(r.code).toBe(1);
    const all = read(dir, 'all.json');
    expect(validateJsonReport(all), JSON.stringify(validateJsonReport.errors?.slice(0, 3))).toBe(true);
    expect(all.results).toHaveLength(a.results.length + b.results.length);
    for (const s of ['fail', 'pass', 'unknown', 'not-applicable', 'waived']) expect(all.summary.results[s]).toBe(a.summary.results[s] + b.summary.results[s]);
    const control = (rep: any) => rep.controls.find((c: any) => c.framework === 'runbook' && c.rules.includes('ecs-no-plaintext-secrets'));
    expect(control(all).counts.fail).toBe(control(a).counts.fail + control(b).counts.fail);
    expect(control(all).counts.pass).toBe(control(a).counts.pass + control(b).counts.pass);
    expect(control(all).status).toBe('fail');
    expect(control(b).status).toBe('pass');
    expect(all.merged.map((m: any) => [m.file, m.exitCode])).toEqual([
      ['a.json', 1],
      ['b.json', 0],
    ]);
    expect(all.summary.exitCode).toBe(1);
  });

  it('keeps a result two shards both report once', () => {
    const dir = shards();
    const r = runCli(['merge', 'a.json', 'a.json', '--output', 'twice.json'], dir);
    expect(read(dir, 'twice.json').results).toEqual(read(dir, 'a.json').results);
    expect(r.code).toBe(1);
  });
});

describe('inputs merge cannot take', () => {
  it('names each bad input in one line, exit 2, and writes nothing', () => {
    const dir = shards();
    writeFileSync(join(dir, 'broken.json'), '{"runs": [');
    writeFileSync(join(dir, 'other.json'), '{"hello": 1}');
    const r = runCli(['merge', 'a.sarif', 'broken.json', 'other.json', 'a.json', 'missing.sarif', '--output', 'all.sarif'], dir);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ecsguard: broken\.json:1:/);
    expect(lines[1]).toBe('ecsguard: other.json: not a SARIF log, an ecsguard JSON report or an inventory snapshot');
    expect(lines[2]).toMatch(/^ecsguard: missing\.sarif: no such file or directory/);
    expect(lines[3]).toBe('ecsguard: a.json: is an ecsguard JSON report, but a.sarif is a SARIF log: merge files of one kind');
    expect(lines[4]).toBe('ecsguard: nothing written: 4 of 5 inputs could not be merged');
    expect(existsSync(join(dir, 'all.sarif'))).toBe(false);
    expect(runCli(['merge', 'a.sarif', '--output', 'a.sarif'], dir).stderr).toMatch(/^ecsguard: --output a\.sarif is also an input/);
  });
});
