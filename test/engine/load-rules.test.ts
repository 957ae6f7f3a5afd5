import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/engine/load-rules.js';
import { PREDICATES } from '../../src/predicates/index.js';
import { ROOT, runCli, tempDir } from '../helpers.js';

const base = readFileSync(`${ROOT}/fixtures/user-rules/org-no-latest-tag.yaml`, 'utf8');

describe('user rules (--rules DIR)', () => {
  it('load, run their cases and evaluate in scans', () => {
    const test = runCli(['rules', 'test', '--rules', 'fixtures/user-rules']);
    expect(test.code).toBe(0);
    expect(test.stdout).toContain('ok    org-no-latest-tag (5 cases)');
    expect(test.stdout).toContain('todo  org-no-latest-tag: channel tags move like latest');
    expect(test.stdout).not.toContain('[now passes: remove todo]');
    const dir = tempDir({ 'td.json': JSON.stringify({ family: 'x', containerDefinitions: [{ name: 'web', image: 'nginx:latest' }] }) });
    const scan = runCli(['scan', 'td.json', '--no-config', '--rules', `${ROOT}/fixtures/user-rules`, '--format', 'json'], dir);
    const r = JSON.parse(scan.stdout).results.find((x: any) => x.ruleId === 'org-no-latest-tag');
    expect(r).toMatchObject({ status: 'fail', message: 'Container "web" runs image nginx:latest without a pinned version', location: { line: 1, pointer: '/containerDefinitions/0/image' } });
  });
  it('--no-builtin-rules runs only the rules of the --rules directories, and needs one', () => {
    const list = runCli(['rules', 'list', '--format', 'json', '--no-builtin-rules', '--rules', 'fixtures/user-rules']);
    expect(JSON.parse(list.stdout).map((r: any) => r.id)).toEqual(['org-no-latest-tag']);
    const test = runCli(['rules', 'test', '--no-builtin-rules', '--rules', 'fixtures/user-rules']); // as the README shows
    expect(test.code).toBe(0);
    expect(test.stdout).toMatch(/^todo {2}org-no-latest-tag: [^\n]*\nok {4}org-no-latest-tag \(5 cases\)\n4 passed, 0 failed, 1 todo\n$/);
    const dir = tempDir({ 'td.json': JSON.stringify({ family: 'x', containerDefinitions: [{ name: 'web', image: 'nginx:latest', privileged: true }] }) });
    const scan = JSON.parse(runCli(['scan', 'td.json', '--no-config', '--no-builtin-rules', '--rules', `${ROOT}/fixtures/user-rules`, '--format', 'json'], dir).stdout);
    expect(scan.rules.map((r: any) => r.id)).toEqual(['org-no-latest-tag']);
    expect(new Set(scan.results.map((x: any) => x.ruleId))).toEqual(new Set(['org-no-latest-tag']));
    for (const args of [['scan', 'td.json', '--no-builtin-rules'], ['rules', 'list', '--no-builtin-rules']]) {
      const r = runCli(args, dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^ecsguard: --no-builtin-rules needs --rules DIR/);
    }
  });
});

describe('a broken rule is an error naming the file, line and field', () => {
  const broken: Array<[string, string, string]> = [
    ['bad severity', base.replace('severity: low', 'severity: urgent'), 'org-no-latest-tag.yaml:5:1: invalid rule: severity must be one of "info", "low", "medium", "high", "critical"'],
    ['unknown key', base.replace('severity: low', 'severity: low\ncolour: red'), 'org-no-latest-tag.yaml:6:1: invalid rule: unknown field "colour" in the document'],
    ['undefined message id', base.replace('      message: latest\n', '      message: latests\n'), 'org-no-latest-tag.yaml:33:7: invalid rule: message id "latests" is not defined under messages'],
    ['catastrophic regex', base.replace('"@sha256:[0-9a-f]{64}$"', '"^(a+)+$"'), 'org-no-latest-tag.yaml:29:28: invalid rule: a repeated group contains a repetition or an alternation (catastrophic backtracking)'],
    ['unknown predicate', base.replace(/check:[\s\S]*?cases:/, 'check:\n  expect:\n    - predicate: no-such-thing\ncases:'), 'org-no-latest-tag.yaml:24:7: invalid rule: unknown predicate \"no-such-thing\" (known: ' + Object.keys(PREDICATES).join(', ') + ')'],
    ['file not named by id', base.replace('id: org-no-latest-tag', 'id: org-other'), 'org-no-latest-tag.yaml:2:1: invalid rule: the file of rule "org-other" must be named org-other.yaml'],
    ['no cases', base.replace(/cases:[\s\S]*$/, 'cases: []\n'), 'org-no-latest-tag.yaml:36:1: invalid rule: cases must NOT have fewer than 2 items'],
  ];
  it.each(broken)('%s', (_, text, error) => {
    const dir = tempDir({ 'rules/org-no-latest-tag.yaml': text });
    const { rules, errors } = loadRules(['rules'], dir);
    expect(errors.map((e) => e.format())).toEqual([`rules/${error}`]);
    expect(rules.map((r) => r.id)).not.toContain('org-no-latest-tag');
  });
  it('a duplicate id is refused', () => {
    const dir = tempDir({ 'rules/ecs-no-plaintext-secrets.yaml': base.replace('id: org-no-latest-tag', 'id: ecs-no-plaintext-secrets') });
    const { errors } = loadRules(['rules'], dir);
    expect(errors[0]?.format()).toMatch(/^rules\/ecs-no-plaintext-secrets\.yaml:2: rule id "ecs-no-plaintext-secrets" is already used by /);
  });
  it('the scan reports broken rules, runs the others and exits 2', () => {
    const dir = tempDir({ 'rules/org-no-latest-tag.yaml': base.replace('severity: low', 'severity: urgent'), 'td.json': JSON.stringify({ containerDefinitions: [{ name: 'a', image: 'x' }] }) });
    const r = runCli(['scan', 'td.json', '--no-config', '--rules', 'rules'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('rules/org-no-latest-tag.yaml:5:1: invalid rule');
    expect(r.stdout).toContain('ecs-awslogs-stream-prefix');
  });
});
