// EventBridge targets and Scheduler schedules as the AWS CLI writes them (put-targets input, the
// --targets array, list-targets-by-rule output, create-schedule input): their ECS targets are
// scheduled tasks located in the file; files without an ECS target are passed over.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load, tempDir } from '../helpers.js';

const ECS = (assign: string) => ({ TaskDefinitionArn: 'td:1', LaunchType: 'FARGATE', NetworkConfiguration: { awsvpcConfiguration: { Subnets: ['s'], AssignPublicIp: assign } } });
const json = (v: unknown) => JSON.stringify(v, null, 2);

describe('EventBridge and Scheduler CLI files', () => {
  const dir = tempDir({
    'targets.json': json([{ Id: 'lambda', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:f' }, { Id: 'job', Arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/c', EcsParameters: ECS('ENABLED') }]),
    'lambda-only.json': json({ Rule: 'r', Targets: [{ Id: 'lambda', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:f' }] }),
    'listed.json': json({ Targets: [{ Id: 'job', Arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/c', EcsParameters: ECS('DISABLED') }] }),
    'proto.json': json({ Rule: '__proto__', Targets: [{ Id: 'job', Arn: 'c', EcsParameters: ECS('ENABLED') }] }),
    'not-a-schedule.json': json({ Target: { EcsParameters: ECS('ENABLED') } }),
    'universal.json': json({ Name: 'sync', ScheduleExpression: 'rate(1 hour)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: { Arn: 'arn:aws:scheduler:::aws-sdk:ecs:runTask', RoleArn: 'r', Input: JSON.stringify({ cluster: 'c', taskDefinition: 'td:1', networkConfiguration: { awsvpcConfiguration: { subnets: ['s'], assignPublicIp: 'ENABLED' } } }) } }),
  });
  const read = (name: string) => load(join(dir, name), false, name);

  it('a --targets array: its ECS target, named by the file, located at its line', () => {
    const r = read('targets.json');
    expect(r.errors).toEqual([]);
    expect(r.resources.map((x) => [x.type, x.id])).toEqual([['ecs:scheduled-task', 'targets.json/job']]);
    expect(r.resources[0]!.origin.locate('/networkConfiguration/awsvpcConfiguration/assignPublicIp').line).toBe(17);
  });

  it('list-targets-by-rule output without a rule name, and a rule named __proto__', () => {
    expect(read('listed.json').resources.map((x) => x.id)).toEqual(['listed.json/job']);
    const [task] = read('proto.json').resources;
    expect(task?.id).toBe('__proto__/job');
    expect(({} as Record<string, unknown>).Type).toBeUndefined();
  });

  it("a schedule of the universal RunTask target: its Input is the request, at the Input's line", () => {
    const r = read('universal.json');
    expect(r.errors).toEqual([]);
    expect(r.resources.map((x) => [x.type, x.id, x.data.networkConfiguration])).toEqual([['ecs:scheduled-task', 'sync', { awsvpcConfiguration: { subnets: ['s'], assignPublicIp: 'ENABLED' } }]]);
    expect(r.resources[0]!.origin.locate('/networkConfiguration/awsvpcConfiguration/assignPublicIp').line).toBe(10);
  });
  it('no ECS target, or a Target without a schedule, is not read', () => {
    expect(read('lambda-only.json')).toMatchObject({ resources: [], skipped: 'not a task definition' });
    expect(read('not-a-schedule.json')).toMatchObject({ resources: [], skipped: 'not a task definition' });
  });
});
