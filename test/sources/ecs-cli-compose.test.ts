// ECS CLI projects: ecs-params.yml and the Docker Compose file beside it are the task definition
// (and service) `ecs-cli compose` deploys, each setting checked at the line of the file that sets it.
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load, runCli, tempDir } from '../helpers.js';

const PARAMS = [
  'version: 1',
  'task_definition:',
  '  ecs_network_mode: awsvpc',
  '  task_execution_role: ecsTaskExecutionRole',
  '  services:',
  '    web:',
  '      essential: true',
  '      mem_limit: 1.5GB',
  '      secrets:',
  '        - value_from: /app/db',
  '          name: DB_URL',
  '',
].join('\n');

describe('ECS CLI projects', () => {
  it("the Compose services are the containers, as ecs-cli writes them, with the parameters file's settings for each", () => {
    const d = tempDir({
      'app/ecs-params.yml': PARAMS,
      'app/docker-compose.yml': [
        'version: "2"',
        'services:',
        '  web:',
        '    image: nginx:1.25',
        '    command: nginx -g "daemon off;"',
        '    environment:',
        '      STAGE: prod',
        '      TOKEN:',
        '    mem_limit: 512m',
        '    read_only: "true"',
        '    user: 1000',
        '    labels: ["team=web"]',
        '',
      ].join('\n'),
    });
    const [task, ...rest] = load(join(d, 'app/ecs-params.yml'), true, 'app/ecs-params.yml').resources;
    expect(rest).toEqual([]);
    expect(task).toMatchObject({ type: 'ecs:task-definition', id: 'app', data: { family: 'app', networkMode: 'awsvpc', executionRoleArn: 'ecsTaskExecutionRole' } });
    expect(task!.data.containerDefinitions).toEqual([
      {
        name: 'web',
        image: 'nginx:1.25',
        command: ['nginx', '-g', 'daemon off;'],
        user: '1000',
        readonlyRootFilesystem: true,
        // the parameters file's limit wins over Compose's
        memory: 1536,
        environment: [
          { name: 'STAGE', value: 'prod' },
          // no value: ecs-cli takes it from the environment it runs in
          { name: 'TOKEN', value: { $placeholder: '${TOKEN}' } },
        ],
        dockerLabels: { team: 'web' },
        essential: true,
        secrets: [{ name: 'DB_URL', valueFrom: '/app/db' }],
      },
    ]);
    // each field at its file's line: containers in the Compose file, the rest in the parameters file
    expect(task!.origin.locate('/containerDefinitions/0/user')).toEqual({ line: 11, column: 5, file: 'app/docker-compose.yml' });
    expect(task!.origin.locate('/containerDefinitions/0/environment/1')).toMatchObject({ line: 8, file: 'app/docker-compose.yml' });
    expect(task!.origin.locate('/containerDefinitions/0/secrets/0/valueFrom')).toEqual({ line: 10, column: 11 });
    expect(task!.origin.locate('/containerDefinitions/0/memory')).toEqual({ line: 8, column: 7 });
    expect(task!.origin.locate('/executionRoleArn')).toEqual({ line: 4, column: 3 });
  });

  it('reads yes/no/on/off as go-yaml v2 does (booleans), where YAML 1.2 gives text', () => {
    const dir = tempDir({ 'ecs-params.yml': 'version: 1\ntask_definition:\n  services:\n    web:\n      essential: yes\n', 'docker-compose.yml': 'version: "3"\nservices:\n  web:\n    image: nginx:1.27\n    privileged: On\n    read_only: no\n' });
    const r = load(join(dir, 'ecs-params.yml'), false, 'ecs-params.yml');
    expect(r.errors).toEqual([]);
    const c = (r.resources.find((x) => x.type === 'ecs:task-definition')!.data.containerDefinitions as any[])[0];
    expect([c.essential, c.privileged, c.readonlyRootFilesystem]).toEqual([true, true, false]);
  });

  it('an override file beside the Compose file, which ecs-cli merges in, leaves what would pass unknown', () => {
    const files = { 'ecs-params.yml': 'version: 1\ntask_definition:\n  services:\n    web:\n      essential: true\n', 'docker-compose.yml': 'version: "3"\nservices:\n  web:\n    image: nginx:1.27\n    user: "1000"\n' };
    const plain = tempDir(files);
    const merged = tempDir({ ...files, 'docker-compose.override.yml': 'services:\n  web:\n    privileged: true\n' });
    const statuses = (dir: string) => JSON.parse(runCli(['scan', '.', '--no-config', '--format', 'json'], dir).stdout).results.filter((x: any) => x.ruleId === 'ecs-no-privileged').map((x: any) => [x.status, x.message]);
    expect(statuses(plain)).toEqual([['pass', expect.any(String)]]);
    expect(statuses(merged)).toEqual([['unknown', 'Could not evaluate: docker-compose.override.yml beside it, which ecs-cli merges into the Compose file, is not read']]);
  });

  it("a service's bind mounts, devices and security options are the task's, as ecs-cli writes them, each at its line", () => {
    const d = tempDir({
      'ecs-params.yml': 'version: 1\ntask_definition:\n  task_execution_role: ecsTaskExecutionRole\n',
      'docker-compose.yml': [
        'version: "3"',
        'services:',
        '  agent:',
        '    image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/agent:1.0.0',
        '    volumes:',
        '      - cache:/cache',
        '      - /var/run/docker.sock:/var/run/docker.sock:ro',
        '      - { type: bind, source: /proc, target: /host/proc }',
        '      - ./config:/etc/agent',
        '    devices: ["/dev/fuse", "/dev/mem:/dev/mem:r"]',
        '    security_opt:',
        '      - no-new-privileges',
        '      - seccomp:unconfined',
        'volumes:',
        '  cache: {}',
        '',
      ].join('\n'),
    });
    const [td] = load(join(d, 'ecs-params.yml')).resources;
    expect(td!.data.volumes).toEqual([
      { name: 'agent-bind-1', host: { sourcePath: '/var/run/docker.sock' } },
      { name: 'agent-bind-2', host: { sourcePath: '/proc' } },
      { name: 'agent-bind-3', host: { sourcePath: './config' } },
    ]);
    const c = (td!.data.containerDefinitions as any[])[0];
    expect(c.mountPoints).toEqual([
      { sourceVolume: 'agent-bind-1', containerPath: '/var/run/docker.sock', readOnly: true },
      { sourceVolume: 'agent-bind-2', containerPath: '/host/proc' },
      { sourceVolume: 'agent-bind-3', containerPath: '/etc/agent' },
    ]);
    expect(c.linuxParameters.devices).toEqual([{ hostPath: '/dev/fuse', containerPath: '/dev/fuse' }, { hostPath: '/dev/mem', containerPath: '/dev/mem', permissions: ['read'] }]);
    const report = JSON.parse(runCli(['scan', '.', '--no-config', '--format', 'json'], d).stdout);
    const at = (rule: string) => report.results.filter((x: any) => x.ruleId === rule && x.status === 'fail').map((x: any) => `${x.location.file}:${x.location.line}`);
    expect(at('ecs-no-sensitive-host-mounts').sort()).toEqual(['docker-compose.yml:10', 'docker-compose.yml:7', 'docker-compose.yml:8']);
    expect(at('ecs-no-unconfined-security-options')).toEqual(['docker-compose.yml:13']);
  });

  it('a scan reports findings in both files, and the service run_params configure', () => {
    const r = runCli(['scan', 'fixtures/inputs/ecs-cli/shop', '--no-config', '--format', 'json']);
    const results = (JSON.parse(r.stdout).results as Array<{ ruleId: string; status: string; resource: { id: string }; location: { file: string; line: number } }>).filter((x) => x.status === 'fail');
    const at = (rule: string) => results.filter((x) => x.ruleId === rule).map((x) => `${x.location.file.split('/').pop()}:${x.location.line}`);
    expect(at('ecs-no-plaintext-secrets')).toEqual(['docker-compose.yml:11', 'docker-compose.yml:26']);
    expect(at('ecs-no-privileged')).toEqual(['docker-compose.yml:28']);
    expect(at('ecs-service-no-public-ip')).toEqual(['ecs-params.yml:30']);
    expect(at('ecs-efs-transit-encryption').sort()).toEqual(['ecs-params.yml:20', 'ecs-params.yml:22']);
    // the Compose file on its own is not a task definition: passed over, not scanned twice
    expect(results.every((x) => x.resource.id === 'shop')).toBe(true);
  });

  it('without a Compose file beside it (or with a link in its place), the containers are unknown and the task settings still checked', () => {
    const alone = tempDir({ 'ecs-params.yml': PARAMS.replace('ecs_network_mode: awsvpc', 'ecs_network_mode: host') });
    const linked = tempDir({ 'ecs-params.yml': PARAMS, 'elsewhere.yml': 'services:\n  web:\n    image: x\n' });
    symlinkSync(join(linked, 'elsewhere.yml'), join(linked, 'docker-compose.yml'));
    const [task] = load(join(alone, 'ecs-params.yml')).resources;
    expect(task!.data.containerDefinitions).toEqual({ $unseen: expect.stringContaining('no docker-compose.yml is beside it') });
    expect(load(join(linked, 'ecs-params.yml')).resources[0]!.data.containerDefinitions).toEqual({ $unseen: expect.stringContaining('not a regular file (not read)') });
    const r = runCli(['scan', join(alone, 'ecs-params.yml'), '--no-config', '--format', 'json']);
    const byRule = new Map((JSON.parse(r.stdout).results as Array<{ ruleId: string; status: string }>).map((x) => [x.ruleId, x.status]));
    expect(byRule.get('ecs-no-host-network')).toBe('fail');
    expect(byRule.get('ecs-no-privileged')).toBe('unknown');
  });

  it("an env_file's variables are the container's, each at its line (environment's own win); one not read inside the folder is unknown", () => {
    const secret = 'Zq8-env-file-secret';
    const d = tempDir({
      'p/ecs-params.yml': 'version: 1\ntask_definition:\n  ecs_network_mode: awsvpc\n',
      'p/docker-compose.yml': ['services:', '  web:', '    image: x', '    env_file: [config/web.env]', '    environment:', '      - API_TOKEN=${TOKEN}', '  job:', '    image: y', '    env_file: ../outside.env', ''].join('\n'),
      'p/config/web.env': `# web\nexport DB_PASSWORD="${secret}"\nAPI_TOKEN=overridden-${secret}\nLOG_LEVEL=info\n`,
      'outside.env': `DB_PASSWORD=${secret}\n`,
    });
    const [task] = load(join(d, 'p/ecs-params.yml'), true, 'p/ecs-params.yml').resources;
    const [web, job] = task!.data.containerDefinitions as Array<{ environment: unknown[] }>;
    expect(web!.environment).toEqual([
      { name: 'DB_PASSWORD', value: secret },
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'API_TOKEN', value: { $placeholder: '${TOKEN}' } },
    ]);
    expect(task!.origin.locate('/containerDefinitions/0/environment/0/value')).toEqual({ line: 2, column: 1, file: 'p/config/web.env' });
    expect(job!.environment).toEqual([{ $unseen: expect.stringContaining('could not be read (it is outside the project folder)') }]);
    const r = runCli(['scan', join(d, 'p'), '--no-config', '--format', 'json', '--check', 'ecs-no-plaintext-secrets']);
    const results = JSON.parse(r.stdout).results as Array<{ status: string; location: { file: string; line: number } }>;
    expect(results.map((x) => [x.status, x.location.file.split('/').pop(), x.location.line])).toEqual([
      ['fail', 'web.env', 2],
      ['fail', 'docker-compose.yml', 6],
    ]);
    expect(r.stdout + r.stderr).not.toContain(secret);
  });

  it('an env_file named by many services is read once, and the variables a project adds are bounded', () => {
    const big = Array.from({ length: 60_000 }, (_, i) => `VAR_${i}=v${i}`).join('\n');
    const d = tempDir({
      'ecs-params.yml': 'version: 1\ntask_definition:\n  ecs_network_mode: awsvpc\n',
      'docker-compose.yml': 'services:\n  a:\n    image: x\n    env_file: big.env\n  b:\n    image: x\n    env_file: big.env\n',
      'big.env': big,
    });
    const [a, b] = load(join(d, 'ecs-params.yml')).resources[0]!.data.containerDefinitions as Array<{ environment: unknown[] }>;
    expect(a!.environment).toHaveLength(60_000);
    expect(b!.environment).toEqual([{ $unseen: expect.stringContaining('more env file variables than ecsguard reads') }]);
  });

  it("a service Compose builds has an image no check can name: unknown, at its build line", () => {
    const d = tempDir({ 'ecs-params.yml': 'version: 1\ntask_definition:\n  ecs_network_mode: awsvpc\n', 'docker-compose.yml': 'services:\n  web:\n    build: .\n' });
    const [task] = load(join(d, 'ecs-params.yml')).resources;
    expect((task!.data.containerDefinitions as Array<{ image: unknown }>)[0]!.image).toEqual({ $unseen: expect.stringContaining("built from the service's build context") });
    expect(task!.origin.locate('/containerDefinitions/0/image')).toMatchObject({ line: 3 });
  });

  it('a file named ecs-params.yml that is not ECS CLI parameters is read as any YAML file', () => {
    const d = tempDir({ 'ecs-params.yml': 'family: plain\ncontainerDefinitions:\n  - name: a\n    image: nginx\n' });
    expect(load(join(d, 'ecs-params.yml')).resources.map((r) => [r.type, r.id])).toEqual([['ecs:task-definition', 'plain']]);
  });
});
