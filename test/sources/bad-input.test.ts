import { mkfifoSync } from './fifo.js';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFiles } from '../../src/sources/files/walk.js';
import { loadFile } from '../../src/sources/files/load-file.js';
import { runCli, tempDir } from '../helpers.js';

const TD = (extra: object = {}) => JSON.stringify({ family: 'ok', containerDefinitions: [{ name: 'web', image: 'nginx', ...extra }] }, null, 2);
const loadIn = (dir: string, name: string, maxBytes = 64 * 1024 * 1024, explicit = true) => loadFile(join(dir, name), name, { explicit, maxBytes });
const SECRET = 'hunter2-Xy9!';

describe('bad input gets a one-line error naming the file (and line)', () => {
  it('malformed JSON: line and column, and never the text (it may hold a secret)', () => {
    const dir = tempDir({ 'bad.json': `{\n  "containerDefinitions": [\n    { "name": "db", "environment": [{ "name": "PASSWORD", "value": "${SECRET}" },] }\n  ]\n}\n` });
    const [err] = loadIn(dir, 'bad.json').errors;
    expect(err?.format()).toBe(`bad.json:3:${'    { "name": "db", "environment": [{ "name": "PASSWORD", "value": "hunter2-Xy9!" },]'.length}: invalid JSON: unexpected character`);
    expect(err?.format()).not.toContain(SECRET);
  });
  it('malformed YAML: line, and no excerpt of the text', () => {
    const dir = tempDir({ 'bad.yaml': `Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions:\n        - Name: a\n         Secret: "${SECRET}"\n` });
    const [err] = loadIn(dir, 'bad.yaml').errors;
    expect(err?.file).toBe('bad.yaml');
    expect(err?.line).toBe(7);
    expect(err?.message).toMatch(/^invalid YAML: /);
    expect(err?.format()).not.toContain(SECRET);
    expect(err?.format()).not.toContain('\n');
  });
  it('binary files', () => {
    const dir = tempDir({ 'image.json': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a]) });
    expect(loadIn(dir, 'image.json').errors[0]?.format()).toBe('image.json: binary file (contains NUL bytes); expected JSON or YAML text');
  });
  it('files over the size limit are not read', () => {
    const dir = tempDir({ 'big.json': TD() + ' '.repeat(4096) });
    expect(loadIn(dir, 'big.json', 1024).errors[0]?.message).toMatch(/^file is 4\.\d KiB, larger than the 1 KiB limit/);
  });
  it('deeply nested JSON and YAML', () => {
    const deep = `{"containerDefinitions": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    const yamlDeep = `containerDefinitions:\n  x: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    const dir = tempDir({ 'deep.json': deep, 'deep.yaml': yamlDeep });
    expect(loadIn(dir, 'deep.json').errors[0]?.message).toBe('document is nested more than 100 levels deep; not scanned');
    expect(loadIn(dir, 'deep.yaml').errors[0]?.message).toMatch(/nested (more than 100 levels deep|too deeply)/);
  });
  it('YAML alias bombs are refused without expanding them', () => {
    let bomb = 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < 10; i++) bomb += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]\n`;
    bomb += 'containerDefinitions: *a9\n';
    const dir = tempDir({ 'bomb.yaml': bomb });
    expect(loadIn(dir, 'bomb.yaml').errors[0]?.message).toMatch(/^YAML aliases expand to more than 500000 values/);
  });
  it('YAML streams: each document is read, located in the file; the alias budget is the whole file\'s', () => {
    const k8s = 'kind: ConfigMap\ndata:\n  policy.json: \'{"Action": ["ecs:ListTasks"]}\'\n---\nkind: Deployment\n---\n';
    const td = 'kind: Note\n---\nfamily: web\ncontainerDefinitions:\n  - name: web\n    image: nginx\n    privileged: true\n';
    let half = 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < 6; i++) half += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]\n`;
    // one document expands to 9^6 = 531441 values: neither alone is under the limit, so split it
    // over documents that each expand to 9^5 (59049) times nine
    const small = half.replace(/\na5:.*\n$/, '\n') + 'containerDefinitions: *a4\n';
    const dir = tempDir({ 'k8s.yaml': k8s, 'td.yaml': td, 'bombs.yaml': Array(10).fill(small).join('---\n') });
    // Kubernetes manifests that name an ECS action are valid YAML, not a broken ECS file
    expect(loadIn(dir, 'k8s.yaml', undefined, false)).toMatchObject({ errors: [], skipped: 'not a task definition' });
    const [web] = loadIn(dir, 'td.yaml').resources;
    expect(web?.name).toBe('web');
    expect(web?.origin.locate('/containerDefinitions/0/privileged').line).toBe(7);
    expect(loadIn(dir, 'bombs.yaml').errors[0]?.message).toMatch(/^YAML aliases expand to more than 500000 values/);
  });
  it('YAML streams: each document\'s resources link within it, even where two documents use the same logical ids', () => {
    const template = (action: string, resource: string) => [
      'Resources:',
      '  ExecRole:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      `      Policies: [{ PolicyName: p, PolicyDocument: { Statement: [{ Effect: Allow, Action: "${action}", Resource: "${resource}" }] } }]`,
      '  Task:',
      '    Type: AWS::ECS::TaskDefinition',
      '    Properties:',
      '      ExecutionRoleArn: !GetAtt ExecRole.Arn',
      '      ContainerDefinitions: [{ Name: app, Image: nginx }]',
      '',
    ].join('\n');
    const dir = tempDir({ 'stacks.yaml': template('ssm:GetParameters', '*') + '---\n' + template('logs:PutLogEvents', 'arn:aws:logs:us-east-1:123456789012:log-group:/app:*') });
    const r = loadIn(dir, 'stacks.yaml');
    expect(r.errors).toEqual([]);
    const ids = r.resources.map((x) => x.id).sort();
    expect(ids).toEqual(['ExecRole', 'ExecRole#2', 'Task', 'Task#2']);
    const tasks = r.resources.filter((x) => x.type === 'ecs:task-definition');
    expect(tasks.map((t) => [t.id, t.links?.executionRole])).toEqual([['Task', 'ExecRole'], ['Task#2', 'ExecRole#2']]);
    // each is still named and placed as its document writes it
    expect(tasks[1]!.origin.address).toBe('Task');
    expect(tasks[1]!.origin.locate('').line).toBe(19); // its Properties, in the second document
  });

  it('services and clusters of wrong field types are errors at the field, not settings that read as unset', () => {
    const template = `Resources:
  Web:
    Type: AWS::ECS::Service
    Properties:
      ServiceConnectConfiguration: { Enabled: "true", Services: [] }
      NetworkConfiguration:
        AwsvpcConfiguration:
          AssignPublicIp: [ENABLED]
  Shop:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterSettings: [{ Name: containerInsights, Value: enabled }]
      Configuration:
        ExecuteCommandConfiguration:
          Logging: [NONE]
  Fine:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterSettings: [{ Name: containerInsights, Value: !Ref Insights }]
`;
    const dir = tempDir({ 'stack.yaml': template });
    const r = loadIn(dir, 'stack.yaml');
    expect(r.errors.map((e) => e.format())).toEqual([
      'stack.yaml:8:11: Web: wrong field type: networkConfiguration.awsvpcConfiguration.assignPublicIp must be a string; service not scanned',
      'stack.yaml:15:11: Shop: wrong field type: configuration.executeCommandConfiguration.logging must be a string; cluster not scanned',
    ]);
    // a boolean written as CloudFormation converts it, and a value set at deploy time, are fine
    expect(r.resources.map((x) => x.id)).toEqual(['Fine']);
  });
  it('wrong field types, at the field', () => {
    const dir = tempDir({
      'types.json': TD({ environment: { DB_HOST: 'db' } }),
      'types2.json': JSON.stringify({ family: 'x', containerDefinitions: 'web' }),
    });
    const [err] = loadIn(dir, 'types.json').errors;
    expect(err?.format()).toBe('types.json:7:7: wrong field type: containerDefinitions.0.environment must be an array; task definition not scanned');
    expect(loadIn(dir, 'types2.json').errors[0]?.message).toBe('wrong field type: containerDefinitions must be an array; task definition not scanned');
  });
  it('every field a check reads is typed: a list where a mode or a flag goes is not "not host" or "set"', () => {
    const cases: Array<[object, string]> = [
      [{ pidMode: ['host'] }, 'pidMode must be a string'],
      [{ ipcMode: { mode: 'host' } }, 'ipcMode must be a string'],
      [{ volumes: [{ name: 'v', efsVolumeConfiguration: { transitEncryption: ['DISABLED'] } }] }, 'volumes.0.efsVolumeConfiguration.transitEncryption must be a string'],
      [{ containerDefinitions: [{ name: 'a', image: 'nginx', memory: [512] }] }, 'containerDefinitions.0.memory must be a string, a number, a boolean or null'],
      [{ containerDefinitions: [{ name: 'a', image: 'nginx', readonlyRootFilesystem: 'yes' }] }, 'containerDefinitions.0.readonlyRootFilesystem must be a boolean'],
      [{ containerDefinitions: [{ name: 'a', image: 'nginx', healthCheck: { command: 'curl -f localhost' } }] }, 'containerDefinitions.0.healthCheck.command must be an array'],
    ];
    for (const [fields, message] of cases) {
      const dir = tempDir({ 'td.json': JSON.stringify({ family: 'x', containerDefinitions: [{ name: 'a', image: 'nginx' }], ...fields }) });
      expect(loadIn(dir, 'td.json').errors.map((e) => e.message), message).toEqual([`wrong field type: ${message}; task definition not scanned`]);
    }
  });
  it('unreadable files', () => {
    const dir = tempDir({ 'locked.json': TD() });
    mkdirSync(join(dir, 'adir.json'));
    expect(loadIn(dir, 'adir.json').errors[0]?.format()).toBe('adir.json: is a directory');
    if (process.getuid?.() !== 0) {
      chmodSync(join(dir, 'locked.json'), 0o000);
      expect(loadIn(dir, 'locked.json').errors[0]?.format()).toBe('locked.json: permission denied');
    }
    expect(findFiles(['missing.json'], { cwd: dir }).errors[0]?.format()).toBe('missing.json: no such file or directory');
  });
  it('special files named on the command line are refused, never opened (a FIFO would hang)', () => {
    const dir = tempDir();
    mkfifoSync(join(dir, 'pipe.json'));
    expect(findFiles(['pipe.json'], { cwd: dir }).errors[0]?.format()).toBe('pipe.json: not a regular file or directory');
    const walk = findFiles(['.'], { cwd: dir });
    expect(walk.files).toEqual([]);
    // found in a directory, it is passed over with a reason --verbose shows
    expect(walk.skipped).toContainEqual(['pipe.json', 'not a regular file']);
  });
  it('symbolic link loops', () => {
    const dir = tempDir({ 'deploy/a.json': TD() });
    symlinkSync('self.json', join(dir, 'deploy/self.json'));
    symlinkSync('..', join(dir, 'deploy/up'));
    const walk = findFiles(['.'], { cwd: dir });
    expect(walk.errors.map((e) => e.format()).sort()).toEqual(['deploy/self.json: symbolic link loop', 'deploy/up: symbolic link loop: leads back to .']);
    expect(walk.files.map((f) => f.display)).toEqual(['deploy/a.json']);
  });
  it('links out of the tree are not followed', () => {
    const outside = tempDir({ 'secret.json': TD() });
    const dir = tempDir({ 'deploy/a.json': TD() });
    symlinkSync(join(outside, 'secret.json'), join(dir, 'deploy/out.json'));
    const walk = findFiles(['deploy'], { cwd: dir });
    expect(walk.files.map((f) => f.display)).toEqual(['deploy/a.json']);
    expect(walk.skipped).toContainEqual(['deploy/out.json', 'symbolic link leads out of the scanned tree']);
  });
});

