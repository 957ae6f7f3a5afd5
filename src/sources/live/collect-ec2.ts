// EC2: the VPCs that run tasks or container instances (through the services' subnets, the
// interfaces of tasks no service started and the instances), with their VPC endpoints and flow logs; container instances' metadata options and
// user data; the launch templates they come from.
import {
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  paginateDescribeFlowLogs,
  paginateDescribeVpcEndpoints,
} from '@aws-sdk/client-ec2';
import type { JsonObject, JsonValue } from '../../util/json.js';
import { chunks, forEachLimited, pagesOf } from './calls.js';
import { namesIn, objectsIn, plain, type CollectContext } from './context.js';
import type { SnapshotResource } from '../../inventory/snapshot.js';
import type { EcsInventory } from './collect-ecs.js';
import { summariseUserData } from '../../inventory/user-data.js';


export async function collectEc2(ctx: CollectContext, ecs: EcsInventory): Promise<void> {
  const { clients, tracker } = ctx;
  const where = { account: ctx.account, region: ctx.region };
  const vpcUsers = new Map<string, Set<string>>();
  const use = (vpc: string | undefined, user: string) => {
    if (!vpc) return;
    if (!vpcUsers.has(vpc)) vpcUsers.set(vpc, new Set());
    vpcUsers.get(vpc)!.add(user);
  };
  const vpcTypes = { types: ['ec2:vpc'] };

  // services -> subnets -> VPCs
  const subnetUsers = new Map<string, Set<string>>();
  for (const s of ecs.services) {
    const subnets = ((s.data.networkConfiguration as JsonObject | undefined)?.awsvpcConfiguration as JsonObject | undefined)?.subnets as string[] | undefined;
    for (const subnet of namesIn(subnets)) {
      if (!subnetUsers.has(subnet)) subnetUsers.set(subnet, new Set());
      subnetUsers.get(subnet)!.add(s.id);
    }
  }
  for (const batch of chunks([...subnetUsers.keys()], 200)) {
    const r = await tracker.call(where, 'ec2', 'DescribeSubnets', vpcTypes, () => clients.ec2.send(new DescribeSubnetsCommand({ SubnetIds: batch })));
    for (const sn of objectsIn(r?.Subnets)) for (const user of subnetUsers.get(sn.SubnetId!) ?? []) use(sn.VpcId, user);
  }

  // running tasks no service started: their interfaces named the VPC
  for (const t of ecs.taskVpcs) use(t.vpc, t.task);

  // container instances -> EC2 instances (metadata options, user data, launch template)
  const instanceIds = ecs.containerInstances.map((ci) => ci.data.ec2InstanceId as string).filter(Boolean);
  const launchTemplates = new Set<string>();
  for (const batch of chunks(instanceIds, 100)) {
    const r = await tracker.call(where, 'ec2', 'DescribeInstances', { types: ['ec2:container-instance', 'ec2:vpc'] }, () => clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: batch })));
    for (const instance of objectsIn(r?.Reservations).flatMap((res) => objectsIn(res.Instances))) {
      const ci = ecs.containerInstances.find((c) => c.data.ec2InstanceId === instance.InstanceId);
      const lt = instance.Tags?.find((t) => t.Key === 'aws:ec2launchtemplate:id')?.Value;
      if (lt) launchTemplates.add(lt);
      use(instance.VpcId, instance.InstanceId!);
      const data: JsonObject = { Instance: plain(instance), ContainerInstance: (ci?.data ?? {}) as JsonObject, Cluster: ci?.cluster ?? null };
      if (lt) data.LaunchTemplateId = lt;
      ctx.sink.add({ type: 'ec2:container-instance', id: instance.InstanceId!, name: instance.InstanceId!, account: ctx.account, region: ctx.region, data });
    }
  }
  await forEachLimited(instanceIds, 4, async (id) => {
    const res = ctx.sink.get('ec2:container-instance', ctx.account, id);
    if (!res) return;
    const r = await tracker.call(where, 'ec2', 'DescribeInstanceAttribute', { resources: [id] }, () => clients.ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: id, Attribute: 'userData' })));
    // the snapshot keeps what the checks need, never the text (it can hold credentials)
    if (r) res.data.UserDataSummary = summariseUserData(r.UserData?.Value ?? '') as unknown as JsonObject;
    else res.gaps = { ...(res.gaps ?? {}), userData: 'ec2:DescribeInstanceAttribute failed' };
  });
  await forEachLimited([...launchTemplates], 4, async (lt) => {
    const r = await tracker.call(where, 'ec2', 'DescribeLaunchTemplateVersions', { resources: [lt] }, () => clients.ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: lt, Versions: ['$Latest'] })));
    const v = r?.LaunchTemplateVersions?.[0];
    if (!v) return;
    const data = plain(v);
    const template = data.LaunchTemplateData as JsonObject | undefined;
    if (template && typeof template.UserData === 'string') {
      template.UserDataSummary = summariseUserData(template.UserData) as unknown as JsonObject;
      delete template.UserData;
    }
    ctx.sink.add({ type: 'ec2:launch-template', id: lt, name: v.LaunchTemplateName ?? lt, account: ctx.account, region: ctx.region, data });
  });

  // the VPCs, with endpoints and flow logs
  const vpcIds = [...vpcUsers.keys()];
  const vpcs: SnapshotResource[] = [];
  for (const batch of chunks(vpcIds, 100)) {
    const r = await tracker.call(where, 'ec2', 'DescribeVpcs', vpcTypes, () => clients.ec2.send(new DescribeVpcsCommand({ VpcIds: batch })));
    for (const v of objectsIn(r?.Vpcs)) {
      const data = plain(v);
      data.UsedBy = [...(vpcUsers.get(v.VpcId!) ?? [])].sort();
      const vpc = ctx.sink.add({ type: 'ec2:vpc', id: v.VpcId!, name: v.VpcId!, account: ctx.account, region: ctx.region, data });
      if (vpc) vpcs.push(vpc);
    }
  }
  await forEachLimited(vpcs, 4, async (vpc) => {
    const endpoints = await tracker.call(where, 'ec2', 'DescribeVpcEndpoints', { resources: [vpc.id] }, () => pagesOf(paginateDescribeVpcEndpoints({ client: clients.ec2 }, { Filters: [{ Name: 'vpc-id', Values: [vpc.id] }] })));
    if (endpoints) vpc.data.VpcEndpoints = plain({ e: endpoints.flatMap((p) => objectsIn(p.VpcEndpoints)) }).e as JsonValue;
    else vpc.gaps = { ...(vpc.gaps ?? {}), endpoints: 'ec2:DescribeVpcEndpoints failed' };
    const flowLogs = await tracker.call(where, 'ec2', 'DescribeFlowLogs', { resources: [vpc.id] }, () => pagesOf(paginateDescribeFlowLogs({ client: clients.ec2 }, { Filter: [{ Name: 'resource-id', Values: [vpc.id] }] })));
    if (flowLogs) vpc.data.FlowLogs = plain({ f: flowLogs.flatMap((p) => objectsIn(p.FlowLogs)) }).f as JsonValue;
    else vpc.gaps = { ...(vpc.gaps ?? {}), flowLogs: 'ec2:DescribeFlowLogs failed' };
  });
}
