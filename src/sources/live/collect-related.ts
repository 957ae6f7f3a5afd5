// The resources task definitions point at: IAM roles (inline, attached and boundary policies),
// SSM parameter metadata (never values), Secrets Manager secret metadata, KMS keys, and the
// CloudWatch log groups they write to. Each role, policy and key is fetched once.
import { hides } from './discovery.js';
import { DescribeLogGroupsCommand, paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import { GetPolicyCommand, GetPolicyVersionCommand, GetRoleCommand, GetRolePolicyCommand, paginateListAttachedRolePolicies, paginateListRolePolicies } from '@aws-sdk/client-iam';
import { DescribeKeyCommand, paginateListAliases } from '@aws-sdk/client-kms';
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { DescribeParametersCommand } from '@aws-sdk/client-ssm';
import { parameterArn, taskReferences, type LogGroupRef, type ParameterRef, type SecretRef } from '../../inventory/references.js';
import { isObject, own, type JsonObject, type JsonValue } from '../../util/json.js';
import { chunks, forEachLimited, PageTokens, pagesOf } from './calls.js';
import { arnOf } from '../../aws/arn.js';
import { namesIn, objectsIn, plain, type CollectContext } from './context.js';
import type { SnapshotResource } from '../../inventory/snapshot.js';
import type { Clients } from './aws-clients.js';

/** Names a batched describe call takes at once (DescribeParameters, DescribeLogGroups). */
const BATCH = 50;


/** IAM is global: one fetch per role and per managed policy, shared across regions. */
export class IamCache {
  readonly policies = new Map<string, Promise<JsonValue | undefined>>();
  readonly roles = new Set<string>();
}

export async function collectRoles(ctx: CollectContext, roleArns: string[], cache: IamCache): Promise<void> {
  const { clients, tracker } = ctx;
  const where = { account: ctx.account, region: 'global' };
  await forEachLimited(roleArns, 4, async (arn) => {
    // regions collect concurrently: claim the role before the first await
    if (cache.roles.has(arn)) return;
    cache.roles.add(arn);
    const roleName = arn.slice(arn.lastIndexOf('/') + 1);
    const affects = { resources: [arn] };
    const got = await tracker.call(where, 'iam', 'GetRole', affects, () => clients.iam.send(new GetRoleCommand({ RoleName: roleName })), { onGap: (why) => ctx.sink.addUnseen('iam:role', [arn], where, why) });
    if (!got?.Role) return;
    const role = got.Role;
    const data: JsonObject = plain({ RoleName: role.RoleName, Arn: role.Arn, Path: role.Path, AssumeRolePolicyDocument: role.AssumeRolePolicyDocument, RolePolicyList: [], AttachedManagedPolicies: [] });
    if (role.PermissionsBoundary) data.PermissionsBoundary = plain(role.PermissionsBoundary);
    const gaps: Record<string, string> = {};
    const inline = await tracker.call(where, 'iam', 'ListRolePolicies', affects, () => pagesOf(paginateListRolePolicies({ client: clients.iam }, { RoleName: roleName })));
    if (!inline) gaps.inlinePolicies = 'iam:ListRolePolicies failed';
    for (const name of namesIn((inline ?? []).flatMap((p) => p.PolicyNames ?? []))) {
      const p = await tracker.call(where, 'iam', 'GetRolePolicy', affects, () => clients.iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name })));
      (data.RolePolicyList as JsonValue[]).push({ PolicyName: name, PolicyDocument: p?.PolicyDocument ?? null });
    }
    const attached = await tracker.call(where, 'iam', 'ListAttachedRolePolicies', affects, () => pagesOf(paginateListAttachedRolePolicies({ client: clients.iam }, { RoleName: roleName })));
    if (!attached) gaps.attachedPolicies = 'iam:ListAttachedRolePolicies failed';
    for (const a of (attached ?? []).flatMap((p) => objectsIn(p.AttachedPolicies))) {
      if (typeof a.PolicyArn !== 'string' || !a.PolicyArn) continue;
      const doc = await managedPolicyDocument(ctx, a.PolicyArn!, cache);
      (data.AttachedManagedPolicies as JsonValue[]).push({ PolicyName: a.PolicyName ?? a.PolicyArn!, PolicyArn: a.PolicyArn!, PolicyDocument: doc ?? null });
    }
    if (role.PermissionsBoundary?.PermissionsBoundaryArn) {
      const doc = await managedPolicyDocument(ctx, role.PermissionsBoundary.PermissionsBoundaryArn, cache);
      (data.PermissionsBoundary as JsonObject).PolicyDocument = doc ?? null;
    }
    ctx.sink.add({ type: 'iam:role', id: arn, name: role.RoleName ?? roleName, account: ctx.account, data, ...(Object.keys(gaps).length ? { gaps } : {}) });
  });
}

