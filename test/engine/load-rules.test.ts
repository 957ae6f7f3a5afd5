import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
    expect(JSON.parse(list.stdout).map((r: any) => r.id)).toEqual(['org-no-latest-tag', 'org-task-role-no-passrole', 'org-team-label']);
    const test = runCli(['rules', 'test', '--no-builtin-rules', '--rules', 'fixtures/user-rules']); // as the README shows
    expect(test.code).toBe(0);
    expect(test.stdout).toMatch(/^todo {2}org-no-latest-tag: [^\n]*\nok {4}org-no-latest-tag \(5 cases\)\nok {4}org-task-role-no-passrole \(7 cases\)\nok {4}org-team-label \(3 cases\)\n14 passed, 0 failed, 1 todo\n$/);
    const dir = tempDir({ 'td.json': JSON.stringify({ family: 'x', containerDefinitions: [{ name: 'web', image: 'nginx:latest', privileged: true }] }) });
    const scan = JSON.parse(runCli(['scan', 'td.json', '--no-config', '--no-builtin-rules', '--rules', `${ROOT}/fixtures/user-rules`, '--format', 'json'], dir).stdout);
    expect(scan.rules.map((r: any) => r.id)).toEqual(['org-no-latest-tag', 'org-task-role-no-passrole', 'org-team-label']);
    expect(new Set(scan.results.map((x: any) => x.ruleId))).toEqual(new Set(['org-no-latest-tag', 'org-task-role-no-passrole', 'org-team-label']));
    for (const args of [['scan', 'td.json', '--no-builtin-rules'], ['rules', 'list', '--no-builtin-rules']]) {
      const r = runCli(args, dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^ecsguard: --no-builtin-rules needs --rules DIR/);
    }
  });
});

describe('predicates a --rules directory brings (its predicates/ folder)', () => {
  it('run in scans with their own messages, and take parameters the organisation sets, checked against their schema', () => {
    const td = JSON.stringify({ family: 'x', containerDefinitions: [{ name: 'web', image: 'nginx:1.27', dockerLabels: { owner: 'shop' } }] });
    const dir = tempDir({ 'td.json': td, 'owner.yaml': 'rules:\n  org-team-label:\n    parameters: { label: owner }\n', 'bad.yaml': 'rules:\n  org-team-label:\n    parameters: { label: 7 }\n' });
    const scan = (config: string) => runCli(['scan', 'td.json', '--config', config, '--rules', `${ROOT}/fixtures/user-rules`, '--check', 'org-team-label', '--format', 'json'], dir);
    const flagged = JSON.parse(runCli(['scan', 'td.json', '--no-config', '--rules', `${ROOT}/fixtures/user-rules`, '--check', 'org-team-label', '--format', 'json'], dir).stdout);
    expect(flagged.results[0]).toMatchObject({ status: 'fail', messageId: 'no-team-label', message: 'Container "web" has no com.example.team label naming its owning team' });
    expect(JSON.parse(scan('owner.yaml').stdout).results[0].status).toBe('pass');
    const bad = scan('bad.yaml');
    expect(bad.code).toBe(2);
    expect(bad.stdout + bad.stderr).toContain('bad.yaml:3:');
    expect(bad.stdout + bad.stderr).toContain('rules.org-team-label.parameters');
  });
  it('that are broken, or take a shipped id, are errors naming the file; the other rules still load', () => {
    const dir = tempDir({
      'rules/predicates/broken.cjs': "module.exports = { id: 'Not Kebab', messages: {}, evaluate() {} };\n",
      'rules/predicates/throws.cjs': "throw new Error('boom');\n",
      'rules/predicates/clash.cjs': "module.exports = { id: 'plaintext-secrets', messages: { x: 'hello' }, evaluate() { return { violations: [], unknowns: [] }; } };\n",
    });
    const { rules, errors } = loadRules([join(dir, 'rules')], dir);
    expect(errors.map((e) => e.format()).sort()).toEqual([
      'rules/predicates/broken.cjs: invalid predicate: its id must be a kebab-case string',
      'rules/predicates/clash.cjs: invalid predicate: the id "plaintext-secrets" is already a predicate\'s',
      'rules/predicates/throws.cjs: cannot load predicate: boom',
    ]);
    expect(rules.some((r) => r.id === 'ecs-no-plaintext-secrets')).toBe(true);
  });
  it('own their messages and parameters: a rule that repeats them is refused', () => {
    const rule = readFileSync(`${ROOT}/fixtures/user-rules/org-team-label.yaml`, 'utf8');
    for (const [text, message] of [
      [rule.replace('check:', "messages:\n  no-team-label: 'Container {{container}} again'\ncheck:"), 'message "no-team-label" belongs to predicate "team-label", which defines it: remove it from the rule'],
      [rule.replace('check:', 'parameters:\n  label: x\ncheck:'), 'predicate "team-label" declares its parameters and their defaults: remove them from the rule'],
    ]) {
      const dir = tempDir({ 'rules/org-team-label.yaml': text! });
      mkdirSync(join(dir, 'rules/predicates'));
      copyFileSync(`${ROOT}/fixtures/user-rules/predicates/team-label.cjs`, join(dir, 'rules/predicates/team-label.cjs'));
      const { errors } = loadRules([join(dir, 'rules')], dir);
      expect(errors.map((e) => e.message)).toEqual([`invalid rule: ${message}`]);
    }
  });
});

