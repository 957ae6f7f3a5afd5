// Real files that used to be rejected or misjudged, and crafted ones: the parsed document decides,
// exactly as AWS would read it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFiles } from '../../src/sources/files/walk.js';
import { loadFile } from '../../src/sources/files/load-file.js';
import { ROOT, lineOf, load, runCli, tempDir } from '../helpers.js';

const loadIn = (dir: string, name: string, explicit = false) => loadFile(join(dir, name), name, { explicit, maxBytes: 64 * 1024 * 1024 });
const json = (r: { stdout: string }) => JSON.parse(r.stdout);
const statuses = (report: any, ruleId: string) => report.results.filter((x: any) => x.ruleId === ruleId).map((x: any) => x.status);

describe('null means "not set"', () => {
  it('a describe-task-definition export full of nulls is scanned like one without those fields', () => {
    const r = load('fixtures/inputs/describe-nulls.json');
    expect(r.errors).toEqual([]);
    const td = r.resources[0]!;
    expect(Object.keys(td.data)).not.toContain('ipcMode');
    expect(Object.keys((td.data.containerDefinitions as any)[0])).not.toContain('secrets');
    const report = json(runCli(['scan', 'fixtures/inputs/describe-nulls.json', '--no-config', '--format', 'json']));
    expect(report.errors).toEqual([]);
    expect(statuses(report, 'ecs-no-plaintext-secrets')).toEqual(['fail']);
    expect(statuses(report, 'ecs-awslogs-stream-prefix')).toEqual(['pass']);
  });
});

describe('a bare containerDefinitions array', () => {
  it('runs the container rules and leaves the task-level rules unknown, with the reason', () => {
    const report = json(runCli(['scan', 'fixtures/inputs/bare-containers.json', '--no-config', '--format', 'json']));
    for (const id of ['ecs-execution-role-scoped', 'ecs-task-role-distinct', 'ecs-no-host-network', 'ecs-no-host-pid-ipc']) {
      const [result, ...rest] = report.results.filter((x: any) => x.ruleId === id);
      expect(rest).toEqual([]);
      expect([id, result.status]).toEqual([id, 'unknown']);
      expect(result.reason).toContain('a bare containerDefinitions array holds no task-level fields');
    }
    for (const id of ['ecs-no-privileged', 'ecs-non-root-user', 'ecs-readonly-root-filesystem', 'ecs-awslogs-stream-prefix', 'ecs-no-plaintext-secrets']) {
      expect([id, ...statuses(report, id)]).toEqual([id, 'pass']);
    }
  });
});

