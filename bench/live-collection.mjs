#!/usr/bin/env node
// Benchmark (not a test): a live collection of a synthetic account served on loopback with a
// fixed latency per call: 1,000 task definitions over 4 regions (250 families a region, 50
// services, 10 shared execution roles, a parameter per task, a secret for every fifth, a log
// group each). Reports the calls made against the minimum the APIs allow, and the wall time
// against calls / concurrency x latency. With --throttle, every action is throttled once
// (ThrottlingException on its first call) and the collection runs in standard and in adaptive retry
// mode, for their wall times. Usage: node bench/live-collection.mjs [latencyMs] [concurrency] [--throttle]
// WARM=1 runs one collection first (the SDK's lazily loaded modules then cost nothing in the
// measured one); TIMELINE=1 prints the requests in flight at the server, 250 ms at a time.
//
// The synthetic AWS runs in a worker thread, as AWS runs elsewhere: its own work (HTTP parsing,
// building answers) does not count against the collector's time on the main thread.
import { once } from 'node:events';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = isMainThread ? process.argv.slice(2) : workerData.argv;
const args = argv.filter((a) => !a.startsWith('--'));
const THROTTLE = argv.includes('--throttle');
const LATENCY = Number(args[0] ?? 50);
const CONCURRENCY = Number(args[1] ?? 16);
const REGIONS = ['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];
const FAMILIES = 250, SERVICES = 50, ROLES = 10, ACCT = '123456789012';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const fam = (r, i) => `app-${r}-${i}`;
const tdArn = (r, i) => `arn:aws:ecs:${r}:${ACCT}:task-definition/${fam(r, i)}:3`;
const keyArn = (r) => `arn:aws:kms:${r}:${ACCT}:key/key-${r}`;
function taskDefinition(r, i) {
  const secrets = [{ name: 'DB_PASSWORD', valueFrom: `/app/${r}/${i}/db` }];
  if (i % 5 === 0) secrets.push({ name: 'API_KEY', valueFrom: `arn:aws:secretsmanager:${r}:${ACCT}:secret:app-${i}-AbCdEf` });
  return {
    taskDefinitionArn: tdArn(r, i), family: fam(r, i), revision: 3, status: 'ACTIVE', networkMode: 'awsvpc',
    executionRoleArn: `arn:aws:iam::${ACCT}:role/exec-${i % ROLES}`,
    containerDefinitions: [{ name: 'web', image: `${ACCT}.dkr.ecr.${r}.amazonaws.com/app:${i}`, secrets, environment: [{ name: 'MODE', value: 'live' }],
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': `/ecs/${fam(r, i)}`, 'awslogs-region': r, 'awslogs-stream-prefix': 'web' } } }],
  };
}
const page = (items, token, size) => { const start = token ? Number(token) : 0; const next = start + size < items.length ? String(start + size) : undefined; return [items.slice(start, start + size), next]; };
const iamDoc = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameters', Resource: `arn:aws:ssm:*:${ACCT}:parameter/app/*` }] }));

function jsonAnswer(service, action, p, r) {
  switch (`${service}:${action}`) {
    case 'ecs:ListClusters': return { clusterArns: [`arn:aws:ecs:${r}:${ACCT}:cluster/main`] };
    case 'ecs:DescribeClusters': return { clusters: [{ clusterArn: `arn:aws:ecs:${r}:${ACCT}:cluster/main`, clusterName: 'main', settings: [{ name: 'containerInsights', value: 'enabled' }] }], failures: [] };
    case 'ecs:ListServices': { const all = Array.from({ length: SERVICES }, (_, i) => `arn:aws:ecs:${r}:${ACCT}:service/main/svc-${i}`); const [items, next] = page(all, p.nextToken, p.maxResults ?? 10); return { serviceArns: items, ...(next ? { nextToken: next } : {}) }; }
    case 'ecs:DescribeServices': return { services: p.services.map((a) => { const i = Number(a.split('-').pop()); return { serviceArn: a, serviceName: `svc-${i}`, launchType: 'FARGATE', taskDefinition: tdArn(r, i), networkConfiguration: { awsvpcConfiguration: { subnets: [`subnet-${r}`], assignPublicIp: 'DISABLED' } } }; }), failures: [] };
    case 'ecs:ListContainerInstances': return { containerInstanceArns: [] };
    // each service runs one task; no task runs outside a service
    case 'ecs:ListTasks': { const all = Array.from({ length: SERVICES }, (_, i) => `arn:aws:ecs:${r}:${ACCT}:task/main/t${i}`); const [items, next] = page(all, p.nextToken, p.maxResults ?? 100); return { taskArns: items, ...(next ? { nextToken: next } : {}) }; }
    case 'ecs:DescribeTasks': return { tasks: p.tasks.map((a) => { const i = Number(a.split('/t').pop()); return { taskArn: a, group: `service:svc-${i}`, startedBy: 'ecs-svc/1', taskDefinitionArn: tdArn(r, i), launchType: 'FARGATE', platformVersion: '1.4.0' }; }), failures: [] };
    case 'ecs:ListTaskDefinitionFamilies': { const all = Array.from({ length: FAMILIES }, (_, i) => fam(r, i)); const [items, next] = page(all, p.nextToken, p.maxResults ?? 100); return { families: items, ...(next ? { nextToken: next } : {}) }; }
    case 'ecs:ListTaskDefinitions': return { taskDefinitionArns: [tdArn(r, Number(p.familyPrefix.split('-').pop()))] };
    case 'ecs:DescribeTaskDefinition': return { taskDefinition: taskDefinition(r, Number(p.taskDefinition.split(':')[5].split('-').pop())), tags: [] };
    case 'ssm:DescribeParameters': return { Parameters: p.ParameterFilters[0].Values.map((n) => ({ Name: n, Type: 'SecureString', KeyId: 'alias/app', Tier: 'Standard' })) };
    case 'secretsmanager:DescribeSecret': return { ARN: p.SecretId, Name: p.SecretId.split(':')[6], KmsKeyId: 'alias/app' };
    case 'kms:ListAliases': return { Aliases: [{ AliasName: 'alias/app', TargetKeyId: `key-${r}`, AliasArn: `arn:aws:kms:${r}:${ACCT}:alias/app` }], Truncated: false };
    case 'kms:DescribeKey': return { KeyMetadata: { KeyId: `key-${r}`, Arn: keyArn(r), KeyManager: 'CUSTOMER', Origin: 'AWS_KMS', KeySpec: 'SYMMETRIC_DEFAULT' } };
    case 'logs:DescribeLogGroups': return { logGroups: (p.logGroupIdentifiers ?? [p.logGroupNamePrefix]).map((n) => ({ logGroupName: n, kmsKeyId: keyArn(r), retentionInDays: 90 })) };
    case 'cloudtrail:DescribeTrails': return { trailList: [{ Name: 'org', TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCT}:trail/org`, IsMultiRegionTrail: true, HomeRegion: 'us-east-1', HasCustomEventSelectors: false }] };
    case 'cloudtrail:GetTrailStatus': return { IsLogging: true };
    case 'cloudtrail:GetEventSelectors': return { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] };
    case 'states:ListStateMachines': return { stateMachines: [] };
    case 'events:ListEventBuses': return { EventBuses: [{ Name: 'default', Arn: `arn:aws:events:${r}:${ACCT}:event-bus/default` }] };
    case 'events:ListRules': return { Rules: [{ Name: 'ecs', Arn: `arn:aws:events:${r}:${ACCT}:rule/ecs`, State: 'ENABLED', EventPattern: '{"source":["aws.ecs"]}' }] };
    case 'events:ListTargetsByRule': return { Targets: [{ Id: 'to-logs', Arn: `arn:aws:logs:${r}:${ACCT}:log-group:/aws/events/ecs` }] };
  }
  return undefined;
}
function xmlAnswer(service, action, p, r) {
  const ec2 = (body) => `<?xml version="1.0" encoding="UTF-8"?><${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">${body}<requestId>r</requestId></${action}Response>`;
  const iam = (body) => `<${action}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><${action}Result>${body}</${action}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${action}Response>`;
  switch (`${service}:${action}`) {
    case 'sts:GetCallerIdentity': return `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Account>${ACCT}</Account><Arn>arn:aws:iam::${ACCT}:user/bench</Arn><UserId>AIDA</UserId></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
    case 'iam:GetRole': return iam(`<Role><RoleName>${p.RoleName}</RoleName><Arn>arn:aws:iam::${ACCT}:role/${p.RoleName}</Arn><Path>/</Path><RoleId>AROA</RoleId><CreateDate>2026-01-01T00:00:00Z</CreateDate></Role>`);
    case 'iam:ListRolePolicies': return iam('<PolicyNames><member>params</member></PolicyNames><IsTruncated>false</IsTruncated>');
    case 'iam:GetRolePolicy': return iam(`<RoleName>${p.RoleName}</RoleName><PolicyName>params</PolicyName><PolicyDocument>${iamDoc}</PolicyDocument>`);
    case 'iam:ListAttachedRolePolicies': return iam('<AttachedPolicies><member><PolicyName>AmazonECSTaskExecutionRolePolicy</PolicyName><PolicyArn>arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy</PolicyArn></member></AttachedPolicies><IsTruncated>false</IsTruncated>');
    case 'iam:GetPolicy': return iam(`<Policy><PolicyName>AmazonECSTaskExecutionRolePolicy</PolicyName><Arn>${p.PolicyArn}</Arn><DefaultVersionId>v1</DefaultVersionId></Policy>`);
    case 'iam:GetPolicyVersion': return iam(`<PolicyVersion><Document>${encodeURIComponent('{"Version":"2012-10-17","Statement":[]}')}</Document><VersionId>v1</VersionId><IsDefaultVersion>true</IsDefaultVersion></PolicyVersion>`);
    case 'ec2:DescribeSubnets': return ec2(`<subnetSet><item><subnetId>subnet-${r}</subnetId><vpcId>vpc-${r}</vpcId></item></subnetSet>`);
    case 'ec2:DescribeVpcs': return ec2(`<vpcSet><item><vpcId>vpc-${r}</vpcId><state>available</state></item></vpcSet>`);
    case 'ec2:DescribeVpcEndpoints': return ec2('<vpcEndpointSet/>');
    case 'ec2:DescribeFlowLogs': return ec2('<flowLogSet/>');
  }
  return undefined;
}

if (!isMainThread) {
  // counters shared with the main thread: [requests served, requests in flight]
  const counters = new Int32Array(workerData.shared);
  let throttled = new Set();
  parentPort.on('message', (m) => {
    if (m === 'reset') {
      throttled = new Set();
      Atomics.store(counters, 0, 0);
      parentPort.postMessage('reset');
    }
  });
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const c of req) body += c;
    Atomics.add(counters, 0, 1);
    Atomics.add(counters, 1, 1);
    res.on('finish', () => Atomics.sub(counters, 1, 1));
    const region = /Credential=[^/]+\/[0-9]+\/([a-z0-9-]+)\//.exec(String(req.headers.authorization))?.[1] ?? 'us-east-1';
    const target = req.headers['x-amz-target'];
    await new Promise((r) => setTimeout(r, LATENCY));
    if (req.method === 'GET' && req.url.startsWith('/schedules')) {
      // EventBridge Scheduler (restJson1): the synthetic account has no schedules
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ Schedules: [] }));
      return;
    }
    const action = target ?? new URLSearchParams(body).get('Action');
    if (THROTTLE && !throttled.has(action)) {
      throttled.add(action);
      if (target) {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }));
      } else {
        res.writeHead(400, { 'content-type': 'text/xml' });
        res.end('<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>');
      }
      return;
    }
    if (target) {
      const dot = target.lastIndexOf('.');
      const prefix = target.slice(0, dot);
      const service = { AmazonEC2ContainerServiceV20141113: 'ecs', AmazonSSM: 'ssm', TrentService: 'kms', Logs_20140328: 'logs', secretsmanager: 'secretsmanager', AWSEvents: 'events', AWSStepFunctions: 'states' }[prefix] ?? (prefix.includes('CloudTrail') ? 'cloudtrail' : prefix);
      const out = jsonAnswer(service, target.slice(dot + 1), body ? JSON.parse(body) : {}, region);
      res.writeHead(out ? 200 : 400, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(out ?? { __type: 'ValidationException', message: `bench has no ${target}` }));
    } else {
      const q = new URLSearchParams(body);
      const service = { '2010-05-08': 'iam', '2016-11-15': 'ec2', '2011-06-15': 'sts' }[q.get('Version')];
      const out = xmlAnswer(service, q.get('Action'), Object.fromEntries(q), region);
      res.writeHead(out ? 200 : 400, { 'content-type': 'text/xml' });
      res.end(out ?? `<ErrorResponse><Error><Code>InvalidAction</Code><Message>bench has no ${q.get('Action')}</Message></Error></ErrorResponse>`);
    }
  });
  server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
} else {
const counters = new Int32Array(new SharedArrayBuffer(8));
const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { argv, shared: counters.buffer } });
const [port] = await once(worker, 'message');
const endpoint = `http://127.0.0.1:${port}`;
const busy = []; // [time, in flight] samples, for TIMELINE=1
// The fewest calls these APIs allow for this account, with their page and batch sizes.
const perRegion = 1 /* ListClusters */ + 1 /* DescribeClusters */ + Math.ceil(SERVICES / 100) /* ListServices */ + Math.ceil(SERVICES / 10) /* DescribeServices */
  + 1 /* ListContainerInstances */ + Math.ceil(SERVICES / 100) /* ListTasks */ + Math.ceil(SERVICES / 100) /* DescribeTasks */ + Math.ceil(FAMILIES / 100) /* ListTaskDefinitionFamilies */ + FAMILIES /* ListTaskDefinitions, newest of each */
  + FAMILIES /* DescribeTaskDefinition */ + Math.ceil(FAMILIES / 50) /* DescribeParameters */ + FAMILIES / 5 /* DescribeSecret */ + Math.ceil(FAMILIES / 50) /* DescribeLogGroups */
  + 1 /* ListAliases */ + 1 /* DescribeKey */ + 4 /* subnets, vpcs, endpoints, flow logs */ + 1 /* DescribeTrails */ + 1 /* ListEventBuses */ + 1 /* ListRules */ + 1 /* ListTargetsByRule */ + 1 /* ListSchedules */ + 1 /* ListStateMachines */;
const minimum = 1 /* GetCallerIdentity */ + REGIONS.length * perRegion + ROLES * 4 + 2 /* GetPolicy, GetPolicyVersion */ + 2 /* trail status, selectors */;

const { collectInventory } = await import(join(root, 'dist/sources/live/collect.js'));
async function collect(retryMode) {
  worker.postMessage('reset');
  await once(worker, 'message');
  const started = performance.now();
  const sampler = process.env.TIMELINE ? setInterval(() => busy.push([performance.now() - started, Atomics.load(counters, 1)]), 25) : undefined;
  const inv = await collectInventory({ regions: REGIONS, allRegions: false, roleArns: [], allRevisions: false, concurrency: CONCURRENCY, endpointUrl: endpoint, credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' }, maxAttempts: 4, retryMode, timeoutMs: 30_000 });
  if (sampler) {
    clearInterval(sampler);
    // 250 ms buckets: average requests in flight (the concurrency is the ceiling)
    const buckets = new Map();
    for (const [t, n] of busy) buckets.set(Math.floor(t / 250), [...(buckets.get(Math.floor(t / 250)) ?? []), n]);
    console.log([...buckets].map(([b, ns]) => `${(b * 0.25).toFixed(2)}s:${(ns.reduce((a, x) => a + x, 0) / ns.length).toFixed(0)}`).join(' '));
  }
  return { inv, wall: performance.now() - started, calls: Atomics.load(counters, 0) };
}
if (THROTTLE) {
  console.log(`synthetic account, every action throttled once, ${LATENCY} ms per call, concurrency ${CONCURRENCY}`);
  for (const mode of ['standard', 'adaptive']) {
    const { inv, wall, calls: made } = await collect(mode);
    console.log(`${mode.padEnd(9)} retries: ${(wall / 1000).toFixed(2)} s, ${made} requests (${inv.calls.total} calls + ${inv.calls.retries} retries), ${inv.calls.failed} failed`);
  }
  process.exit(0);
}
if (process.env.WARM) console.log(`cold run: ${((await collect("standard")).wall / 1000).toFixed(2)} s`);
const { inv, wall, calls } = await collect("standard");
await worker.terminate();
const tds = inv.resources.filter((r) => r.type === 'ecs:task-definition').length;
const ideal = (calls / CONCURRENCY) * LATENCY;
console.log(`synthetic account: ${tds} task definitions over ${REGIONS.length} regions, ${LATENCY} ms per call, concurrency ${CONCURRENCY}`);
console.log(`API calls made: ${calls} (${inv.calls.failed} failed, ${inv.calls.retries} retries) vs minimum needed ${minimum}: ${(calls / minimum).toFixed(2)}x`);
console.log(`wall time: ${(wall / 1000).toFixed(2)} s vs calls / concurrency x latency = ${(ideal / 1000).toFixed(2)} s: ${(wall / ideal).toFixed(2)}x`);
const top = Object.entries(inv.calls.byOperation).sort((a, b) => b[1] - a[1]).slice(0, process.env.ALLOPS ? 99 : 5).map(([k, v]) => `${k} ${v}`).join(', ');
console.log(`most calls: ${top}`);
if (inv.gaps.length) console.log(`gaps: ${inv.gaps.slice(0, 3).map((g) => `${g.service}:${g.operation} ${g.message}`).join('; ')}`);
}
