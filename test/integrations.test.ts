// The files that put ecsguard into other tools' hands: the GitHub Action, the example workflows
// and the pre-commit hook. They are parsed, every ecsguard flag they use must exist, and inputs
// reach scripts only through environment variables (no script injection through an input).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COLLECT_OPTIONS } from '../src/cli/collect-command.js';
import { MERGE_OPTIONS } from '../src/cli/merge-command.js';
import { SCAN_OPTIONS } from '../src/cli/scan-command.js';
import { ROOT, runCli } from './helpers.js';

const read = (path: string) => parse(readFileSync(`${ROOT}/${path}`, 'utf8'));
const workflows = readdirSync(`${ROOT}/examples`).filter((f) => /^github-.*\.ya?ml$/.test(f));
const OPTIONS: Record<string, object> = { scan: SCAN_OPTIONS, controls: SCAN_OPTIONS, collect: COLLECT_OPTIONS, merge: MERGE_OPTIONS };

/**
 * Every `ecsguard COMMAND --flag ...` in a text (a shell script, a task's command, a state's
 * command string), as [command, flag]: up to the end of the shell command (; && || | > or the line).
 */
function ecsguardFlags(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const joined = text.replace(/\\\n/g, ' ');
  for (const m of joined.matchAll(/\becsguard (scan|controls|collect|merge)\b([^\n;&|>]*)/g)) {
    for (const f of m[2]!.matchAll(/(?:^|\s)--([a-z][a-z-]*)/g)) out.push([m[1]!, f[1]!]);
  }
  return out;
}

/** Every string in a parsed document. */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

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
  it.each(workflows)('%s is valid YAML whose ecsguard flags exist', (file) => {
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

describe('examples of sharded audits, each ending with merge', () => {
  const cfnTags = ['!Ref', '!Sub', '!GetAtt'].map((tag) => ({ tag, resolve: (v: string) => v }));
  const examples = {
    'a GitHub Actions matrix over accounts with OIDC': read('examples/github-org-audit-matrix.yml'),
    'an ECS scheduled task started by EventBridge Scheduler': parse(readFileSync(`${ROOT}/examples/ecs-scheduled-audit.yaml`, 'utf8'), { customTags: cfnTags }),
    "a Step Functions distributed map over the organisation's accounts": JSON.parse(readFileSync(`${ROOT}/examples/step-functions-org-audit.asl.json`, 'utf8')),
  };
  it.each(Object.entries(examples))('%s parses, uses only flags ecsguard has, and merges', (_, doc) => {
    const used = strings(doc).flatMap(ecsguardFlags);
    expect(used.length).toBeGreaterThan(3);
    for (const [command, flag] of used) expect(Object.keys(OPTIONS[command]!), `ecsguard ${command} --${flag}`).toContain(flag);
    expect(used.some(([command]) => command === 'merge')).toBe(true);
  });
  it('shard the way each engine does', () => {
    const matrix = examples['a GitHub Actions matrix over accounts with OIDC'];
    expect(matrix.jobs.account.strategy.matrix.account.length).toBeGreaterThan(1);
    expect(matrix.jobs.merge.needs).toBe('account');
    expect(matrix.permissions['id-token']).toBe('write');
    const stack = examples['an ECS scheduled task started by EventBridge Scheduler'];
    expect(stack.Resources.NightlyAudit.Type).toBe('AWS::Scheduler::Schedule');
    expect(stack.Resources.NightlyAudit.Properties.Target.EcsParameters.LaunchType).toBe('FARGATE');
    const machine = examples["a Step Functions distributed map over the organisation's accounts"];
    expect(machine.States.AuditEachAccount.ItemProcessor.ProcessorConfig.Mode).toBe('DISTRIBUTED');
    expect(machine.States.AuditEachAccount.Next).toBe('Merge');
  });
  it("the scheduled task's own template passes ecsguard's checks", () => {
    const r = runCli(['scan', 'examples/ecs-scheduled-audit.yaml', '--no-config', '--format', 'json'], ROOT);
    const report = JSON.parse(r.stdout);
    expect(report.summary.results.fail).toBe(0);
    expect(report.summary.results.pass).toBeGreaterThan(5);
  });
});

describe('the pre-commit hook', () => {
  it('runs ecsguard scan on the files a directory scan reads', () => {
    const [hook] = read('.pre-commit-hooks.yaml');
    expect(hook).toMatchObject({ id: 'ecsguard', language: 'node', pass_filenames: true });
    expect(hook.entry).toMatch(/^ecsguard scan/);
    for (const m of (hook.entry as string).matchAll(/--([a-z-]+)/g)) expect(Object.keys(SCAN_OPTIONS)).toContain(m[1]);
    const files = new RegExp(hook.files);
    for (const f of ['deploy/td.json', 'stack.yaml', 'x.yml', 'a.template', 'b.cfn', 'c.json.tpl', 'ci/release.sh', 'Makefile', 'build/rules.mk', 'Jenkinsfile', 'ci/Jenkinsfile.release', 'vars/deploy.groovy', 'roles/x/templates/td.json.j2']) expect(files.test(f)).toBe(true);
    for (const f of ['main.tf', 'nginx.conf.j2', 'README.md', 'MyJenkinsfileNotes.txt']) expect(files.test(f)).toBe(false);
  });
});
