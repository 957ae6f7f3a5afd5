// ECS: clusters (with settings), services (network configuration), the task definitions they run
// plus the latest ACTIVE revision of every family (or all revisions), container instances, and
// the running tasks no service started (collect-tasks.ts).
import { hides } from './discovery.js';
import {
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  paginateListClusters,
  paginateListContainerInstances,
  paginateListServices,
  paginateListTaskDefinitionFamilies,
  paginateListTaskDefinitions,
} from '@aws-sdk/client-ecs';
import { chunks, classifyError, forEachLimited, pagesOf } from './calls.js';
import { collectStandaloneTasks, type TaskVpc } from './collect-tasks.js';
import { namesIn, objectsIn, plain, type CollectContext } from './context.js';
import type { SnapshotResource } from '../../inventory/snapshot.js';
import type { JsonObject } from '../../util/json.js';
import { liftPrimaryDeployment } from '../../inventory/service-deployments.js';

export const TASK_DEFINITION_TYPES = ['ecs:task-definition'];

export interface EcsInventory {
  services: SnapshotResource[];
  containerInstances: Array<{ cluster: string; data: Record<string, unknown> }>;
  /** The VPCs running tasks no service started are in. */
  taskVpcs: TaskVpc[];
}


/**
 * Describes each task definition once, as soon as something names it (a service, a family's
 * newest revision), and hands it on: what it refers to is fetched while other task definitions
 * are still being listed and described.
 */
export class TaskDefinitionDescriber {
  private readonly scheduled = new Map<string, Promise<void>>();
  constructor(
    private readonly ctx: CollectContext,
    private readonly onDescribed: (td: SnapshotResource) => void,
  ) {}

  describe(arn: string): void {
    if (this.scheduled.has(arn)) return;
    // an answer that cannot be read leaves this task definition unseen, not the others
    const where = { account: this.ctx.account, region: this.ctx.region };
    const run = this.run(arn).catch((err: unknown) => this.ctx.sink.addUnseen('ecs:task-definition', [arn], where, `ecs:DescribeTaskDefinition in ${this.ctx.region}: the answer could not be read (${classifyError(err).message})`));
    this.scheduled.set(arn, run);
  }

  private async run(arn: string): Promise<void> {
    const { clients, tracker } = this.ctx;
    const where = { account: this.ctx.account, region: this.ctx.region };
    const r = await tracker.call(where, 'ecs', 'DescribeTaskDefinition', hides('ecs:task-definition', [arn]), () => clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] })), {
      onGap: (why) => this.ctx.sink.addUnseen('ecs:task-definition', [arn], where, why),
    });
    const td = r?.taskDefinition;
    if (!r) return;
    // an answer without the task definition (or its ARN) describes nothing: what was asked for is unseen
    const unseen = () => this.ctx.sink.addUnseen('ecs:task-definition', [arn], where, `ecs:DescribeTaskDefinition in ${this.ctx.region} answered without the task definition${td ? "'s ARN" : ''}`);
    if (!td || typeof td.taskDefinitionArn !== 'string' || td.taskDefinitionArn === '') return unseen();
    const data = plain(td);
    if (r.tags?.length) data.tags = plain({ t: r.tags }).t!;
    const name = typeof td.family === 'string' && typeof td.revision === 'number' ? `${td.family}:${td.revision}` : td.taskDefinitionArn.slice(td.taskDefinitionArn.lastIndexOf('/') + 1);
    const res = this.ctx.sink.add({ type: 'ecs:task-definition', id: td.taskDefinitionArn, name, account: this.ctx.account, region: this.ctx.region, data });
    if (res) this.onDescribed(res);
  }

  /** Resolves when every task definition scheduled so far (and those they schedule) is done. */
  async done(): Promise<void> {
    let seen = -1;
    while (seen !== this.scheduled.size) {
      seen = this.scheduled.size;
      await Promise.all(this.scheduled.values());
    }
  }
}

