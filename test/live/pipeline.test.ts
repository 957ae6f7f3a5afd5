// Each live check through the whole pipeline: real SDK clients against recorded (and edited)
// AWS answers -> snapshot file -> scan --inventory -> the check's status.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toSnapshot, writeSnapshot } from '../../src/scan/snapshot-writer.js';
import { runScan } from '../../src/scan/run-scan.js';
import { tempDir } from '../helpers.js';
import { RecordingServer } from './recording-server.js';
import { collectFrom, putBehindBalancer, RECORDED_TARGET_GROUP, useRecordingServer } from './live-helpers.js';

const live = useRecordingServer('each');

const json = (body: unknown) => ({ status: 200, contentType: 'application/x-amz-json-1.1', body: JSON.stringify(body) });
const recorded = (action: string) => live.server.recordings.find((r) => r.action === action)!.response;
const xmlEdit = (action: string, from: string, to: string) => () => {
  const r = recorded(action);
  if (!r.body.includes(from)) throw new Error(`${action} recording has no ${from}`);
  return { ...r, body: r.body.replace(from, to) };
};
const b64 = (s: string) => Buffer.from(s).toString('base64');

async function statusOf(ruleId: string, resourceType?: string): Promise<{ status: string; results: any[] }> {
  const inv = await collectFrom(live.server, live.endpoint);
  const dir = tempDir();
  expect(writeSnapshot(join(dir, 'snap.json'), 'snap.json', toSnapshot(inv, new Date('2026-11-24T00:00:00Z')))).toBeUndefined();
  const outcome = await runScan({ targets: [], inventory: 'snap.json', cwd: dir, rulesDirs: [], config: false, today: '2026-11-24' });
  expect(outcome.errors.map((e) => e.format())).toEqual([]);
  const results = outcome.results.filter((r) => r.ruleId === ruleId && (!resourceType || r.resource.type === resourceType || r.resource.type === 'aws:account'));
  const status = results.some((r) => r.status === 'fail') ? 'fail' : results.some((r) => r.status === 'unknown') ? 'unknown' : results.some((r) => r.status === 'pass') ? 'pass' : 'none';
  return { status, results };
}

