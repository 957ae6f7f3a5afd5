// aws ecs run-task input (--cli-input-json): the tasks a pipeline or script starts, read as a
// scheduled task, and told apart from service definitions and other JSON naming a task definition.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load, tempDir } from '../helpers.js';

const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-1'], assignPublicIp: 'ENABLED' } };

describe('run-task input files', () => {
  const dir = tempDir({
    'run.json': JSON.stringify({ cluster: 'c', taskDefinition: 'migrate:3', count: 1, networkConfiguration: NETWORK, launcher: 'written by the file' }, null, 2),
    'service.json': JSON.stringify({ serviceName: 'web', taskDefinition: 'web:3', desiredCount: 2, networkConfiguration: NETWORK }, null, 2),
    'settings.json': JSON.stringify({ taskDefinition: 'web:3', replicas: 2, owner: 'team-a', notes: 'not an ECS call' }, null, 2),
    'only-name.json': JSON.stringify({ taskDefinition: 'web:3' }),
  });
  const read = (name: string) => load(join(dir, name), false, name);

  it('is a task launch named by its file, placed at its fields', () => {
    const [task] = read('run.json').resources;
    expect([task?.type, task?.id, task?.name]).toEqual(['ecs:scheduled-task', 'run.json', 'RunTask input run.json']);
    expect((task!.data as any).launcher).toBe('RunTask input run.json');
    expect(task!.origin.locate('/networkConfiguration/awsvpcConfiguration/assignPublicIp').line).toBe(10);
  });

  it('a service definition stays a service; JSON that only names a task definition is neither', () => {
    expect(read('service.json').resources.map((r) => r.type)).toEqual(['ecs:service']);
    expect(read('settings.json')).toMatchObject({ resources: [], skipped: 'not a task definition' });
    expect(read('only-name.json')).toMatchObject({ resources: [], skipped: 'not a task definition' });
  });
});
