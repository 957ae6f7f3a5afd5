#!/usr/bin/env node
// Benchmark (not a test): files of adversarial size, each scanned by the CLI (process start
// included), target under 2 s each. Work that is quadratic in the file (locating findings, YAML
// alias resolution, duplicate-key checks, cross-resource lookups) shows here first.
//   1. one task definition with 10,000 containers, every one failing several rules
//   2. one CloudFormation template with 10,000 resources (task definitions, roles, policies),
//      indented and on one line
//   3. one YAML template with 5,000 aliases to anchored containers
//   4. one YAML stream of 5,000 task definitions (documents between ---)
//   5. one shell script running aws ecs run-task 10,000 times, with JSON overrides across lines
//   6. the same commands as 10,000 sh steps of one Jenkinsfile, each a GString with escaped quotes
//   7. one ecs-deploy command on one line with 50,000 options (a word reader that looks past the
//      word for the next newline is quadratic here)
//   8. one Terraform module whose locals double a string and an object at each of 60 steps, beside
//      a chain of 20,000 locals (each cut where it grows too large or too deep, not a crash)
// Usage: node bench/adversarial-size.mjs [runs]
import { mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './timing.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.argv[2] ?? 3);
const work = join(root, 'bench/.work/adversarial');
mkdirSync(work, { recursive: true });
const bin = join(root, 'bin/ecsguard.cjs');

function containers() {
  const list = [];
  for (let i = 0; i < 10_000; i++) {
    list.push({
      name: `c${i}`,
      image: `nginx:latest`,
      privileged: true,
      environment: [{ name: 'DB_PASSWORD', value: `pw-${i}-Secret` }, { name: 'MODE', value: 'prod' }],
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/x', 'awslogs-region': 'us-east-1' } },
    });
  }
  return JSON.stringify({ family: 'many-containers', networkMode: 'host', containerDefinitions: list }, null, 2);
}

function template(indent = 1) {
  const resources = {};
  for (let i = 0; i < 2_500; i++) {
    resources[`Role${i}`] = { Type: 'AWS::IAM::Role', Properties: { RoleName: `role-${i}`, AssumeRolePolicyDocument: { Statement: [] } } };
    resources[`Policy${i}`] = { Type: 'AWS::IAM::Policy', Properties: { PolicyName: `p${i}`, Roles: [`role-${i}`], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameters', Resource: '*' }] } } };
    resources[`Task${i}`] = {
      Type: 'AWS::ECS::TaskDefinition',
      Properties: {
        Family: `t${i}`,
        ExecutionRoleArn: { 'Fn::GetAtt': [`Role${i}`, 'Arn'] },
        ContainerDefinitions: [{ Name: 'app', Image: 'nginx:1.27', Environment: [{ Name: 'API_TOKEN', Value: { 'Fn::Sub': 'tok-${AWS::StackName}' } }] }],
      },
    };
    resources[`Service${i}`] = { Type: 'AWS::ECS::Service', Properties: { TaskDefinition: { Ref: `Task${i}` }, NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'ENABLED', Subnets: ['subnet-1'] } } } };
  }
  return JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }, null, indent || undefined);
}

function aliases() {
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'x-anchors:'];
  for (let i = 0; i < 50; i++) lines.push(`  - &c${i}`, `    Name: c${i}`, '    Image: nginx:latest', '    Privileged: true', '    Environment:', `      - { Name: DB_PASSWORD, Value: alias-pw-${i} }`);
  lines.push('Resources:');
  for (let t = 0; t < 100; t++) {
    lines.push(`  Task${t}:`, '    Type: AWS::ECS::TaskDefinition', '    Properties:', '      ContainerDefinitions:');
    for (let k = 0; k < 50; k++) lines.push(`        - *c${(t + k) % 50}`);
  }
  return lines.join('\n') + '\n';
}

// a YAML stream: what each document needs is looked for once a file, not once a document
function stream() {
  const docs = [];
  for (let i = 0; i < 5_000; i++) docs.push(`family: t${i}\ncontainerDefinitions:\n  - name: c\n    image: nginx:latest\n    privileged: true\n`);
  return docs.join('---\n');
}

// a script of many commands: the shell reader and the CLI option reader are linear in it
function script() {
  const lines = ['#!/bin/sh'];
  for (let i = 0; i < 10_000; i++) {
    lines.push(
      `aws ecs run-task --cluster "$CLUSTER" --task-definition job-${i}:1 --launch-type FARGATE --platform-version 1.3.0 \\`,
      `  --network-configuration "awsvpcConfiguration={subnets=[$SUBNET],securityGroups=[sg-${i}],assignPublicIp=ENABLED}" \\`,
      `  --overrides '{`,
      `    "containerOverrides": [{"name": "job", "environment": [{"name": "DB_PASSWORD", "value": "pw-${i}-Secret"}]}]`,
      `  }'`,
    );
  }
  return lines.join('\n') + '\n';
}

