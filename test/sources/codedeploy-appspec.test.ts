// CodeDeploy AppSpec files of ECS deployments: each AWS::ECS::Service entry is the replacement
// task set CodeDeploy starts, read as a task set of a service deployed elsewhere, at its lines.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineOf, load, tempDir } from '../helpers.js';

const APPSPEC = `version: 0.0
resources:
  - TargetService:
      type: AWS::ECS::Service
      properties:
        TaskDefinition: <TASK_DEFINITION>
        LoadBalancerInfo: { ContainerName: web, ContainerPort: 80 }
        PlatformVersion: \${PLATFORM_VERSION}
        NetworkConfiguration:
          AwsvpcConfiguration:
            AssignPublicIp: ENABLED
`;

describe('CodeDeploy AppSpec files', () => {
  const dir = tempDir({
    'appspec.yaml': APPSPEC,
    'lambda.yaml': 'version: 0.0\nResources:\n  - fn:\n      Type: AWS::Lambda::Function\n      Properties: { Name: fn, Alias: live, CurrentVersion: "1", TargetVersion: "2" }\n',
    'no-version.yaml': APPSPEC.replace('version: 0.0\n', ''),
  });
  const read = (name: string) => load(join(dir, name), false, name);

  it('read the replacement task set, in either case of the section names, located at its lines', () => {
    const r = read('appspec.yaml');
    expect(r.errors).toEqual([]);
    expect(r.resources).toHaveLength(1);
    const service = r.resources[0]!;
    expect([service.type, service.name]).toEqual(['ecs:service', 'TargetService']);
    const [taskSet] = service.data.taskSets as any[];
    expect(taskSet.networkConfiguration.awsvpcConfiguration.assignPublicIp).toBe('ENABLED');
    expect(service.origin.locate('/taskSets/0/networkConfiguration/awsvpcConfiguration/assignPublicIp').line).toBe(lineOf(APPSPEC, 'AssignPublicIp'));
    // the listener wiring is CodeDeploy's, not a task set field
    expect(taskSet.loadBalancerInfo).toBeUndefined();
  });

  it('take what the pipeline or CodeDeploy fills in as placeholders', () => {
    const [taskSet] = read('appspec.yaml').resources[0]!.data.taskSets as any[];
    expect(taskSet.platformVersion).toEqual({ $placeholder: '${PLATFORM_VERSION}' });
    expect(taskSet.taskDefinition).toEqual({ $placeholder: '<TASK_DEFINITION>' });
  });

  it('are not read for a Lambda deployment, or without a version', () => {
    for (const name of ['lambda.yaml', 'no-version.yaml']) expect(read(name), name).toMatchObject({ resources: [], skipped: 'not a task definition' });
  });
});
