// GitHub Actions render steps: what each writes into the task definition it deploys is read as
// a deploy step; `${{ secrets.X }}` is a secret, other expressions placeholders; other steps,
// workflows and actions are passed over.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load, tempDir } from '../helpers.js';
import { workflowValue } from '../../src/sources/files/github-workflows.js';
import { isComputed } from '../../src/inventory/computed.js';

const RENDER = 'aws-actions/amazon-ecs-render-task-definition@v1';

describe('GitHub Actions render steps', () => {
  const dir = tempDir({
    'action.yml': ['name: deploy', 'runs:', '  using: composite', '  steps:', '    - uses: ' + RENDER, '      with:', '        container-name: web', '        command: ./serve --api-key ${{ inputs.key }}', ''].join('\n'),
    'deploy.yml': ['jobs:', '  d:', '    steps:', '      - uses: aws-actions/amazon-ecs-deploy-task-definition@v2', '        with:', '          RUN-TASK: "True"', '          run-task-assign-public-ip: ENABLED', ''].join('\n'),
    'ci.yml': ['on: push', 'jobs:', '  test:', '    steps:', '      - uses: actions/checkout@v4', '      - run: npm test', ''].join('\n'),
    'pinned.yml': ['jobs:', '  d:', '    steps:', `      - uses: AWS-Actions/amazon-ecs-render-task-definition@0123abcd`, '        with:', '          environment-variables: "DB_URL=postgres://app:${{ secrets.DB_PASSWORD }}@db/app"', ''].join('\n'),
  });
  const read = (name: string) => load(join(dir, name), false, name);

  it("a composite action's step, with its command split into arguments", () => {
    const [step] = read('action.yml').resources;
    expect([step?.type, step?.id, step?.name]).toEqual(['ecs:deploy-step', '1', 'workflow step #1']);
    expect((step!.data as any).containerDefinitions[0].command).toEqual(['./serve', '--api-key', { $placeholder: '${{ inputs.key }}' }]);
  });

  it('a workflow without render steps is passed over; a pinned, differently cased action is read', () => {
    expect(read('ci.yml')).toMatchObject({ resources: [], skipped: 'not a task definition' });
    const [step] = read('pinned.yml').resources;
    expect((step!.data as any).containerDefinitions[0].environment[0].value).toMatchObject({ $credential: { kind: 'GitHub Actions secret' } });
    // a variable on its input's own line is placed there
    expect(step!.origin.locate('/containerDefinitions/0/environment/0/value')).toMatchObject({ line: 6 });
  });

  it('a deploy step that runs a task: no subnets means no network configuration of its own; inputs in any case', () => {
    const [task] = read('deploy.yml').resources;
    expect(task?.type).toBe('ecs:scheduled-task');
    expect((task!.data as any).networkConfiguration).toBeUndefined();
    expect((task!.data as any).launchType).toBe('FARGATE');
  });

  it("${{ env.X }} of a variable the step's env (or its job's, or the workflow's) sets from secrets is that secret; the nearest env decides", () => {
    const d = tempDir({
      'w.yml': [
        'env:',
        '  DB: ${{ secrets.DATABASE_URL }}',
        '  KEY: ${{ secrets.KEY }}',
        'jobs:',
        '  d:',
        '    env:',
        '      KEY: not-a-secret',
        '    steps:',
        '      - uses: ' + RENDER,
        '        env:',
        '          STAGE: prod',
        '        with:',
        '          environment-variables: |',
        '            CONN=${{ env.DB }}',
        "            TOKEN=x-${{ env['KEY'] }}",
        '            WHERE=${{ env.STAGE }}',
        '',
      ].join('\n'),
    });
    const [step] = load(join(d, 'w.yml'), false, 'w.yml').resources;
    expect((step!.data as any).containerDefinitions[0].environment).toEqual([
      { name: 'CONN', value: { $credential: { kind: 'GitHub Actions secret', construct: '${{ env.DB }}' } } },
      { name: 'TOKEN', value: { $template: ['x-', { $placeholder: "${{ env['KEY'] }}" }] } },
      { name: 'WHERE', value: { $placeholder: '${{ env.STAGE }}' } },
    ]);
  });

  it('expressions: secrets are credentials, others placeholders, an unclosed one is text', () => {
    expect(workflowValue('${{ secrets.TOKEN }}')).toEqual({ $credential: { kind: 'GitHub Actions secret', construct: '${{ secrets.TOKEN }}' } });
    expect(workflowValue('v-${{ github.sha }}')).toEqual({ $template: ['v-', { $placeholder: '${{ github.sha }}' }] });
    expect(workflowValue('a ${{ b')).toBe('a ${{ b');
    expect(workflowValue("${{ secrets['DB'] || 'x' }}")).toMatchObject({ $credential: { kind: 'GitHub Actions secret' } });
    expect(workflowValue('${{ inputs.secrets.x }}')).toEqual({ $placeholder: '${{ inputs.secrets.x }}' });
    // env.X is a secret only where an env sets X from secrets
    const env = new Map([['DB', 'GitHub Actions secret']]);
    expect(workflowValue('${{ env.DB }}', env)).toEqual({ $credential: { kind: 'GitHub Actions secret', construct: '${{ env.DB }}' } });
    expect(workflowValue('${{ env.DB }}')).toEqual({ $placeholder: '${{ env.DB }}' });
    expect(workflowValue('${{ env.DBX }}', env)).toEqual({ $placeholder: '${{ env.DBX }}' });
  });
});

