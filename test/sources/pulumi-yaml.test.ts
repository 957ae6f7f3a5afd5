// Pulumi YAML programs: `resources` of AWS types read as the Terraform resources Pulumi's AWS
// provider bridges, located at their lines, linked through `${other.attr}`; `variables` of plain
// values substituted; what Pulumi fills in (outputs, configuration, fn::invoke) unknown.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineOf, load, tempDir } from '../helpers.js';

const PROGRAM = `name: shop
runtime: yaml
variables:
  port: 8080
  tag: "1.2.3"
  nested: \${other.value}
resources:
  execRole:
    type: aws:iam:Role
    properties:
      assumeRolePolicy:
        fn::toJSON:
          Statement: [{ Action: sts:AssumeRole, Effect: Allow, Principal: { Service: ecs-tasks.amazonaws.com } }]
  existing:
    type: aws:iam:Role
    get:
      id: legacy-role
  shop:
    type: aws:ecs:TaskDefinition
    properties:
      family: shop
      executionRoleArn: \${execRole.arn}
      taskRoleArn: \${elsewhere.arn}
      volumes:
        - name: data
          efsVolumeConfiguration:
            fileSystemId: fs-1
            transitEncryption: DISABLED
      containerDefinitions:
        fn::toJSON:
          - name: web
            image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:\${tag}
            user:
              fn::invoke:
                function: aws:ssm:getParameter
                arguments: { name: /shop/user }
            portMappings:
              - containerPort: \${port}
            environment:
              - { name: PROTO, value: "\${__proto__.x}" }
              - { name: NESTED, value: "\${nested}" }
              - { name: ESCAPED, value: "$\${port}" }
              - { name: JOINED, value: { fn::join: ["-", [a, b]] } }
              - { name: TOKEN, value: { fn::secret: tok_live_4f9a8b7c6d5e4f3a2b1c } }
  worker:
    type: aws:ecs:TaskDefinition
    properties:
      family: worker
      containerDefinitions: |
        [{"name": "worker", "image": "\${repo.url}:latest", "user": "root", "memory": \${memory}}]
  broken:
    type: aws:ecs:TaskDefinition
    properties:
      family: broken
      containerDefinitions: '[{"name": "x",'
  empty:
    type: aws:ecs:TaskDefinition
    properties:
      family: empty
  web:
    type: aws:ecs:Service
    properties:
      taskDefinition: \${shop.arn}
      networkConfiguration:
        assignPublicIp: true
        subnets: [subnet-1]
`;

describe('Pulumi YAML programs', () => {
  const dir = tempDir({
    'Pulumi.yaml': PROGRAM,
    'node.yaml': PROGRAM.replace('runtime: yaml', 'runtime: nodejs'),
    'buckets.yaml': 'resources:\n  b:\n    type: aws:s3:Bucket\n',
    'cfn.yaml': 'Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties: {}\nresources:\n  x:\n    type: aws:ecs:TaskDefinition\n',
  });
  const read = (name: string) => load(join(dir, name), false, name);
  const byAddress = (address: string) => read('Pulumi.yaml').resources.find((r) => r.origin.address === address)!;

  it('read AWS resources named by their logical names, located at their lines', () => {
    const td = byAddress('shop');
    expect(td.type).toBe('ecs:task-definition');
    expect(td.origin.locate('/containerDefinitions/0/user').line).toBe(lineOf(PROGRAM, 'user:'));
    // a block written as an object (efsVolumeConfiguration) is Terraform's block of one
    expect((td.data.volumes as any)[0].efsVolumeConfiguration.transitEncryption).toBe('DISABLED');
    expect(td.origin.locate('/volumes/0/efsVolumeConfiguration/transitEncryption').line).toBe(lineOf(PROGRAM, 'transitEncryption'));
    // container definitions written as JSON text: located at the text
    expect(byAddress('worker').origin.locate('/containerDefinitions/0/user').line).toBe(lineOf(PROGRAM, 'containerDefinitions: |'));
    const service = byAddress('web');
    expect(service.name).toBe('web');
    expect(service.origin.locate('/networkConfiguration/awsvpcConfiguration/assignPublicIp').line).toBe(lineOf(PROGRAM, 'assignPublicIp'));
  });

  it('link a task definition to the roles its ${...} references name; a `get` resource is not created here', () => {
    const td = byAddress('shop');
    const role = read('Pulumi.yaml').resources.find((r) => r.id === td.links?.executionRole)!;
    expect(role.origin.address).toBe('execRole');
    expect(td.links?.taskRole).toBeUndefined();
    expect(read('Pulumi.yaml').resources.some((r) => r.origin.address === 'existing')).toBe(false);
  });

  it('substitute plain variables and mark what Pulumi fills in', () => {
    const c = (byAddress('shop').data.containerDefinitions as any)[0];
    expect(c.image).toBe('123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:1.2.3');
    // the whole string a variable: the value keeps its type
    expect(c.portMappings[0].containerPort).toBe(8080);
    expect(c.user).toEqual({ $placeholder: 'fn::invoke' });
    const env = Object.fromEntries(c.environment.map((e: any) => [e.name, e.value]));
    // an inherited member, a variable that is itself an interpolation: placeholders
    expect(env.PROTO).toEqual({ $placeholder: '${__proto__.x}' });
    expect(env.NESTED).toEqual({ $placeholder: '${nested}' });
    // Pulumi's escape: literal text, neither a variable nor a placeholder
    expect(env.ESCAPED).toBe('${port}');
    expect(env.JOINED).toBe('a-b');
    // a Pulumi secret is still written into the task definition as it is
    expect(env.TOKEN).toBe('tok_live_4f9a8b7c6d5e4f3a2b1c');
    // another resource's output is the program's own; one of no resource here is a placeholder
    const td = byAddress('shop').data;
    expect(td.executionRoleArn).toEqual({ $computed: 'pulumi:execRole.arn' });
    expect(td.taskRoleArn).toEqual({ $placeholder: '${elsewhere.arn}' });
  });

  it('read JSON text with ${...} where a value goes, and name the text that is not JSON', () => {
    const c = (byAddress('worker').data.containerDefinitions as any)[0];
    expect(c.memory).toEqual({ $placeholder: '${memory}' });
    expect(c.user).toBe('root');
    const r = read('Pulumi.yaml');
    expect(r.errors.map((e) => e.format())).toEqual([`Pulumi.yaml:${lineOf(PROGRAM, "containerDefinitions: '")}:7: broken: containerDefinitions is not valid JSON; task definition not scanned`]);
    expect(r.resources.some((x) => x.origin.address === 'broken')).toBe(false);
  });

  it('say why a task definition without containers decides nothing', () => {
    expect(byAddress('empty').data.containerDefinitions).toEqual({ $unseen: 'not given in the program' });
  });

  it('are not read for another runtime, without AWS types ecsguard reads, or in a CloudFormation template', () => {
    for (const name of ['node.yaml', 'buckets.yaml']) {
      const r = read(name);
      expect(r.resources, name).toEqual([]);
      expect(r.skipped, name).toBe('not a task definition');
    }
    expect(read('cfn.yaml').resources.map((r) => r.origin.shape)).toEqual(['cloudformation']);
  });
});