function managedPolicyDocument(ctx: CollectContext, arn: string, cache: IamCache): Promise<JsonValue | undefined> {
  let p = cache.policies.get(arn);
  if (!p) {
    p = (async () => {
      const where = { account: ctx.account, region: 'global' };
      const pol = await ctx.tracker.call(where, 'iam', 'GetPolicy', { resources: [arn] }, () => ctx.clients.iam.send(new GetPolicyCommand({ PolicyArn: arn })));
      const version = pol?.Policy?.DefaultVersionId;
      if (!version) return undefined;
      const v = await ctx.tracker.call(where, 'iam', 'GetPolicyVersion', { resources: [arn] }, () => ctx.clients.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: version })));
      return v?.PolicyVersion?.Document;
    })();
    cache.policies.set(arn, p);
  }
  return p;
}

/** Parameter metadata (type, key, tier) by name, 50 names a call; never GetParameter. */
export async function collectParameters(ctx: CollectContext, refs: ParameterRef[]): Promise<void> {
  const names = [...new Set(refs.filter((r) => r.region === ctx.region && r.account === ctx.account).map((r) => r.name))];
  const where = { account: ctx.account, region: ctx.region };
  for (const batch of chunks(names, BATCH)) {
    const arns = batch.map((n) => parameterArn(ctx.region, ctx.account, n));
    const affects = hides('ssm:parameter', arns);
    let token: string | undefined;
    const tokens = new PageTokens();
    do {
      const describe = async () => {
        const page = await ctx.clients.ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Values: batch }], ...(token ? { NextToken: token } : {}) }));
        tokens.next(page.NextToken);
        return page;
      };
      const r = await ctx.tracker.call(where, 'ssm', 'DescribeParameters', affects, describe, {
        onGap: (why) => ctx.sink.addUnseen('ssm:parameter', arns, where, why, (arn) => batch[arns.indexOf(arn)]!),
      });
      for (const p of objectsIn(r?.Parameters)) {
        if (typeof p.Name !== 'string' || !p.Name) continue;
        const arn = parameterArn(ctx.region, ctx.account, p.Name!);
        ctx.sink.add({ type: 'ssm:parameter', id: arn, name: p.Name!, account: ctx.account, region: ctx.region, data: plain(p) });
      }
      token = r?.NextToken;
    } while (token);
  }
}

export async function collectSecrets(ctx: CollectContext, refs: SecretRef[]): Promise<void> {
  const arns = [...new Set(refs.filter((r) => r.region === ctx.region).map((r) => r.arn))];
  const where = { account: ctx.account, region: ctx.region };
  await forEachLimited(arns, 4, async (arn) => {
    const r = await ctx.tracker.call(where, 'secretsmanager', 'DescribeSecret', hides('secretsmanager:secret', [arn]), () => ctx.clients.secrets.send(new DescribeSecretCommand({ SecretId: arn })), {
      onGap: (why) => ctx.sink.addUnseen('secretsmanager:secret', [arn], where, why, (id) => id.split(':')[6] ?? id),
    });
    if (!r) return;
    const { $metadata: _m, ...rest } = r;
    ctx.sink.add({ type: 'secretsmanager:secret', id: arn, name: r.Name ?? arn, account: ctx.account, region: ctx.region, data: plain(rest) });
  });
}