// the same commands in a Jenkins pipeline: each a GString whose quotes are Groovy's escapes
function jenkinsfile() {
  const lines = ['pipeline {', '  stages {', "    stage('jobs') {", '      steps {'];
  for (let i = 0; i < 10_000; i++) {
    lines.push(
      `        sh "aws ecs run-task --cluster \${CLUSTER} --task-definition job-${i}:1 --launch-type FARGATE --platform-version 1.3.0 --network-configuration 'awsvpcConfiguration={subnets=[\${SUBNET}],securityGroups=[sg-${i}],assignPublicIp=ENABLED}' --overrides '{\\"containerOverrides\\":[{\\"name\\":\\"job\\",\\"environment\\":[{\\"name\\":\\"DB_PASSWORD\\",\\"value\\":\\"pw-${i}-Secret\\"}]}]}'"`,
    );
  }
  lines.push('      }', '    }', '  }', '}');
  return lines.join('\n') + '\n';
}

// one command of many words on one line: every variable an option of its own
function oneLine() {
  let line = 'ecs deploy prod web';
  for (let i = 0; i < 50_000; i++) line += ` -e web SETTING_${i} value-${i}`;
  return `${line} -e web DB_PASSWORD pw-1-Secret\n`;
}

// locals that double at every reference, and a chain of them, beside a task definition that fails
function doublingLocals() {
  const lines = ['locals {', '  s0 = "xxxxxxxxxxxxxxxx"', '  o0 = { a = "x" }'];
  for (let i = 1; i <= 60; i++) lines.push(`  s${i} = "\${local.s${i - 1}}\${local.s${i - 1}}"`, `  o${i} = { a = local.o${i - 1}, b = local.o${i - 1} }`);
  for (let i = 0; i < 20_000; i++) lines.push(`  c${i} = local.c${i + 1}`);
  lines.push('  c20000 = "nginx:1.27"', '}');
  lines.push('resource "aws_ecs_task_definition" "t" {', '  family = "doubling"', '  container_definitions = jsonencode([{ name = "app", image = local.c0, command = [local.s60], dockerLabels = { x = jsonencode(local.o60) }, environment = [{ name = "DB_PASSWORD", value = "pw-1-Secret" }] }])', '}');
  return lines.join('\n') + '\n';
}

// thousands of listener rules on one plain HTTP listener, all forwarding to the service's target group
function listenerRules() {
  const resources = {
    Web: { Type: 'AWS::ECS::Service', Properties: { TaskDefinition: 'web:1', LoadBalancers: [{ TargetGroupArn: { Ref: 'Group' } }] } },
    Group: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: 8080, Protocol: 'HTTP' } },
    Plain: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'fixed-response' }] } },
  };
  for (let i = 0; i < 20_000; i++) resources[`Rule${i}`] = { Type: 'AWS::ElasticLoadBalancingV2::ListenerRule', Properties: { ListenerArn: { Ref: 'Plain' }, Priority: i + 1, Actions: [{ Type: 'forward', TargetGroupArn: { Ref: 'Group' } }] } };
  return JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources });
}

const cases = [
  ['10,000 failing containers in one file', 'containers.json', containers],
  ['10,000 resources in one template', 'template.json', template],
  // minified, as CDK and tools write it: every finding on line 1
  ['the same template on one line', 'template.min.json', () => template(0)],
  ['5,000 aliases in one YAML file', 'aliases.yaml', aliases],
  ['5,000 task definitions in one YAML stream', 'stream.yaml', stream],
  ['10,000 aws ecs run-task commands in one shell script', 'commands.sh', script],
  ['10,000 sh steps in one Jenkinsfile', 'Jenkinsfile', jenkinsfile],
  ['50,000 options of one command on one line', 'one-line.sh', oneLine],
  ['Terraform locals doubling 60 times', 'doubling.tf', doublingLocals],
  ['20,000 listener rules forwarding to one service', 'listener-rules.json', listenerRules],
];
console.log(`adversarial sizes (${RUNS} runs, medians, wall time of the CLI including process start; target < 2000 ms)`);
for (const [label, file, make] of cases) {
  const path = join(work, file);
  writeFileSync(path, make());
  const times = [];
  let results = 0;
  for (let r = 0; r < RUNS; r++) {
    const t = process.hrtime.bigint();
    const run = spawnSync(process.execPath, [bin, 'scan', path, '--no-config', '--quiet', '--format', 'json', '--output', join(work, 'out.json')], { encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (run.status !== 1) throw new Error(`${file}: exit ${run.status}: ${run.stderr}`);
    if (r === 0) results = Object.values(JSON.parse(spawnSync('cat', [join(work, 'out.json')], { encoding: 'utf8', maxBuffer: 1 << 30 }).stdout).summary.results).reduce((a, b) => a + b, 0);
  }
  console.log(`${label.padEnd(40)} ${median(times).toFixed(0).padStart(6)} ms  (${results} results)`);
}