describe('CloudFormation as CDK and the language extensions write it', () => {
  it('a task definition without ContainerDefinitions is a resource with no containers, not an error', () => {
    const report = json(runCli(['scan', 'fixtures/inputs/cfn-no-containers.json', '--no-config', '--format', 'json']));
    expect(report.errors).toEqual([]);
    expect(statuses(report, 'ecs-no-privileged')).toEqual(['not-applicable']);
    expect(statuses(report, 'ecs-no-plaintext-secrets')).toEqual(['not-applicable']);
  });
  it('reads YAML 1.1 booleans as CloudFormation does: Privileged: yes is privileged', () => {
    const dir = tempDir({ 't.yaml': 'Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions:\n        - Name: app\n          Image: nginx:1.27\n          Privileged: yes\n          ReadonlyRootFilesystem: Off\n' });
    const report = json(runCli(['scan', 't.yaml', '--no-config', '--format', 'json'], dir));
    expect(report.errors).toEqual([]);
    expect([statuses(report, 'ecs-no-privileged'), statuses(report, 'ecs-readonly-root-filesystem')]).toEqual([['fail'], ['fail']]);
  });
  it('accepts every intrinsic where the property takes a value', () => {
    const template = {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        T: {
          Type: 'AWS::ECS::TaskDefinition',
          Properties: {
            NetworkMode: { 'Fn::Select': [0, { 'Fn::Split': [',', { 'Fn::ImportValue': 'modes' }] }] },
            ContainerDefinitions: [
              {
                Name: { 'Fn::Join': ['-', ['app', { Ref: 'AWS::StackName' }]] },
                Image: { 'Fn::Sub': '${Repo}:1' },
                Command: { 'Fn::Split': [' ', { Ref: 'Cmd' }] },
                EntryPoint: [{ 'Fn::Base64': 'x' }, { 'Fn::ToJsonString': { a: 1 } }, { 'Fn::Length': [1, 2] }],
                Environment: [{ Name: 'SUBNETS', Value: { 'Fn::Join': [',', { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] }] } }, { Name: 'AZ', Value: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] } }],
                DockerLabels: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://bucket/labels.yaml' } } },
                Privileged: { 'Fn::If': ['Debug', true, false] },
                User: { 'Fn::FindInMap': ['Users', { Ref: 'AWS::Region' }, 'Uid'] },
              },
            ],
          },
        },
      },
    };
    const dir = tempDir({ 'stack.json': JSON.stringify(template, null, 2) });
    const r = loadIn(dir, 'stack.json', true);
    expect(r.errors).toEqual([]);
    expect(r.resources).toHaveLength(1);
  });
  it('Fn::ForEach generates task definitions at the loop body lines', () => {
    const file = 'fixtures/inputs/cfn-foreach.yaml';
    const r = load(file);
    expect(r.resources.map((x) => [x.id, x.name])).toEqual([['TaskWeb', 'svc-Web'], ['TaskApi', 'svc-Api']]);
    const t = readFileSync(join(ROOT, file), 'utf8');
    expect(r.resources[1]!.origin.locate('/containerDefinitions/0/environment/0/value').line).toBe(lineOf(t, 'Value: !Sub'));
  });
  it('literal text inside intrinsics fails at its exact line, through the CLI', () => {
    const report = json(runCli(['scan', 'fixtures/inputs/cfn-intrinsic-secrets.yaml', '--no-config', '--format', 'json']));
    const found = report.results.filter((x: any) => x.ruleId === 'ecs-no-plaintext-secrets').map((x: any) => [x.status, x.location.line, x.data.name]);
    expect(found).toEqual([
      ['fail', 30, 'DATABASE_URL'],
      ['fail', 32, 'UPLOAD_CREDS'],
      ['fail', 34, 'AWS_SECRET_ACCESS_KEY'],
      ['fail', 36, 'AWS_ACCESS_KEY_ID'],
      ['fail', 38, 'API_TOKEN'],
      ['fail', 42, 'DB_PASSWORD'],
      ['fail', 51, 'SIDECAR_TOKEN'],
    ]);
    expect(JSON.stringify(report)).not.toMatch(/hunter2pw|QYLPMN5HHHFPZAM2|dev-tok-|prd-tok-|prod-Secr3t|side-car-token|not-deployed/);
  });
  it('an unknown reason names the variable and the construct, never the text of a !Sub', () => {
    const dir = tempDir({
      'stack.yaml': 'Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions:\n        - Name: app\n          Environment:\n            - Name: DB_PASSWORD\n              Value: !Sub "${Prefix}-hunter2-xyzzy"\n',
    });
    for (const format of ['text', 'json', 'sarif', 'markdown']) {
      const r = runCli(['scan', 'stack.yaml', '--no-config', '--format', format], dir);
      expect(r.stdout + r.stderr).not.toContain('hunter2');
      expect(r.stdout + r.stderr).not.toContain('xyzzy');
    }
    const reason = json(runCli(['scan', 'stack.yaml', '--no-config', '--format', 'json'], dir)).results.find((x: any) => x.ruleId === 'ecs-no-plaintext-secrets').reason;
    expect(reason).toBe('environment variable DB_PASSWORD of container "app" is a !Sub expression, set at deploy time; its value could not be checked');
  });
  it('a resource whose condition the template decides false is not created', () => {
    const dir = tempDir({
      'stack.yaml':
        'Conditions:\n  Never: !Equals [a, b]\nResources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Condition: Never\n    Properties:\n      ContainerDefinitions:\n        - { Name: app, Privileged: true }\n  U:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions:\n        - { Name: app }\n',
    });
    expect(loadIn(dir, 'stack.yaml', true).resources.map((r) => r.id)).toEqual(['U']);
  });
});