/** Keys by id, ARN or alias; aliases listed once per region so a key knows its names. */
export async function collectKeys(ctx: CollectContext, keyRefs: string[]): Promise<void> {
  const where = { account: ctx.account, region: ctx.region };
  if (keyRefs.length === 0) return;
  const aliasPages = await ctx.tracker.call(where, 'kms', 'ListAliases', { types: ['kms:key'] }, () => pagesOf(paginateListAliases({ client: ctx.clients.kms }, {})));
  const aliases = (aliasPages ?? []).flatMap((p) => objectsIn(p.Aliases));
  // one request per key: an ARN, a key id and an alias of the same key are one key (ask by
  // ARN when known); aliases resolve through ListAliases
  const byKey = new Map<string, string>();
  for (const k of keyRefs) {
    const aliasName = k.startsWith('alias/') ? k : k.includes(':alias/') ? k.slice(k.indexOf(':alias/') + 1) : undefined;
    const target = aliasName ? aliases.find((a) => a.AliasName === aliasName)?.TargetKeyId : undefined;
    const bare = target ?? (k.includes(':key/') ? k.slice(k.indexOf(':key/') + 5) : k);
    if (!byKey.has(bare) || k.startsWith('arn:')) byKey.set(bare, k);
  }
  const refs = [...byKey.values()];
  await forEachLimited(refs, 4, async (keyId) => {
    const r = await ctx.tracker.call(where, 'kms', 'DescribeKey', { resources: [keyId] }, () => ctx.clients.kms.send(new DescribeKeyCommand({ KeyId: keyId })), { onGap: (why) => ctx.sink.addUnseen('kms:key', [keyId], where, why, (id) => id) });
    const meta = r?.KeyMetadata;
    if (!meta?.Arn) return;
    const data = plain(meta);
    data.Aliases = aliases.filter((a) => a.TargetKeyId === meta.KeyId).map((a) => a.AliasName!).filter(Boolean);
    data.RequestedAs = [keyId];
    const added = ctx.sink.add({ type: 'kms:key', id: meta.Arn, name: (data.Aliases as string[])[0] ?? meta.KeyId!, account: ctx.account, region: ctx.region, data });
    if (added && added.data !== data) (added.data.RequestedAs as string[]).push(keyId);
  });
}

/**
 * Log groups by exact name, 50 a call (logGroupIdentifiers); an endpoint that does not take
 * identifiers gets one prefix query per group instead.
 */
export async function collectLogGroups(ctx: CollectContext, refs: LogGroupRef[]): Promise<void> {
  const names = [...new Set(refs.filter((r) => r.region === ctx.region).map((r) => r.name))];
  const where = { account: ctx.account, region: ctx.region };
  const idOf = (name: string) => arnOf('logs', ctx.region, ctx.account, `log-group:${name}`);
  const add = (group: { logGroupName?: string | undefined }) => {
    if (group.logGroupName) ctx.sink.add({ type: 'logs:log-group', id: idOf(group.logGroupName), name: group.logGroupName, account: ctx.account, region: ctx.region, data: plain(group) });
  };
  await forEachLimited(chunks(names, BATCH), 4, async (batch) => {
    const affects = { resources: batch.map(idOf) };
    const listed = await ctx.tracker.call(where, 'logs', 'DescribeLogGroups', affects, () => pagesOf(paginateDescribeLogGroups({ client: ctx.clients.logs }, { logGroupIdentifiers: batch })), { recordGap: false });
    if (listed) {
      for (const g of listed.flatMap((p) => objectsIn(p.logGroups))) if (batch.includes(g.logGroupName ?? '')) add(g);
      return;
    }
    await forEachLimited(batch, 4, async (name) => {
      const r = await ctx.tracker.call(where, 'logs', 'DescribeLogGroups', hides('logs:log-group', [idOf(name)]), () => ctx.clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name })), {
        onGap: (why) => ctx.sink.addUnseen('logs:log-group', [idOf(name)], where, why, () => name),
      });
      const group = objectsIn(r?.logGroups).find((g) => g.logGroupName === name);
      if (group) add(group);
    });
  });
}

