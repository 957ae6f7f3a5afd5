// The files that put ecsguard into other tools' hands: the GitHub Action, the example workflows
// and the pre-commit hook. They are parsed, every ecsguard flag they use must exist, and inputs
// reach scripts only through environment variables (no script injection through an input).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SCAN_OPTIONS } from '../src/cli/scan-command.js';
import { ROOT } from './helpers.js';

const read = (path: string) => parse(readFileSync(`${ROOT}/${path}`, 'utf8'));
const examples = readdirSync(`${ROOT}/examples`).filter((f) => /\.ya?ml$/.test(f));

/** The options given to `ecsguard scan` (or bin/ecsguard.cjs scan) in a shell script. */
function scanFlags(script: string): string[] {
  const flags: string[] = [];
  for (const line of script.split('\n')) {
    const at = line.search(/(ecsguard|bin\/ecsguard\.cjs"?) (scan|"\$\{args\[@\]\}")/);
    if (at === -1 && !line.includes('args=(scan') && !line.includes('args+=(')) continue;
    for (const m of line.matchAll(/(?:^|\s|\()--([a-z][a-z-]*)/g)) flags.push(m[1]!);
  }
  return flags;
}

function runScripts(doc: any): string[] {
  const steps = [...(doc.runs?.steps ?? []), ...Object.values(doc.jobs ?? {}).flatMap((j: any) => j.steps ?? [])];
  return steps.map((s: any) => s.run).filter((r: unknown): r is string => typeof r === 'string');
}

describe('the GitHub Action', () => {
  const action = read('action.yml');
  it('is a composite action with the inputs the README documents', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(['paths', 'format', 'fail-on', 'config', 'category', 'upload-sarif', 'sarif-file']);
    expect(action.inputs['upload-sarif'].default).toBe('true');
    const uses = action.runs.steps.map((s: any) => s.uses).filter(Boolean);
    expect(uses).toContain('github/codeql-action/upload-sarif@v3');
    expect(readFileSync(`${ROOT}/action.yml`, 'utf8')).toContain('GITHUB_STEP_SUMMARY');
  });
  it('passes inputs through the environment, never into a script', () => {
    for (const script of runScripts(action)) expect(script).not.toMatch(/\$\{\{/);
  });
  it('uses only flags ecsguard scan has', () => {
    const flags = runScripts(action).flatMap(scanFlags);
    expect(flags).toEqual(expect.arrayContaining(['fail-on', 'category', 'output', 'config']));
    for (const f of flags) expect(Object.keys(SCAN_OPTIONS)).toContain(f);
  });
});

describe('example workflows', () => {
  it.each(examples)('%s is valid YAML whose ecsguard flags exist', (file) => {
    const doc = read(`examples/${file}`);
    expect(doc.jobs).toBeTypeOf('object');
    const flags = runScripts(doc).flatMap(scanFlags);
    for (const f of flags) expect(Object.keys(SCAN_OPTIONS)).toContain(f);
    for (const script of runScripts(doc)) expect(script).not.toMatch(/\$\{\{\s*(github\.event|inputs)\./);
  });
  it('include a pull-request workflow with the action and a scheduled live audit with OIDC', () => {
    const pr = read('examples/github-pull-request.yml');
    expect(pr.on).toHaveProperty('pull_request');
    expect(pr.jobs.ecsguard.steps.some((s: any) => /^ecsguard\/ecsguard@/.test(s.uses ?? ''))).toBe(true);
    const live = read('examples/github-scheduled-live-audit.yml');
    expect(live.permissions['id-token']).toBe('write');
    expect(live.jobs.audit.steps.some((s: any) => (s.uses ?? '').startsWith('aws-actions/configure-aws-credentials@'))).toBe(true);
    expect(runScripts(live).flatMap(scanFlags)).toEqual(expect.arrayContaining(['live', 'region', 'output']));
  });
});

describe('the pre-commit hook', () => {
  it('runs ecsguard scan on the files a directory scan reads', () => {
    const [hook] = read('.pre-commit-hooks.yaml');
    expect(hook).toMatchObject({ id: 'ecsguard', language: 'node', pass_filenames: true });
    expect(hook.entry).toMatch(/^ecsguard scan/);
    for (const m of (hook.entry as string).matchAll(/--([a-z-]+)/g)) expect(Object.keys(SCAN_OPTIONS)).toContain(m[1]);
    const files = new RegExp(hook.files);
    for (const f of ['deploy/td.json', 'stack.yaml', 'x.yml', 'a.template', 'b.cfn', 'c.json.tpl']) expect(files.test(f)).toBe(true);
    expect(files.test('main.tf')).toBe(false);
  });
});