describe('the parsed document decides, never the raw text', () => {
  it('a walk scans files whose keys are written with JSON or YAML escapes, and templates without containers', () => {
    const dir = tempDir({
      'escaped.json': '{"family": "e", "containerDefinition\\u0073": [{"name": "a", "environment": [{"name": "DB_PASSWORD", "value": "Esc4ped-Secret"}]}]}',
      'escaped.yaml': 'family: y\n"containerDefinition\\x73":\n  - name: a\n    privileged: true\n',
      'cdk.json': readFileSync(join(ROOT, 'fixtures/inputs/cfn-no-containers.json'), 'utf8'),
      'config/settings.json': '{"feature": true}',
    });
    const walk = findFiles(['.'], { cwd: dir });
    const loaded = walk.files.map((f) => loadFile(f.path, f.display, { explicit: false, maxBytes: 1 << 26 }));
    expect(loaded.map((l) => [l.file, l.resources.length, l.skipped ?? ''])).toEqual([
      ['cdk.json', 2, ''],
      ['config/settings.json', 0, 'not a task definition'],
      ['escaped.json', 1, ''],
      ['escaped.yaml', 1, ''],
    ]);
  });
  it('a broken file that names no ECS resource is passed over in a walk; one that does is an error', () => {
    const dir = tempDir({ 'chart/templates/deploy.yaml': 'spec:\n  {{- toYaml .Values.x | nindent 2 }}\n  a: b\n', 'broken.json': '{"containerDefinitions": [' });
    expect(loadIn(dir, 'chart/templates/deploy.yaml')).toMatchObject({ errors: [], skipped: 'not valid JSON or YAML, and it names no ECS resource' });
    // valid JSON nested too deeply is said to be that, not invalid
    const deep = tempDir({ 'deep.json': '['.repeat(5000) + ']'.repeat(5000) });
    expect(loadIn(deep, 'deep.json')).toMatchObject({ errors: [], skipped: 'document is nested more than 100 levels deep, and it names no ECS resource' });
    expect(loadIn(dir, 'chart/templates/deploy.yaml', true).errors[0]?.message).toMatch(/^invalid YAML/);
    expect(loadIn(dir, 'broken.json').errors[0]?.message).toBe('invalid JSON: unexpected end of file');
  });
  it('*.tpl files rendered into task definitions are read', () => {
    const dir = tempDir({ 'containers.json.tpl': JSON.stringify([{ name: 'app', image: 'nginx:1.27', privileged: true }]) });
    const walk = findFiles(['.'], { cwd: dir });
    expect(walk.files.map((f) => f.display)).toEqual(['containers.json.tpl']);
    expect(loadIn(dir, 'containers.json.tpl').resources[0]?.origin.shape).toBe('container-definitions');
  });
});

