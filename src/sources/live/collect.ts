// A live collection: accounts (the caller's, or roles assumed in several) x regions, every
// collector, bounded concurrency; the result is a snapshot of resources plus the gaps: the calls
// that could not be made and what they leave unseen.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'; // our output, not the SDK's notices

import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { assumedCredentials, baseCredentials, createClients, destroyClients, type ClientSettings, type Clients } from './aws-clients.js';
import { CallTracker, forEachLimited } from './calls.js';
import { collectClusters, collectFamilies, TASK_DEFINITION_TYPES, TaskDefinitionDescriber } from './collect-ecs.js';
import { collectEc2 } from './collect-ec2.js';
import { collectKeys, IamCache, RelatedQueue } from './collect-related.js';
import { collectTrails } from './collect-cloudtrail.js';
import { collectEventRules } from './collect-events.js';
import { collectStateMachines } from './collect-state-machines.js';
import { collectListeners } from './collect-listeners.js';
import { collectSchedules } from './collect-schedules.js';
import { namesIn, objectsIn, ResourceSink, type CollectContext } from './context.js';
import type { CollectedInventory } from '../../inventory/snapshot.js';
import { groupBy } from '../../util/group.js';
import { own, ownArray, type JsonObject, type JsonValue } from '../../util/json.js';
import { arnOf } from '../../aws/arn.js';
import { listOrganizationAccounts } from './collect-org.js';

export interface CollectRequest extends ClientSettings {
  regions: string[];
  allRegions: boolean;
  /** Roles to assume, one account each (--role-arn), with one external id for all. */
  roleArns: string[];
  externalId?: string;
  /** Accounts with their own role and external id (.ecsguard.yaml live.accounts). */
  accounts?: Array<{ id: string; name?: string; roleArn?: string; externalId?: string }>;
  /** Every active account of the organisation (or of these units), through the same role name in each. */
  org?: { role: string; units?: string[]; exclude?: string[]; externalId?: string };
  /** Accounts audited at once (default 4). */
  accountConcurrency?: number;
  allRevisions: boolean;
  /** Calls in flight at once, across regions and services. */
  concurrency: number;
  onProgress?: (state: { calls: number; failed: number; regionsDone: number; regions: number }) => void;
}

