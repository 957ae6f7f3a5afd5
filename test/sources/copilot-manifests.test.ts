// Copilot manifests: the variables and env_file Copilot writes into the containers it deploys.
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load, runCli, tempDir } from '../helpers.js';

const MANIFEST = ['name: api', 'type: Backend Service', 'image:', '  build: Dockerfile', 'env_file: config/api.env', 'variables:', '  MODE: manifest', ''].join('\n');
const SECRET = 'zx-Qv81-only-in-env';

describe('Copilot manifests', () => {
  it("reads env_file from the workspace's root: its variables at their lines, the manifest's variables winning", () => {
    const d = tempDir({ 'copilot/api/manifest.yml': MANIFEST, 'config/api.env': `MODE=env\n__proto__=x\nDB_PASSWORD=${SECRET}\n` });
    const [step] = load(join(d, 'copilot/api/manifest.yml'), true, 'copilot/api/manifest.yml').resources;
    const container = (step!.data.containerDefinitions as Array<{ environment: Array<{ name: string; value: string }> }>)[0]!;
    expect(container.environment.map((e) => [e.name, e.value])).toEqual([['__proto__', 'x'], ['DB_PASSWORD', SECRET], ['MODE', 'manifest']]);
    expect(step!.origin.locate('/containerDefinitions/0/environment/1/value')).toEqual({ line: 3, column: 1, file: 'config/api.env' });
    expect(step!.origin.locate('/containerDefinitions/0/environment/2/value')).toMatchObject({ line: 7 });
  });
  it('a scan reports the secret at its line of the env file and never prints it', () => {
    const d = tempDir({ 'copilot/api/manifest.yml': MANIFEST, 'config/api.env': `DB_PASSWORD=${SECRET}\n` });
    const r = runCli(['scan', '.', '--format', 'text'], d);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/config\/api\.env\n\s+1:1 .*ecs-deploy-step-no-plaintext-secrets.*"DB_PASSWORD"/);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });
  it("a manifest outside a workspace's copilot folder, or a missing env file, is unknown, never a pass", () => {
    const d = tempDir({ 'elsewhere/manifest.yml': MANIFEST, 'copilot/api/manifest.yml': MANIFEST });
    for (const [path, why] of [['elsewhere/manifest.yml', 'where the path starts is not known'], ['copilot/api/manifest.yml', 'it is not in the scanned files']]) {
      const [step] = load(join(d, path!), true, path).resources;
      const env = (step!.data.containerDefinitions as Array<{ environment: unknown[] }>)[0]!.environment;
      expect(env[0]).toEqual({ $unseen: expect.stringContaining(why!) });
      expect(step!.origin.locate('/containerDefinitions/0/environment/0')).toMatchObject({ line: 5 });
    }
  });
});

describe('Copilot services and jobs', () => {
  const launched = (network: string[], type = 'Backend Service') => {
    const d = tempDir({ 'copilot/svc/manifest.yml': ['name: svc', `type: ${type}`, 'image:', '  build: Dockerfile', ...network, ''].join('\n') });
    return load(join(d, 'copilot/svc/manifest.yml'), true, 'copilot/svc/manifest.yml').resources.filter((r) => r.type !== 'ecs:deploy-step');
  };
  const assign = (r: { data: Record<string, unknown> }) => (r.data.networkConfiguration as { awsvpcConfiguration: { assignPublicIp: unknown } }).awsvpcConfiguration.assignPublicIp;
  it('overrides Copilot applies that could change what is checked leave it unknown: taskdef_overrides, YAML patches by path, CDK overrides', () => {
    const plain = ['name: api', 'type: Backend Service', 'variables:', '  MODE: prod', 'network:', '  vpc:', '    placement: private', ''].join('\n');
    const statuses = (files: Record<string, string>) => {
      const report = JSON.parse(runCli(['scan', '.', '--no-config', '--format', 'json'], tempDir(files)).stdout);
      return ['ecs-deploy-step-no-plaintext-secrets', 'ecs-service-no-public-ip'].map((rule) => report.results.find((x: any) => x.ruleId === rule)?.status);
    };
    expect(statuses({ 'copilot/api/manifest.yml': plain })).toEqual(['pass', 'pass']);
    // Ulimits change nothing a check reads; an environment variable added there does
    expect(statuses({ 'copilot/api/manifest.yml': `${plain}taskdef_overrides:\n  - path: ContainerDefinitions[0].Ulimits[-]\n    value: { Name: cpu, SoftLimit: 1024, HardLimit: 2048 }\n` })).toEqual(['pass', 'pass']);
    expect(statuses({ 'copilot/api/manifest.yml': `${plain}taskdef_overrides:\n  - path: ContainerDefinitions[0].Environment[-]\n    value: { Name: DB_PASSWORD, Value: x }\n` })).toEqual(['unknown', 'pass']);
    expect(statuses({ 'copilot/api/manifest.yml': plain, 'copilot/api/overrides/cfn.patches.yml': '- op: replace\n  path: /Resources/Service/Properties/NetworkConfiguration/AwsvpcConfiguration/AssignPublicIp\n  value: ENABLED\n' })).toEqual(['pass', 'unknown']);
    expect(statuses({ 'copilot/api/manifest.yml': plain, 'copilot/api/overrides/stack.ts': 'export class X {}\n' })).toEqual(['unknown', 'unknown']);
    // an overrides folder that cannot be read (here a link to itself) may override anything
    const looped = tempDir({ 'copilot/api/manifest.yml': plain });
    symlinkSync('overrides', join(looped, 'copilot/api/overrides'));
    const report = JSON.parse(runCli(['scan', '.', '--no-config', '--format', 'json'], looped).stdout);
    expect(['ecs-deploy-step-no-plaintext-secrets', 'ecs-service-no-public-ip'].map((rule) => report.results.find((x: any) => x.ruleId === rule)?.status)).toEqual(['unknown', 'unknown']);
  });

  it('run with public IPs by default, as Copilot places them in public subnets; private placement has none', () => {
    expect(launched([]).map((r) => [r.type, r.id, assign(r)])).toEqual([['ecs:service', 'svc', 'ENABLED']]);
    expect(launched(['network:', '  vpc:', '    placement: private']).map(assign)).toEqual(['DISABLED']);
    expect(launched([], 'Scheduled Job').map((r) => [r.type, r.data.launcher])).toEqual([['ecs:scheduled-task', 'Copilot scheduled job "svc"']]);
  });
  it('a placement that names subnets is unknown; an environment with its own placement is one more service', () => {
    expect(launched(['network:', '  vpc:', '    placement:', '      subnets: [subnet-1]']).map(assign)).toEqual([{ $unseen: expect.stringContaining('depends on its version') }]);
    const withEnv = launched(['environments:', '  prod:', '    network:', '      vpc:', '        placement: private']);
    expect(withEnv.map((r) => [r.id, assign(r)])).toEqual([['svc', 'ENABLED'], ['svc (environment prod)', 'DISABLED']]);
    expect(withEnv[1]!.origin.locate('/networkConfiguration/awsvpcConfiguration/assignPublicIp')).toMatchObject({ line: 9 });
  });
});
