// A live collection: accounts (the caller's, or roles assumed in several) x regions, every
// collector, bounded concurrency; the result is a snapshot of resources plus the gaps: the calls
// that could not be made and what they leave unseen.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'; // our output, not the SDK's notices

import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { assumedCredentials, baseCredentials, createClients, destroyClients, type ClientSettings, type Clients } from './aws-clients.js';
import { CallTracker, forEachLimited, type Gap } from './calls.js';
import { collectClusters, collectFamilies, TaskDefinitionDescriber } from './collect-ecs.js';
import { collectEc2 } from './collect-ec2.js';
import { collectKeys, IamCache, RelatedQueue } from './collect-related.js';
import { collectTrails } from './collect-cloudtrail.js';
import { collectEventRules } from './collect-events.js';
import { ResourceSink, type CollectContext, type SnapshotResource } from './context.js';
import { groupBy } from '../../util/group.js';

export interface CollectRequest extends ClientSettings {
  regions: string[];
  allRegions: boolean;
  roleArns: string[];
  externalId?: string;
  allRevisions: boolean;
  /** Calls in flight at once, across regions and services. */
  concurrency: number;
  onProgress?: (state: { calls: number; failed: number; regionsDone: number; regions: number }) => void;
}

export interface CollectedInventory {
  scope: { accounts: string[]; regions: string[]; allRevisions: boolean };
  resources: SnapshotResource[];
  gaps: Gap[];
  calls: { total: number; failed: number; retries: number; byOperation: Record<string, number> };
}

export async function collectInventory(req: CollectRequest): Promise<CollectedInventory> {
  let regionsDone = 0;
  let regionsTotal = 0;
  const tracker: CallTracker = new CallTracker(req.concurrency, () => req.onProgress?.({ calls: tracker.total, failed: tracker.failed, regionsDone, regions: regionsTotal }));
  const sink = new ResourceSink();
  const accounts: string[] = [];
  const allRegions = new Set<string>();
  const seedRegion = req.regions[0] ?? 'us-east-1';
  const principals: Array<string | undefined> = req.roleArns.length > 0 ? req.roleArns : [undefined];
  for (const roleArn of principals) {
    const credentials = roleArn ? assumedCredentials(req, roleArn, req.externalId, seedRegion) : baseCredentials(req);
    const clientCache = new Map<string, Clients>();
    const clientsFor = (region: string) => {
      let c = clientCache.get(region);
      if (!c) clientCache.set(region, (c = createClients(region, credentials, req, { command: (svc, op) => tracker.count(svc, op), retry: () => tracker.retry() })));
      return c;
    };
    const who = await tracker.call({ account: roleArn ? accountOf(roleArn) : 'unknown', region: seedRegion }, 'sts', 'GetCallerIdentity', { types: ['*'] }, () => clientsFor(seedRegion).sts.send(new GetCallerIdentityCommand({})));
    if (!who?.Account) {
      for (const c of clientCache.values()) destroyClients(c);
      continue;
    }
    const account = who.Account;
    accounts.push(account);
    let regions = req.regions;
    if (req.allRegions) {
      const r = await tracker.call({ account, region: seedRegion }, 'ec2', 'DescribeRegions', { types: ['*'] }, () => clientsFor(seedRegion).ec2.send(new DescribeRegionsCommand({ AllRegions: false })));
      regions = (r?.Regions ?? []).filter((x) => x.OptInStatus !== 'not-opted-in').map((x) => x.RegionName!).sort();
    }
    regionsTotal += regions.length;
    for (const r of regions) allRegions.add(r);
    sink.add({ type: 'aws:account', id: account, name: account, account, data: { AccountId: account, Regions: regions, CallerArn: who.Arn ?? null } });
    const iam = new IamCache();
    const trailsSeen = new Set<string>();
    const trailRegions: string[] = [];
    await forEachLimited(regions, 4, async (region) => {
      const ctx: CollectContext = { account, region, clients: clientsFor(region), tracker, sink, allRevisions: req.allRevisions };
      // a pipeline: what a task definition refers to is fetched as soon as it is described, while
      // families are still being listed; EC2 starts when the services are known; trails and event
      // rules do not wait for ECS at all
      const related = new RelatedQueue(ctx, clientsFor, iam);
      const describer = new TaskDefinitionDescriber(ctx, (td) => related.add(td));
      const trails = collectTrails(ctx, clientsFor, trailsSeen).then((home) => {
        if (home) trailRegions.push(region);
      });
      const events = collectEventRules(ctx);
      const families = collectFamilies(ctx, describer);
      const ec2 = collectClusters(ctx, describer).then((ecs) => collectEc2(ctx, ecs));
      await Promise.all([families, ec2, trails, events]);
      await describer.done();
      await related.finish();
      regionsDone++;
    });
    // keys last: parameters, secrets and log groups name them, in their own regions
    const keyRefs = sink.all().flatMap((r) => {
      if (r.account !== account || !r.region) return [];
      const key = r.type === 'ssm:parameter' ? r.data.KeyId : r.type === 'secretsmanager:secret' ? r.data.KmsKeyId : r.type === 'logs:log-group' ? r.data.kmsKeyId : undefined;
      return typeof key === 'string' && key ? [{ region: r.region, key }] : [];
    });
    const keysByRegion = groupBy(keyRefs, (k) => k.region);
    await Promise.all([...keysByRegion].map(([region, keys]) => collectKeys({ account, region, clients: clientsFor(region), tracker, sink, allRevisions: req.allRevisions }, keys.map((k) => k.key))));
    const acct = sink.get('aws:account', account)!;
    acct.data.TrailRegions = trailRegions.sort();
    for (const c of clientCache.values()) destroyClients(c);
  }
  const resources = sink.all().sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    scope: { accounts, regions: [...allRegions].sort(), allRevisions: req.allRevisions },
    resources,
    gaps: tracker.gaps,
    calls: { total: tracker.total, failed: tracker.failed, retries: tracker.retries, byOperation: Object.fromEntries([...tracker.byOperation].sort()) },
  };
}

function accountOf(arn: string): string {
  return arn.split(':')[4] ?? 'unknown';
}
