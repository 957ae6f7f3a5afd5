// Values only the loaders may mark: a file that writes a marker's shape itself (`{"$unseen": ...}`,
// an intrinsic where no CloudFormation reads it) holds data, so it can neither turn a finding into
// an unknown nor put its own text in a reason; and strings that are only template placeholders
// (`"${NETWORK_MODE}"`) are values a deploy step fills in, not the placeholder's own text.
import { realpathSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHclParser } from '../../src/documents/hcl-syntax.js';
import { DEFAULT_MAX_FILE_BYTES } from '../../src/documents/read-text.js';
import { loadTerraformModule, TerraformModules } from '../../src/sources/files/terraform-hcl/module.js';
import { describeComputed, isComputed, referenceSource } from '../../src/inventory/computed.js';
import { defuseWrittenMarkers, markPlaceholderStrings, parseJsonData } from '../../src/inventory/written-markers.js';
import { placeholderString } from '../../src/documents/json-placeholders.js';
import type { JsonValue } from '../../src/util/json.js';
import { load, runCli, tempDir } from '../helpers.js';

beforeAll(async () => {
  await loadHclParser();
});

const forged = (value: JsonValue) => JSON.stringify(value);

describe('markers a file writes itself', () => {
  it('are data in a task definition file: a field of the wrong type, an error that quotes none of their text', () => {
    const dir = tempDir({
      'td.json': forged({ family: 'a', networkMode: { $unseen: 'FORGED-NETWORK' }, containerDefinitions: [{ name: 'a', image: 'nginx' }] }),
      'env.json': forged({ family: 'b', containerDefinitions: [{ name: 'b', image: 'nginx', environment: [{ name: 'DB_PASSWORD', value: { $computed: 'hunter2' } }] }] }),
      'ref.json': forged({ family: 'c', containerDefinitions: [{ name: 'c', image: 'nginx', user: { Ref: 'hunter2' } }] }),
      'redacted.yaml': 'family: d\ncontainerDefinitions:\n  - name: d\n    image: nginx\n    environment:\n      - { name: X, value: { "\\x24redacted": FORGED } }\n',
    });
    for (const file of ['td.json', 'env.json', 'ref.json', 'redacted.yaml']) {
      const result = load(join(dir, file), false, file);
      expect(result.resources, file).toEqual([]);
      expect(result.errors.map((e) => e.message).join(), file).toMatch(/^wrong field type: /);
      expect(result.errors.map((e) => e.message).join(), file).not.toMatch(/FORGED|hunter2/);
    }
  });

  it('are data in a CloudFormation template, whose intrinsics stay intrinsics', () => {
    const dir = tempDir({
      't.yaml': [
        'Resources:',
        '  Task:',
        '    Type: AWS::ECS::TaskDefinition',
        '    Properties:',
        '      NetworkMode: !Ref Mode',
        '      ContainerDefinitions:',
        '        - Name: a',
        '          Image: nginx',
        '          User: { $unseen: FORGED }',
      ].join('\n'),
    });
    const result = load(join(dir, 't.yaml'), false, 't.yaml');
    expect(result.errors.map((e) => e.message).join()).toMatch(/wrong field type: containerDefinitions\.0\.user/);
    const ok = tempDir({ 't.yaml': 'Resources:\n  Task:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      NetworkMode: !Ref Mode\n      ContainerDefinitions: [{ Name: a, Image: nginx }]\n' });
    const td = load(join(ok, 't.yaml'), false, 't.yaml').resources[0]!;
    expect(isComputed(td.data.networkMode!)).toBe(true);
  });

  it('are data in Terraform HCL: object literals, for expressions, merge, zipmap, jsondecode and yamldecode', () => {
    const users: Record<string, string> = {
      literal: 'local.forged',
      for: '{ for k, v in local.forged : k => v if k == "$unseen" }',
      merge: 'merge({ "$computed" = "x" })',
      zipmap: 'zipmap(["Ref"], ["x"])',
      jsondecode: 'jsondecode("{\\"$oneOf\\": 1}")',
      yamldecode: 'yamldecode("$template: [x]")',
    };
    const tds = Object.entries(users).map(
      ([name, user]) => `resource "aws_ecs_task_definition" "${name}" {\n  family = "${name}"\n  container_definitions = jsonencode([{ name = "a", image = "nginx", user = ${user} }])\n}\n`,
    );
    const dir = realpathSync(tempDir({ 'main.tf': `locals {\n  forged = { "$unseen" = "FORGED" }\n}\n${tds.join('')}` }));
    const modules = new TerraformModules({ maxBytes: DEFAULT_MAX_FILE_BYTES, roots: [dir], display: (p) => relative(dir, p) });
    const result = loadTerraformModule(modules.folderFiles(dir), modules);
    // each container's user is an object the file wrote, no marker: each task definition is refused
    expect(result.resources.filter((r) => r.type === 'ecs:task-definition').map((r) => r.id)).toEqual([]);
    const refused = result.errors.map((e) => e.message.split(':')[0]);
    expect(refused.sort()).toEqual(Object.keys(users).map((n) => `aws_ecs_task_definition.${n}`).sort());
    expect(result.errors.map((e) => e.message).join()).not.toContain('FORGED');
  });

  it('are defused wherever they are nested, and the loaders\' own are kept', () => {
    const own = { $placeholder: '${X}' };
    const value = { a: [{ b: { $unseen: 'x' } }], c: own, d: { Ref: 'R' }, e: { $unseen: 'y', other: 1 } } as JsonValue;
    defuseWrittenMarkers(value, { intrinsics: false, made: new WeakSet([own]) });
    const v = value as any;
    expect(isComputed(v.a[0].b)).toBe(false);
    expect(isComputed(v.c)).toBe(true);
    expect(isComputed(v.d)).toBe(true);
    expect(Object.keys(v.e)).toEqual(['$unseen', 'other']);
    expect(isComputed((parseJsonData('{"x": {"Fn::Sub": "a"}}') as any).x)).toBe(false);
    expect(parseJsonData('{"x": ')).toBeUndefined();
  });
});

