// Running tasks that no service started: tasks a pipeline, a script or a person started with
// RunTask, or a schedule or state machine started. Each is a scheduled task as its launcher's
// definition is, but with what it actually runs with: the overrides it was given (a value a state
// machine took from its input is written out here), its platform version, and whether its network
// interface has a public IP (RunTask's assignPublicIp, read from the interface itself). The task
// definition revision each runs is described as well, old revisions included.
import { DescribeNetworkInterfacesCommand } from '@aws-sdk/client-ec2';
import { DescribeTasksCommand, paginateListTasks, type Task } from '@aws-sdk/client-ecs';
import { unseen } from '../../inventory/computed.js';
import { chunks, pagesOf } from './calls.js';
import { namesIn, objectsIn, plain, type CollectContext } from './context.js';
import type { JsonObject, JsonValue } from '../../util/json.js';

/** Why a running task's public IP is not known: its interface was not read, or is gone. */
const INTERFACE_UNREAD = "the task's network interface could not be read (ec2:DescribeNetworkInterfaces)";
const INTERFACE_GONE = "the task's network interface is no longer there (the task stopped)";
const INTERFACE_PENDING = "the task's network interface is not created yet (the task is starting)";

/** A VPC a running task's interface is in, by the task: the VPCs that run tasks are audited too. */
export interface TaskVpc {
  vpc: string;
  task: string;
}

export async function collectStandaloneTasks(ctx: CollectContext, cluster: string, describeTaskDefinition: (arn: string) => void): Promise<TaskVpc[]> {
  const vpcs: TaskVpc[] = [];
  const where = { account: ctx.account, region: ctx.region };
  const pages = await ctx.tracker.call(where, 'ecs', 'ListTasks', { types: ['ecs:scheduled-task'], resources: [cluster] }, () => pagesOf(paginateListTasks({ client: ctx.clients.ecs, pageSize: 100 }, { cluster })));
  const arns = namesIn((pages ?? []).flatMap((p) => p.taskArns ?? []));
  await Promise.all(
    chunks(arns, 100).map(async (batch) => {
      const r = await ctx.tracker.call(where, 'ecs', 'DescribeTasks', { types: ['ecs:scheduled-task'], resources: batch }, () => ctx.clients.ecs.send(new DescribeTasksCommand({ cluster, tasks: batch })));
      if (!r) return;
      // a task that stopped and was cleaned up between the listing and the describe is MISSING: gone, not unseen
      for (const f of objectsIn(r.failures)) {
        if (typeof f.arn === 'string' && f.arn !== '' && f.reason !== 'MISSING') ctx.sink.addUnseen('ecs:scheduled-task', [f.arn], where, `ecs:DescribeTasks in ${ctx.region} did not describe it (${String(f.reason ?? 'no reason given').slice(0, 200)})`, taskLabel);
      }
      const standalone = objectsIn(r.tasks).filter((t) => typeof t.taskArn === 'string' && t.taskArn !== '' && !startedByService(t));
      const interfaces = await readInterfaces(ctx, standalone.flatMap((t) => interfaceOf(t)?.id ?? []));
      for (const t of standalone) {
        if (typeof t.taskDefinitionArn === 'string' && t.taskDefinitionArn !== '') describeTaskDefinition(t.taskDefinitionArn);
        const launcher = launcherOf(t, cluster);
        ctx.sink.add({ type: 'ecs:scheduled-task', id: t.taskArn!, name: launcher, account: ctx.account, region: ctx.region, data: taskData(t, launcher, interfaces) });
        const vpc = interfaces?.get(interfaceOf(t)?.id ?? '')?.vpc;
        if (vpc) vpcs.push({ vpc, task: t.taskArn! });
      }
    }),
  );
  return vpcs;
}

/** A service's tasks are in group `service:NAME`, started by `ecs-svc/...`: the service is checked for them. */
function startedByService(t: Task): boolean {
  return (typeof t.group === 'string' && t.group.startsWith('service:')) || (typeof t.startedBy === 'string' && t.startedBy.startsWith('ecs-svc/'));
}