/** Clusters, their services and container instances; the task definitions services run go to the describer. */
export async function collectClusters(ctx: CollectContext, describer: TaskDefinitionDescriber): Promise<EcsInventory> {
  const { clients, tracker } = ctx;
  const where = { account: ctx.account, region: ctx.region };
  const out: EcsInventory = { services: [], containerInstances: [], taskVpcs: [] };
  const allEcs = { types: ['ecs:task-definition', 'ecs:service', 'ecs:cluster', 'ec2:container-instance'] };

  const clusterPages = await tracker.call(where, 'ecs', 'ListClusters', allEcs, () => pagesOf(paginateListClusters({ client: clients.ecs, pageSize: 100 }, {})));
  const clusterArns = namesIn((clusterPages ?? []).flatMap((p) => p.clusterArns ?? []));
  const described = Promise.all(
    chunks(clusterArns, 100).map(async (batch) => {
      const unseen = (why: string) => ctx.sink.addUnseen('ecs:cluster', batch, where, why);
      const r = await tracker.call(where, 'ecs', 'DescribeClusters', hides('ecs:cluster', batch), () => clients.ecs.send(new DescribeClustersCommand({ clusters: batch, include: ['SETTINGS', 'CONFIGURATIONS'] })), { onGap: unseen });
      const clusters = objectsIn(r?.clusters);
      for (const c of clusters) ctx.sink.add({ type: 'ecs:cluster', id: c.clusterArn!, name: c.clusterName ?? c.clusterArn!, account: ctx.account, region: ctx.region, data: plain(c) });
      if (r) unseenUndescribed(ctx, 'ecs:cluster', 'ecs:DescribeClusters', batch, clusters.map((c) => c.clusterArn), r.failures);
    }),
  );
  // every cluster the list named, described or not: a failed DescribeClusters hides no service
  await forEachLimited(clusterArns, 4, async (cluster) => {
    const pages = await tracker.call(where, 'ecs', 'ListServices', { types: ['ecs:service'], resources: [cluster] }, () => pagesOf(paginateListServices({ client: clients.ecs, pageSize: 100 }, { cluster })));
    const serviceArns = namesIn((pages ?? []).flatMap((p) => p.serviceArns ?? []));
    const services = Promise.all(
      chunks(serviceArns, 10).map(async (batch) => {
        const r = await tracker.call(where, 'ecs', 'DescribeServices', hides('ecs:service', batch), () => clients.ecs.send(new DescribeServicesCommand({ cluster, services: batch })), { onGap: (why) => ctx.sink.addUnseen('ecs:service', batch, where, why) });
        const services = objectsIn(r?.services);
        for (const s of services) {
          const res = ctx.sink.add({ type: 'ecs:service', id: s.serviceArn!, name: s.serviceName ?? s.serviceArn!, account: ctx.account, region: ctx.region, data: servicePrimaryDeployment(plain(s)) });
          if (!res) continue;
          out.services.push(res);
          if (typeof s.taskDefinition === 'string' && s.taskDefinition) describer.describe(s.taskDefinition);
          for (const d of objectsIn(s.deployments)) if (typeof d.taskDefinition === 'string' && d.taskDefinition) describer.describe(d.taskDefinition);
        }
        if (r) unseenUndescribed(ctx, 'ecs:service', 'ecs:DescribeServices', batch, services.map((s) => s.serviceArn), r.failures);
      }),
    );
    const ciPages = await tracker.call(where, 'ecs', 'ListContainerInstances', { types: ['ec2:container-instance'], resources: [cluster] }, () => pagesOf(paginateListContainerInstances({ client: clients.ecs, pageSize: 100 }, { cluster })));
    const ciArns = namesIn((ciPages ?? []).flatMap((p) => p.containerInstanceArns ?? []));
    await Promise.all(
      chunks(ciArns, 100).map(async (batch) => {
        const r = await tracker.call(where, 'ecs', 'DescribeContainerInstances', hides('ec2:container-instance', batch), () => clients.ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: batch })), {
          onGap: (why) => ctx.sink.addUnseen('ec2:container-instance', batch, where, why),
        });
        const instances = objectsIn(r?.containerInstances);
        for (const ci of instances) out.containerInstances.push({ cluster, data: plain(ci) });
        if (r) unseenUndescribed(ctx, 'ec2:container-instance', 'ecs:DescribeContainerInstances', batch, instances.map((ci) => ci.containerInstanceArn), r.failures);
      }),
    );
    const [, taskVpcs] = await Promise.all([services, collectStandaloneTasks(ctx, cluster, (arn) => describer.describe(arn))]);
    for (const v of taskVpcs) out.taskVpcs.push(v);
  });
  await described;
  return out;
}