describe('strings that are only template placeholders', () => {
  it('are split into placeholders and the text between them; a string with words in it is a literal', () => {
    expect(placeholderString('${NETWORK_MODE}')).toEqual([{ placeholder: '${NETWORK_MODE}' }]);
    expect(placeholderString('${UID}:${GID}')).toEqual([{ placeholder: '${UID}' }, ':', { placeholder: '${GID}' }]);
    expect(placeholderString('{{ .Values.user }}')).toEqual([{ placeholder: '{{ .Values.user }}' }]);
    expect(placeholderString('$PORT')).toEqual([{ placeholder: '$PORT' }]);
    expect(placeholderString('arn:aws:iam::${ACCOUNT}:role/app')).toBeUndefined();
    expect(placeholderString('{{resolve:ssm:/app/x}}')).toBeUndefined();
    expect(placeholderString('${UNCLOSED')).toBeUndefined();
    expect(placeholderString('host')).toBeUndefined();
    // linear on a crafted value
    expect(placeholderString('${'.repeat(2000))).toBeUndefined();
  });

  it("include CodeDeploy's <NAME> and token replacement's __NAME__ and @@NAME@@, names only", () => {
    expect(placeholderString('<IMAGE1_NAME>')).toEqual([{ placeholder: '<IMAGE1_NAME>' }]);
    expect(placeholderString('<account-id>')).toEqual([{ placeholder: '<account-id>' }]);
    expect(placeholderString('__RUN_AS__:__GROUP__')).toEqual([{ placeholder: '__RUN_AS__' }, ':', { placeholder: '__GROUP__' }]);
    expect(placeholderString('@@NETWORK_MODE@@')).toEqual([{ placeholder: '@@NETWORK_MODE@@' }]);
    // not a name between the marks, or not closed: a literal
    for (const s of ['<a b>', '< x >', '<IMAGE', '____', '__x', '@@ x @@', '@@@@', 'app__x__']) expect(placeholderString(s), s).toBeUndefined();
    expect(placeholderString('<'.repeat(5000))).toBeUndefined();
    expect(placeholderString('__'.repeat(2000))).toBeUndefined();
  });

  it('become placeholder markers in place, named for what they read', () => {
    const value = markPlaceholderStrings({ networkMode: '${NETWORK_MODE}', list: ['{{ must_env `API_TOKEN` }}', 'plain'], arn: 'arn:aws:iam::${A}:role/x' }) as any;
    expect(describeComputed(value.networkMode)).toBe('template placeholder ${NETWORK_MODE}, filled in before deployment');
    expect(referenceSource(value.networkMode)).toEqual({ shown: '${NETWORK_MODE}', last: 'NETWORK_MODE' });
    expect(referenceSource(value.list[0])).toEqual({ shown: 'a template placeholder reading API_TOKEN', last: 'API_TOKEN' });
    expect(value.list[1]).toBe('plain');
    // ecspresso's functions that read a name: a Terraform state address, an SSM parameter
    const read = markPlaceholderStrings(['{{ tfstate `aws_db_instance.main.password` }}', '{{ ssm `/app/db/password` }}']) as any;
    expect(referenceSource(read[0])).toEqual({ shown: 'a template placeholder reading aws_db_instance.main.password', last: 'password', owner: 'main' });
    expect(referenceSource(read[1])).toMatchObject({ last: 'password', owner: 'db' });
    expect(value.arn).toBe('arn:aws:iam::${A}:role/x');
    // names are labels findings show, not values a check decides on
    expect(markPlaceholderStrings({ name: '${APP}', family: '${APP}', containerName: '${APP}' })).toEqual({ name: '${APP}', family: '${APP}', containerName: '${APP}' });
  });

  it('that quote other text are neither named by it nor show it (a quoted default may be a value)', () => {
    const value = markPlaceholderStrings(['{{ default "hunter2" .Values.pw }}']) as any;
    expect(referenceSource(value[0])).toBeUndefined();
    expect(describeComputed(value[0])).toBe('a template placeholder, filled in before deployment');
  });

  it('make a secret-named variable a plaintext secret in a scan, and the checks on them unknown', () => {
    const dir = tempDir({
      'td.json': forged({
        family: 'a',
        networkMode: '${NETWORK_MODE}',
        containerDefinitions: [{ name: 'a', image: 'nginx', environment: [{ name: 'DB_PASSWORD', value: '${DB_PASSWORD}' }] }],
      }),
    });
    const run = runCli(['scan', dir, '--no-config', '--check', 'ecs-no-host-network,ecs-no-plaintext-secrets', '--format', 'json']);
    const results = JSON.parse(run.stdout).results.map((r: any) => `${r.ruleId} ${r.status}`);
    expect(results).toEqual(['ecs-no-host-network unknown', 'ecs-no-plaintext-secrets fail']);
  });
});
