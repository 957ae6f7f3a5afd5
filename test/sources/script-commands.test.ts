// The AWS CLI's ECS commands in shell scripts and in the strings of CI files: each command's
// options are the API input they stand for, read as the same input in a --cli-input-json file;
// shell quoting, continuations, comments and here-documents are the shell's, and what the shell
// fills in is a placeholder.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load, runCli, tempDir } from '../helpers.js';
import { expandHeredoc, heredocBodies, lineAt, powershellCommands, secretRead, shellCommands } from '../../src/sources/files/shell-words.js';
import { ecsCliCalls, shorthand } from '../../src/sources/files/aws-cli-commands.js';
import { groovyStrings, type GroovyString } from '../../src/sources/files/groovy-strings.js';
import { jenkinsCredentialVariables } from '../../src/sources/files/script-files.js';
import type { JsonObject } from '../../src/util/json.js';

const words = (script: string) => shellCommands(script).map((c) => c.words.map((w) => w.text));
const at = (line: number, column: number) => ({ line: line + 1, column: column + 1 });

describe('shell words', () => {
  it('reads a one-line command of many words in linear time (a quadratic reader would time out here)', () => {
    const [command] = shellCommands('ecs deploy c s' + ' -d web l v'.repeat(400_000) + '\n');
    expect(command!.words).toHaveLength(4 + 1_600_000);
    expect(command!.words[1_600_003]).toMatchObject({ text: 'v', line: 0 });
  });
  it('quotes, escapes and continuations make words; separators and comments end commands', () => {
    expect(words(`aws ecs run-task --a "x y" 'p q' \\\n  --b c\\ d # note\nnext; other && third | fourth`)).toEqual([
      ['aws', 'ecs', 'run-task', '--a', 'x y', 'p q', '--b', 'c d'],
      ['next'],
      ['other'],
      ['third'],
      ['fourth'],
    ]);
  });

  it("expansions stay as placeholders named by the variable or command alone; a CI expression stays as written; '#' inside a word is text", () => {
    expect(words('echo ${AWS::Region}')).toEqual([['echo', '${AWS::Region}']]);
    expect(words('echo $A "${B:-s3cr3t}" "$(aws sts get-caller-identity)" `cat /run/key` x#y ${{ secrets.T }}')).toEqual([
      ['echo', '${A}', '${B}', '${$(aws …)}', '${$(cat …)}', 'x#y', '${{ secrets.T }}'],
    ]);
  });

  it("a backtick ending a line continues it, as in a CI step PowerShell runs", () => {
    expect(words('aws ecs run-task `\n  --cluster $env:CLUSTER `\r\n  --count 1\nnext')).toEqual([['aws', 'ecs', 'run-task', '--cluster', '${env:CLUSTER}', '--count', '1'], ['next']]);
  });

  it("a here-document's body is data, not commands", () => {
    expect(words("cat <<'EOF' > f\naws ecs run-task --x\nEOF\nafter\ncat <<-END\n\tnot this\n\tEND\nlast")).toEqual([['cat', '>', 'f'], ['after'], ['cat'], ['last']]);
  });

  it('each word knows its line and column, and a quoted word where its later lines begin', () => {
    const [cmd] = shellCommands("aws ecs run-task \\\n  --overrides '{\n  \"a\": 1\n}'");
    const overrides = cmd!.words[4]!;
    expect([cmd!.words[3]!.line, cmd!.words[3]!.column, overrides.line]).toEqual([1, 2, 1]);
    expect(lineAt(overrides, overrides.text.indexOf('"a"'))).toBe(2);
    expect(lineAt(overrides, 0)).toBe(1);
  });

  it('unclosed quotes and expansions run to the end of the text, in linear time', () => {
    const hostile = `aws ecs run-task ${"'".repeat(1)}${'$('.repeat(50_000)}${'${'.repeat(50_000)}"${'`'.repeat(3)}`;
    // quadratic work on these would outlast the test's timeout by minutes
    expect(shellCommands(hostile).length).toBe(1);
    expect(shellCommands('${{ '.repeat(100_000)).length).toBe(1);
  });
});