describe('cross-resource rules without code: check.via and grants', () => {
  const template = [
    'Resources:',
    '  TaskRole:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: ecs-tasks.amazonaws.com }, Action: sts:AssumeRole }] }',
    '      Policies:',
    '        - PolicyName: too-much',
    '          PolicyDocument:',
    '            Statement:',
    '              - Effect: Allow',
    '                Action: iam:*',
    '                Resource: "*"',
    '  Task:',
    '    Type: AWS::ECS::TaskDefinition',
    '    Properties:',
    '      TaskRoleArn: !GetAtt TaskRole.Arn',
    '      ContainerDefinitions:',
    '        - Name: app',
    '          Image: nginx:1.27',
    '',
  ].join('\n');
  it('step from a task definition to its role in the same template, and point at the statement, with the field as the related place', () => {
    const dir = tempDir({ 'stack.yaml': template });
    const r = JSON.parse(runCli(['scan', 'stack.yaml', '--no-config', '--no-builtin-rules', '--rules', `${ROOT}/fixtures/user-rules`, '--check', 'org-task-role-no-passrole', '--format', 'json'], dir).stdout);
    const f = r.results.find((x: any) => x.status === 'fail');
    expect(f).toMatchObject({ message: 'Task role "TaskRole" allows iam:PassRole on every role', location: { file: 'stack.yaml', line: 10 }, related: [{ line: 16, pointer: '/taskRoleArn' }] });
  });
  it('are refused where grants has no role to read, or via has no task definition to step from', () => {
    const rule = readFileSync(`${ROOT}/fixtures/user-rules/org-task-role-no-passrole.yaml`, 'utf8');
    for (const [text, message] of [
      [rule.replace('  via: taskRole\n', ''), 'grants reads an IAM role: use it on iam:role rules, or step to the role with check.via'],
      [rule.replace('resource: ecs:task-definition', 'resource: ecs:service'), 'check.via taskRole does not start from ecs:service: it steps from a task definition to its roles, or from a task started outside a service to the task role its overrides name'],
    ]) {
      const dir = tempDir({ 'rules/org-task-role-no-passrole.yaml': text! });
      expect(loadRules([join(dir, 'rules')], dir).errors.map((e) => e.message)).toEqual([`invalid rule: ${message}`]);
    }
  });
});

describe('a broken rule is an error naming the file, line and field', () => {
  const broken: Array<[string, string, string]> = [
    ['bad severity', base.replace('severity: low', 'severity: urgent'), 'org-no-latest-tag.yaml:5:1: invalid rule: severity must be one of "info", "low", "medium", "high", "critical"'],
    ['unknown key', base.replace('severity: low', 'severity: low\ncolour: red'), 'org-no-latest-tag.yaml:6:1: invalid rule: unknown field "colour" in the document'],
    ['undefined message id', base.replace('      message: latest\n', '      message: latests\n'), 'org-no-latest-tag.yaml:33:7: invalid rule: message id "latests" is not defined under messages'],
    ['catastrophic regex', base.replace('"@sha256:[0-9a-f]{64}$"', '"^(a+)+$"'), 'org-no-latest-tag.yaml:29:28: invalid rule: a repeated group contains a repetition or an alternation (catastrophic backtracking)'],
    ['unknown predicate', base.replace(/check:[\s\S]*?cases:/, 'check:\n  expect:\n    - predicate: no-such-thing\ncases:'), 'org-no-latest-tag.yaml:24:7: invalid rule: unknown predicate \"no-such-thing\" (known: ' + Object.keys(PREDICATES).sort().join(', ') + ')'],
    ['file not named by id', base.replace('id: org-no-latest-tag', 'id: org-other'), 'org-no-latest-tag.yaml:2:1: invalid rule: the file of rule "org-other" must be named org-other.yaml'],
    ['no cases', base.replace(/cases:[\s\S]*$/, 'cases: []\n'), 'org-no-latest-tag.yaml:36:1: invalid rule: cases must NOT have fewer than 2 items'],
    // a key written twice is a mistake in a rule, not the last one silently counting
    ['a key twice', base.replace('severity: low', 'severity: low\nseverity: high'), 'org-no-latest-tag.yaml:6:1: invalid YAML: a mapping has the same key twice'],
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