describe('YAML merge keys and duplicate keys, as AWS reads them', () => {
  it('merge keys are resolved; a finding in merged keys points at the anchor', () => {
    const text = [
      'x-base: &base',
      '  name: app',
      '  image: nginx:1.27',
      '  environment:',
      '    - name: DB_PASSWORD',
      '      value: Merged-Secret-9',
      'family: merged',
      'containerDefinitions:',
      '  - <<: *base',
      '    privileged: true',
      '  - <<: [*base]',
      '    name: second',
      '',
    ].join('\n');
    const dir = tempDir({ 'td.yaml': text });
    const r = loadIn(dir, 'td.yaml', true);
    expect(r.errors).toEqual([]);
    const containers = r.resources[0]!.data.containerDefinitions as any[];
    expect(containers.map((c) => [c.name, c.privileged ?? false, c.environment?.[0]?.name])).toEqual([['app', true, 'DB_PASSWORD'], ['second', false, 'DB_PASSWORD']]);
    expect(r.resources[0]!.origin.locate('/containerDefinitions/0/environment/0/value').line).toBe(6);
    expect(r.resources[0]!.origin.locate('/containerDefinitions/1/name').line).toBe(12);
  });
  it('the last of duplicate keys takes effect, and the finding points at it (JSON and YAML)', () => {
    const jsonText = '{\n  "containerDefinitions": [{\n    "name": "app",\n    "environment": [{ "name": "DB_PASSWORD",\n      "value": "${DB_PASSWORD}",\n      "value": "Dup-Secret-77" }]\n  }]\n}\n';
    const yamlText = 'containerDefinitions:\n  - name: app\n    environment:\n      - name: DB_PASSWORD\n        value: "${DB_PASSWORD}"\n        value: Dup-Secret-77\n';
    const dir = tempDir({ 'dup.json': jsonText, 'dup.yaml': yamlText });
    for (const [file, line] of [['dup.json', 6], ['dup.yaml', 6]] as const) {
      const report = json(runCli(['scan', file, '--no-config', '--format', 'json'], dir));
      const finding = report.results.find((x: any) => x.ruleId === 'ecs-no-plaintext-secrets');
      expect([file, finding.status, finding.location.line]).toEqual([file, 'fail', line]);
    }
  });
  it('an alias to an anchor that is not defined is an error with its line', () => {
    const dir = tempDir({ 'td.yaml': 'containerDefinitions:\n  - *missing\n' });
    expect(loadIn(dir, 'td.yaml', true).errors[0]?.format()).toMatch(/^td\.yaml:2:\d+: invalid YAML: an alias refers to an anchor that is not defined before it$/);
  });
});

describe('Terraform plans attach policies by role name', () => {
  it('aws_iam_policy_attachment and aws_iam_role_policy_attachment with a role name count', () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameters', Resource: '*' }] });
    const plan = {
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [
            { address: 'aws_ecs_task_definition.app', mode: 'managed', type: 'aws_ecs_task_definition', name: 'app', values: { family: 'app', execution_role_arn: 'arn:aws:iam::123456789012:role/app-exec', container_definitions: JSON.stringify([{ name: 'app', image: 'nginx:1.27' }]) } },
            { address: 'aws_iam_role.exec', mode: 'managed', type: 'aws_iam_role', name: 'exec', values: { name: 'app-exec', arn: 'arn:aws:iam::123456789012:role/app-exec' } },
            { address: 'aws_iam_policy.broad', mode: 'managed', type: 'aws_iam_policy', name: 'broad', values: { name: 'broad', arn: 'arn:aws:iam::123456789012:policy/broad', policy } },
            { address: 'aws_iam_policy_attachment.broad', mode: 'managed', type: 'aws_iam_policy_attachment', name: 'broad', values: { name: 'broad', roles: ['app-exec'], policy_arn: 'arn:aws:iam::123456789012:policy/broad' } },
          ],
        },
      },
    };
    const dir = tempDir({ 'plan.json': JSON.stringify(plan, null, 2) });
    const report = json(runCli(['scan', 'plan.json', '--no-config', '--format', 'json'], dir));
    const finding = report.results.find((x: any) => x.ruleId === 'ecs-execution-role-scoped');
    expect(finding).toMatchObject({ status: 'fail', messageId: 'broad-grant', data: { role: 'app-exec', policy: 'broad' } });
  });
});

