// CircleCI configurations that deploy with the circleci/aws-ecs orb: the container changes its
// update steps write and the tasks its run_task steps start.
import { describe, expect, it } from 'vitest';
import { circleciOrbSteps } from '../../src/sources/files/circleci-orbs.js';
import { load, runCli, tempDir } from '../helpers.js';

describe('CircleCI aws-ecs orb', () => {
  it('reads the orb under any alias, in workflows and in job steps, with either spelling', () => {
    const steps = circleciOrbSteps({
      orbs: { deploy: 'circleci/aws-ecs@4.1', other: 'circleci/aws-ecr@9' },
      workflows: { w: { jobs: ['deploy/run_task', { 'deploy/deploy-service-update': { family: 'f' } }, { 'other/build_and_push_image': {} }, { 'deploy/verify_revision_is_deployed': {} }] } },
      jobs: { j: { steps: ['checkout', { 'deploy/update_service': { family: 'g' } }] } },
    });
    expect(steps?.map((s) => [s.kind, s.uses, s.where, s.at.join('.')])).toEqual([
      ['run', 'deploy/run_task', 'workflow w', 'workflows.w.jobs.0'],
      ['update', 'deploy/deploy-service-update', 'workflow w', 'workflows.w.jobs.1.deploy/deploy-service-update'],
      ['update', 'deploy/update_service', 'job j', 'jobs.j.steps.1.deploy/update_service'],
    ]);
    expect(circleciOrbSteps({ orbs: { ecs: 'someone/aws-ecs@1' }, workflows: { w: { jobs: ['ecs/run_task'] } } })).toBeUndefined();
  });

  it("splits the updates as the orb's script does, each variable at its name= in the file", () => {
    const [step] = load('fixtures/inputs/circleci/config.yml').resources.filter((r) => r.id === 'deploy/2');
    expect(step!.data.containerDefinitions).toEqual([
      {
        name: 'web',
        environment: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'STRIPE_SECRET_KEY', value: 'sk_live_51HqLyjWDarjtT1zdp7dcQ' }],
        secrets: [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:ssm:eu-west-1:123456789012:parameter/shop/db' }],
      },
    ]);
    expect(step!.origin.locate('/containerDefinitions/0/environment/1/value')).toEqual({ line: 35, column: 92 });
    expect(step!.origin.locate('/containerDefinitions/0/secrets/0')).toMatchObject({ line: 36 });
  });

  it("run_task takes the orb's defaults: Fargate, awsvpc, no public IP", () => {
    const d = tempDir({ '.circleci/config.yml': ['version: 2.1', 'orbs: { ecs: circleci/aws-ecs@4 }', 'workflows:', '  w:', '    jobs:', '      - ecs/run_task: { cluster: c, task_definition: t, subnet_ids: "subnet-1,subnet-2", platform_version: 1.3.0 }', ''].join('\n') });
    const [task] = load(`${d}/.circleci/config.yml`).resources;
    expect(task!.data).toMatchObject({ launchType: 'FARGATE', platformVersion: '1.3.0', networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1', 'subnet-2'], assignPublicIp: 'DISABLED' } } });
  });

  it("reads a capacity provider strategy and overrides as the AWS CLI the orb hands them to reads them", () => {
    const d = tempDir({ '.circleci/config.yml': ['version: 2.1', 'orbs: { ecs: circleci/aws-ecs@4 }', 'workflows:', '  w:', '    jobs:', '      - ecs/run_task: { cluster: c, task_definition: t, subnet_ids: s, launch_type: "", capacity_provider_strategy: "capacityProvider=FARGATE_SPOT,weight=2 capacityProvider=FARGATE,base=1", overrides: "{not json pw-9f8e7d6c5b" }', ''].join('\n') });
    const [task] = load(`${d}/.circleci/config.yml`).resources;
    expect(task!.data.capacityProviderStrategy).toEqual([{ capacityProvider: 'FARGATE_SPOT', weight: 2 }, { capacityProvider: 'FARGATE', base: 1 }]);
    expect(task!.data.overrides).toEqual({ $unseen: expect.stringContaining('neither JSON nor') });
    expect(JSON.stringify(task!.data.overrides)).not.toContain('pw-9f8e7d6c5b');
  });
  it('never prints the secret it finds, and bounds a crafted parameter', () => {
    const secret = 'zq-Very-Secret-55';
    const many = Array.from({ length: 20_000 }, (_, i) => `container=c${i},name=__proto__,value=x`).join(',');
    const d = tempDir({
      '.circleci/config.yml': ['version: 2.1', 'orbs: { ecs: circleci/aws-ecs@4 }', 'workflows:', '  w:', '    jobs:', `      - ecs/update_service: { family: f, container_env_var_updates: "container=a,name=DB_PASSWORD,value=${secret}" }`, `      - ecs/update_service: { family: g, container_env_var_updates: "${many}" }`, ''].join('\n'),
    });
    const r = runCli(['scan', d, '--no-config', '--format', 'json']);
    expect(r.stdout + r.stderr).not.toContain(secret);
    const results = JSON.parse(r.stdout).results as Array<{ ruleId: string; status: string; resource: { id: string } }>;
    expect(results.filter((x) => x.ruleId === 'ecs-deploy-step-no-plaintext-secrets').map((x) => [x.resource.id, x.status])).toEqual([['w/1', 'fail'], ['w/2', 'pass']]);
    // a name like __proto__ stays a value: every container keeps its entry as written
    const containers = load(`${d}/.circleci/config.yml`).resources[1]!.data.containerDefinitions as unknown[];
    expect(containers).toHaveLength(20_000);
    expect(containers[19_999]).toEqual({ name: 'c19999', environment: [{ name: '__proto__', value: 'x' }] });
  });
});

describe('CircleCI ids', () => {
  it('a workflow and a job of the same name give their steps distinct ids', () => {
    const d = tempDir({
      '.circleci/config.yml': ['version: 2.1', 'orbs: { ecs: circleci/aws-ecs@4 }', 'jobs:', '  deploy:', '    steps:', '      - ecs/run_task: { cluster: c, task_definition: a, subnet_ids: s }', 'workflows:', '  deploy:', '    jobs:', '      - ecs/run_task: { cluster: c, task_definition: b, subnet_ids: s }', ''].join('\n'),
    });
    expect(load(`${d}/.circleci/config.yml`).resources.map((r) => [r.id, r.data.taskDefinition])).toEqual([['deploy/1', 'b'], ['deploy/1 #2', 'a']]);
  });
});