describe('input that only looks odd is scanned normally', () => {
  it('a UTF-8 byte-order mark is skipped', () => {
    const dir = tempDir({ 'bom.json': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TD())]) });
    const r = loadIn(dir, 'bom.json');
    expect(r.errors).toEqual([]);
    expect(r.resources[0]?.name).toBe('ok');
  });
  it('UTF-16 with a byte-order mark is decoded, little and big endian', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TD(), 'utf16le')]);
    const be = Buffer.from(le);
    for (let i = 0; i < be.length; i += 2) [be[i], be[i + 1]] = [be[i + 1]!, be[i]!];
    const dir = tempDir({ 'le.json': le, 'be.json': be, 'odd.json': Buffer.from([0xff, 0xfe, 0x41]) });
    expect(loadIn(dir, 'le.json').resources[0]?.name).toBe('ok');
    expect(loadIn(dir, 'be.json').resources[0]?.name).toBe('ok');
    expect(loadIn(dir, 'odd.json').errors[0]?.message).toBe('invalid UTF-16LE text after its byte-order mark');
  });
  it('__proto__ and constructor keys are plain data, in JSON and YAML', () => {
    const json = `{"family":"p","__proto__":{"polluted":true},"containerDefinitions":[{"name":"constructor","image":"x","dockerLabels":{"__proto__":"a","constructor":"b"},"environment":[{"name":"__proto__","value":"v"}]}]}`;
    const yaml = `Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      __proto__: { polluted: true }\n      ContainerDefinitions:\n        - Name: constructor\n          DockerLabels: { __proto__: a, toString: b }\n`;
    const dir = tempDir({ 'p.json': json, 'p.yaml': yaml });
    const j = loadIn(dir, 'p.json').resources[0]!;
    const y = loadIn(dir, 'p.yaml').resources[0]!;
    expect(({} as any).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(j.data)).toBe(Object.prototype);
    expect(Object.keys((j.data.containerDefinitions as any)[0].dockerLabels)).toEqual(['__proto__', 'constructor']);
    expect(Object.keys((y.data.containerDefinitions as any)[0].dockerLabels)).toEqual(['__proto__', 'toString']);
    expect(Object.prototype.hasOwnProperty.call(y.data, '__proto__')).toBe(true);
  });
  it('an empty file is skipped in a directory scan and noticed when named', () => {
    const dir = tempDir({ 'empty.json': '', 'blank.yaml': '\n  \n' });
    expect(loadIn(dir, 'empty.json', undefined, false)).toMatchObject({ errors: [], skipped: 'empty file' });
    expect(loadIn(dir, 'blank.yaml').notice?.message).toBe('empty file; nothing to scan');
  });
});

describe('the CLI reports every bad file and still scans the rest', () => {
  it('exits 2 with one line per bad file, and reports the good files findings', () => {
    const dir = tempDir({
      'deploy/good.json': TD({ environment: [{ name: 'DB_PASSWORD', value: SECRET }] }),
      'deploy/broken.json': '{"containerDefinitions": [',
      'deploy/types.json': TD({ command: 'echo' }),
      'deploy/notes.json': '{"hello": "world"}',
      'deploy/empty.yaml': '',
    });
    const r = runCli(['scan', 'deploy', '--no-config'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('deploy/good.json');
    expect(r.stdout).toMatch(/ecs-no-plaintext-secrets .*"DB_PASSWORD"/);
    expect(r.stdout).toContain('deploy/broken.json:1:27: invalid JSON: unexpected end of file');
    expect(r.stdout).toContain('deploy/types.json:7:7: wrong field type: containerDefinitions.0.command must be an array');
    expect(r.stdout).not.toContain('notes.json');
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