describe('shorthand syntax', () => {
  it('structures, lists (bracketed or after a key), quoted values and placeholders', () => {
    expect(shorthand('awsvpcConfiguration={subnets=[subnet-1,${SUBNET}],securityGroups=sg-1,sg-2,assignPublicIp=ENABLED}')).toEqual({
      awsvpcConfiguration: { subnets: ['subnet-1', '${SUBNET}'], securityGroups: ['sg-1', 'sg-2'], assignPublicIp: 'ENABLED' },
    });
    expect(shorthand(`containerOverrides=[{name=app,environment=[{name=A,value="x,y}"}]}]`)).toEqual({ containerOverrides: [{ name: 'app', environment: [{ name: 'A', value: 'x,y}' }] }] });
    expect(shorthand('capacityProvider=FARGATE,weight=2,base=1')).toEqual({ capacityProvider: 'FARGATE', weight: 2, base: 1 });
  });

  it('is not shorthand: plain words, unbalanced brackets, nesting past the limit; __proto__ is data', () => {
    expect(shorthand('ENABLED')).toBeUndefined();
    expect(shorthand('a={b=[c')).toBeUndefined();
    expect(shorthand('a='.repeat(5) + '{x={'.repeat(40) + '}'.repeat(80))).toBeUndefined();
    const parsed = shorthand('__proto__={polluted=yes},ok=1')!;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value).toEqual({ polluted: 'yes' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // an intrinsic's shape is what the command writes, not CloudFormation's
    expect(shorthand('Ref=x')).toEqual({ Ref: 'x', $writtenByTheFile: true });
  });
});

describe('ECS commands', () => {
  it("options become the API input: global options before the service, --x=y, flags, lists, a file's value unknown", () => {
    const [call] = ecsCliCalls(
      'sudo AWS_PAGER= aws --region eu-west-1 --no-cli-pager ecs run-task --count=2 --enable-execute-command --no-propagate-tags --launch-type FARGATE --capacity-provider-strategy capacityProvider=FARGATE,weight=1 capacityProvider=FARGATE_SPOT,weight=3 --overrides file://o.json --task-definition t',
      at,
    );
    expect(call!.operation).toBe('run-task');
    expect(call!.doc.value).toEqual({
      count: 2,
      enableExecuteCommand: true,
      propagateTags: false,
      launchType: 'FARGATE',
      capacityProviderStrategy: [
        { capacityProvider: 'FARGATE', weight: 1 },
        { capacityProvider: 'FARGATE_SPOT', weight: 3 },
      ],
      overrides: { $placeholder: 'file://o.json' },
      taskDefinition: 't',
    });
  });

  it('other commands and services are not read, nor a task definition registered from a file; inline input JSON or YAML is', () => {
    expect(ecsCliCalls('aws ecs describe-services --services x\naws ecr run-task\necho aws ecs run-task --count 1\naws ecs register-task-definition --cli-input-json file://td.json', at)).toEqual([]);
    // input from a file or the shell: the command is its options, saying where the rest comes from
    const [fromFile, fromShell] = ecsCliCalls('aws ecs run-task --cli-input-yaml file://in.yaml --count 2\naws ecs run-task --cli-input-json "$(jq . in.json)"', at);
    expect([fromFile?.readsInput, fromFile?.doc.value, fromShell?.readsInput]).toEqual(['file://in.yaml', { count: 2 }, 'a file or the shell']);
    // input written inline that does not parse is never quoted: it may hold a secret
    const [broken] = ecsCliCalls(`aws ecs run-task --task-definition t --cli-input-json '{"overrides": {"containerOverrides": [{"environment": [{"name": "DB_PASSWORD", "value": "Br0ken-Secret-1"'`, at);
    expect(broken?.readsInput).toBe('input it writes that does not parse');
    // the other options win over inline input, wherever they are written
    const [yaml] = ecsCliCalls("aws ecs run-task --count 3 --cli-input-yaml 'taskDefinition: t\ncount: 1\nnetworkConfiguration:\n  awsvpcConfiguration: {assignPublicIp: ENABLED}'", at);
    expect([yaml?.readsInput, yaml?.doc.value]).toEqual([undefined, { count: 3, taskDefinition: 't', networkConfiguration: { awsvpcConfiguration: { assignPublicIp: 'ENABLED' } } }]);
    const [call] = ecsCliCalls(`aws ecs run-task --cli-input-json '{"taskDefinition":"t","count":1,"__proto__":{"x":1}}'`, at);
    expect(Object.getPrototypeOf(call!.doc.value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(call!.doc.value, '__proto__')?.value).toEqual({ x: 1 });
  });

  it("JSON with the shell's placeholders where values go is read around them", () => {
    const [call] = ecsCliCalls(`aws ecs run-task --task-definition t --overrides "{\\"containerOverrides\\":[{\\"name\\":\\"a\\",\\"cpu\\":$CPU}]}"`, at);
    expect(call!.doc.value).toMatchObject({ overrides: { containerOverrides: [{ name: 'a', cpu: { $placeholder: '${CPU}' } }] } });
  });
});

describe('scripts and CI files', () => {
  const dir = tempDir({
    'deploy.sh': [
      '#!/bin/sh',
      'aws ecs run-task --cluster c --task-definition t \\',
      '  --network-configuration "awsvpcConfiguration={subnets=[$SUBNET],assignPublicIp=ENABLED}"',
      'aws ecs update-service --cluster c --service web --force-new-deployment',
      'aws ecs update-service --cluster c --service web --network-configuration "awsvpcConfiguration={subnets=[s],assignPublicIp=ENABLED}"',
      'aws ecs update-service --cluster c --service web --platform-version 1.3.0 --launch-type FARGATE --desired-count 1',
      '',
    ].join('\n'),
    'noop.sh': 'aws ecs list-clusters\n',
    'gitlab.yml': ['deploy:', '  script:', '    - export X=1', '    - |', '      aws ecs run-task --task-definition t \\', '        --network-configuration "awsvpcConfiguration={assignPublicIp=ENABLED}"', ''].join('\n'),
  });
  const read = (name: string) => load(join(dir, name), false, name);

  it('a command whose input is also read from a file is unknown where its options would pass, and fails where they fail', () => {
    const script = ['aws ecs run-task --cluster c --task-definition t --cli-input-json file://run.json', 'aws ecs run-task --task-definition u --cli-input-yaml file://run.yaml --network-configuration "awsvpcConfiguration={subnets=[s],assignPublicIp=ENABLED}"', ''].join('\n');
    const d = tempDir({ 'run.sh': script });
    const report = JSON.parse(runCli(['scan', 'run.sh', '--no-config', '--format', 'json'], d).stdout);
    const publicIp = report.results.filter((x: any) => x.ruleId === 'ecs-scheduled-task-no-public-ip').map((x: any) => [x.status, x.location.line]);
    expect(publicIp).toEqual([['unknown', 1], ['fail', 2]]);
    expect(report.results.find((x: any) => x.status === 'unknown').message).toContain('the rest of its input is read from file://run.json');
  });

  it('a CI step script of any length is read: padding it past a megabyte does not hide its commands', () => {
    const padding = Array.from({ length: 40_000 }, (_, i) => `echo step ${i} of the build, and more words to make it long`).join('\n');
    const lines = ['deploy:', '  script:', '    - |', ...`${padding}\naws ecs run-task --task-definition t --network-configuration "awsvpcConfiguration={assignPublicIp=ENABLED}"`.split('\n').map((l) => `      ${l}`), ''];
    const big = tempDir({ '.gitlab-ci.yml': lines.join('\n') });
    expect(lines.join('\n').length).toBeGreaterThan(2 * 1024 * 1024);
    const r = load(join(big, '.gitlab-ci.yml'), false, '.gitlab-ci.yml');
    expect(r.resources.map((x) => [x.type, x.id, x.origin.locate('').line])).toEqual([['ecs:scheduled-task', 'run-task t', 40_004]]);
  });

  it("a script's commands are resources at their lines; a rollout with nothing a check reads is none", () => {
    const { resources } = read('deploy.sh');
    expect(resources.map((r) => [r.type, r.id])).toEqual([
      ['ecs:scheduled-task', 'run-task t'],
      ['ecs:service', 'web'],
      ['ecs:service', 'web #2'],
    ]);
    expect(resources[0]!.origin.locate('/networkConfiguration/awsvpcConfiguration/assignPublicIp')).toMatchObject({ line: 3 });
    expect(resources[0]!.data.launcher).toBe('aws ecs run-task of t in deploy.sh');
    expect(resources[2]!.origin.locate('/platformVersion')).toMatchObject({ line: 6 });
  });

  it('a command is told for what it is by its options as written: a task definition the shell names still starts a task', () => {
    const d = tempDir({ 'run.sh': 'aws ecs run-task --task-definition "$TD" --count $N --cluster "${CLUSTER}"\n' });
    const [task] = load(join(d, 'run.sh'), false, 'run.sh').resources;
    expect([task?.type, task?.id]).toEqual(['ecs:scheduled-task', 'run-task ${TD}']);
    expect(task!.data).toMatchObject({ count: { $placeholder: '${N}' }, taskDefinition: { $placeholder: '${TD}' } });
  });

  it("a makefile's recipes are read as the shell gets them: make's prefixes dropped, $$ the shell's $", () => {
    const d = tempDir({ 'release.mk': 'run:\n\t@-aws ecs run-task --task-definition t:1 --network-configuration awsvpcConfiguration={assignPublicIp=$$PUBLIC}\n' });
    const [task] = load(join(d, 'release.mk'), false, 'release.mk').resources;
    expect(task!.data).toMatchObject({ networkConfiguration: { awsvpcConfiguration: { assignPublicIp: { $placeholder: '${PUBLIC}' } } } });
    expect(task!.origin.locate('')).toMatchObject({ line: 2, column: 4 });
  });

  it("a suppression comment above a command written across lines covers the whole command, and only it, in a script or a CI step's block", () => {
    const d = tempDir({
      'jobs.sh': [
        '# ecsguard:skip=ecs-scheduled-task-no-public-ip the job reaches a partner API without a NAT gateway',
        'aws ecs run-task --task-definition partner:1 \\',
        '  --network-configuration "awsvpcConfiguration={subnets=[s],assignPublicIp=ENABLED}"',
        'aws ecs run-task --task-definition other:1 \\',
        '  --network-configuration "awsvpcConfiguration={subnets=[s],assignPublicIp=ENABLED}"',
        '',
      ].join('\n'),
      // the same in a CI step's block: the comment is the script's, its lines the file's
      'ci.yml': [
        'jobs:',
        '  run:',
        '    steps:',
        '      - run: |',
        '          # ecsguard:skip=ecs-scheduled-task-no-public-ip the job reaches a partner API without a NAT gateway',
        '          aws ecs run-task --task-definition partner:1 \\',
        '            --launch-type FARGATE \\',
        '            --network-configuration "awsvpcConfiguration={subnets=[s],assignPublicIp=ENABLED}"',
        '          aws ecs run-task --task-definition other:1 \\',
        '            --network-configuration "awsvpcConfiguration={subnets=[s],assignPublicIp=ENABLED}"',
        '',
      ].join('\n'),
    });
    const r = runCli(['scan', d, '--no-config', '--format', 'json']);
    const results = (JSON.parse(r.stdout).results as Array<{ ruleId: string; status: string; resource: { id: string; file: string }; location: { line: number } }>).filter((x) => x.ruleId === 'ecs-scheduled-task-no-public-ip');
    expect(results.map((x) => [x.resource.file.split('/').pop(), x.resource.id, x.status, x.location.line])).toEqual([
      ['ci.yml', 'run-task partner:1', 'waived', 8],
      ['ci.yml', 'run-task other:1', 'fail', 10],
      ['jobs.sh', 'run-task partner:1', 'waived', 3],
      ['jobs.sh', 'run-task other:1', 'fail', 5],
    ]);
  });

  it('a script that runs no such command is passed over', () => {
    expect(read('noop.sh')).toMatchObject({ resources: [], skipped: expect.stringContaining('runs no aws ecs command') });
  });

  it('the same task started by two steps of one file is two resources, numbered in the order written', () => {
    const d = tempDir({
      'ci.yml': ['jobs:', '  a:', '    steps:', '      - run: aws ecs run-task --task-definition job --count 1', '      - run: aws ecs run-task --task-definition job --count 2', ''].join('\n'),
    });
    const tasks = load(join(d, 'ci.yml'), false, 'ci.yml').resources;
    expect(tasks.map((t) => [t.id, t.data.count, t.origin.locate('').line])).toEqual([
      ['run-task job', 1, 4],
      ['run-task job #2', 2, 5],
    ]);
  });

  it("a YAML block scalar's command is placed at its own lines", () => {
    const [task] = read('gitlab.yml').resources;
    expect(task!.origin.locate('')).toMatchObject({ line: 5 });
    expect(task!.origin.locate('/networkConfiguration/awsvpcConfiguration/assignPublicIp')).toMatchObject({ line: 6, column: 33 });
  });

  it('the scan reports the findings and never prints the secret a script passes, parsed or not', () => {
    const secret = 'Zq8-release-db-pass-not-for-output';
    const d = tempDir({
      'migrate.sh': `aws ecs run-task --task-definition m --overrides '{"containerOverrides":[{"name":"m","environment":[{"name":"DB_PASSWORD","value":"${secret}"}]}]}'\n`,
      // JSON that does not parse, shorthand that does not, a default and a command substitution
      'broken.sh': [
        `aws ecs run-task --task-definition b --overrides '{"containerOverrides":[{"name":"m","environment":[{"name":"DB_PASSWORD","value":"${secret}"}]'`,
        `aws ecs run-task --task-definition c --overrides 'containerOverrides=[{name=m,environment=[{name=TOKEN,value=${secret}}'`,
        `aws ecs run-task --task-definition d --overrides "{\"containerOverrides\":[{\"name\":\"m\",\"environment\":[{\"name\":\"K\",\"value\":\"\${K:-${secret}}\"},{\"name\":\"L\",\"value\":\"$(echo ${secret})\"}]}]}"`,
        '',
      ].join('\n'),
      // a task definition a here-document writes, and one a Jenkins string holds
      'register.sh': `cat > td.json <<EOF\n{ "family": "h", "containerDefinitions": [ { "name": "h", "image": "x", "environment": [ { "name": "DB_PASSWORD", "value": "${secret}" } ] } ] }\nEOF\n`,
      'vars/register.groovy': `writeFile file: 'td.json', text: '{ "family": "g", "containerDefinitions": [ { "name": "g", "image": "x", "environment": [ { "name": "DB_PASSWORD", "value": "${secret}" } ] } ] }'\n`,
      // a Jenkins pipeline: the secret in a GString, and in a string whose JSON does not parse
      Jenkinsfile: [
        `sh "aws ecs run-task --task-definition j --overrides '{\\"containerOverrides\\":[{\\"name\\":\\"m\\",\\"environment\\":[{\\"name\\":\\"DB_PASSWORD\\",\\"value\\":\\"${secret}\\"}]}]}'"`,
        `sh 'aws ecs run-task --task-definition k --overrides "{\\"containerOverrides\\":[{\\"name\\":\\"m\\",\\"environment\\":[{\\"name\\":\\"TOKEN\\",\\"value\\":\\"${secret}"'`,
        '',
      ].join('\n'),
    });
    for (const format of ['text', 'json', 'sarif']) {
      const r = runCli(['scan', d, '--no-config', '--verbose', '--format', format]);
      expect(r.stdout).toContain('Jenkinsfile');
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('DB_PASSWORD');
      expect(r.stdout).toContain('the overrides option is neither JSON nor');
      expect(r.stdout + r.stderr).not.toContain(secret);
    }
  });
});

describe('Jenkins pipelines', () => {
  const literals = (source: string) => {
    const out: GroovyString[] = [];
    groovyStrings(source, () => true, (s) => out.push(s));
    return out;
  };
  const texts = (source: string) => literals(source).map((s) => s.text);

  it("string literals are read with Groovy's escapes; a GString's ${expr} and $name stay for the shell; comments are passed over", () => {
    expect(texts('sh "a \\"b\\" \\$HOME ${env.X ?: "d"} \\\\ \\u0041" // "not this"\n/* \'nor this\' */ sh \'p \\\'q\\\' $R\'')).toEqual([
      'a "b" $HOME ${env.X ?: "d"} \\ A',
      "p 'q' $R",
    ]);
    // triple-quoted strings run across lines; a backslash ending a line stays for the shell
    expect(texts("sh '''\n  aws ecs run-task \\\n    --count 1\n'''\nsh \"\"\"x \\\\\ny\"\"\"")).toEqual(['\n  aws ecs run-task \\\n    --count 1\n', 'x \\\ny']);
    // a string left open ends with its line (or, triple-quoted, with the file)
    expect(texts('sh "open\nsh \'next\'')).toEqual(['open', 'next']);
    expect(texts("sh '''never closed\n\"x\"")).toEqual(['never closed\n"x"']);
  });

  it('each character of a value knows where it is written, through escapes', () => {
    const source = String.raw`sh "a\tb\u0041c"`;
    const [s] = literals(source);
    expect(s!.text).toBe('a\tbAc');
    expect([...s!.text].map((_, i) => source[s!.offset(i)])).toEqual(['a', '\\', 'b', '\\', 'c']);
  });

  it("a pipeline's commands are resources at their lines; a command commented out is none; Jenkinsfile.*, *.jenkinsfile and *.groovy are walked", () => {
    const step = (td: string) => `aws ecs run-task --task-definition ${td} --network-configuration awsvpcConfiguration={subnets=[s],assignPublicIp=ENABLED}`;
    const d = tempDir({
      Jenkinsfile: ['pipeline {', '  stages {', `    // sh "${step('old:1')}"`, '    /*', `    sh "${step('older:1')}"`, '    */', `    sh "${step('live:1')}"`, '  }', '}', ''].join('\n'),
      'Jenkinsfile.release': `sh '${step('release:1')}'\n`,
      'ci/nightly.jenkinsfile': `sh '${step('nightly:1')}'\n`,
      'vars/runMigration.groovy': `def call() {\n  sh """\n    ${step('shared:1')}\n  """\n}\n`,
      'vars/README.txt': step('not-read:1'),
    });
    const r = runCli(['scan', d, '--no-config', '--format', 'json']);
    const found = (JSON.parse(r.stdout).results as Array<{ ruleId: string; status: string; resource: { id: string; file: string }; location: { line: number } }>).filter((x) => x.ruleId === 'ecs-scheduled-task-no-public-ip');
    expect(found.map((x) => [x.resource.file.split('/').pop(), x.resource.id, x.status, x.location.line]).sort()).toEqual([
      ['Jenkinsfile', 'run-task live:1', 'fail', 7],
      ['Jenkinsfile.release', 'run-task release:1', 'fail', 1],
      ['nightly.jenkinsfile', 'run-task nightly:1', 'fail', 1],
      ['runMigration.groovy', 'run-task shared:1', 'fail', 3],
    ]);
  });

  it("a suppression comment in a step's script above a command written across lines covers the whole command", () => {
    const d = tempDir({
      Jenkinsfile: [
        "sh '''",
        '  # ecsguard:skip=ecs-scheduled-task-no-public-ip the job reaches a partner API without a NAT gateway',
        '  aws ecs run-task --task-definition partner:1 \\',
        '    --network-configuration "awsvpcConfiguration={subnets=[s],assignPublicIp=ENABLED}"',
        '  aws ecs run-task --task-definition other:1 \\',
        '    --network-configuration "awsvpcConfiguration={subnets=[s],assignPublicIp=ENABLED}"',
        "'''",
        '',
      ].join('\n'),
    });
    const r = runCli(['scan', d, '--no-config', '--format', 'json']);
    const found = (JSON.parse(r.stdout).results as Array<{ ruleId: string; status: string; resource: { id: string }; location: { line: number } }>).filter((x) => x.ruleId === 'ecs-scheduled-task-no-public-ip');
    expect(found.map((x) => [x.resource.id, x.status, x.location.line])).toEqual([
      ['run-task partner:1', 'waived', 4],
      ['run-task other:1', 'fail', 6],
    ]);
  });
});

describe('variables that hold secrets', () => {
  it('the variables a Jenkins pipeline binds to credentials, by withCredentials or credentials()', () => {
    const text = "environment {\n  MAIL = credentials('mail')\n}\nwithCredentials([string(credentialsId: 'db', variable: 'DB_CREDS'), usernamePassword(credentialsId: 'u', usernameVariable: \"U\", passwordVariable: 'P')]) {}";
    expect([...jenkinsCredentialVariables(text).keys()].sort()).toEqual(['DB_CREDS', 'MAIL', 'MAIL_PSW', 'MAIL_USR', 'P', 'U']);
    expect(jenkinsCredentialVariables('sh "echo $X"').size).toBe(0);
  });

  it("fill in the secret, whatever the variable is called: a Jenkins credential's, a workflow env's from secrets", () => {
    const override = (pairs: Array<[string, string]>) => `--overrides '{"containerOverrides":[{"name":"m","environment":[${pairs.map(([n, v]) => `{"name":"${n}","value":"'"${v}"'"}`).join(',')}]}]}'`;
    const d = tempDir({
      Jenkinsfile: `withCredentials([string(credentialsId: 'db', variable: 'DB_CREDS')]) {\n  sh """aws ecs run-task --task-definition j:1 ${override([['DB_URL', '$DB_CREDS'], ['STAGE', '$STAGE']]).replace(/"/g, '\\"')}"""\n}\n`,
      'ci.yml': [
        'env:',
        '  CONN: ${{ secrets.DATABASE_CONNECTION }}',
        'jobs:',
        '  run:',
        '    steps:',
        '      - env:',
        '          STAGE: prod',
        '          CONN: plain-setting',
        '        run: |',
        `          aws ecs run-task --task-definition near:1 ${override([['DATABASE', '$CONN']])}`,
        '      - run: |',
        `          aws ecs run-task --task-definition far:1 ${override([['DATABASE', '$CONN'], ['STAGE', '$STAGE']])}`,
        '',
      ].join('\n'),
    });
    const r = runCli(['scan', d, '--no-config', '--format', 'json', '--check', 'ecs-scheduled-task-no-plaintext-secrets']);
    const results = JSON.parse(r.stdout).results as Array<{ status: string; resource: { id: string }; message: string }>;
    expect(results.map((x) => [x.resource.id, x.status, /from (a [A-Za-z ]+)/.exec(x.message)?.[1] ?? ''])).toEqual([
      ['run-task j:1', 'fail', 'a Jenkins credential '],
      // the step's own env sets CONN to a plain setting: the nearest env decides
      ['run-task near:1', 'pass', ''],
      ['run-task far:1', 'fail', 'a GitHub Actions secret '],
    ]);
  });
});

describe('documents a script writes out', () => {
  it('a Jenkins GString fills in $NAME, ${NAME} and ${env.NAME} of a credential; a single-quoted string writes them as text', () => {
    const doc = (family: string, value: string) => `{"family": "${family}", "containerDefinitions": [{"name": "web", "image": "nginx:1.25", "environment": [{"name": "SETTING", "value": "${value}"}]}]}`;
    const d = tempDir({
      Jenkinsfile: [
        "withCredentials([string(credentialsId: 'db', variable: 'DBV')]) {",
        `  writeFile file: 'a.json', text: """${doc('bare', '$DBV')}"""`,
        `  writeFile file: 'b.json', text: """${doc('braced', '${env.DBV}')}"""`,
        `  writeFile file: 'c.json', text: """${doc('longer', '$DBV_OTHER')}"""`,
        `  writeFile file: 'd.json', text: '''${doc('single', '$DBV')}'''`,
        '}',
        '',
      ].join('\n'),
    });
    const r = runCli(['scan', d, '--no-config', '--format', 'json', '--check', 'ecs-no-plaintext-secrets']);
    const results = JSON.parse(r.stdout).results as Array<{ status: string; resource: { id: string }; location: { line: number } }>;
    expect(results.map((x) => [x.resource.id, x.status, x.status === 'fail' ? x.location.line : 0])).toEqual([
      ['bare', 'fail', 2],
      ['braced', 'fail', 3],
      ['longer', 'pass', 0],
      ['single', 'pass', 0],
    ]);
  });
  it("a command substitution that reads a secret is named by its service and operation, never by its arguments", () => {
    expect(secretRead('aws --region eu-west-1 secretsmanager get-secret-value --secret-id prod/db --query SecretString')).toBe('secretsmanager get-secret-value');
    expect(secretRead(' /usr/local/bin/aws ssm get-parameter --name /x --with-decryption')).toBe('ssm get-parameter');
    expect(secretRead('aws --profile p --no-cli-pager ssm get-parameters-by-path --path /app')).toBe('ssm get-parameters-by-path');
    expect(secretRead('aws secretsmanager list-secrets')).toBeUndefined();
    expect(secretRead('cat /run/secrets/db')).toBeUndefined();
    expect(words('echo "$(aws secretsmanager get-secret-value --secret-id s3cr3t-name)"')).toEqual([['echo', '${$(aws secretsmanager get-secret-value …)}']]);
  });

  it("an unquoted here-document's body is what the shell writes: expansions as placeholders, located where they are written", () => {
    const body = 'a $X b "$(aws ssm get-parameter --name /p)" \\$Y `date`\nnext ${Z:-d}';
    const { text, offset } = expandHeredoc(body);
    expect(text).toBe('a ${X} b "${$(aws ssm get-parameter …)}" $Y ${$(date …)}\nnext ${Z}');
    expect(body[offset(text.indexOf('b "'))]).toBe('b');
    expect(body.slice(offset(text.indexOf('next')), offset(text.indexOf('next')) + 4)).toBe('next');
    expect(heredocBodies("cat <<EOF\n$A\nEOF\ncat <<'EOF'\n$B\nEOF\n").map((b) => b.quoted)).toEqual([false, true]);
  });

  it("a CI step's here-document writing ${{ secrets.X }} into a task definition writes that secret", () => {
    const d = tempDir({
      'w.yml': ['jobs:', '  d:', '    steps:', '      - run: |', '          cat > td.json <<EOF', '          { "family": "g", "containerDefinitions": [ { "name": "g", "image": "x",', '            "environment": [ { "name": "CONN", "value": "${{ secrets.DATABASE_URL }}" }, { "name": "SHA", "value": "${{ github.sha }}" } ] } ] }', '          EOF', ''].join('\n'),
    });
    const [task] = load(join(d, 'w.yml'), false, 'w.yml').resources;
    expect((task!.data.containerDefinitions as Array<{ environment: unknown }>)[0]!.environment).toEqual([
      { name: 'CONN', value: { $credential: { kind: 'GitHub Actions secret', construct: '${{ secrets.DATABASE_URL }}' } } },
      { name: 'SHA', value: { $placeholder: '${{ github.sha }}' } },
    ]);
  });

  it('two here-documents of one family are two resources, the second numbered', () => {
    const body = (name: string) => `{ "family": "w", "containerDefinitions": [ { "name": "${name}", "image": "x" } ] }`;
    const d = tempDir({ 'r.sh': ['cat > a.json <<EOF', body('a'), 'EOF', 'cat > b.json <<EOF', body('b'), 'EOF', ''].join('\n') });
    expect(load(join(d, 'r.sh')).resources.map((r) => [r.id, r.origin.locate('').line])).toEqual([
      ['w', 2],
      ['w#2', 5],
    ]);
  });

  it("a task definition a here-document (in a script or a CI job's) or a Jenkins string writes is read at its lines; a quoted here-document's $(...) is text", () => {
    const d = tempDir({
      'register.sh': [
        'cat > td.json <<EOF',
        '{ "family": "w", "containerDefinitions": [ { "name": "w", "image": "$IMAGE",',
        '  "environment": [ { "name": "TOKEN", "value": "$(aws secretsmanager get-secret-value --secret-id t)" } ] } ] }',
        'EOF',
        "cat > lazy.json <<'EOF'",
        '{ "family": "lazy", "containerDefinitions": [ { "name": "w", "image": "x",',
        '  "environment": [ { "name": "TOKEN", "value": "$(aws secretsmanager get-secret-value --secret-id t)" } ] } ] }',
        'EOF',
        'cat > notes.json <<EOF',
        '{ "containerDefinitions": "is a word here", broken',
        'EOF',
        '',
      ].join('\n'),
      Jenkinsfile: ["writeFile file: 'td.json', text: '''{ \"family\": \"j\", \"containerDefinitions\": [", '  { "name": "j", "image": "x", "privileged": true } ] }\'\'\'', ''].join('\n'),
      // a CI job's script: the here-document's lines are the YAML block's
      'ci.yml': [
        'deploy:',
        '  script:',
        '    - |',
        '      cat > td.json <<EOF',
        '      { "family": "y", "containerDefinitions": [ { "name": "y", "image": "x",',
        '        "environment": [ { "name": "TOKEN", "value": "$(aws ssm get-parameter --name /t --with-decryption)" } ] } ] }',
        '      EOF',
        '',
      ].join('\n'),
    });
    const r = runCli(['scan', d, '--no-config', '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { errors: unknown[]; results: Array<{ ruleId: string; status: string; resource: { id: string }; location: { line: number } }> };
    expect(out.errors).toEqual([]);
    const pick = (rule: string) => out.results.filter((x) => x.ruleId === rule).map((x) => [x.resource.id, x.status, x.location.line]);
    expect(pick('ecs-no-plaintext-secrets')).toEqual([
      ['j', 'pass', 1],
      ['y', 'fail', 6],
      ['w', 'fail', 3],
      ['lazy', 'pass', 6],
    ]);
    expect(pick('ecs-no-privileged')).toContainEqual(['j', 'fail', 2]);
  });
});

describe('Terraform local-exec provisioners', () => {
  it("a command of the module's and of a called module's provisioners, once per instance, apply-time parts as placeholders", async () => {
    const { loadHclParser } = await import('../../src/documents/hcl-syntax.js');
    await loadHclParser();
    const dir = tempDir({
      'main.tf': [
        'module "jobs" {',
        '  source = "./jobs"',
        '  public = "ENABLED"',
        '}',
        'resource "null_resource" "noop" {',
        '  provisioner "local-exec" {',
        '    command = "echo aws ecs run-task --network-configuration awsvpcConfiguration={assignPublicIp=ENABLED}"',
        '  }',
        '}',
        '',
      ].join('\n'),
      'jobs/main.tf': [
        'variable "public" {}',
        'resource "terraform_data" "run" {',
        '  count = 2',
        '  provisioner "local-exec" {',
        '    command = "aws ecs run-task --task-definition job:${count.index} --network-configuration awsvpcConfiguration={subnets=[${aws_subnet.a.id}],assignPublicIp=${var.public}}"',
        '  }',
        '}',
        '',
      ].join('\n'),
    });
    const { loadTerraformModule, TerraformModules } = await import('../../src/sources/files/terraform-hcl/module.js');
    const modules = new TerraformModules({ maxBytes: 1 << 20, roots: [dir], display: (p: string) => p.slice(dir.length + 1), varFiles: [] });
    const loaded = loadTerraformModule([{ path: join(dir, 'main.tf'), display: 'main.tf' }], modules);
    const tasks = loaded.resources.filter((r) => r.type === 'ecs:scheduled-task');
    expect(tasks.map((r) => [r.id, r.origin.file, r.data.launcher])).toEqual([
      ['run-task job:0', 'jobs/main.tf', 'aws ecs run-task of job:0 in the local-exec provisioner of module.jobs.terraform_data.run'],
      ['run-task job:1', 'jobs/main.tf', 'aws ecs run-task of job:1 in the local-exec provisioner of module.jobs.terraform_data.run'],
    ]);
    expect(tasks[0]!.data.networkConfiguration).toMatchObject({ awsvpcConfiguration: { assignPublicIp: 'ENABLED', subnets: [{ $placeholder: expect.stringContaining('aws_subnet.a.id') }] } });
    expect(tasks[0]!.origin.locate('/networkConfiguration')).toMatchObject({ line: 5 });
  });
});

describe("fabfuel's ecs-deploy", () => {
  const resources = (script: string, name = 'deploy.sh') => {
    const d = tempDir({ [name]: script });
    return load(join(d, name)).resources;
  };
  it('reads options by their arity, wherever they stand, and an option it does not know as a flag, reading on', () => {
    const [step] = resources('ecs deploy c web -t v1 -e web A 1 --timeout 60 -d web __proto__ x -l web splunk splunk-token tok --bogus -e web B 2\n');
    expect(step!.type).toBe('ecs:deploy-step');
    expect(step!.data.containerDefinitions).toEqual([{ name: 'web', environment: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], dockerLabels: { ['__proto__']: 'x' }, logConfiguration: { logDriver: 'splunk', options: { 'splunk-token': 'tok' } } }]);
    expect(step!.origin.locate('/containerDefinitions/0/logConfiguration/options/splunk-token')).toEqual({ line: 1, column: 94 });
  });
  it('a redeploy that changes nothing, prose that names the tool, and other ecs commands are no resource', () => {
    expect(resources('ecs deploy c web --tag v2\necho "run ecs deploy c web -e web K v"\nUse ecs deploy to release\necs scale c web 3\n')).toEqual([]);
  });
  it('an env file is unknown where the command runs, an S3 one is out of sight; run is EC2 without a network unless told', () => {
    const [step, task] = resources('ecs update web-task --env-file web .env --s3-env-file web arn:aws:s3:::b/web.env\necs run c job -e job MODE up\n');
    const env = (step!.data.containerDefinitions as JsonObject[])[0]!;
    expect(env.environment).toEqual([{ $unseen: expect.stringContaining('the env file .env') }]);
    expect(env.environmentFiles).toEqual([{ value: 'arn:aws:s3:::b/web.env', type: 's3' }]);
    expect(task!.data).toMatchObject({ taskDefinition: 'job', launchType: 'EC2', overrides: { containerOverrides: [{ name: 'job', environment: [{ name: 'MODE', value: 'up' }] }] } });
    expect(task!.data.networkConfiguration).toBeUndefined();
  });
  it('in a CI step, a variable set from secrets fills in the secret', () => {
    const d = tempDir({
      'deploy.yml': ['on: push', 'jobs:', '  d:', '    runs-on: ubuntu-latest', '    env:', '      CONN: ${{ secrets.DB }}', '    steps:', '      - run: ecs deploy c web -e web DATABASE "$CONN"', ''].join('\n'),
    });
    const r = runCli(['scan', d, '--no-config', '--format', 'json', '--check', 'ecs-deploy-step-no-plaintext-secrets']);
    const results = JSON.parse(r.stdout).results as Array<{ status: string; message: string; location: { line: number } }>;
    expect(results.map((x) => [x.status, x.location.line, /from (a [A-Za-z ]+)/.exec(x.message)?.[1]])).toEqual([['fail', 8, 'a GitHub Actions secret ']]);
  });
});

describe('PowerShell scripts', () => {
  const texts = (script: string) => powershellCommands(script).map((c) => c.words.map((w) => w.text));
  it("reads PowerShell's quoting: backtick escapes and continuations, '' and \"\" inside quotes, a backslash as a character", () => {
    expect(texts("aws ecs run-task --a 'it''s' --b \"say \"\"hi\"\" `$x\" C:\\\\tmp `\n  --c $env:SUBNET\n")).toEqual([['aws', 'ecs', 'run-task', '--a', "it's", '--b', 'say "hi" $x', 'C:\\\\tmp', '--c', '${env:SUBNET}']]);
  });
  it("a script block's braces end commands; a string of many '' runs in a loop, not out of stack", () => {
    expect(texts('if ($x) { aws ecs run-task --cluster c }\nforeach ($y in $z) {\n  aws ecs run-task --cluster d\n}\n')).toEqual([['if'], ['${x}'], ['aws', 'ecs', 'run-task', '--cluster', 'c'], ['foreach'], ['${y}', 'in', '${z}'], ['aws', 'ecs', 'run-task', '--cluster', 'd']]);
    const [command] = powershellCommands("echo '" + "''".repeat(200_000) + "'\n");
    expect(command!.words[1]!.text).toHaveLength(200_000);
  });
  it('passes over <# #> comments and reads a here-string as one word, at its lines', () => {
    const [first, second] = powershellCommands("<#\naws ecs run-task --cluster old\n#>\naws ecs run-task --overrides @'\n{\"a\": 1}\n'@\nnext\n");
    expect(first!.words.map((w) => w.text)).toEqual(['aws', 'ecs', 'run-task', '--overrides', '{"a": 1}']);
    expect(first!.words[4]).toMatchObject({ line: 4, column: 0 });
    expect(second!.words).toEqual([{ text: 'next', line: 6, column: 0 }]);
  });
  it("a step on a Windows runner is PowerShell's unless its shell says otherwise", () => {
    const step = (shell: string[]) => ['      - ' + (shell[0] ?? 'name: x'), ...shell.slice(1), `        run: aws ecs run-task --task-definition t:1 --overrides '{"containerOverrides":[{"name":"a","environment":[{"name":"N","value":"it''s"}]}]}'`];
    const d = tempDir({ 'w.yml': ['on: push', 'jobs:', '  win:', '    runs-on: [self-hosted, windows]', '    steps:', ...step([]), ...step(['shell: bash']), ...step(['shell: powershell']), ''].join('\n') });
    const values = load(join(d, 'w.yml')).resources.map((r) => JSON.stringify(r.data.overrides).match(/"value":"([^"]*)"/)?.[1]);
    expect(values).toEqual(["it's", 'its', "it's"]);
  });
  it('in a GitHub step run by pwsh, $env:NAME of an env set from secrets is that secret', () => {
    const d = tempDir({
      'ci.yml': ['on: push', 'jobs:', '  d:', '    runs-on: windows-latest', '    env:', '      CONN: ${{ secrets.DB }}', '    steps:', '      - shell: pwsh', `        run: aws ecs run-task --task-definition j:1 --overrides '{"containerOverrides":[{"name":"m","environment":[{"name":"DATABASE","value":"'"$env:CONN"'"}]}]}'`, ''].join('\n'),
    });
    const r = runCli(['scan', d, '--no-config', '--format', 'json', '--check', 'ecs-scheduled-task-no-plaintext-secrets']);
    expect((JSON.parse(r.stdout).results as Array<{ status: string; message: string }>).map((x) => [x.status, /from (a [A-Za-z ]+)/.exec(x.message)?.[1]])).toEqual([['fail', 'a GitHub Actions secret ']]);
  });
});
