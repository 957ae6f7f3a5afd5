import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT, lineOf, load } from '../helpers.js';

const text = (p: string) => readFileSync(`${ROOT}/${p}`, 'utf8');

describe('register-task-definition input', () => {
  const file = 'fixtures/examples/ecs-cli/shop-web.json';
  const { resources, errors } = load(file);
  const td = resources[0]!;
  it('is one task definition named by its family', () => {
    expect(errors).toEqual([]);
    expect(td.origin.shape).toBe('register-task-definition');
    expect(td).toMatchObject({ type: 'ecs:task-definition', id: 'shop-web', name: 'shop-web' });
  });
  it('locates fields on their exact lines and columns', () => {
    const t = text(file);
    expect(td.origin.locate('/containerDefinitions/0/environment/2/value')).toEqual({ line: lineOf(t, 'DB_PASSWORD'), column: 34 });
    expect(td.origin.locate('/executionRoleArn').line).toBe(lineOf(t, '"executionRoleArn"'));
    // a missing field points at its deepest existing ancestor
    expect(td.origin.locate('/containerDefinitions/0/logConfiguration/options/awslogs-stream-prefix').line).toBe(lineOf(t, '"options"'));
  });
});

describe('describe-task-definition output', () => {
  const file = 'fixtures/examples/ecs-cli/payments-describe.json';
  const td = load(file).resources[0]!;
  it('takes the task definition under taskDefinition, with region and account from its ARN', () => {
    expect(td.origin.shape).toBe('describe-task-definition');
    expect(td).toMatchObject({ id: 'arn:aws:ecs:us-east-1:123456789012:task-definition/payments:7', name: 'payments:7', region: 'us-east-1', account: '123456789012' });
    expect(td.data.family).toBe('payments');
  });
  it('maps pointers through the taskDefinition prefix', () => {
    expect(td.origin.locate('/containerDefinitions/0/secrets/0').line).toBe(lineOf(text(file), '"name": "STRIPE_KEY"'));
  });
});

describe('bare containerDefinitions array', () => {
  const file = 'fixtures/examples/ecs-cli/worker-containers.json';
  it('is found in a directory walk although it names no containerDefinitions', () => {
    const r = load(file, false);
    expect(r.skipped).toBeUndefined();
    const td = r.resources[0]!;
    expect(td.origin.shape).toBe('container-definitions');
    expect(td.origin.locate('/containerDefinitions/0/logConfiguration/options/splunk-token').line).toBe(lineOf(text(file), 'splunk-token'));
  });
});