/**
 * What task definitions refer to, fetched as each one arrives: its roles (each once), its secrets
 * (each once), and its parameters and log groups in full batches of 50 per region, the rest when
 * the region's task definitions are all in. The calls are as few as fetching them all at the end.
 */
export class RelatedQueue {
  private readonly pending: Array<Promise<void>> = [];
  private readonly seen = new Set<string>();
  private readonly parameters = new Map<string, ParameterRef[]>();
  private readonly logGroups = new Map<string, LogGroupRef[]>();

  constructor(
    private readonly ctx: CollectContext,
    private readonly clientsFor: (region: string) => Clients,
    private readonly iam: IamCache,
  ) {}

  private inRegion(region: string): CollectContext {
    return { ...this.ctx, region, clients: this.clientsFor(region) };
  }

  private once(key: string): boolean {
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }

  /** The roles, ARNs or names, a task runs with: only this account's, since GetRole reads a role by its name here. */
  private addRoles(named: unknown[]): void {
    const { account, region } = this.ctx;
    const roles: string[] = [];
    for (const v of named) {
      if (typeof v !== 'string' || !v) continue;
      const arn = v.startsWith('arn:') ? v : arnOf('iam', region, account, `role/${v}`, { global: true });
      if (arn.split(':')[4] === account) roles.push(arn);
    }
    if (roles.length) this.pending.push(collectRoles(this.ctx, roles, this.iam));
  }

  /** A task started outside a service: the task role its RunTask overrides put in place of its task definition's. */
  addOverrides(task: SnapshotResource): void {
    const overrides = task.data.overrides;
    if (isObject(overrides)) this.addRoles([own(overrides, 'taskRoleArn')]);
  }

  add(td: SnapshotResource): void {
    const { account, region } = this.ctx;
    this.addRoles([td.data.executionRoleArn, td.data.taskRoleArn]);
    const refs = taskReferences(td.data, region, account);
    for (const secret of refs.secrets) {
      if (this.once(`secret|${secret.arn}`)) this.pending.push(collectSecrets(this.inRegion(secret.region), [secret]));
    }
    for (const p of refs.parameters) if (p.account === account && this.once(`param|${p.region}|${p.name}`)) this.queue(this.parameters, p.region, p, (rc, batch) => collectParameters(rc, batch));
    for (const g of refs.logGroups) if (this.once(`logs|${g.region}|${g.name}`)) this.queue(this.logGroups, g.region, g, (rc, batch) => collectLogGroups(rc, batch));
  }

  private queue<T>(buffers: Map<string, T[]>, region: string, item: T, fetch: (ctx: CollectContext, batch: T[]) => Promise<void>): void {
    const buffer = buffers.get(region) ?? [];
    buffer.push(item);
    buffers.set(region, buffer);
    if (buffer.length >= BATCH) {
      buffers.set(region, []);
      this.pending.push(fetch(this.inRegion(region), buffer));
    }
  }

  /** Fetches what is left in the buffers and waits for everything under way. */
  async finish(): Promise<void> {
    for (const [region, batch] of this.parameters) if (batch.length) this.pending.push(collectParameters(this.inRegion(region), batch));
    for (const [region, batch] of this.logGroups) if (batch.length) this.pending.push(collectLogGroups(this.inRegion(region), batch));
    this.parameters.clear();
    this.logGroups.clear();
    await Promise.all(this.pending);
  }
}