function taskLabel(arn: string): string {
  return `ECS task ${arn.slice(arn.lastIndexOf('/') + 1)}`;
}

function launcherOf(t: Task, cluster: string): string {
  const by = typeof t.startedBy === 'string' && t.startedBy !== '' ? `started by ${t.startedBy.slice(0, 128)}` : 'started with RunTask';
  return `${taskLabel(t.taskArn!)} on cluster ${cluster.slice(cluster.lastIndexOf('/') + 1)} (${by})`;
}

/**
 * The network interface of an awsvpc task, from its attachment (without an id while the task is
 * still starting); undefined for bridge and host tasks, which have none.
 */
function interfaceOf(t: Task): { id?: string; subnet?: string } | undefined {
  const attachment = objectsIn(t.attachments).find((a) => a.type === 'ElasticNetworkInterface');
  if (!attachment) return undefined;
  const details = new Map(objectsIn(attachment.details).map((d) => [d.name, d.value]));
  const out: { id?: string; subnet?: string } = {};
  const id = details.get('networkInterfaceId');
  const subnet = details.get('subnetId');
  if (typeof id === 'string' && id !== '') out.id = id;
  if (typeof subnet === 'string' && subnet !== '') out.subnet = subnet;
  return out;
}

/** What a task's interface says: whether it has a public IP (RunTask's assignPublicIp), and its VPC. */
interface InterfaceFacts {
  assignPublicIp: 'ENABLED' | 'DISABLED';
  vpc?: string;
}

/**
 * Each interface's facts; undefined when the call failed. A filter, not NetworkInterfaceIds, so
 * an interface deleted meanwhile is left out of the answer rather than failing the call.
 */
async function readInterfaces(ctx: CollectContext, ids: readonly string[]): Promise<Map<string, InterfaceFacts> | undefined> {
  const out = new Map<string, InterfaceFacts>();
  const where = { account: ctx.account, region: ctx.region };
  for (const batch of chunks([...new Set(ids)], 200)) {
    const r = await ctx.tracker.call(where, 'ec2', 'DescribeNetworkInterfaces', { resources: batch }, () => ctx.clients.ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'network-interface-id', Values: batch }] })));
    if (!r) return undefined;
    for (const eni of objectsIn(r.NetworkInterfaces)) {
      if (typeof eni.NetworkInterfaceId !== 'string') continue;
      const ip = eni.Association?.PublicIp;
      const facts: InterfaceFacts = { assignPublicIp: typeof ip === 'string' && ip !== '' ? 'ENABLED' : 'DISABLED' };
      if (typeof eni.VpcId === 'string' && eni.VpcId !== '') facts.vpc = eni.VpcId;
      out.set(eni.NetworkInterfaceId, facts);
    }
  }
  return out;
}

/** The running task in RunTask's field names, as a scheduled task's data. */
function taskData(t: Task, launcher: string, interfaces: Map<string, InterfaceFacts> | undefined): JsonObject {
  const data: JsonObject = { launcher };
  const copy = (field: keyof Task & string, as: string = field) => {
    const value = t[field];
    if (typeof value === 'string' && value !== '') data[as] = value;
  };
  copy('taskDefinitionArn', 'taskDefinition');
  copy('launchType');
  copy('platformVersion');
  copy('platformFamily');
  copy('startedBy');
  copy('group');
  if (typeof t.capacityProviderName === 'string' && t.capacityProviderName !== '') data.capacityProviderStrategy = [{ capacityProvider: t.capacityProviderName }];
  if (t.overrides) data.overrides = plain(t.overrides) as JsonValue;
  const eni = interfaceOf(t);
  if (eni) {
    const state = eni.id === undefined ? unseen(INTERFACE_PENDING) : interfaces === undefined ? unseen(INTERFACE_UNREAD) : (interfaces.get(eni.id)?.assignPublicIp ?? unseen(INTERFACE_GONE));
    data.networkConfiguration = { awsvpcConfiguration: { ...(eni.subnet ? { subnets: [eni.subnet] } : {}), assignPublicIp: state } };
  }
  return data;
}
