// A live collection: accounts (the caller's, or roles assumed in several) x regions, every
// collector, bounded concurrency; the result is a snapshot of resources plus the gaps: the calls
// that could not be made and what they leave unseen.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'; // our output, not the SDK's notices

import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { taskReferences, type LogGroupRef, type ParameterRef, type SecretRef } from '../../inventory/references.js';
import { assumedCredentials, baseCredentials, createClients, destroyClients, type ClientSettings, type Clients } from './aws-clients.js';
import { CallTracker, forEachLimited, type Gap } from './calls.js';
import { collectEcs } from './collect-ecs.js';
import { collectEc2 } from './collect-ec2.js';
import { collectKeys, collectLogGroups, collectParameters, collectRoles, collectSecrets, IamCache } from './collect-related.js';
import { collectTrails } from './collect-cloudtrail.js';
import { collectEventRules } from './collect-events.js';
import { ResourceSink, type CollectContext, type SnapshotResource } from './context.js';
import { groupBy } from '../../util/group.js';
import { arnOf } from '../../aws/arn.js';

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
      const ecs = await collectEcs(ctx);
      const roleArns = new Set<string>();
      const params: ParameterRef[] = [];
      const secrets: SecretRef[] = [];
      const logGroups: LogGroupRef[] = [];
      for (const td of ecs.taskDefinitions) {
        for (const f of ['executionRoleArn', 'taskRoleArn']) {
          const v = td.data[f];
          if (typeof v === 'string' && v) roleArns.add(v.startsWith('arn:') ? v : arnOf('iam', region, account, `role/${v}`, { global: true }));
        }
        const refs = taskReferences(td.data, region, account);
        for (const p of refs.parameters) params.push(p);
        for (const x of refs.secrets) secrets.push(x);
        for (const g of refs.logGroups) logGroups.push(g);
      }
      await collectRoles(ctx, [...roleArns], iam);
      // references may point at other regions: each region's collectors take their own
      await Promise.all(
        [...new Set([region, ...params.map((p) => p.region), ...secrets.map((s) => s.region), ...logGroups.map((l) => l.region)])].map(async (r) => {
          const rc: CollectContext = { ...ctx, region: r, clients: clientsFor(r) };
          await collectParameters(rc, params);
          await collectSecrets(rc, secrets);
          await collectLogGroups(rc, logGroups);
        }),
      );
      await collectEc2(ctx, ecs);
      if (await collectTrails(ctx, clientsFor, trailsSeen)) trailRegions.push(region);
      await collectEventRules(ctx);
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
