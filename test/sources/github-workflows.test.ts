// GitHub Actions render steps: what each writes into the task definition it deploys is read as
// a deploy step; `${{ secrets.X }}` is a secret, other expressions placeholders; other steps,
// workflows and actions are passed over.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load, tempDir } from '../helpers.js';
import { workflowValue } from '../../src/sources/files/github-workflows.js';

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