describe('CloudFormation conditions that name conditions', () => {
  const template = (conditions: string[], privileged: string) =>
    ['Parameters:', '  Env: { Type: String }', 'Conditions:', ...conditions, 'Resources:', '  T:', '    Type: AWS::ECS::TaskDefinition', '    Properties:', '      ContainerDefinitions:', '        - Name: app', '          Image: nginx:1.27', `          Privileged: ${privileged}`, ''].join('\n');
  it('a chain of 20,000 is read without a stack overflow: past the depth limit a condition is unknown', () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => `  C${i}: !Condition C${i + 1}`);
    const dir = tempDir({ 't.yaml': template([...chain, '  C20000: !Equals [a, a]', '  Short: !Equals [a, a]'], '!If [C0, true, !If [Short, true, false]]') });
    const r = loadIn(dir, 't.yaml', true);
    expect(r.errors).toEqual([]);
    const c = (r.resources[0]!.data.containerDefinitions as any[])[0];
    // C0 is too deep to decide, so both branches stay; Short, beside the chain, is decided
    expect(JSON.stringify(c.privileged)).toBe('{"Fn::If":["C0",true,true]}');
  });
  it('conditions that name the next one twice at every level are decided once each, not 2^80 times', () => {
    const doubling = Array.from({ length: 80 }, (_, i) => `  C${i}: !And [!Condition C${i + 1}, !Condition C${i + 1}]`);
    const dir = tempDir({ 't.yaml': template([...doubling, '  C80: !Equals [!Ref Env, prod]'], '!If [C0, true, false]') });
    const report = json(runCli(['scan', 't.yaml', '--no-config', '--format', 'json'], dir));
    expect(report.errors).toEqual([]);
    expect(statuses(report, 'ecs-no-privileged')).toEqual(['fail']);
  });
});

describe('CloudFormation Fn::ForEach that expands past what a template can hold', () => {
  it('is an error for the template, never a part read and the rest left out', () => {
    const items = Array.from({ length: 1000 }, (_, i) => `i${i}`);
    const body = Object.fromEntries(Array.from({ length: 101 }, (_, j) => [`Q${j}\${X}`, { Type: 'AWS::SQS::Queue' }]));
    const template = {
      Transform: 'AWS::LanguageExtensions',
      Resources: {
        'Fn::ForEach::Pad': ['X', items, body],
        Late: { Type: 'AWS::ECS::TaskDefinition', Properties: { ContainerDefinitions: [{ Name: 'app', Image: 'nginx:1.27', Privileged: true }] } },
      },
    };
    const dir = tempDir({ 't.json': JSON.stringify(template, null, 1) });
    const r = runCli(['scan', 't.json', '--no-config', '--format', 'json'], dir);
    expect(r.code).toBe(2);
    expect(json(r).errors.map((e: any) => e.message)).toEqual(['Resources expand (Fn::ForEach) to more than 100,000 members, far past the 500 CloudFormation takes; not scanned']);
    expect(json(r).results).toEqual([]);
  });
});

