// ECS service definitions as files: create-service / update-service input (ecspresso's
// ecs-service-def.json among them) and describe-services output are services; a run-task input,
// or JSON that merely has a `services` list, is not.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load, tempDir } from '../helpers.js';

function loaded(files: Record<string, unknown>) {
  const dir = tempDir(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, JSON.stringify(v, null, 2)])));
  return (name: string) => load(join(dir, name), false, name);
}

describe('service definition files', () => {
  const read = loaded({
    'create.json': { cluster: 'shop', serviceName: 'web', taskDefinition: 'web:3', launchType: 'FARGATE' },
    // ecspresso names the service in its own configuration, not in the definition
    'ecs-service-def.json': {
      deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 100 },
      desiredCount: 1,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { assignPublicIp: '{{ must_env `PUBLIC_IP` }}', subnets: ['subnet-1'] } },
      platformVersion: 'LATEST',
      schedulingStrategy: 'REPLICA',
    },
    'update.json': { cluster: 'shop', service: 'api', desiredCount: 2, forceNewDeployment: true },
    'describe.json': { services: [{ serviceArn: 'arn:aws:ecs:us-east-1:111122223333:service/shop/a', serviceName: 'a', clusterArn: 'arn:aws:ecs:us-east-1:111122223333:cluster/shop', launchType: 'EC2' }], failures: [] },
    'run-task.json': { cluster: 'shop', taskDefinition: 'job:1', launchType: 'FARGATE', count: 1, networkConfiguration: { awsvpcConfiguration: { assignPublicIp: 'ENABLED' } } },
    'other.json': { services: [{ serviceName: 'billing', port: 8080 }], desiredCount: 3 },
    'settings.json': { cluster: 'x', tags: [], role: 'admin', desiredCount: 1, launchType: 'FARGATE', theme: 'dark', locale: 'en', retries: 3 },
  });

  it('are read as services named by serviceName, service, the ARN or the file', () => {
    expect(read('create.json').resources.map((r) => [r.type, r.id, r.name])).toEqual([['ecs:service', 'web', 'web']]);
    expect(read('update.json').resources.map((r) => r.name)).toEqual(['api']);
    const ecspresso = read('ecs-service-def.json').resources[0]!;
    expect([ecspresso.type, ecspresso.name]).toEqual(['ecs:service', 'ecs-service-def.json']);
    // a placeholder where the public IP setting goes is a value the deploy step fills in
    expect((ecspresso.data.networkConfiguration as any).awsvpcConfiguration.assignPublicIp).toEqual({ $placeholder: '{{ must_env `PUBLIC_IP` }}' });
    const described = read('describe.json').resources[0]!;
    expect([described.id, described.name, described.region, described.account, described.origin.locate('/launchType').line]).toEqual([
      'arn:aws:ecs:us-east-1:111122223333:service/shop/a',
      'a',
      'us-east-1',
      '111122223333',
      7,
    ]);
  });

  it('exclude run-task input (the tasks it starts, not a service) and JSON that only looks like a list of services', () => {
    expect(read('run-task.json').resources.map((r) => r.type)).toEqual(['ecs:scheduled-task']);
    for (const name of ['other.json', 'settings.json']) {
      const r = read(name);
      expect(r.resources, name).toEqual([]);
      expect(r.skipped, name).toBe('not a task definition');
    }
  });
});

describe('cluster files', () => {
  const read = loaded({
    'create-cluster.json': { clusterName: 'batch', settings: [{ name: 'containerInsights', value: 'enabled' }], capacityProviders: ['FARGATE'] },
    'update-settings.json': { cluster: 'prod', settings: [{ name: 'containerInsights', value: 'disabled' }] },
    'describe-clusters.json': {
      clusters: [{ clusterArn: 'arn:aws:ecs:eu-west-1:111122223333:cluster/prod', clusterName: 'prod', status: 'ACTIVE', settings: [], configuration: null, capacityProviders: [], newFieldAwsAddedLater: true }],
      failures: [],
    },
    // a kubeconfig names its clusters too, in another shape
    'kubeconfig.json': { apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'prod', cluster: { server: 'https://k8s.example.com' } }] },
    'name-only.json': { clusterName: 'prod', region: 'eu-west-1' },
    // another tool's cluster settings (a search engine's, say) in shapes ECS does not have
    'search-cluster.json': { clusterName: 'search', settings: { shards: 3 }, configuration: { heap: '2g' }, tags: ['prod'] },
  });

  it('create-cluster and update-cluster-settings input and describe-clusters output are clusters, named and placed by their ARN', () => {
    expect(read('create-cluster.json').resources.map((r) => [r.type, r.id, r.name])).toEqual([['ecs:cluster', 'batch', 'batch']]);
    expect(read('update-settings.json').resources.map((r) => [r.type, r.name])).toEqual([['ecs:cluster', 'prod']]);
    const described = read('describe-clusters.json').resources[0]!;
    expect([described.type, described.id, described.name, described.region, described.account]).toEqual(['ecs:cluster', 'arn:aws:ecs:eu-west-1:111122223333:cluster/prod', 'prod', 'eu-west-1', '111122223333']);
  });

  it('exclude a kubeconfig, a file that only names a cluster, and another tool\'s cluster settings', () => {
    for (const name of ['kubeconfig.json', 'name-only.json', 'search-cluster.json']) {
      const r = read(name);
      expect(r.resources, name).toEqual([]);
      expect(r.skipped, name).toBe('not a task definition');
    }
  });
});

describe('aws cloudformation get-template output', () => {
  const template = { AWSTemplateFormatVersion: '2010-09-09', Resources: { Web: { Type: 'AWS::ECS::TaskDefinition', Properties: { ContainerDefinitions: [{ Name: 'web', Image: 'nginx', Privileged: true }] } } } };
  const yamlBody = 'Parameters:\n  Image: { Type: String }\nResources:\n  Web:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions:\n        - Name: web\n          Image: !Ref Image\n          Privileged: true\n';
  const read = loaded({
    'json-template.json': { TemplateBody: template, StagesAvailable: ['Original', 'Processed'] },
    'yaml-template.json': { TemplateBody: yamlBody, StagesAvailable: ['Original'] },
    'not-a-template.json': { TemplateBody: 'a note about Resources', StagesAvailable: ['Original'] },
    'more-members.json': { TemplateBody: template, Owner: 'platform' },
  });

  it('reads the template under TemplateBody, as an object at its lines or as text (short tags and all) at the text', () => {
    const json = read('json-template.json').resources;
    expect(json.map((r) => [r.type, r.id])).toEqual([['ecs:task-definition', 'Web']]);
    expect(json[0]!.origin.locate('/containerDefinitions/0/privileged').line).toBe(12);
    const yaml = read('yaml-template.json').resources;
    expect(yaml.map((r) => [r.type, r.id])).toEqual([['ecs:task-definition', 'Web']]);
    expect((yaml[0]!.data.containerDefinitions as any)[0].privileged).toBe(true);
    expect(yaml[0]!.origin.locate('/containerDefinitions/0/privileged').line).toBe(2);
  });

  it('passes over a TemplateBody that is no template, and an object with other members', () => {
    for (const name of ['not-a-template.json', 'more-members.json']) expect(read(name).resources, name).toEqual([]);
  });
});