export async function collectInventory(req: CollectRequest): Promise<CollectedInventory> {
  let regionsDone = 0;
  let regionsTotal = 0;
  const tracker: CallTracker = new CallTracker(req.concurrency, () => req.onProgress?.({ calls: tracker.total, failed: tracker.failed, regionsDone, regions: regionsTotal }));
  const sink = new ResourceSink();
  const accounts: string[] = [];
  const allRegions = new Set<string>();
  const seedRegion = req.regions[0] ?? 'us-east-1';
  const base = baseCredentials(req);
  const targets = await accountTargets(req, base, seedRegion, tracker);
  await forEachLimited(targets, req.accountConcurrency ?? 4, async (target) => {
    const { roleArn } = target;
    const credentials = roleArn ? assumedCredentials(req, roleArn, target.externalId, seedRegion, base) : base;
    const clientCache = new Map<string, Clients>();
    const clientsFor = (region: string) => {
      let c = clientCache.get(region);
      if (!c) clientCache.set(region, (c = createClients(region, credentials, req, tracker.counter())));
      return c;
    };
    try {
      await auditAccount(target, clientsFor);
    } finally {
      for (const c of clientCache.values()) destroyClients(c);
    }
  });

  /** One account: who it is, its regions, every collector. A role that cannot be assumed is that account's gap. */
  async function auditAccount(target: AccountTarget, clientsFor: (region: string) => Clients): Promise<void> {
    const label = target.account ?? (target.roleArn ? accountOf(target.roleArn) : 'unknown');
    const who = await tracker.call({ account: label, region: target.roleArn ? 'global' : seedRegion }, 'sts', target.roleArn ? 'AssumeRole' : 'GetCallerIdentity', { types: ['*'] }, () => clientsFor(seedRegion).sts.send(new GetCallerIdentityCommand({})), {
      // a known account that could not be entered stays in the snapshot, unseen: all its checks unknown
      onGap: (why) => {
        if (label !== 'unknown') sink.addUnseen('aws:account', [label], { account: label, region: 'global' }, why, (id) => target.name ?? id);
      },
    });
    if (!who?.Account) return;
    const account = who.Account;
    accounts.push(account);
    let regions = req.regions;
    if (req.allRegions) {
      const r = await tracker.call({ account, region: seedRegion }, 'ec2', 'DescribeRegions', { types: ['*'] }, () => clientsFor(seedRegion).ec2.send(new DescribeRegionsCommand({ AllRegions: false })));
      regions = namesIn(objectsIn(r?.Regions).filter((x) => x.OptInStatus !== 'not-opted-in').map((x) => x.RegionName)).sort();
    }
    regionsTotal += regions.length;
    for (const r of regions) allRegions.add(r);
    sink.add({ type: 'aws:account', id: account, name: target.name ?? account, account, data: { AccountId: account, Regions: regions, CallerArn: who.Arn ?? null, ...(target.name ? { Name: target.name } : {}) } });
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
      // each collector on its own: one whose answers cannot be read leaves a gap, not a stopped audit
      const where = { account, region };
      const guard = (reading: string, types: string[], run: () => Promise<unknown>) => tracker.guard(where, reading, { types }, run);
      const trails = guard('read trails', ['cloudtrail:trail'], async () => {
        if (await collectTrails(ctx, clientsFor, trailsSeen)) trailRegions.push(region);
      });
      const events = guard('read event rules', ['events:rule'], () => collectEventRules(ctx));
      const schedules = guard('read schedules', ['ecs:scheduled-task'], () => collectSchedules(ctx));
      const machines = guard('read state machines', ['ecs:scheduled-task'], () => collectStateMachines(ctx));
      const families = guard('read task definition families', TASK_DEFINITION_TYPES, () => collectFamilies(ctx, describer));
      const ec2 = guard('read clusters, services, instances and tasks', ['ecs:cluster', 'ecs:service', 'ec2:container-instance', 'ec2:vpc', 'ec2:launch-template', 'ecs:scheduled-task'], async () => collectEc2(ctx, await collectClusters(ctx, describer)));
      await Promise.all([families, ec2, trails, events, schedules, machines]);
      for (const r of sink.all()) if (r.type === 'ecs:scheduled-task' && r.account === account && r.region === region) related.addOverrides(r);
      // the services' target groups lead to the listeners clients reach them through
      await guard('read load balancer listeners', ['ecs:service'], () => collectListeners(ctx));
      await guard('read task definitions', TASK_DEFINITION_TYPES, () => describer.done());
      await guard('read what task definitions refer to', ['iam:role', 'ssm:parameter', 'secretsmanager:secret', 'logs:log-group'], () => related.finish());
      regionsDone++;
    });
    // keys last: parameters, secrets, log groups and clusters' ECS Exec settings name them, in their own regions
    const keyRefs = sink.all().flatMap((r) => {
      if (r.account !== account || !r.region) return [];
      const keys = r.type === 'ssm:parameter' ? [r.data.KeyId] : r.type === 'secretsmanager:secret' ? [r.data.KmsKeyId] : r.type === 'logs:log-group' ? [r.data.kmsKeyId] : r.type === 'ecs:cluster' ? clusterKeysOf(r.data) : r.type === 'ecs:service' || r.type === 'ecs:scheduled-task' ? volumeKeysOf(r.data) : [];
      return keys.flatMap((key) => (typeof key === 'string' && key ? [{ region: r.region!, key }] : []));
    });
    const keysByRegion = groupBy(keyRefs, (k) => k.region);
    await Promise.all([...keysByRegion].map(([region, keys]) => tracker.guard({ account, region }, 'read KMS keys', { types: ['kms:key'] }, () => collectKeys({ account, region, clients: clientsFor(region), tracker, sink, allRevisions: req.allRevisions }, keys.map((k) => k.key)))));
    const acct = sink.get('aws:account', account, account)!;
    acct.data.TrailRegions = trailRegions.sort();
  }
  accounts.sort();
  const resources = sink.all().sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    scope: { accounts, regions: [...allRegions].sort(), allRevisions: req.allRevisions },
    resources,
    gaps: tracker.gaps,
    calls: { total: tracker.total, failed: tracker.failed, retries: tracker.retries, byOperation: Object.fromEntries([...tracker.byOperation].sort()) },
  };
}

