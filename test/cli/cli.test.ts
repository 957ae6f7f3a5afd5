import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_RULES, runCli, tempDir } from '../helpers.js';

describe('ecsguard command line', () => {
  it('--help explains the commands and exit codes; each command has its own help', () => {
    const main = runCli(['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout).toContain('ecsguard scan [PATH...]');
    expect(main.stdout).toContain('Exit codes: 0');
    expect(runCli(['scan', '--help']).stdout).toContain('--fail-on SEVERITY');
    expect(runCli(['rules', '--help']).stdout).toContain('rules test');
  });
  it('usage errors are one line, exit 2, and point at --help', () => {
    const cases: Array<[string[], string]> = [
      [['scna'], 'ecsguard: unknown command "scna"\n'],
      [['scan', '--formt', 'json'], "ecsguard: unknown option '--formt' (did you mean --format?)\nRun \"ecsguard scan --help\" for usage.\n"],
      [['scan', '--format', 'xml'], 'ecsguard: --format must be one of text, json, sarif, markdown, junit, html, asff\nRun "ecsguard scan --help" for usage.\n'],
      [['scan', '--fail-on', 'severe'], 'ecsguard: --fail-on must be one of info, low, medium, high, critical, none\nRun "ecsguard scan --help" for usage.\n'],
      [['scan', '--today', 'tomorrow'], 'ecsguard: --today must be a real date as YYYY-MM-DD (got "tomorrow")\nRun "ecsguard scan --help" for usage.\n'],
      [['scan', '--today', '2027-02-30'], 'ecsguard: --today must be a real date as YYYY-MM-DD (got "2027-02-30")\nRun "ecsguard scan --help" for usage.\n'],
      [['scan', '--max-file-size', 'big'], 'ecsguard: --max-file-size must be a size such as 1048576, 512k or 64m\nRun "ecsguard scan --help" for usage.\n'],
      [['rules', 'show'], 'ecsguard: unknown rules command "show"\nRun "ecsguard rules --help" for usage.\n'],
    ];
    for (const [args, stderr] of cases) {
      const r = runCli(args);
      expect([r.code, r.stderr.startsWith(stderr.split('\n')[0]!)]).toEqual([2, true]);
      if (!stderr.startsWith('ecsguard: unknown command')) expect(r.stderr).toBe(stderr);
    }
  });
  it('--version prints the version', () => {
    expect(runCli(['--version']).stdout).toMatch(/^[0-9]+\.[0-9]+\.[0-9]+\n$/);
  });
  it('exits 0 when nothing fails', () => {
    const dir = tempDir({
      'td.json': JSON.stringify({
        family: 'clean',
        taskRoleArn: 'arn:aws:iam::123456789012:role/web-task',
        containerDefinitions: [
          {
            name: 'web',
            image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.27',
            user: '1000',
            readonlyRootFilesystem: true,
            logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'web' } },
          },
        ],
      }),
    });
    const r = runCli(['scan', 'td.json', ...FIXTURE_RULES], dir);
    expect(r.stdout).toContain('0 failed');
    expect(r.code).toBe(0);
  });
  it('scans the current directory by default and says so when a named file is not a task definition', () => {
    const dir = tempDir({ 'notes.json': '{"a": 1}' });
    const r = runCli(['scan', 'notes.json', '--no-config'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('ecsguard: notice: notes.json: not a task definition: expected register-task-definition input, describe-task-definition output, a containerDefinitions array, create-service input, describe-services output, run-task input, EventBridge targets or a Scheduler schedule with ECS parameters, a CloudFormation template, a Serverless Framework service file with CloudFormation resources, an Ansible ecs_taskdefinition task, a Pulumi YAML program, a CodeDeploy AppSpec of an ECS deployment, a Step Functions state machine definition, a GitHub Actions workflow that renders task definitions, an AWS Copilot manifest, an ECS CLI project (ecs-params.yml), aws ecs commands that start tasks, set services or register task definitions, or a Terraform plan\n');
    expect(runCli(['scan', '--no-config'], dir).stdout).toContain('0 files scanned');
  });
  it('--verbose lists the files passed over and why', () => {
    const dir = tempDir({ 'a/notes.json': '{"a": 1}', 'a/empty.yaml': '', '.gitignore': 'build/\n', 'build/td.json': '{"containerDefinitions": []}' });
    const r = runCli(['scan', '.', '--no-config', '--verbose'], dir);
    expect(r.stderr).toContain('ecsguard: skipped a/notes.json: not a task definition');
    expect(r.stderr).toContain('ecsguard: skipped a/empty.yaml: empty file');
    expect(r.stderr).toContain('ecsguard: skipped build: ignored by .gitignore');
  });
  it('shows control characters from files as escapes, never raw to the terminal', () => {
    const td = { family: 'x', containerDefinitions: [{ name: 'web\u001b]0;owned\u0007\u001b[2J', image: 'nginx:1.27', privileged: true }] };
    const dir = tempDir({ 'td.json': JSON.stringify(td), 'bad\u001b[31m.json': '{"containerDefinitions": [' });
    for (const format of ['text', 'markdown']) {
      const r = runCli(['scan', '.', '--no-config', '--format', format], dir);
      expect(r.code).toBe(2);
      expect(r.stdout + r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      // Markdown also escapes the brackets that could start a link
      expect(r.stdout).toContain(format === 'text' ? 'web\\u001b]0;owned\\u0007\\u001b[2J' : 'web\\\\u001b\\]0;owned\\\\u0007\\\\u001b\\[2J');
      expect(r.stdout + r.stderr).toContain('bad\\u001b[31m.json');
    }
    const json = runCli(['scan', '.', '--no-config', '--format', 'json'], dir);
    expect(JSON.stringify(JSON.parse(json.stdout).results)).toContain('web\\u001b]0;owned\\u0007\\u001b[2J');
  });
  it('line breaks and bidirectional controls from files cannot forge report lines or reorder text', () => {
    const forged = 'web\nsrc/ok.json\n  1:1      info     pass     ecs-no-privileged  fine\r\u2028\u2029\u202eevil\u2066x\u2069';
    const td = { family: 'x', containerDefinitions: [{ name: forged, image: 'nginx:1.27', privileged: true }] };
    const dir = tempDir({ 'td.json': JSON.stringify(td), 'dir/bad\u202e\nname.json': '{"containerDefinitions": [' });
    for (const format of ['text', 'markdown']) {
      const r = runCli(['scan', '.', '--no-config', '--format', format, '--verbose'], dir);
      const all = r.stdout + r.stderr;
      expect(all).not.toMatch(/[\r\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
      expect(all).toContain(format === 'text' ? 'web\\u000asrc/ok.json\\u000a' : 'web\\\\u000asrc/ok\\.json\\\\u000a');
      // no line of the report is the forged one
      expect(r.stdout.split('\n').some((l) => l.startsWith('src/ok.json') || l.startsWith('  1:1      info'))).toBe(false);
      expect(all).toContain('dir/bad\\u202e\\u000aname.json:1:27: invalid JSON');
    }
    const verbose = runCli(['scan', '.', '--no-config', '--verbose', '--quiet'], tempDir({ 'a\nb\u202e.json': '{"x": 1}' }));
    expect(verbose.stderr).toBe('ecsguard: skipped a\\u000ab\\u202e.json: not a task definition\n');
  });
  it('--var-file gives the scanned Terraform root modules their values, read wherever the file is, after their own', () => {
    const dir = tempDir({
      'infra/main.tf': 'variable "privileged" {}\nvariable "env" {\n  default = {}\n}\nresource "aws_ecs_task_definition" "app" {\n  family = "app"\n  container_definitions = jsonencode([{ name = "app", image = "x:1", privileged = var.privileged, environment = [for k, v in var.env : { name = k, value = v }] }])\n}\n',
      'infra/terraform.tfvars': 'privileged = false\n',
      'envs/prod.tfvars': 'privileged = true\nenv = { DB_PASSWORD = "prod-pa55-8f7g6h" }\n',
      'envs/dev.tfvars.json': '{ "privileged": false }',
      'envs/broken.tfvars.json': '{ nope',
    });
    const scan = (...extra: string[]) => runCli(['scan', 'infra', '--no-config', '--format', 'json', ...FIXTURE_RULES, ...extra], dir);
    const statuses = (r: ReturnType<typeof scan>) => Object.fromEntries((JSON.parse(r.stdout).results as any[]).filter((x) => /privileged|secrets/.test(x.ruleId)).map((x) => [x.ruleId, `${x.status} ${x.location.file}:${x.location.line}`]));
    expect(statuses(scan())).toEqual({ 'fx-no-privileged': 'pass infra/main.tf:5', 'fx-plaintext-secrets': 'pass infra/main.tf:5' });
    // the named file comes after terraform.tfvars; the secret is found where it is written
    expect(statuses(scan('--var-file', 'envs/prod.tfvars'))).toEqual({ 'fx-no-privileged': 'fail infra/main.tf:7', 'fx-plaintext-secrets': 'fail envs/prod.tfvars:2' });
    // a later file wins
    expect(statuses(scan('--var-file', 'envs/prod.tfvars', '--var-file', 'envs/dev.tfvars.json'))['fx-no-privileged']).toBe('pass infra/main.tf:5');
    const broken = scan('--var-file', 'envs/broken.tfvars.json');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('envs/broken.tfvars.json: not valid JSON; its variables are not used');
    const missing = scan('--var-file', 'envs/none.tfvars');
    expect([missing.code, missing.stdout, missing.stderr]).toEqual([2, '', 'ecsguard: --var-file envs/none.tfvars: no such file or directory\n']);
    // the configuration's terraform.var-files, relative to it, come before --var-file
    writeFileSync(join(dir, '.ecsguard.yaml'), 'terraform:\n  var-files: [envs/prod.tfvars, envs/gone.tfvars]\n');
    const configured = runCli(['scan', 'infra', '--config', '.ecsguard.yaml', '--format', 'json', ...FIXTURE_RULES], dir);
    expect(statuses(configured)).toEqual({ 'fx-no-privileged': 'fail infra/main.tf:7', 'fx-plaintext-secrets': 'fail envs/prod.tfvars:2' });
    expect(configured.code).toBe(2);
    expect(configured.stderr).toContain('.ecsguard.yaml:2: terraform.var-files: envs/gone.tfvars is not a readable file; its variables are not used');
    const overridden = runCli(['scan', 'infra', '--config', '.ecsguard.yaml', '--format', 'json', ...FIXTURE_RULES, '--var-file', 'envs/dev.tfvars.json'], dir);
    expect(statuses(overridden)['fx-no-privileged']).toBe('pass infra/main.tf:5');
  });
  it('rules list in text, json and markdown', () => {
    expect(runCli(['rules', 'list']).stdout.split('\n')[0]).toMatch(/^ID\s+SEVERITY\s+RUNBOOK\s+CSF 1\.1\s+CSF 2\.0\s+TITLE$/);
    const json = JSON.parse(runCli(['rules', 'list', '--format', 'json']).stdout);
    expect(json.find((r: any) => r.id === 'ecs-no-plaintext-secrets')).toMatchObject({ severity: 'high', mappings: { nist: { csf11: ['PR.DS-5'] }, runbook: { section: '4', controls: [1] } } });
    expect(runCli(['rules', 'list', '--format', 'markdown']).stdout).toContain('| `ecs-awslogs-stream-prefix` | medium | Containers send their logs to CloudWatch Logs with awslogs, a group, a region and a stream prefix | files, live | section 6, control 4 |');
  });
  it('rules test runs every case and exits 1 when one fails', () => {
    expect(runCli(['rules', 'test']).code).toBe(0);
    const dir = tempDir({
      'rules/org-fails.yaml': `id: org-fails\nname: Fails\ntitle: A rule whose case is wrong on purpose\nseverity: low\nresource: ecs:task-definition\nrationale: exists to prove that rules test can fail\nremediation: nothing to remediate, this is a test fixture\nreferences: [https://example.com]\nmappings: { nist: { csf11: [], csf20: [] }, runbook: { section: "1" } }\nmessages: { m: 'always fails here' }\ncheck:\n  expect:\n    - that: { path: family, exists: true }\n      message: m\ncases:\n  - { name: says pass but fails, expect: pass, resource: { containerDefinitions: [] } }\n  - { name: passes, expect: pass, resource: { family: x, containerDefinitions: [] } }\n  - { name: wrong line, expect: fail, resource: { containerDefinitions: [] }, findings: [{ message: m, line: 99 }] }\n`,
    });
    const r = runCli(['rules', 'test', '--rules', 'rules'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL  org-fails: says pass but fails (rules/org-fails.yaml:16)');
    expect(r.stdout).toContain('expected pass, got fail (m at /family)');
    expect(r.stdout).toMatch(/no finding matches \{"message":"m","line":99\}; got \{"message":"m","line":[0-9]+,"pointer":"\/family"/);
  });
});
