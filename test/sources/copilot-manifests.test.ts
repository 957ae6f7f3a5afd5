// AWS Copilot manifests: what Copilot writes into the containers it deploys (variables, secrets,
// commands) of the service, its sidecars, its log router and each environment, located in the
// manifest; manifests of workloads that do not run on ECS are passed over.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load, tempDir } from '../helpers.js';

describe('AWS Copilot manifests', () => {
  const dir = tempDir({
    'svc.yml': [
      'name: web',
      'type: Backend Service',
      'command: ./serve --port 80',
      'variables:',
      '  DB_HOST:',
      '    from_cfn: prod-DbHost',
      'secrets:',
      '  DB_PASSWORD:',
      '    secretsmanager: prod/db',
      'logging:',
      '  variables:',
      '    LOG_TOKEN: abc',
      'sidecars:',
      '  proxy:',
      '    variables: { MODE: edge }',
      'environments:',
      '  test:',
      '    sidecars:',
      '      proxy:',
      '        variables: { MODE: test }',
      '',
    ].join('\n'),
    'rdws.yml': ['name: site', 'type: Request-Driven Web Service', 'variables:', '  API_KEY: sk_live_51HqLyjWDarjtT1zdp7dcQ', ''].join('\n'),
  });

  it("a service's containers as Copilot writes them, each placed at its own key", () => {
    const [step] = load(join(dir, 'svc.yml'), false, 'svc.yml').resources;
    expect([step?.type, step?.id]).toEqual(['ecs:deploy-step', 'web']);
    expect(step!.data.containerDefinitions).toEqual([
      { name: 'web', environment: [{ name: 'DB_HOST', value: { $placeholder: 'from_cfn: prod-DbHost' } }], secrets: [{ name: 'DB_PASSWORD', valueFrom: 'prod/db' }], command: ['./serve', '--port', '80'] },
      { name: 'proxy', environment: [{ name: 'MODE', value: 'edge' }] },
      { name: 'firelens_log_router', environment: [{ name: 'LOG_TOKEN', value: 'abc' }] },
      { name: 'proxy (environment test)', environment: [{ name: 'MODE', value: 'test' }] },
    ]);
    expect(step!.origin.locate('/containerDefinitions/2/environment/0/value')).toMatchObject({ line: 12 });
    expect(step!.origin.locate('/containerDefinitions/3/environment/0/value')).toMatchObject({ line: 20 });
    expect(step!.origin.locate('/containerDefinitions/0/command')).toMatchObject({ line: 3 });
  });

  it('a manifest of a workload that runs on App Runner is passed over', () => {
    expect(load(join(dir, 'rdws.yml'), false, 'rdws.yml')).toMatchObject({ resources: [], skipped: 'not a task definition' });
  });
});