describe('templates whose control blocks stand on lines of their own', () => {
  const proton = [
    'Resources:',
    '  TaskDefinition:',
    '    Type: AWS::ECS::TaskDefinition',
    '    Properties:',
    '      ContainerDefinitions:',
    "        - Name: '{{service_instance.name}}'",
    "          Image: '{{service_instance.inputs.image}}'",
    '{% if service_instance.inputs.debug %}',
    '          Privileged: true',
    '{% endif %}',
    '{# a sidecar only where asked #}',
    '{%- for s in service_instance.inputs.sidecars %}',
    '        - Name: sidecar',
    '          Image: busybox',
    '{%- endfor %}',
    '',
  ].join('\n');
  it('are read with every branch and one pass of each loop, each value at its line', () => {
    const dir = tempDir({ 'cloudformation.yaml': proton, 'taskdef.yaml.tmpl': 'containerDefinitions:\n  - name: app\n    image: nginx:1.27\n{{- if .Debug }}\n    privileged: true\n{{- end }}\n' });
    const r = loadIn(dir, 'cloudformation.yaml', true);
    expect(r.errors).toEqual([]);
    const containers = r.resources[0]!.data.containerDefinitions as any[];
    expect(containers.map((c) => [c.name, c.privileged ?? false])).toEqual([['{{service_instance.name}}', true], ['sidecar', false]]);
    expect(r.resources[0]!.origin.locate('/containerDefinitions/0/privileged').line).toBe(lineOf(proton, 'Privileged'));
    const go = loadIn(dir, 'taskdef.yaml.tmpl', true);
    expect([go.errors, (go.resources[0]!.data.containerDefinitions as any[])[0].privileged]).toEqual([[], true]);
  });
  it('a key two branches both set is ambiguous: the file stays unread, and a block beside text is never blanked', () => {
    const branches = proton.replace('{% endif %}', '{% else %}\n          Privileged: false\n{% endif %}');
    const inline = proton.replace('{% if service_instance.inputs.debug %}\n          Privileged: true\n{% endif %}', '          {% if x %}Privileged: true{% endif %}');
    const json = '{\n  "containerDefinitions": [{\n    "name": "app",\n{% if prod %}\n    "privileged": false,\n{% else %}\n    "privileged": true,\n{% endif %}\n    "image": "nginx:1.27"\n  }]\n}\n';
    const dir = tempDir({ 'branches.yaml': branches, 'inline.yaml': inline, 'td.json.j2': json });
    expect(loadIn(dir, 'branches.yaml', true).errors[0]?.message).toMatch(/^invalid YAML/);
    expect(loadIn(dir, 'td.json.j2', true)).toMatchObject({ resources: [], skipped: 'a template that is not JSON or YAML until it is rendered (its control blocks)' });
    expect(loadIn(dir, 'inline.yaml', true).errors[0]?.message).toMatch(/^invalid YAML/);
  });
});

describe('names a template writes, in messages', () => {
  it('a megabyte load balancer name is clipped in the unknown reason, and the scan goes on', () => {
    const name = 'x'.repeat(1_000_000);
    const dir = tempDir({ 'stack.yaml': `Resources:\n  Web:\n    Type: AWS::ECS::Service\n    Properties:\n      TaskDefinition: web:1\n      LoadBalancers:\n        - { ContainerName: web, ContainerPort: 80, LoadBalancerName: ${name} }\n` });
    const report = json(runCli(['scan', 'stack.yaml', '--no-config', '--format', 'json'], dir));
    const [result] = report.results.filter((x: any) => x.ruleId === 'ecs-service-listener-tls');
    expect(result.status).toBe('unknown');
    expect(result.reason.length).toBeLessThan(400);
    expect(result.reason).toContain(`classic load balancer ${'x'.repeat(200)} is not defined`);
  });
  it('a container and a role named with a megabyte each: every message and reason stays short, the findings stay', () => {
    const long = 'n'.repeat(1_000_000);
    const spaced = 'word '.repeat(200_000);
    const td = { family: 'f', executionRoleArn: `arn:aws:iam::123456789012:role/${long}`, containerDefinitions: [{ name: long, image: '${IMAGE}', privileged: true }, { name: spaced, image: '${IMAGE}' }] };
    const dir = tempDir({ 'td.json': JSON.stringify(td) });
    runCli(['scan', 'td.json', '--no-config', '--format', 'json', '--output', 'report.json'], dir);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(statuses(report, 'ecs-no-privileged')).toEqual(['fail']);
    expect(statuses(report, 'ecs-ecr-image')).toEqual(['unknown']);
    expect(statuses(report, 'ecs-execution-role-scoped')).toEqual(['unknown']);
    for (const r of report.results) expect([r.ruleId, r.message.length < 1200]).toEqual([r.ruleId, true]);
  });
});