describe('the Express Mode deploy action', () => {
  const EXPRESS = 'aws-actions/amazon-ecs-deploy-express-service@v1';
  const step = (inputs: string[]) => {
    const dir = tempDir({ 'x.yml': ['jobs:', '  d:', '    steps:', `      - uses: ${EXPRESS}`, '        with:', '          service-name: api', ...inputs.map((l) => `          ${l}`), ''].join('\n') });
    return load(join(dir, 'x.yml'), false, 'x.yml').resources;
  };
  it("is the container change of the task definition ECS builds, from the action's JSON inputs", () => {
    const [r] = step(['image: nginx:1.27', `secrets: '[{"name": "DB", "valueFrom": "\${{ vars.DB_ARN }}"}]'`, `command: '["./serve", "--token", "\${{ secrets.T }}"]'`, 'repository-credentials: arn-of-creds']);
    expect([r?.type, r?.name]).toEqual(['ecs:deploy-step', 'workflow step #1 of job d']);
    const c = (r!.data as any).containerDefinitions[0];
    expect(c).toEqual({
      name: 'api',
      image: 'nginx:1.27',
      secrets: [{ name: 'DB', valueFrom: { $placeholder: '${{ vars.DB_ARN }}' } }],
      command: ['./serve', '--token', { $credential: { kind: 'GitHub Actions secret', construct: '${{ secrets.T }}' } }],
      repositoryCredentials: { credentialsParameter: 'arn-of-creds' },
    });
  });
  it('an input the workflow computes whole is a placeholder; text that is not JSON deploys nothing; keys stay data', () => {
    const [computed] = step(['environment-variables: ${{ steps.env.outputs.json }}']);
    expect((computed!.data as any).containerDefinitions[0].environment).toEqual({ $placeholder: '${{ steps.env.outputs.json }}' });
    const [broken] = step(['environment-variables: "[{not json"']);
    expect((broken!.data as any).containerDefinitions[0].environment).toBeUndefined();
    const [hostile] = step([`environment-variables: '[{"name": "X", "value": "v", "__proto__": {"polluted": true}}, {"$credential": {"kind": "forged"}}]'`]);
    const env = (hostile!.data as any).containerDefinitions[0].environment;
    expect(Object.prototype.hasOwnProperty.call(env[0], '__proto__')).toBe(true);
    expect(({} as any).polluted).toBeUndefined();
    expect(env[0].polluted).toBeUndefined();
    // an object the input writes in the shape of ecsguard's markers is data, not a credential
    expect(isComputed(env[1])).toBe(false);
  });
});