/**
 * What a describe call was asked for and did not describe: ECS answers with the resources it
 * could describe and lists the others under `failures` (MISSING, or a reason of its own). Those
 * are unseen, so their checks are unknown; left out, the audit would read them as not there.
 */
function unseenUndescribed(ctx: CollectContext, type: string, call: string, asked: readonly string[], described: ReadonlyArray<string | undefined>, failures: ReadonlyArray<{ arn?: string; reason?: string; detail?: string }> | undefined): void {
  const where = { account: ctx.account, region: ctx.region };
  const seen = new Set(described);
  for (const id of asked) {
    if (seen.has(id)) continue;
    const failure = objectsIn(failures).find((f) => f.arn === id);
    const why = failure ? [failure.reason, failure.detail].filter((x) => typeof x === 'string' && x).join(': ') || 'no reason given' : 'not in the answer';
    ctx.sink.addUnseen(type, [id], where, `${call} in ${ctx.region} did not describe it (${why.slice(0, 200)})`);
  }
}

/** The newest ACTIVE revision of every family (or every ACTIVE revision), to the describer as each is found. */
export async function collectFamilies(ctx: CollectContext, describer: TaskDefinitionDescriber): Promise<void> {
  const { clients, tracker } = ctx;
  const where = { account: ctx.account, region: ctx.region };
  const familyPages = await tracker.call(where, 'ecs', 'ListTaskDefinitionFamilies', { types: TASK_DEFINITION_TYPES }, () => pagesOf(paginateListTaskDefinitionFamilies({ client: clients.ecs, pageSize: 100 }, { status: 'ACTIVE' })));
  const families = namesIn((familyPages ?? []).flatMap((p) => p.families ?? []));
  await forEachLimited(families, 16, async (family) => {
    // pages of 100 (one call for most families); the highest revision among them, whatever order
    // the answer came in, families that share the prefix left out
    const pages = await tracker.call(where, 'ecs', 'ListTaskDefinitions', { types: TASK_DEFINITION_TYPES }, () => pagesOf(paginateListTaskDefinitions({ client: clients.ecs, pageSize: 100 }, { familyPrefix: family, status: 'ACTIVE', sort: 'DESC' })));
    const arns = namesIn((pages ?? []).flatMap((p) => p.taskDefinitionArns ?? [])).filter((a) => familyOf(a) === family);
    if (ctx.allRevisions) for (const arn of arns) describer.describe(arn);
    else {
      const exact = newest(arns);
      if (exact) describer.describe(exact);
    }
  });
}

/** The ARN with the highest revision (`...:task-definition/shop-web:12` over `:9`). */
export function newest(arns: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestRevision = -1;
  for (const arn of arns) {
    const revision = Number(arn.slice(arn.lastIndexOf(':') + 1));
    if (Number.isInteger(revision) && revision > bestRevision) {
      best = arn;
      bestRevision = revision;
    }
  }
  return best;
}

/** `arn:PARTITION:ecs:r:a:task-definition/shop-web:3` -> `shop-web`. */
export function familyOf(arn: string): string {
  const slash = arn.lastIndexOf('/');
  const colon = arn.lastIndexOf(':');
  return arn.slice(slash + 1, colon > slash ? colon : undefined);
}

function servicePrimaryDeployment(data: JsonObject): JsonObject {
  liftPrimaryDeployment(data);
  return data;
}
