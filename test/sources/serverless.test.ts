// Serverless Framework service files: the CloudFormation in `resources` (one fragment or a list)
// is read as a template located in the file; `${self:...}` naming a plain value of the file is
// that value, the framework's other variables are placeholders, and Fn::Sub keeps its own `${...}`.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineOf, load, tempDir } from '../helpers.js';

const SERVICE = `service: jobs
custom:
  image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/jobs:1.0.0
  port: 8080
  nested: \${env:FROM_ENV}
provider:
  name: aws
resources:
  - Resources:
      ExecRole:
        Type: AWS::IAM::Role
        Properties:
          AssumeRolePolicyDocument: {}
  - \${file(./ecs.yml)}
  - Resources:
      Jobs:
        Type: AWS::ECS::TaskDefinition
        Properties:
          Family: jobs-\${sls:stage}
          ExecutionRoleArn: !GetAtt ExecRole.Arn
          TaskRoleArn: !Sub "\${Prefix}/\${Name}"
          ContainerDefinitions:
            - Name: jobs
              Image: \${self:custom.image}
              User: \${self:custom.nested}
              PortMappings:
                - ContainerPort: \${self:custom.port}
              Environment:
                - { Name: PROTO, Value: "\${self:__proto__.x}" }
                - { Name: MISSING, Value: "\${self:custom.absent}" }
                - { Name: TAGGED, Value: "v\${self:custom.port}-\${opt:stage}" }
`;

describe('Serverless Framework service files', () => {
  const dir = tempDir({
    'serverless.yml': SERVICE,
    'azure.yml': SERVICE.replace('name: aws', 'name: azure'),
    'functions-only.yml': 'service: api\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: a.h\nresources:\n  Outputs:\n    X: { Value: 1 }\n',
    'no-provider.yml': SERVICE.replace(/provider:\n  name: aws\n/, ''),
  });
  const read = (name: string) => load(join(dir, name), false, name);

  it('read the task definitions of every fragment of resources, located at their lines', () => {
    const r = read('serverless.yml');
    expect(r.errors).toEqual([]);
    const td = r.resources.find((x) => x.type === 'ecs:task-definition')!;
    expect([td.id, td.origin.address]).toEqual(['Jobs', 'Jobs']);
    expect(td.origin.locate('/containerDefinitions/0/image').line).toBe(lineOf(SERVICE, 'Image: '));
    expect(td.origin.locate('/executionRoleArn').line).toBe(lineOf(SERVICE, 'ExecutionRoleArn'));
    // the role in an earlier fragment is the same template's
    expect(td.links?.executionRole).toBeDefined();
  });

  it('resolve ${self:...} to plain values of the file and keep the other variables as placeholders', () => {
    const td = read('serverless.yml').resources.find((x) => x.type === 'ecs:task-definition')!;
    const c = (td.data.containerDefinitions as any)[0];
    expect(c.image).toBe('123456789012.dkr.ecr.us-east-1.amazonaws.com/jobs:1.0.0');
    // the whole string a reference: the value keeps its type
    expect(c.portMappings[0].containerPort).toBe(8080);
    // a value that is itself a variable, an inherited member, a missing one: placeholders
    expect(c.user).toEqual({ $placeholder: '${self:custom.nested}' });
    const env = Object.fromEntries(c.environment.map((e: any) => [e.name, e.value]));
    expect(env.PROTO).toEqual({ $placeholder: '${self:__proto__.x}' });
    expect(env.MISSING).toEqual({ $placeholder: '${self:custom.absent}' });
    // literal words with a variable keep them, resolved where the file says
    expect(env.TAGGED).toBe('v8080-${opt:stage}');
    // a label is not a value
    expect(td.data.family).toBe('jobs-${sls:stage}');
  });

  it('leave CloudFormation its own ${...} in Fn::Sub', () => {
    const td = read('serverless.yml').resources.find((x) => x.type === 'ecs:task-definition')!;
    expect(JSON.stringify(td.data.taskRoleArn)).toContain('${Prefix}/${Name}');
    expect(JSON.stringify(td.data.taskRoleArn)).not.toContain('$placeholder');
  });

  it('are not read for another cloud, without a provider, or without CloudFormation resources', () => {
    for (const name of ['azure.yml', 'functions-only.yml', 'no-provider.yml']) {
      const r = read(name);
      expect(r.resources, name).toEqual([]);
      expect(r.skipped, name).toBe('not a task definition');
    }
  });
});