type Setup = (s: RecordingServer) => void;
const cases: Array<[string, string, Setup]> = [
  // rule, expected status, how the account is changed from the recorded demo
  ['ecs-secrets-customer-kms', 'fail', () => {}],
  ['ecs-secrets-customer-kms', 'pass', (s) => s.override('ssm:DescribeParameters', () => json({ Parameters: [{ Name: '/shop/db/password', Type: 'SecureString', KeyId: '6068c24b-580b-4742-98d2-012e9078cde5' }, { Name: '/shop/api/key', Type: 'SecureString', KeyId: 'alias/shop' }] }))],
  ['ecs-secrets-customer-kms', 'unknown', (s) => s.fault('ssm:DescribeParameters', { kind: 'access-denied' })],
  ['vpc-endpoints-present', 'fail', () => {}],
  ['vpc-endpoints-present', 'pass', (s) => s.override('ec2:DescribeVpcEndpoints', () => {
    // the task's parameter is on a customer managed key, so kms is required too
    const items = ['ecs', 'ecs-agent', 'ecs-telemetry', 'ecr.api', 'ecr.dkr', 'logs', 'ssm', 'kms'].map((svc, i) => `<item><vpcEndpointId>vpce-${i}</vpcEndpointId><vpcEndpointType>Interface</vpcEndpointType><vpcId>vpc-afe2da66aa92a5a66</vpcId><serviceName>com.amazonaws.eu-west-1.${svc}</serviceName><state>available</state><privateDnsEnabled>true</privateDnsEnabled></item>`).join('');
    const s3 = '<item><vpcEndpointId>vpce-s3</vpcEndpointId><vpcEndpointType>Gateway</vpcEndpointType><vpcId>vpc-afe2da66aa92a5a66</vpcId><serviceName>com.amazonaws.eu-west-1.s3</serviceName><state>available</state></item>';
    return { status: 200, contentType: 'text/xml', body: `<?xml version="1.0" encoding="utf-8"?><DescribeVpcEndpointsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15"><vpcEndpointSet>${items}${s3}</vpcEndpointSet><requestId>r</requestId></DescribeVpcEndpointsResponse>` };
  })],
  ['vpc-endpoints-present', 'unknown', (s) => s.fault('ec2:DescribeVpcEndpoints', { kind: 'access-denied' })],
  ['vpc-flow-logs-enabled', 'pass', () => {}],
  ['vpc-flow-logs-enabled', 'fail', (s) => s.override('ec2:DescribeFlowLogs', xmlEdit('DescribeFlowLogs', '<flowLogStatus>ACTIVE</flowLogStatus>', '<flowLogStatus>INACTIVE</flowLogStatus>'))],
  ['vpc-flow-logs-enabled', 'unknown', (s) => s.fault('ec2:DescribeFlowLogs', { kind: 'access-denied' })],
  ['cloudtrail-multi-region', 'pass', () => {}],
  ['cloudtrail-multi-region', 'fail', (s) => s.override('cloudtrail:GetTrailStatus', () => json({ IsLogging: false }))],
  ['cloudtrail-multi-region', 'unknown', (s) => s.fault('cloudtrail:DescribeTrails', { kind: 'access-denied' })],
  ['ecs-imds-blocked', 'pass', () => {}],
  ['ecs-imds-blocked', 'fail', (s) => s.override('ec2:DescribeInstanceAttribute', xmlEdit('DescribeInstanceAttribute', recordedUserData(), b64('#!/bin/bash\necho ECS_CLUSTER=shop >> /etc/ecs/ecs.config\n')))],
  ['ecs-imds-blocked', 'unknown', (s) => s.fault('ec2:DescribeInstanceAttribute', { kind: 'access-denied' })],
  ['ecs-execution-role-scoped', 'pass', () => {}],
  ['ecs-execution-role-scoped', 'fail', (s) => s.override('iam:GetRolePolicy', xmlEdit('GetRolePolicy', 'arn%3Aaws%3Assm%3Aeu-west-1%3A123456789012%3Aparameter/shop/%2A', '%2A'))],
  ['ecs-execution-role-scoped', 'unknown', (s) => s.fault('iam:GetRole', { kind: 'access-denied' })],
  ['ecs-no-plaintext-secrets', 'pass', () => {}],
  ['ecs-no-plaintext-secrets', 'fail', (s) => s.override('ecs:DescribeTaskDefinition', () => json(withEnv({ name: 'DB_PASSWORD', value: 'hunter2-live' })))],
  ['ecs-no-plaintext-secrets', 'unknown', (s) => s.fault('ecs:ListTaskDefinitionFamilies', { kind: 'access-denied' }).fault('ecs:ListServices', { kind: 'access-denied' })],
  ['ecs-events-rule', 'pass', () => {}],
  ['ecs-events-rule', 'fail', (s) => s.override('events:ListRules', () => json({ Rules: [] }))],
  ['ecs-events-rule', 'unknown', (s) => s.fault('events:ListRules', { kind: 'access-denied' })],
  ['ecs-events-rule', 'unknown', (s) => s.fault('ecs:ListClusters', { kind: 'access-denied' })],
  ['ecs-execution-role-scoped', 'unknown', (s) => s.fault('iam:ListRolePolicies', { kind: 'access-denied' })],
  ['ecs-awslogs-stream-prefix', 'pass', () => {}],
  ['ecs-awslogs-stream-prefix', 'fail', (s) => s.override('ecs:DescribeTaskDefinition', () => json(withoutPrefix()))],
  ['ecs-awslogs-stream-prefix', 'unknown', (s) => s.fault('ecs:ListTaskDefinitionFamilies', { kind: 'access-denied' }).fault('ecs:ListServices', { kind: 'access-denied' })],
  // the recorded cluster has no executeCommandConfiguration: no customer key
  ['ecs-exec-logging', 'fail', () => {}],
  ['ecs-exec-logging', 'pass', (s) => s.override('ecs:DescribeClusters', () => json(edited('DescribeClusters', (b) => (b.clusters[0].configuration = { executeCommandConfiguration: { kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/6068c24b-580b-4742-98d2-012e9078cde5', logging: 'DEFAULT' } }))))],
  ['ecs-exec-logging', 'unknown', (s) => s.fault('ecs:DescribeClusters', { kind: 'access-denied' })],
  // the key named by its id alone: DescribeKey says whose it is
  ['ecs-exec-logging', 'fail', (s) => s.override('ecs:DescribeClusters', () => json(edited('DescribeClusters', (b) => (b.clusters[0].configuration = { executeCommandConfiguration: { kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/6d64eaf6-4753-49ee-b2a3-e8759964abea', logging: 'DEFAULT' } }))))],
  ['ecs-exec-logging', 'unknown', (s) => {
    s.override('ecs:DescribeClusters', () => json(edited('DescribeClusters', (b) => (b.clusters[0].configuration = { executeCommandConfiguration: { kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/6068c24b-580b-4742-98d2-012e9078cde5', logging: 'DEFAULT' } }))));
    s.fault('kms:DescribeKey', { kind: 'access-denied', times: 100 });
  }],
  // the demo cluster has no managed storage configuration: Fargate encrypts with an AWS owned key
  ['ecs-cluster-managed-storage-kms', 'fail', () => {}],
  ['ecs-cluster-managed-storage-kms', 'pass', (s) => s.override('ecs:DescribeClusters', () => json(edited('DescribeClusters', (b) => (b.clusters[0].configuration = { managedStorageConfiguration: { fargateEphemeralStorageKmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/6068c24b-580b-4742-98d2-012e9078cde5' } }))))],
  ['ecs-cluster-managed-storage-kms', 'unknown', (s) => s.fault('ecs:DescribeClusters', { kind: 'access-denied' })],
  // the EBS key named by its id alone, AWS managed by DescribeKey; then the key not readable
  ['ecs-cluster-managed-storage-kms', 'fail', (s) => s.override('ecs:DescribeClusters', () => json(edited('DescribeClusters', (b) => (b.clusters[0].configuration = { managedStorageConfiguration: { fargateEphemeralStorageKmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/6068c24b-580b-4742-98d2-012e9078cde5', kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/6d64eaf6-4753-49ee-b2a3-e8759964abea' } }))))],
  ['ecs-cluster-managed-storage-kms', 'unknown', (s) => {
    s.override('ecs:DescribeClusters', () => json(edited('DescribeClusters', (b) => (b.clusters[0].configuration = { managedStorageConfiguration: { fargateEphemeralStorageKmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/6068c24b-580b-4742-98d2-012e9078cde5' } }))));
    s.fault('kms:DescribeKey', { kind: 'access-denied', times: 100 });
  }],
  // the demo's task definition run with the execution role as its task role: the role's own policies decide
  ['ecs-task-role-no-admin', 'pass', (s) => s.override('ecs:DescribeTaskDefinition', () => json(edited('DescribeTaskDefinition', (b) => (b.taskDefinition.taskRoleArn = 'arn:aws:iam::123456789012:role/shop-exec'))))],
  ['ecs-task-role-no-admin', 'fail', (s) => {
    s.override('ecs:DescribeTaskDefinition', () => json(edited('DescribeTaskDefinition', (b) => (b.taskDefinition.taskRoleArn = 'arn:aws:iam::123456789012:role/shop-exec'))));
    // the inline policy becomes every action on every resource
    s.override('iam:GetRolePolicy', xmlEdit('GetRolePolicy', 'ssm%3AGetParameters%22%5D%2C%22Resource%22%3A%5B%22arn%3Aaws%3Assm%3Aeu-west-1%3A123456789012%3Aparameter/shop/%2A%22%5D', '%2A%22%5D%2C%22Resource%22%3A%5B%22%2A%22%5D'));
  }],
  ['ecs-task-role-no-admin', 'unknown', (s) => {
    s.override('ecs:DescribeTaskDefinition', () => json(edited('DescribeTaskDefinition', (b) => (b.taskDefinition.taskRoleArn = 'arn:aws:iam::123456789012:role/shop-exec'))));
    s.fault('iam:GetRolePolicy', { kind: 'access-denied', times: 100 });
  }],
  // a task started outside a service with a task role of its own (overrides.taskRoleArn), which
  // only the override names: the audit reads that role too
  ['ecs-scheduled-task-role-no-admin', 'none', () => {}],
  ['ecs-scheduled-task-role-no-admin', 'fail', (s) => overrideRole(s, 'batch-admin', { Effect: 'Allow', Action: '*', Resource: '*' }, nightlyTarget((t) => (t.Input = JSON.stringify({ taskRoleArn: 'arn:aws:iam::123456789012:role/batch-admin' }))))],
  ['ecs-scheduled-task-role-no-admin', 'pass', (s) => overrideRole(s, 'batch-reader', { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }, nightlyTarget((t) => (t.Input = JSON.stringify({ taskRoleArn: 'arn:aws:iam::123456789012:role/batch-reader' }))))],
  ['ecs-scheduled-task-role-no-admin', 'fail', (s) => overrideRole(s, 'batch-admin', { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }, migrationTask((t) => (t.overrides.taskRoleArn = 'arn:aws:iam::123456789012:role/batch-admin')), 'ecs:DescribeTasks')],
  ['ecs-scheduled-task-role-no-admin', 'unknown', (s) => {
    overrideRole(s, 'batch-admin', { Effect: 'Allow', Action: '*', Resource: '*' }, nightlyTarget((t) => (t.Input = JSON.stringify({ taskRoleArn: 'arn:aws:iam::123456789012:role/batch-admin' }))));
    s.fault('iam:GetRole', { kind: 'access-denied', times: 100 });
  }],
  // another account's role: GetRole here would read this account's role of that name, so it is not read
  ['ecs-scheduled-task-role-no-admin', 'unknown', (s) => overrideRole(s, 'batch-admin', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, nightlyTarget((t) => (t.Input = JSON.stringify({ taskRoleArn: 'arn:aws:iam::210987654321:role/batch-admin' }))))],
  // DescribeServices reports the volumes configured at launch on the deployments
  ['ecs-service-ebs-volume-kms', 'none', () => {}],
  ['ecs-service-ebs-volume-kms', 'fail', (s) => s.override('ecs:DescribeServices', () => json(edited('DescribeServices', (b) => (b.services[0].deployments[0].volumeConfigurations = [{ name: 'data', managedEBSVolume: { roleArn: 'arn:aws:iam::123456789012:role/ecs-ebs', encrypted: true } }]))))],
  ['ecs-service-ebs-volume-kms', 'pass', (s) => {
    s.override('ecs:DescribeServices', () => json(edited('DescribeServices', (b) => (b.services[0].deployments[0].volumeConfigurations = [{ name: 'data', managedEBSVolume: { roleArn: 'arn:aws:iam::123456789012:role/ecs-ebs' } }]))));
    s.override('ecs:DescribeClusters', () => json(edited('DescribeClusters', (b) => (b.clusters[0].configuration = { managedStorageConfiguration: { kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/6068c24b-580b-4742-98d2-012e9078cde5' } }))));
  }],
  ['ecs-service-ebs-volume-kms', 'unknown', (s) => {
    s.override('ecs:DescribeServices', () => json(edited('DescribeServices', (b) => (b.services[0].deployments[0].volumeConfigurations = [{ name: 'data', managedEBSVolume: { roleArn: 'arn:aws:iam::123456789012:role/ecs-ebs' } }]))));
    s.fault('ecs:DescribeClusters', { kind: 'access-denied' });
  }],
  // the volume's own key, AWS managed by DescribeKey
  ['ecs-service-ebs-volume-kms', 'fail', (s) => s.override('ecs:DescribeServices', () => json(edited('DescribeServices', (b) => (b.services[0].deployments[0].volumeConfigurations = [{ name: 'data', managedEBSVolume: { roleArn: 'arn:aws:iam::123456789012:role/ecs-ebs', kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/6d64eaf6-4753-49ee-b2a3-e8759964abea' } }]))))],
  // shop-web behind the recorded target group: an HTTPS listener forwards, the HTTP one only redirects
  ['ecs-service-listener-tls', 'none', () => {}],
  ['ecs-service-listener-tls', 'pass', (s) => putBehindBalancer(s)],
  ['ecs-service-listener-tls', 'fail', (s) => {
    putBehindBalancer(s);
    // a rule of the HTTP listener forwards /api to the service
    s.override('elasticloadbalancing:DescribeRules', (params) => {
      if (params.ListenerArn !== HTTP_LISTENER) return undefined; // the recording
      const r = live.server.recordings.find((x) => x.action === 'DescribeRules' && x.request.body.includes(encodeURIComponent(HTTP_LISTENER)))!.response;
      const forward = `<member><RuleArn>${HTTP_LISTENER.replace(':listener/', ':listener-rule/')}/9a8b7c6d5e4f3a2b</RuleArn><Priority>10</Priority><Conditions><member><Field>path-pattern</Field><Values><member>/api/*</member></Values></member></Conditions><Actions><member><Type>forward</Type><TargetGroupArn>${RECORDED_TARGET_GROUP}</TargetGroupArn><Order>1</Order></member></Actions><IsDefault>false</IsDefault></member>`;
      return { ...r, body: r.body.replace('<Rules>', `<Rules>${forward}`) };
    });
  }],
  // the HTTPS listener on a security policy that still takes TLS 1.0
  ['ecs-service-listener-tls', 'fail', (s) => putBehindBalancer(s).override('elasticloadbalancing:DescribeListeners', xmlEdit('DescribeListeners', 'ELBSecurityPolicy-TLS13-1-2-2021-06', 'ELBSecurityPolicy-2016-08'))],
  ['ecs-service-listener-tls', 'unknown', (s) => putBehindBalancer(s).fault('elasticloadbalancing:DescribeTargetGroups', { kind: 'access-denied' })],
  ['ecs-service-listener-tls', 'unknown', (s) => putBehindBalancer(s).fault('elasticloadbalancing:DescribeListeners', { kind: 'access-denied' })],
  // a listing that hands back the same page marker for ever is a failed call, never a loop
  ['ecs-service-listener-tls', 'unknown', (s) => putBehindBalancer(s).override('elasticloadbalancing:DescribeListeners', xmlEdit('DescribeListeners', '</Listeners>', '</Listeners><NextMarker>again</NextMarker>'))],
  // the HTTP listener's rules unread: one of them may forward to the service
  ['ecs-service-listener-tls', 'unknown', (s) => putBehindBalancer(s).fault('elasticloadbalancing:DescribeRules', { kind: 'access-denied', times: 100 })],
  // a Classic Load Balancer's listeners are not read live: never "no listener", always unknown
  ['ecs-service-listener-tls', 'unknown', (s) => s.override('ecs:DescribeServices', () => json(edited('DescribeServices', (b) => (b.services[0].loadBalancers = [{ loadBalancerName: 'shop-legacy', containerName: 'web', containerPort: 8080 }]))))],
  // DescribeServices reports Service Connect on the deployments
  ['ecs-service-connect-tls', 'none', () => {}],
  ['ecs-service-connect-tls', 'fail', (s) => s.override('ecs:DescribeServices', () => json(edited('DescribeServices', (b) => (b.services[0].deployments[0].serviceConnectConfiguration = { enabled: true, namespace: 'shop', services: [{ portName: 'http' }] }))))],
  ['ecs-service-connect-tls', 'unknown', (s) => s.fault('ecs:DescribeServices', { kind: 'access-denied' })],
  ['ecs-fargate-platform-version', 'pass', () => {}],
  ['ecs-fargate-platform-version', 'fail', (s) => s.override('ecs:DescribeServices', () => json(edited('DescribeServices', (b) => (b.services[0].platformVersion = '1.3.0'))))],
  ['ecs-efs-transit-encryption', 'none', () => {}],
  ['ecs-efs-transit-encryption', 'fail', (s) => s.override('ecs:DescribeTaskDefinition', () => json(edited('DescribeTaskDefinition', (b) => (b.taskDefinition.volumes = [{ name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-0123456789abcdef0' } }]))))],
  ['ecs-efs-transit-encryption', 'unknown', (s) => s.fault('ecs:DescribeTaskDefinition', { kind: 'access-denied' })],
  // the demo's rule `nightly` runs shop-web on Fargate at LATEST, private, with plain overrides
  ['ecs-scheduled-task-no-public-ip', 'pass', () => {}],
  ['ecs-scheduled-task-no-public-ip', 'fail', (s) => s.override('events:ListTargetsByRule', nightlyTarget((t) => (t.EcsParameters.NetworkConfiguration.awsvpcConfiguration.AssignPublicIp = 'ENABLED')))],
  ['ecs-scheduled-task-no-public-ip', 'unknown', (s) => s.fault('events:ListTargetsByRule', { kind: 'access-denied' })],
  ['ecs-scheduled-task-no-public-ip', 'unknown', (s) => s.fault('events:ListRules', { kind: 'access-denied' })],
  // a rule on a custom event bus starts tasks too; an unlisted bus hides them
  ['ecs-scheduled-task-no-public-ip', 'fail', (s) => partnersBus(s, (t) => (t.EcsParameters.NetworkConfiguration.awsvpcConfiguration.AssignPublicIp = 'ENABLED'))],
  ['ecs-scheduled-task-no-public-ip', 'pass', (s) => partnersBus(s, () => {})],
  ['ecs-scheduled-task-no-public-ip', 'unknown', (s) => s.fault('events:ListEventBuses', { kind: 'access-denied' })],
  ['ecs-scheduled-task-no-public-ip', 'unknown', (s) => {
    partnersBus(s, () => {});
    s.override('events:ListRules', (params) => (params.EventBusName === 'partners' ? { status: 400, contentType: 'application/x-amz-json-1.1', body: JSON.stringify({ __type: 'AccessDeniedException', message: 'not authorized to perform: events:ListRules' }) } : undefined));
  }],
  ['ecs-scheduled-task-platform-version', 'pass', () => {}],
  ['ecs-scheduled-task-platform-version', 'fail', (s) => s.override('events:ListTargetsByRule', nightlyTarget((t) => (t.EcsParameters.PlatformVersion = '1.3.0')))],
  ['ecs-scheduled-task-platform-version', 'unknown', (s) => s.fault('events:ListTargetsByRule', { kind: 'server-error', times: 100 })],
  ['ecs-scheduled-task-no-plaintext-secrets', 'pass', () => {}],
  ['ecs-scheduled-task-no-plaintext-secrets', 'fail', (s) => s.override('events:ListTargetsByRule', nightlyTarget((t) => (t.Input = JSON.stringify({ containerOverrides: [{ name: 'web', environment: [{ name: 'DB_PASSWORD', value: 'hunter2-live' }] }] }))))],
  ['ecs-scheduled-task-no-plaintext-secrets', 'unknown', (s) => s.override('events:ListTargetsByRule', nightlyTarget((t) => (t.Input = '{"containerOverrides": [')))],
  ['ecs-scheduled-task-no-plaintext-secrets', 'unknown', (s) => s.override('events:ListTargetsByRule', nightlyTarget((t) => (delete t.Input, (t.InputTransformer = { InputPathsMap: { id: '$.id' }, InputTemplate: '{"containerOverrides": []}' }))))],
  // the demo's state machine `shop-etl` runs shop-web with ecs:runTask.sync on Fargate at LATEST, private
  ['ecs-scheduled-task-no-public-ip', 'fail', (s) => s.override('states:DescribeStateMachine', etlDefinition((p) => (p.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp = 'ENABLED')))],
  ['ecs-scheduled-task-platform-version', 'fail', (s) => s.override('states:DescribeStateMachine', etlDefinition((p) => (p.PlatformVersion = '1.3.0')))],
  ['ecs-scheduled-task-no-plaintext-secrets', 'fail', (s) => s.override('states:DescribeStateMachine', etlDefinition((p) => p.Overrides.ContainerOverrides[0].Environment.push({ Name: 'API_TOKEN', Value: 'tok-sfn-9f8e7d6c' })))],
  // the public IP taken from the execution input is decided when it runs
  ['ecs-scheduled-task-no-public-ip', 'unknown', (s) => s.override('states:DescribeStateMachine', etlDefinition((p) => (delete p.NetworkConfiguration, (p['NetworkConfiguration.$'] = '$.network'))))],
  ['ecs-scheduled-task-no-public-ip', 'unknown', (s) => s.fault('states:ListStateMachines', { kind: 'access-denied' })],
  ['ecs-scheduled-task-no-public-ip', 'unknown', (s) => s.fault('states:DescribeStateMachine', { kind: 'access-denied', times: 100 })],
  // a RunTask state that gives its task an EBS volume: the volume's key, else the cluster's
  ['ecs-scheduled-task-ebs-volume-kms', 'none', () => {}],
  ['ecs-scheduled-task-ebs-volume-kms', 'pass', (s) => s.override('states:DescribeStateMachine', etlDefinition((p) => (p.VolumeConfigurations = [{ Name: 'scratch', ManagedEBSVolume: { RoleArn: 'arn:aws:iam::123456789012:role/ecs-ebs', KmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/6068c24b-580b-4742-98d2-012e9078cde5' } }])))],
  // the AWS managed key named by its id alone: DescribeKey says whose it is
  ['ecs-scheduled-task-ebs-volume-kms', 'fail', (s) => s.override('states:DescribeStateMachine', etlDefinition((p) => (p.VolumeConfigurations = [{ Name: 'scratch', ManagedEBSVolume: { RoleArn: 'arn:aws:iam::123456789012:role/ecs-ebs', KmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/6d64eaf6-4753-49ee-b2a3-e8759964abea' } }])))],
  ['ecs-scheduled-task-ebs-volume-kms', 'unknown', (s) => {
    s.override('states:DescribeStateMachine', etlDefinition((p) => (p.VolumeConfigurations = [{ Name: 'scratch', ManagedEBSVolume: { RoleArn: 'arn:aws:iam::123456789012:role/ecs-ebs', KmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/6068c24b-580b-4742-98d2-012e9078cde5' } }])));
    s.fault('kms:DescribeKey', { kind: 'access-denied', times: 100 });
  }],
  ['ecs-scheduled-task-no-public-ip', 'unknown', (s) => s.override('states:DescribeStateMachine', (params) => (String(params.stateMachineArn).endsWith(':shop-etl') ? json({ ...JSON.parse(recorded('DescribeStateMachine').body), definition: '{"StartAt": "Transform", "States": {' }) : undefined))],
  // the demo's cluster runs `ci-release`'s migration task beside its service's: Fargate 1.4.0, private
  ['ecs-scheduled-task-no-plaintext-secrets', 'fail', (s) => s.override('ecs:DescribeTasks', migrationTask((t) => t.overrides.containerOverrides[0].environment.push({ name: 'DB_PASSWORD', value: 'hunter2-live' })))],
  ['ecs-scheduled-task-platform-version', 'fail', (s) => s.override('ecs:DescribeTasks', migrationTask((t) => (t.platformVersion = '1.3.0')))],
  ['ecs-scheduled-task-no-public-ip', 'fail', (s) => s.override('ec2:DescribeNetworkInterfaces', xmlEdit('DescribeNetworkInterfaces', '<tagSet/>', '<association><publicIp>203.0.113.7</publicIp><ipOwnerId>amazon</ipOwnerId></association><tagSet/>'))],
  ['ecs-scheduled-task-no-public-ip', 'unknown', (s) => s.fault('ec2:DescribeNetworkInterfaces', { kind: 'access-denied' })],
  ['ecs-scheduled-task-no-public-ip', 'unknown', (s) => s.override('ec2:DescribeNetworkInterfaces', xmlEdit('DescribeNetworkInterfaces', 'eni-0c1d2e3f4a5b6c7d8', 'eni-0ffffffffffffffff'))],
  ['ecs-scheduled-task-no-public-ip', 'unknown', (s) => s.fault('ecs:ListTasks', { kind: 'access-denied' })],
  // a task still starting has its interface attachment, without the interface yet
  ['ecs-scheduled-task-no-public-ip', 'unknown', (s) => s.override('ecs:DescribeTasks', migrationTask((t) => (t.attachments[0].status = 'PRECREATED', (t.attachments[0].details = [{ name: 'subnetId', value: 'subnet-de6d6721a20266014' }]))))],
  ['ecs-scheduled-task-no-plaintext-secrets', 'unknown', (s) => s.fault('ecs:DescribeTasks', { kind: 'throttle', times: 100 })],
  ['ecs-scheduled-task-no-plaintext-secrets', 'unknown', (s) => s.override('ecs:DescribeTasks', () => json(edited('DescribeTasks', (b) => ((b.failures = [{ arn: b.tasks[1].taskArn, reason: 'ACCESS_DENIED' }]), b.tasks.pop()))))],
  ['ecs-scheduled-task-no-plaintext-secrets', 'pass', (s) => s.override('ecs:DescribeTasks', () => json(edited('DescribeTasks', (b) => ((b.failures = [{ arn: b.tasks[1].taskArn, reason: 'MISSING' }]), b.tasks.pop()))))],
  // the demo's schedule `hourly-report` runs shop-web on Fargate 1.4.0, private
  ['ecs-scheduled-task-no-public-ip', 'fail', (s) => s.override('scheduler:GetSchedule', hourlySchedule((t) => (t.EcsParameters.NetworkConfiguration.awsvpcConfiguration.AssignPublicIp = 'ENABLED')))],
  ['ecs-scheduled-task-no-public-ip', 'unknown', (s) => s.fault('scheduler:ListSchedules', { kind: 'server-error', times: 100 })],
  ['ecs-scheduled-task-no-public-ip', 'unknown', (s) => s.fault('scheduler:GetSchedule', { kind: 'access-denied' })],
  ['ecs-scheduled-task-platform-version', 'fail', (s) => s.override('scheduler:GetSchedule', hourlySchedule((t) => (t.EcsParameters.PlatformVersion = '1.3.0')))],
  // the universal target: the schedule's Input is the RunTask request itself
  ['ecs-scheduled-task-no-public-ip', 'fail', (s) => s.override('scheduler:GetSchedule', hourlySchedule((t) => {
    t.Arn = 'arn:aws:scheduler:::aws-sdk:ecs:runTask';
    delete t.EcsParameters;
    t.Input = JSON.stringify({ cluster: 'shop', taskDefinition: 'shop-web:1', launchType: 'FARGATE', networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d'], assignPublicIp: 'ENABLED' } } });
  }))],
  ['ecs-scheduled-task-no-plaintext-secrets', 'fail', (s) => s.override('scheduler:GetSchedule', hourlySchedule((t) => {
    t.Arn = 'arn:aws:scheduler:::aws-sdk:ecs:runTask';
    delete t.EcsParameters;
    t.Input = JSON.stringify({ cluster: 'shop', taskDefinition: 'shop-web:1', overrides: { containerOverrides: [{ name: 'web', environment: [{ name: 'DB_PASSWORD', value: 'hunter2-live' }] }] } });
  }))],
  ['ecs-scheduled-task-no-plaintext-secrets', 'unknown', (s) => s.override('scheduler:GetSchedule', hourlySchedule((t) => ((t.Arn = 'arn:aws:scheduler:::aws-sdk:ecs:runTask'), delete t.EcsParameters, (t.Input = '{"cluster":'))))],
];

/**
 * A role `name` of this account with one inline policy statement, answered as the recorded
 * shop-exec is (no managed policies), and `answer` for `action` (what names the role).
 */
function overrideRole(s: RecordingServer, name: string, statement: unknown, answer: (params: Record<string, unknown>) => unknown, action = 'events:ListTargetsByRule'): void {
  const shopExec = (a: string) => live.server.recordings.find((r) => r.action === a && r.request.body.includes('RoleName=shop-exec'))!.response;
  const renamed = (a: string) => (params: Record<string, unknown>) => (params.RoleName === name ? { ...shopExec(a), body: shopExec(a).body.replaceAll('shop-exec', name) } : undefined);
  s.override('iam:GetRole', renamed('GetRole'));
  s.override('iam:ListRolePolicies', renamed('ListRolePolicies'));
  s.override('iam:ListAttachedRolePolicies', (params) => (params.RoleName === name ? { status: 200, contentType: 'text/xml', body: '<ListAttachedRolePoliciesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListAttachedRolePoliciesResult><AttachedPolicies/><IsTruncated>false</IsTruncated></ListAttachedRolePoliciesResult></ListAttachedRolePoliciesResponse>' } : undefined));
  const doc = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [statement] }));
  s.override('iam:GetRolePolicy', (params) => (params.RoleName === name ? { ...shopExec('GetRolePolicy'), body: shopExec('GetRolePolicy').body.replaceAll('shop-exec', name).replace(/<PolicyDocument>[^<]*<\/PolicyDocument>/, `<PolicyDocument>${doc}</PolicyDocument>`) } : undefined));
  s.override(action, answer as never);
}

/** GetSchedule answering for `hourly-report` with its target changed. */
function hourlySchedule(change: (target: any) => void) {
  return () => {
    const body = JSON.parse(recorded('GetSchedule').body);
    change(body.Target);
    return { status: 200, contentType: 'application/json', body: JSON.stringify(body) };
  };
}

/**
 * A custom event bus `partners` whose rule `partner-sync` runs the recorded `nightly` ECS target,
 * changed; the default bus as recorded.
 */
function partnersBus(s: RecordingServer, change: (target: any) => void): RecordingServer {
  s.override('events:ListEventBuses', () => json({ EventBuses: [{ Name: 'default' }, { Name: 'partners', Arn: 'arn:aws:events:eu-west-1:123456789012:event-bus/partners' }] }));
  s.override('events:ListRules', (params) =>
    params.EventBusName === 'partners'
      ? json({ Rules: [{ Name: 'partner-sync', Arn: 'arn:aws:events:eu-west-1:123456789012:rule/partners/partner-sync', EventPattern: '{"source": ["partner.sync"]}', State: 'ENABLED' }] })
      : undefined,
  );
  s.override('events:ListTargetsByRule', (params) => {
    if (params.Rule !== 'partner-sync') return undefined;
    if (params.EventBusName !== 'partners') return { status: 400, contentType: 'application/x-amz-json-1.1', body: JSON.stringify({ __type: 'ResourceNotFoundException', message: 'Rule partner-sync does not exist on EventBus default.' }) };
    const body = JSON.parse(live.server.recordings.find((r) => r.action === 'ListTargetsByRule' && r.request.body.includes('nightly'))!.response.body);
    change(body.Targets[0]);
    return json(body);
  });
  return s;
}

/** DescribeStateMachine answering for `shop-etl` with its Transform state's RunTask parameters changed. */
function etlDefinition(change: (parameters: any) => void) {
  return (params: Record<string, unknown>) => {
    const body = JSON.parse(live.server.recordings.find((r) => r.action === 'DescribeStateMachine' && r.request.body.includes(String(params.stateMachineArn)))!.response.body);
    if (!String(params.stateMachineArn).endsWith(':shop-etl')) return undefined;
    const definition = JSON.parse(body.definition);
    change(definition.States.Transform.Parameters);
    return json({ ...body, definition: JSON.stringify(definition) });
  };
}

/** DescribeTasks answering with the migration task (the second) changed. */
function migrationTask(change: (task: any) => void) {
  return () => json(edited('DescribeTasks', (b) => change(b.tasks[1])));
}

/** ListTargetsByRule answering for `nightly` with its ECS target changed; other rules as recorded. */
function nightlyTarget(change: (target: any) => void) {
  return (params: Record<string, unknown>) => {
    if (params.Rule !== 'nightly') return undefined;
    const body = JSON.parse(live.server.recordings.find((r) => r.action === 'ListTargetsByRule' && r.request.body.includes('nightly'))!.response.body);
    change(body.Targets[0]);
    return json(body);
  };
}

/** The recorded answer to an action, parsed and changed. */
const HTTP_LISTENER = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop/50dc6c495c0c9188/0467ef3c8400ae65';

function edited(action: string, change: (body: any) => void): unknown {
  const body = JSON.parse(recorded(action).body);
  change(body);
  return body;
}

function recordedUserData(): string {
  return /<value>([^<]+)<\/value>/.exec(live.server.recordings.find((r) => r.action === 'DescribeInstanceAttribute')!.response.body)![1]!;
}
function baseTaskDefinition(): any {
  return JSON.parse(recorded('DescribeTaskDefinition').body);
}
function withEnv(env: { name: string; value: string }): any {
  const td = baseTaskDefinition();
  td.taskDefinition.containerDefinitions[0].environment.push(env);
  return td;
}
function withoutPrefix(): any {
  const td = baseTaskDefinition();
  delete td.taskDefinition.containerDefinitions[0].logConfiguration.options['awslogs-stream-prefix'];
  return td;
}

describe('live checks through collect -> snapshot -> scan', () => {
  it.each(cases)('%s is %s', async (rule, expected, setup) => {
    setup(live.server);
    const { status, results } = await statusOf(rule);
    expect(status, JSON.stringify(results.map((r) => [r.status, r.message]))).toBe(expected);
    for (const r of results.filter((x) => x.status !== 'pass' && x.status !== 'not-applicable')) {
      expect(r.location.file).toBe('snap.json');
      expect(r.location.line).toBeGreaterThan(1);
      expect(r.message).not.toContain('hunter2-live');
    }
  });

  it('follows a service\'s target group to the listeners that forward to it, and no further', async () => {
    putBehindBalancer(live.server);
    const inv = await collectFrom(live.server, live.endpoint);
    const service = inv.resources.find((r) => r.type === 'ecs:service')!;
    // the HTTPS listener forwards; the HTTP one only redirects, so it is not the service's
    expect(service.data.listeners).toEqual([{ targetGroup: RECORDED_TARGET_GROUP, listener: expect.stringContaining('/f2f7dc8efc522ab2'), protocol: 'HTTPS', sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' }]);
    expect(live.server.calls('elasticloadbalancing:DescribeRules')).toBe(2);
  });

  it('points findings at the resource in the snapshot file', async () => {
    const { results } = await statusOf('ecs-secrets-customer-kms');
    const fail = results.find((r) => r.status === 'fail');
    expect(fail.message).toBe('parameter /shop/api/key is encrypted with alias/aws/ssm, an AWS managed key; use a customer managed KMS key');
    expect(fail.location.pointer).toBe('/containerDefinitions/0/secrets/1/valueFrom');
    expect(fail.resource.id).toBe('arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-web:1');
  });

  it('an unread region makes every task definition check unknown there, never a pass', async () => {
    live.server.fault('ecs:ListTaskDefinitionFamilies', { kind: 'access-denied' });
    const { results } = await statusOf('ecs-no-plaintext-secrets');
    const unknown = results.find((r) => r.status === 'unknown');
    expect(unknown.reason).toMatch(/^ecs:ListTaskDefinitionFamilies failed in eu-west-1 \(access-denied: AccessDeniedException/);
    expect(unknown.location.pointer).toBe('/gaps/0');
  });
});

describe('snapshots', () => {
  it('never hold a plaintext secret the scanner found, and still report it', async () => {
    const td = withEnv({ name: 'DB_PASSWORD', value: 'hunter2-live-value' });
    td.taskDefinition.containerDefinitions[0].command = ['--api-token', 'tok-live-9f8e7d6c', 'AKIAQYLPMN5HHHFPZAM2'];
    live.server.override('ecs:DescribeTaskDefinition', () => json(td));
    const inv = await collectFrom(live.server, live.endpoint);
    const dir = tempDir();
    writeSnapshot(join(dir, 'snap.json'), 'snap.json', toSnapshot(inv, new Date()));
    const text = readFileSync(join(dir, 'snap.json'), 'utf8');
    for (const secret of ['hunter2-live-value', 'tok-live-9f8e7d6c', 'AKIAQYLPMN5HHHFPZAM2']) expect(text).not.toContain(secret);
    expect(text).toContain('"$redacted": "literal value under a secret name"');
    const outcome = await runScan({ targets: [], inventory: 'snap.json', cwd: dir, rulesDirs: [], config: false, today: '2026-11-24' });
    const found = outcome.results.filter((r) => r.ruleId === 'ecs-no-plaintext-secrets' && r.status === 'fail');
    expect(found.map((r) => [r.location.pointer, r.data?.kind])).toEqual([
      ['/containerDefinitions/0/environment/1/value', 'literal value under a secret name'],
      ['/containerDefinitions/0/command/1', 'literal value under a secret name'],
      ['/containerDefinitions/0/command/2', 'AWS access key ID'],
    ]);
  });

  it('never hold a plaintext secret of a scheduled task\'s overrides, and still report it', async () => {
    const input = { containerOverrides: [{ name: 'web', environment: [{ name: 'REPORT_KIND', value: 'nightly' }, { name: 'API_TOKEN', value: 'tok-sched-9f8e7d6c' }] }] };
    live.server.override('events:ListTargetsByRule', nightlyTarget((t) => (t.Input = JSON.stringify(input))));
    const inv = await collectFrom(live.server, live.endpoint);
    const dir = tempDir();
    writeSnapshot(join(dir, 'snap.json'), 'snap.json', toSnapshot(inv, new Date()));
    const text = readFileSync(join(dir, 'snap.json'), 'utf8');
    expect(text).not.toContain('tok-sched-9f8e7d6c');
    expect(text).toContain('nightly');
    const outcome = await runScan({ targets: [], inventory: 'snap.json', cwd: dir, rulesDirs: [], config: false, today: '2026-11-24' });
    const found = outcome.results.filter((r) => r.ruleId === 'ecs-scheduled-task-no-plaintext-secrets' && r.status === 'fail');
    expect(found.map((r) => [r.resource.name, r.location.pointer, r.data?.name])).toEqual([['EventBridge rule nightly (target shop-report)', '/overrides/containerOverrides/0/environment/1/value', 'API_TOKEN']]);
  });

  it('never hold a plaintext secret of a state machine\'s RunTask overrides, and still report it at the state', async () => {
    live.server.override('states:DescribeStateMachine', etlDefinition((p) => p.Overrides.ContainerOverrides[0].Environment.push({ Name: 'API_TOKEN', Value: 'tok-sfn-9f8e7d6c' })));
    const inv = await collectFrom(live.server, live.endpoint);
    const dir = tempDir();
    writeSnapshot(join(dir, 'snap.json'), 'snap.json', toSnapshot(inv, new Date()));
    expect(readFileSync(join(dir, 'snap.json'), 'utf8')).not.toContain('tok-sfn-9f8e7d6c');
    const outcome = await runScan({ targets: [], inventory: 'snap.json', cwd: dir, rulesDirs: [], config: false, today: '2026-11-24' });
    const found = outcome.results.filter((r) => r.ruleId === 'ecs-scheduled-task-no-plaintext-secrets' && r.status !== 'pass');
    expect(found.map((r) => [r.status, r.resource.name, r.location.pointer, r.data?.name])).toEqual([['fail', 'Step Functions state machine shop-etl (state Transform)', '/overrides/containerOverrides/0/environment/1/value', 'API_TOKEN']]);
  });

  it('a running task\'s overrides keep no plaintext secret in the snapshot, are still reported, and the revision it runs is described', async () => {
    live.server.override('ecs:DescribeTasks', migrationTask((t) => {
      t.overrides.containerOverrides[0].environment.push({ name: 'API_TOKEN', value: 'tok-task-9f8e7d6c' });
      t.taskDefinitionArn = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-web:0';
    }));
    const inv = await collectFrom(live.server, live.endpoint);
    expect(live.server.log.filter((l) => l.action === 'DescribeTaskDefinition').map((l) => l.params.taskDefinition)).toContain('arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-web:0');
    // the service's own task is the service's: not a task of its own here
    expect(inv.resources.filter((r) => r.type === 'ecs:scheduled-task' && r.id.includes(':task/')).map((r) => r.name)).toEqual(['ECS task 5b6c7d8e9f0a1b2c3d4e5f6071829304 on cluster shop (started by ci-release)']);
    // the VPC its interface is in runs tasks
    expect(inv.resources.find((r) => r.type === 'ec2:vpc')!.data.UsedBy).toContain('arn:aws:ecs:eu-west-1:123456789012:task/shop/5b6c7d8e9f0a1b2c3d4e5f6071829304');
    const dir = tempDir();
    writeSnapshot(join(dir, 'snap.json'), 'snap.json', toSnapshot(inv, new Date()));
    expect(readFileSync(join(dir, 'snap.json'), 'utf8')).not.toContain('tok-task-9f8e7d6c');
    const outcome = await runScan({ targets: [], inventory: 'snap.json', cwd: dir, rulesDirs: [], config: false, today: '2026-11-24' });
    const found = outcome.results.filter((r) => r.ruleId === 'ecs-scheduled-task-no-plaintext-secrets' && r.status !== 'pass');
    expect(found.map((r) => [r.status, r.location.pointer, r.data?.name])).toEqual([['fail', '/overrides/containerOverrides/0/environment/1/value', 'API_TOKEN']]);
  });

  it('a state machine whose definition cannot be read leaves its tasks unknown, naming the call', async () => {
    live.server.fault('states:DescribeStateMachine', { kind: 'access-denied', times: 100 });
    const { results } = await statusOf('ecs-scheduled-task-no-public-ip');
    const unknown = results.filter((r) => r.status === 'unknown').map((r) => [r.resource.name, r.reason]);
    expect(unknown).toContainEqual(['Step Functions state machine shop-etl', expect.stringMatching(/^states:DescribeStateMachine of shop-etl failed/)]);
  });

  it('validate against schemas/snapshot.schema.json and keep no secret values', async () => {
    live.server.override('ecs:DescribeTaskDefinition', () => json(withEnv({ name: 'NOTE', value: 'x' })));
    const inv = await collectFrom(live.server, live.endpoint);
    const dir = tempDir();
    writeSnapshot(join(dir, 's.json'), 's.json', toSnapshot(inv, new Date()));
    const snap = JSON.parse(readFileSync(join(dir, 's.json'), 'utf8'));
    const { default: Ajv } = await import('ajv');
    const validate = new Ajv({ strict: false }).compile(JSON.parse(readFileSync(new URL('../../schemas/snapshot.schema.json', import.meta.url), 'utf8')));
    expect(validate(snap), JSON.stringify(validate.errors)).toBe(true);
    expect(snap.resources.filter((r: any) => r.type === 'ssm:parameter').every((r: any) => !('Value' in r.data))).toBe(true);
  });

  it('a broken snapshot is a one-line error naming the file and line', async () => {
    const dir = tempDir({ 'snap.json': '{"schemaVersion": "1.0", "tool": {"name": "ecsguard", "version": "0"}, "collectedAt": "x",\n "scope": {"accounts": [], "regions": [], "allRevisions": false},\n "resources": [{"type": "ecs:task-definition"}], "gaps": [], "calls": {"total": 0, "failed": 0, "byOperation": {}}}' });
    const outcome = await runScan({ targets: [], inventory: 'snap.json', cwd: dir, rulesDirs: [], config: false, today: '2026-11-24' });
    expect(outcome.exitCode).toBe(2);
    expect(outcome.errors.map((e) => e.format())).toEqual(['snap.json:3:16: invalid inventory snapshot: resources.0 lacks the required field "id"']);
  });
});

describe('accounts without a kind of resource', () => {
  it('an account whose rules, schedules, state machines and running tasks start no ECS task outside a service is not-applicable for the scheduled task checks', async () => {
    live.server.override('events:ListTargetsByRule', () => json({ Targets: [{ Id: 'to-logs', Arn: 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/events/ecs' }] }));
    // the recorded `notify` machine invokes Lambda only
    live.server.override('states:ListStateMachines', () => json({ stateMachines: [{ stateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:notify', name: 'notify', type: 'STANDARD', creationDate: 1764547200 }] }));
    // and the cluster runs its service's task only
    live.server.override('ecs:ListTasks', () => json({ taskArns: ['arn:aws:ecs:eu-west-1:123456789012:task/shop/0f9a1c2b3d4e5f60718293a4b5c6d7e8'] }));
    live.server.override('ecs:DescribeTasks', (params) => json(edited('DescribeTasks', (b) => (b.tasks = b.tasks.filter((t: any) => (params.tasks as string[]).includes(t.taskArn))))));
    live.server.override('scheduler:ListSchedules', () => json({ Schedules: [{ Name: 'cleanup', GroupName: 'default', Arn: 'arn:aws:scheduler:eu-west-1:123456789012:schedule/default/cleanup', Target: { Arn: 'arn:aws:lambda:eu-west-1:123456789012:function:cleanup' } }] }));
    const { status, results } = await statusOf('ecs-scheduled-task-no-public-ip');
    expect(status).toBe('none');
    expect(results).toEqual([expect.objectContaining({ status: 'not-applicable', reason: 'account 123456789012 has no ecs:scheduled-task in the regions collected' })]);
  });

  it('a Fargate-only account is not-applicable for ecs-imds-blocked', async () => {
    live.server.override('ecs:ListContainerInstances', () => json({ containerInstanceArns: [] }));
    const { status, results } = await statusOf('ecs-imds-blocked');
    expect(status).toBe('none');
    expect(results).toEqual([expect.objectContaining({ status: 'not-applicable', reason: 'account 123456789012 has no ec2:container-instance in the regions collected' })]);
  });

  it('--all-revisions lists every ACTIVE revision', async () => {
    const inv = await collectFrom(live.server, live.endpoint, { allRevisions: true });
    expect(live.server.log.find((l) => l.action === 'ListTaskDefinitions')!.params).toEqual({ familyPrefix: 'shop-web', status: 'ACTIVE', sort: 'DESC', maxResults: 100 });
    expect(inv.resources.filter((r) => r.type === 'ecs:task-definition')).toHaveLength(1);
  });
});

describe('ecsguard controls on a snapshot', () => {
  it('rolls the live checks up by control statement', async () => {
    const inv = await collectFrom(live.server, live.endpoint);
    const dir = tempDir();
    writeSnapshot(join(dir, 'snap.json'), 'snap.json', toSnapshot(inv, new Date()));
    const { runCli } = await import('../helpers.js');
    const r = runCli(['controls', '--inventory', 'snap.json', '--framework', 'runbook', '--format', 'json', '--no-config'], dir);
    const controls = JSON.parse(r.stdout).controls;
    // the rules each control lists are the catalogue's: only the ones these statuses rest on are named
    const control = (id: string) => controls.find((c: any) => c.id === id);
    expect(control('3')).toMatchObject({ status: 'fail', rules: expect.arrayContaining(['ecs-secrets-customer-kms']) });
    expect(control('3').rules).not.toContain('kms-key-origin'); // off by default
    expect(control('6').status).toBe('fail');
    // the recorded account uses neither EFS volumes nor Service Connect: control 2 has nothing to check
    expect(control('2')).toMatchObject({ status: 'not-applicable', rules: expect.arrayContaining(['ecs-efs-transit-encryption', 'ecs-service-connect-tls']) });
    expect(control('ops-3')).toMatchObject({ status: 'off', rules: [], offRules: expect.arrayContaining(['ecs-xray-daemon']) });
  });
});