interface AccountTarget {
  /** The account id, when known before entering it. */
  account?: string;
  name?: string;
  /** The role to assume; none: the base credentials' own account. */
  roleArn?: string;
  externalId?: string;
}

/**
 * Which accounts to audit: the organisation's members, the configured accounts and the roles
 * given, one target per account (a configured account refines the organisation's entry: its own
 * role or external id), or the credentials' own account when none is named.
 */
async function accountTargets(req: CollectRequest, base: ReturnType<typeof baseCredentials>, seedRegion: string, tracker: CallTracker): Promise<AccountTarget[]> {
  const byAccount = new Map<string, AccountTarget>();
  const put = (t: AccountTarget & { account: string }) => byAccount.set(t.account, { ...byAccount.get(t.account), ...t });
  if (req.org) {
    const clients = createClients(seedRegion, base, req, tracker.counter());
    try {
      const me = await tracker.call({ account: 'unknown', region: seedRegion }, 'sts', 'GetCallerIdentity', { types: ['*'] }, () => clients.sts.send(new GetCallerIdentityCommand({})));
      if (!me?.Account) return [];
      const listed = await listOrganizationAccounts(clients, tracker, me.Account, req.org.units);
      if (!listed) return [];
      const exclude = new Set(req.org.exclude ?? []);
      for (const a of listed) {
        if (exclude.has(a.id)) continue;
        // the account the credentials belong to is audited with them; members through the role
        if (a.id === me.Account) put({ account: a.id, name: a.name });
        else put({ account: a.id, name: a.name, roleArn: arnOf('iam', seedRegion, a.id, `role/${req.org.role}`, { global: true }), ...(req.org.externalId !== undefined ? { externalId: req.org.externalId } : {}) });
      }
      // configured accounts outside the units (or excluded) are not added back in an organisation audit
      for (const a of req.accounts ?? []) if (byAccount.has(a.id)) put({ account: a.id, ...definedTarget(a) });
    } finally {
      destroyClients(clients);
    }
  } else {
    for (const a of req.accounts ?? []) put({ account: a.id, ...definedTarget({ ...a, externalId: a.externalId ?? (a.roleArn ? req.externalId : undefined) }) });
  }
  for (const roleArn of req.roleArns) put({ account: accountOf(roleArn), roleArn, ...(req.externalId !== undefined ? { externalId: req.externalId } : {}) });
  if (!req.org && byAccount.size === 0) return [{}];
  return [...byAccount.values()];
}

function definedTarget(a: { name?: string | undefined; roleArn?: string | undefined; externalId?: string | undefined }): Omit<AccountTarget, 'account'> {
  return { ...(a.name !== undefined ? { name: a.name } : {}), ...(a.roleArn !== undefined ? { roleArn: a.roleArn } : {}), ...(a.externalId !== undefined ? { externalId: a.externalId } : {}) };
}

function accountOf(arn: string): string {
  return arn.split(':')[4] ?? 'unknown';
}

/** The KMS keys the EBS volumes of a service, or of a task RunTask starts, name. */
function volumeKeysOf(service: JsonObject): Array<JsonValue | undefined> {
  return (ownArray(service, 'volumeConfigurations') ?? []).map((v) => own(own(v, 'managedEBSVolume'), 'kmsKeyId'));
}

/** The KMS keys a cluster names: for ECS Exec sessions, Fargate ephemeral storage and the EBS volumes ECS manages. */
function clusterKeysOf(cluster: JsonObject): Array<JsonValue | undefined> {
  const configuration = own(cluster, 'configuration');
  const storage = own(configuration, 'managedStorageConfiguration');
  return [own(own(configuration, 'executeCommandConfiguration'), 'kmsKeyId'), own(storage, 'fargateEphemeralStorageKmsKeyId'), own(storage, 'kmsKeyId')];
}