describe('CloudFormation YAML with short-form tags', () => {
  const file = 'fixtures/inputs/cfn-short-tags.yaml';
  const { resources, errors } = load(file);
  const td = resources.find((r) => r.type === 'ecs:task-definition')!;
  const role = resources.find((r) => r.type === 'iam:role')!;
  const t = text(file);
  it('normalises PascalCase properties to the ECS API field names, keeping map keys and intrinsics', () => {
    expect(errors).toEqual([]);
    expect(td).toMatchObject({ id: 'AppTask', name: 'app' });
    expect(td.data.executionRoleArn).toEqual({ 'Fn::GetAtt': ['ExecRole', 'Arn'] });
    expect(td.data.volumes).toEqual([{ name: 'data', efsVolumeConfiguration: { filesystemId: 'fs-12345678' } }]);
    const c = (td.data.containerDefinitions as any[])[0];
    // what the template decides itself is folded: Select over a literal Split is that literal
    expect(c.image).toBe('nginx:1.27');
    expect(c.dockerLabels).toEqual({ 'Team.Name': 'payments' });
    expect(c.logConfiguration.options['awslogs-region']).toEqual({ Ref: 'AWS::Region' });
  });
  it('resolves the execution role with inline, managed and separately attached policies', () => {
    expect(td.links).toEqual({ executionRole: 'ExecRole' });
    expect(role).toMatchObject({ id: 'ExecRole', name: 'app-exec' });
    expect((role.data.RolePolicyList as any[]).map((p) => p.PolicyName)).toEqual(['inline-params', 'extra']);
    const managed = role.data.AttachedManagedPolicies as any[];
    expect(managed[0]).toMatchObject({ PolicyName: 'SharedSecretsPolicy', PolicyDocument: { Statement: [{ Action: 'secretsmanager:GetSecretValue' }] } });
    expect(managed[1]).toMatchObject({ PolicyArn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy' });
  });
  it('locates task definition fields and policy statements in the template', () => {
    expect(td.origin.locate('/containerDefinitions/0/environment/0/value')).toEqual({ line: lineOf(t, 'Value: ghp_'), column: 15 });
    expect(td.origin.locate('/containerDefinitions/0/dockerLabels/Team.Name').line).toBe(lineOf(t, 'Team.Name'));
    expect(role.origin.locate('/RolePolicyList/1/PolicyDocument/Statement/0').line).toBe(lineOf(t, 'Action: kms:Decrypt') - 1);
    expect(role.origin.locate('/AttachedManagedPolicies/0/PolicyDocument/Statement/0').line).toBe(lineOf(t, 'Action: secretsmanager:GetSecretValue') - 1);
    expect(role.origin.locate('/RolePolicyList/0/PolicyDocument/Statement/0/Resource').line).toBe(lineOf(t, 'Resource: !Sub'));
  });
});

describe('CloudFormation JSON from CDK synth', () => {
  const file = 'fixtures/examples/cloudformation/AuditStack.template.json';
  const { resources } = load(file);
  it('links the execution role given as Fn::GetAtt and the DefaultPolicy attached through Roles', () => {
    const td = resources.find((r) => r.type === 'ecs:task-definition')!;
    expect(td.name).toBe('AuditStackAuditTaskDef');
    expect(td.links?.executionRole).toBe('AuditTaskDefExecutionRole7B1C9D2E');
    const role = resources.find((r) => r.id === 'AuditTaskDefExecutionRole7B1C9D2E')!;
    expect((role.data.RolePolicyList as any[])[0].PolicyName).toBe('AuditTaskDefExecutionRoleDefaultPolicyA3F2');
    expect(role.origin.locate('/RolePolicyList/0/PolicyDocument/Statement/0').line).toBe(lineOf(text(file), '"secretsmanager:DescribeSecret"') - 3);
  });
});

describe('Terraform plan JSON', () => {
  const file = 'fixtures/examples/terraform/inventory-plan.json';
  const { resources, errors } = load(file);
  const td = resources.find((r) => r.type === 'ecs:task-definition')!;
  const t = text(file);
  it('parses container_definitions from its JSON string and maps attributes to ECS fields', () => {
    expect(errors).toEqual([]);
    expect(td).toMatchObject({ id: 'module.inventory.aws_ecs_task_definition.api', name: 'inventory' });
    expect((td.data.containerDefinitions as any[])[0].name).toBe('api');
    expect(td.data.networkMode).toBe('awsvpc');
    expect(td.data.executionRoleArn).toEqual({ $computed: 'module.inventory.aws_ecs_task_definition.api.execution_role_arn' });
  });
  it('points values inside the string at the line of the attribute', () => {
    expect(td.origin.locate('/containerDefinitions/0/environment/1/value').line).toBe(lineOf(t, '"container_definitions"'));
    expect(td.origin.locate('/family').line).toBe(lineOf(t, '"family": "inventory"'));
  });
  it('reads container fields in any case, as the AWS provider decodes them', async () => {
    const { tempDir } = await import('../helpers.js');
    const defs = JSON.stringify([{ Name: 'x', Image: 'y', Privileged: true, User: 'root', LogConfiguration: { LogDriver: 'awslogs', Options: { 'Awslogs-Group': 'g' } } }]);
    const plan = { format_version: '1.2', planned_values: { root_module: { resources: [{ address: 'aws_ecs_task_definition.t', mode: 'managed', type: 'aws_ecs_task_definition', name: 't', values: { family: 't', container_definitions: defs } }] } } };
    const dir = tempDir({ 'plan.json': JSON.stringify(plan) });
    const { resources } = load(`${dir}/plan.json`, false, 'plan.json');
    expect(resources[0]!.data.containerDefinitions).toEqual([{ name: 'x', image: 'y', privileged: true, user: 'root', logConfiguration: { logDriver: 'awslogs', options: { 'Awslogs-Group': 'g' } } }]);
  });
  it('a plan of only its resource_changes is read from what each change leaves (a deleted resource leaves nothing)', async () => {
    const { tempDir } = await import('../helpers.js');
    const defs = JSON.stringify([{ name: 'x', image: 'y', privileged: true }]);
    const change = (name: string, actions: string[], after: unknown, mode = 'managed') => ({ address: `aws_ecs_task_definition.${name}`, mode, type: 'aws_ecs_task_definition', name, change: { actions, before: null, after, after_unknown: {} } });
    const plan = {
      format_version: '1.2',
      resource_changes: [change('gone', ['delete'], null), change('kept', ['create'], { family: 'kept', container_definitions: defs }), change('read', ['read'], { family: 'read', container_definitions: defs }, 'data')],
    };
    const dir = tempDir({ 'changes.json': JSON.stringify(plan, null, 1) });
    const { resources, errors } = load(`${dir}/changes.json`, false, 'changes.json');
    expect(errors).toEqual([]);
    expect(resources.map((r) => r.id)).toEqual(['aws_ecs_task_definition.kept']);
    expect(resources[0]!.data.containerDefinitions).toEqual([{ name: 'x', image: 'y', privileged: true }]);
    expect(resources[0]!.origin.locate('/family').line).toBe(lineOf(readFileSync(`${dir}/changes.json`, 'utf8'), '"family": "kept"'));
  });
  it('links the role through configuration references, with its role policy and attachment', () => {
    expect(td.links?.executionRole).toBe('module.inventory.aws_iam_role.exec');
    const role = resources.find((r) => r.type === 'iam:role')!;
    expect(role.name).toBe('inventory-exec');
    expect((role.data.RolePolicyList as any[])[0].PolicyName).toBe('inventory-secrets');
    expect((role.data.AttachedManagedPolicies as any[])[0].PolicyArn).toBe('arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy');
    expect(role.origin.locate('/RolePolicyList/0/PolicyDocument/Statement/1').line).toBe(lineOf(t, '"policy": "{'));
  });
});

describe('shape comes from content, not the file name', () => {
  it('reads a task definition from a .txt file named on the command line', async () => {
    const { tempDir } = await import('../helpers.js');
    const dir = tempDir({ 'taskdef.txt': JSON.stringify({ family: 'x', containerDefinitions: [{ name: 'a', image: 'nginx' }] }) });
    expect(load(`${dir}/taskdef.txt`).resources[0]?.name).toBe('x');
  });
  it("walks JSON and YAML a template engine renders: its {{ }} are placeholders; one its control blocks keep from parsing is passed over (named: a notice), not an error", async () => {
    const { runCli, tempDir } = await import('../helpers.js');
    const dir = tempDir({
      'templates/task-definition.json.j2': '{ "family": "{{ app }}", "containerDefinitions": [ { "name": "a", "image": "nginx", "memory": {{ mem }}, "privileged": true } ] }',
      'templates/loop.json.j2': '{ "containerDefinitions": [ {% for c in cs %}{ "name": "{{ c }}" }{% endfor %} ] }',
      'templates/nginx.conf.j2': 'server { listen {{ port }}; }',
    });
    const r = runCli(['scan', dir, '--no-config', '--format', 'json', '--verbose']);
    const out = JSON.parse(r.stdout) as { errors: unknown[]; summary: { filesScanned: number }; results: Array<{ ruleId: string; status: string }> };
    expect(out.errors).toEqual([]);
    expect(out.summary.filesScanned).toBe(1);
    expect(out.results.find((x) => x.ruleId === 'ecs-no-privileged')?.status).toBe('fail');
    expect(r.stderr).toContain('loop.json.j2: a template that is not JSON or YAML until it is rendered');
    expect(r.stderr).not.toContain('nginx.conf.j2');
    // named (as a pre-commit hook names every file), a notice, not an error; so is a Terraform template source
    for (const f of ['templates/loop.json.j2', 'app.json.tpl']) {
      const d = f.endsWith('.tpl') ? tempDir({ [f]: '[ %{ for c in cs ~} { "name": "${c}" }, %{ endfor ~} ]' }) : dir;
      const named = runCli(['scan', `${d}/${f}`, '--no-config', '--format', 'json']);
      expect(named.code).toBe(0);
      expect(named.stderr).toContain('a template that is not JSON or YAML until it is rendered (its control blocks); not scanned');
    }
  });
  it('passes over JSON that is not a task definition, with a notice only when named', () => {
    const named = load('package.json');
    expect(named.resources).toEqual([]);
    expect(named.notice?.message).toMatch(/^not a task definition/);
    expect(load('package.json', false).notice).toBeUndefined();
  });
});

describe('roles across files', () => {
  it('a task definition finds its execution role by ARN in a Terraform plan read after it', async () => {
    const { tempDir, runCli } = await import('../helpers.js');
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameters', Resource: '*' }] });
    const plan = {
      format_version: '1.2',
      planned_values: { root_module: { resources: [
        { address: 'aws_iam_role.exec', mode: 'managed', type: 'aws_iam_role', name: 'exec', values: { name: 'shared-exec', arn: 'arn:aws:iam::123456789012:role/shared-exec', inline_policy: [{ name: 'p', policy }] } },
        { address: 'aws_ecs_task_definition.other', mode: 'managed', type: 'aws_ecs_task_definition', name: 'other', values: { family: 'other', container_definitions: '[{"name":"x","image":"y"}]' } },
      ] } },
    };
    const dir = tempDir({
      'a-task.json': JSON.stringify({ family: 'a', executionRoleArn: 'arn:aws:iam::123456789012:role/shared-exec', containerDefinitions: [{ name: 'web', image: 'nginx' }] }),
      'z-plan.json': JSON.stringify(plan, null, 2),
    });
    const report = JSON.parse(runCli(['scan', '.', '--no-config', '--format', 'json'], dir).stdout);
    const r = report.results.find((x: any) => x.ruleId === 'ecs-execution-role-scoped' && x.resource.id === 'a');
    expect(r).toMatchObject({ status: 'fail', messageId: 'broad-grant', location: { file: 'z-plan.json' }, related: [{ file: 'a-task.json', pointer: '/executionRoleArn' }] });
  });
});

describe('clusters across files', () => {
  it("a described service finds its cluster by ARN in describe-clusters output read after it, and the cluster's storage key encrypts its volume", async () => {
    const { tempDir, runCli } = await import('../helpers.js');
    const cluster = 'arn:aws:ecs:eu-west-1:123456789012:cluster/shop';
    const volume = { name: 'data', managedEBSVolume: { roleArn: 'arn:aws:iam::123456789012:role/ecs-ebs' } };
    const services = { services: [{ serviceArn: 'arn:aws:ecs:eu-west-1:123456789012:service/shop/web', serviceName: 'web', clusterArn: cluster, deployments: [{ status: 'PRIMARY', volumeConfigurations: [volume] }] }] };
    const clusters = (config: unknown) => ({ clusters: [{ clusterArn: cluster, clusterName: 'shop', configuration: config }] });
    const status = (config: unknown) => {
      const dir = tempDir({ 'a-services.json': JSON.stringify(services), 'z-clusters.json': JSON.stringify(clusters(config)) });
      return JSON.parse(runCli(['scan', '.', '--no-config', '--format', 'json'], dir).stdout).results.find((x: any) => x.ruleId === 'ecs-service-ebs-volume-kms').status;
    };
    expect(status({ managedStorageConfiguration: { kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' } })).toBe('pass');
    expect(status({})).toBe('fail');
  });
});

describe('services in templates and plans', () => {
  it('Terraform aws_ecs_service: assign_public_ip as the ECS field, on the attribute line', async () => {
    const { tempDir } = await import('../helpers.js');
    const plan = {
      format_version: '1.2',
      planned_values: { root_module: { resources: [{ address: 'aws_ecs_service.web', mode: 'managed', type: 'aws_ecs_service', name: 'web', values: { name: 'web', network_configuration: [{ assign_public_ip: true, subnets: ['subnet-1'], security_groups: [] }] } }] } },
    };
    const dir = tempDir({ 'plan.json': JSON.stringify(plan, null, 2) });
    const { resources } = load(`${dir}/plan.json`, false, 'plan.json');
    const svc = resources[0]!;
    expect(svc).toMatchObject({ type: 'ecs:service', id: 'aws_ecs_service.web', data: { networkConfiguration: { awsvpcConfiguration: { assignPublicIp: 'ENABLED' } } } });
    expect(svc.origin.locate('/networkConfiguration/awsvpcConfiguration/assignPublicIp').line).toBe(lineOf(JSON.stringify(plan, null, 2), '"assign_public_ip"'));
  });
});

describe('launch templates and launch configurations: the container instances they start', () => {
  const userData = (text: string) => Buffer.from(text).toString('base64');
  it('only those that configure the ECS agent or boot an ECS-optimized AMI, in templates', async () => {
    const { tempDir } = await import('../helpers.js');
    const template = {
      Resources: {
        Agent: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { UserData: userData('echo ECS_CLUSTER=prod >> /etc/ecs/ecs.config') } } },
        Ami: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { ImageId: '{{resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id}}' } } },
        Web: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { ImageId: 'ami-1', UserData: userData('yum install -y httpd') } } },
        Either: {
          Type: 'AWS::AutoScaling::LaunchConfiguration',
          Properties: { UserData: { 'Fn::Base64': { 'Fn::If': ['Strict', 'ECS_CLUSTER=a\nECS_AWSVPC_BLOCK_IMDS=true', 'ECS_CLUSTER=a'] } } },
        },
      },
    };
    const dir = tempDir({ 'lt.json': JSON.stringify(template) });
    const found = load(`${dir}/lt.json`, false, 'lt.json').resources.filter((r) => r.type === 'ec2:container-instance');
    expect(found.map((r) => r.id).sort()).toEqual(['Agent', 'Ami', 'Either']);
    // one branch of the condition leaves the setting out: the instances are not all protected
    const either = found.find((r) => r.id === 'Either')!;
    expect((either.data.LaunchTemplateData as any).UserDataSummary.agent.ECS_AWSVPC_BLOCK_IMDS).toBe('');
    expect((found.find((r) => r.id === 'Agent')!.data.LaunchTemplateData as any).UserDataSummary.settings).toEqual(['ECS_CLUSTER']);
  });
  it('user data that can be more texts than are read protects nothing for sure: a gap', async () => {
    const { tempDir } = await import('../helpers.js');
    const parts: unknown[] = ['echo ECS_CLUSTER=prod >> /etc/ecs/ecs.config'];
    for (let i = 0; i < 8; i++) parts.push({ 'Fn::If': [`C${i}`, 'ECS_AWSVPC_BLOCK_IMDS=true', 'ECS_AWSVPC_BLOCK_IMDS=true'] });
    const template = { Resources: { Many: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { UserData: { 'Fn::Base64': { 'Fn::Join': ['\n', parts] } } } } } } };
    const dir = tempDir({ 'lt.json': JSON.stringify(template) });
    const many = load(`${dir}/lt.json`, false, 'lt.json').resources.find((r) => r.id === 'Many')!;
    expect(many.gaps?.userData).toMatch(/more texts/);
  });
  it('a plan shows a launch configuration user data as its hash: the user data is a gap, not empty', async () => {
    const { tempDir } = await import('../helpers.js');
    const resources = [
      { address: 'aws_launch_configuration.lc', mode: 'managed', type: 'aws_launch_configuration', name: 'lc', values: { image_id: 'ami-ecs-optimized-x', user_data: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' } },
      { address: 'aws_launch_template.lt', mode: 'managed', type: 'aws_launch_template', name: 'lt', values: { user_data: userData('echo ECS_CLUSTER=x >> /etc/ecs/ecs.config'), metadata_options: [{ http_tokens: 'required', http_put_response_hop_limit: 1 }] } },
    ];
    const dir = tempDir({ 'plan.json': JSON.stringify({ format_version: '1.2', planned_values: { root_module: { resources } } }) });
    const found = load(`${dir}/plan.json`, false, 'plan.json').resources;
    const lc = found.find((r) => r.id === 'aws_launch_configuration.lc')!;
    expect(lc.gaps).toEqual({ userData: 'the plan shows only its hash' });
    const lt = found.find((r) => r.id === 'aws_launch_template.lt')!;
    expect((lt.data.LaunchTemplateData as any).MetadataOptions).toEqual({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 });
  });
  it('a plan\'s launch template that an ECS capacity provider\'s group launches from starts container instances (the configuration\'s block references)', async () => {
    const { tempDir } = await import('../helpers.js');
    const resources = [
      { address: 'aws_launch_template.nodes', mode: 'managed', type: 'aws_launch_template', name: 'nodes', values: { image_id: 'ami-0abc' } },
      { address: 'aws_launch_template.web', mode: 'managed', type: 'aws_launch_template', name: 'web', values: { image_id: 'ami-0abc' } },
      { address: 'aws_autoscaling_group.nodes', mode: 'managed', type: 'aws_autoscaling_group', name: 'nodes', values: { launch_template: [{ version: '$Latest' }] } },
      { address: 'aws_autoscaling_group.web', mode: 'managed', type: 'aws_autoscaling_group', name: 'web', values: { launch_template: [{ version: '$Latest' }] } },
      { address: 'aws_ecs_capacity_provider.nodes', mode: 'managed', type: 'aws_ecs_capacity_provider', name: 'nodes', values: { name: 'nodes', auto_scaling_group_provider: [{}] } },
    ];
    const ref = (...refs: string[]) => ({ references: refs });
    const configuration = {
      root_module: {
        resources: [
          { address: 'aws_autoscaling_group.nodes', expressions: { launch_template: [{ id: ref('aws_launch_template.nodes.id', 'aws_launch_template.nodes') }] } },
          { address: 'aws_autoscaling_group.web', expressions: { launch_template: [{ id: ref('aws_launch_template.web.id', 'aws_launch_template.web') }] } },
          { address: 'aws_ecs_capacity_provider.nodes', expressions: { auto_scaling_group_provider: [{ auto_scaling_group_arn: ref('aws_autoscaling_group.nodes.arn', 'aws_autoscaling_group.nodes') }] } },
        ],
      },
    };
    const dir = tempDir({ 'plan.json': JSON.stringify({ format_version: '1.2', planned_values: { root_module: { resources } }, configuration }) });
    const found = load(`${dir}/plan.json`, false, 'plan.json').resources.filter((r) => r.type === 'ec2:container-instance');
    expect(found.map((r) => r.id)).toEqual(['aws_launch_template.nodes']);
  });
  it('a CloudFormation launch template or configuration that an ECS capacity provider\'s group launches from starts container instances', async () => {
    const { tempDir } = await import('../helpers.js');
    const lt = (name?: string) => ({ Type: 'AWS::EC2::LaunchTemplate', Properties: { ...(name ? { LaunchTemplateName: name } : {}), LaunchTemplateData: { ImageId: 'ami-0abc' } } });
    const template = {
      Resources: {
        Nodes: lt(),
        ByName: lt('by-name'),
        Mixed: lt(),
        Config: { Type: 'AWS::AutoScaling::LaunchConfiguration', Properties: { ImageId: 'ami-0abc' } },
        Web: lt(),
        GroupA: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { LaunchTemplate: { LaunchTemplateId: { Ref: 'Nodes' }, Version: { 'Fn::GetAtt': ['Nodes', 'LatestVersionNumber'] } } } },
        GroupB: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { LaunchTemplate: { LaunchTemplateName: 'by-name', Version: '1' } } },
        GroupC: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { MixedInstancesPolicy: { LaunchTemplate: { LaunchTemplateSpecification: { LaunchTemplateId: { Ref: 'Mixed' } } } } } },
        GroupD: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { LaunchConfigurationName: { Ref: 'Config' } } },
        GroupWeb: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { LaunchTemplate: { LaunchTemplateId: { Ref: 'Web' } } } },
        ...Object.fromEntries(['A', 'B', 'C', 'D'].map((g) => [`Provider${g}`, { Type: 'AWS::ECS::CapacityProvider', Properties: { AutoScalingGroupProvider: { AutoScalingGroupArn: { Ref: `Group${g}` } } } }])),
      },
    };
    const dir = tempDir({ 'cp.json': JSON.stringify(template) });
    const found = load(`${dir}/cp.json`, false, 'cp.json').resources.filter((r) => r.type === 'ec2:container-instance');
    expect(found.map((r) => r.id).sort()).toEqual(['ByName', 'Config', 'Mixed', 'Nodes']);
  });
});
