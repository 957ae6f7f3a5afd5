// The options `collect` and `scan --live` share, and running a collection with them: the AWS SDK
// is imported here, on demand, so file scans never load it.
import { resolve } from 'node:path';
import { toSnapshot, writeSnapshot } from '../scan/snapshot-writer.js';
import { displayPath } from '../sources/files/walk.js';
import { describeGap } from '../inventory/gap.js';
import { UserError } from '../util/errors.js';
import { findConfig, loadConfig, type LiveConfig } from '../engine/config.js';
import type { CollectRequest } from '../sources/live/collect.js';
import { oneLine } from '../util/printable.js';
import { UsageError } from './args.js';

export const LIVE_OPTIONS = {
  region: { type: 'string', multiple: true },
  'all-regions': { type: 'boolean' },
  profile: { type: 'string' },
  'role-arn': { type: 'string', multiple: true },
  'external-id': { type: 'string' },
  'endpoint-url': { type: 'string' },
  'all-revisions': { type: 'boolean' },
  concurrency: { type: 'string' },
  timeout: { type: 'string' },
  'retry-mode': { type: 'string' },
  'max-attempts': { type: 'string' },
  org: { type: 'boolean' },
  'org-role': { type: 'string' },
  'org-ou': { type: 'string', multiple: true },
  'exclude-account': { type: 'string', multiple: true },
  'account-concurrency': { type: 'string' },
} as const;

export interface LiveValues {
  region?: string[];
  'all-regions'?: boolean;
  profile?: string;
  'role-arn'?: string[];
  'external-id'?: string;
  'endpoint-url'?: string;
  'all-revisions'?: boolean;
  concurrency?: string;
  timeout?: string;
  'retry-mode'?: string;
  'max-attempts'?: string;
  org?: boolean;
  'org-role'?: string;
  'org-ou'?: string[];
  'exclude-account'?: string[];
  'account-concurrency'?: string;
  quiet?: boolean;
}

export interface CollectOutcome {
  /** Nothing could be seen (no credentials, an unreachable endpoint, STS denied), or the snapshot could not be written. */
  error?: UserError;
  gaps: number;
  resources: number;
  calls: number;
  retries: number;
  file: string;
  /** The failed calls, for the one line that names them: "ecs:DescribeServices in eu-west-1 (access-denied)". */
  failedCalls: string[];
}

/** What a collection wrote: "wrote F: N resources from C calls (and R retries); G failed, recorded as gaps ...: a, b, c and 8 more". */
export function wroteLine(r: CollectOutcome): string {
  const retries = r.retries ? ` (and ${r.retries} retries)` : '';
  const gaps = r.gaps ? `; ${r.gaps} failed, recorded as gaps (checks that need them will be unknown): ${failedCallsLine(r.failedCalls)}` : '';
  return `wrote ${oneLine(r.file)}: ${r.resources} resources from ${r.calls} calls${retries}${gaps}`;
}

/** "a, b, c and 8 more": the first few failed calls named, then a count. */
export function failedCallsLine(calls: string[], shown = 3): string {
  const named = calls.slice(0, shown).join(', ');
  return calls.length > shown ? `${named} and ${calls.length - shown} more` : named;
}

/** An AWS region name (eu-west-1, us-gov-west-1): one pattern for every option that takes one. */
export const REGION = /^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$/;
const ACCOUNT = /^[0-9]{12}$/;
const UNIT = /^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/;
const ROLE_NAME = /^[\w+=,.@/-]{1,512}$/;

/** A comma list given once or repeated: "a,b" --x c -> [a, b, c]. */
function commaList(v: string[] | undefined): string[] | undefined {
  return v?.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
}

function numberIn(flag: string, given: string | undefined, configured: number | undefined, fallback: number, min: number, max: number, unit: string, help: string): number {
  const n = given === undefined ? configured ?? fallback : Number(given);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${flag} must be ${unit} from ${min} to ${max}`, help);
  return n;
}

/** The collection the options ask for, with the configuration's `live:` settings under them. */
function collectionRequest(values: LiveValues, live: LiveConfig, help: string): Omit<CollectRequest, 'onProgress'> {
  const regions = commaList(values.region) ?? live.regions ?? [];
  const allRegions = values['all-regions'] === true || (values.region === undefined && live.allRegions === true);
  if (regions.length === 0 && !allRegions) throw new UsageError('say which regions: --region eu-west-1[,us-east-1] or --all-regions (or live.regions in .ecsguard.yaml)', help);
  for (const r of regions) if (!REGION.test(r)) throw new UsageError(`--region: "${oneLine(r)}" is not a region name such as eu-west-1`, help);
  for (const a of values['role-arn'] ?? []) if (!/^arn:aws[a-z-]*:iam::[0-9]{12}:role\/.+/.test(a)) throw new UsageError(`--role-arn: "${oneLine(a)}" is not an IAM role ARN`, help);
  const orgRole = values['org-role'] ?? live.org?.role;
  const org = values.org === true || (live.org !== undefined && !values['role-arn']?.length);
  if (org && orgRole === undefined) throw new UsageError('--org needs --org-role NAME: the role to assume in every member account', help);
  if (!org) for (const flag of ['org-role', 'org-ou', 'exclude-account'] as const) if (values[flag] !== undefined) throw new UsageError(`--${flag} needs --org`, help);
  if (orgRole !== undefined && !ROLE_NAME.test(orgRole)) throw new UsageError(`--org-role: "${oneLine(orgRole)}" is not an IAM role name`, help);
  const units = commaList(values['org-ou']) ?? live.org?.units ?? [];
  for (const u of units) if (!UNIT.test(u)) throw new UsageError(`--org-ou: "${oneLine(u)}" is not an organisational unit id (ou-...) or root id (r-...)`, help);
  const exclude = [...(commaList(values['exclude-account']) ?? []), ...(live.org?.exclude ?? [])];
  for (const a of exclude) if (!ACCOUNT.test(a)) throw new UsageError(`--exclude-account: "${oneLine(a)}" is not a 12-digit account id`, help);
  if (!org) live.accounts?.forEach((a, i) => {
    if (a.roleArn === undefined) throw new UsageError(`live.accounts.${i} (${a.id}) needs role-arn, or live.org for the organisation's role`, help);
  });
  if (values['external-id'] !== undefined && !values['role-arn']?.length && !org && !live.accounts?.length) throw new UsageError('--external-id needs --role-arn or --org', help);
  if (values['endpoint-url'] !== undefined && !/^https?:\/\/[^\s]+$/.test(values['endpoint-url'])) throw new UsageError('--endpoint-url must be an http(s) URL', help);
  const retryMode = values['retry-mode'] ?? live.retryMode ?? 'standard';
  if (retryMode !== 'standard' && retryMode !== 'adaptive') throw new UsageError('--retry-mode must be standard or adaptive', help);
  const externalId = values['external-id'] ?? live.org?.externalId;
  return {
    regions,
    allRegions,
    roleArns: values['role-arn'] ?? [],
    ...(values['external-id'] !== undefined ? { externalId: values['external-id'] } : {}),
    ...(live.accounts?.length ? { accounts: live.accounts } : {}),
    ...(org && orgRole !== undefined ? { org: { role: orgRole, units, exclude, ...(externalId !== undefined ? { externalId } : {}) } } : {}),
    ...(values.profile !== undefined ? { profile: values.profile } : {}),
    ...(values['endpoint-url'] !== undefined ? { endpointUrl: values['endpoint-url'] } : {}),
    allRevisions: values['all-revisions'] === true,
    concurrency: numberIn('concurrency', values.concurrency, live.concurrency, 16, 1, 256, 'a number', help),
    accountConcurrency: numberIn('account-concurrency', values['account-concurrency'], live.accountConcurrency, 4, 1, 64, 'a number', help),
    maxAttempts: numberIn('max-attempts', values['max-attempts'], live.maxAttempts, 4, 1, 20, 'a number', help),
    retryMode,
    timeoutMs: numberIn('timeout', values.timeout, live.timeout, 20, 1, 600, 'seconds,', help) * 1000,
  };
}

/**
 * The `live:` settings of the configuration a command uses (--config, else the first
 * .ecsguard.yaml from the working directory up to the repository's top; none with --no-config).
 */
export function liveConfig(config: string | false | undefined, cwd: string): LiveConfig {
  const path = config === false ? undefined : config !== undefined ? resolve(cwd, config) : findConfig(cwd);
  if (!path) return {};
  const loaded = loadConfig(path, cwd);
  if (!loaded.ok) throw new UsageError(loaded.error.format());
  return loaded.config.live ?? {};
}

export async function collectToSnapshot(values: LiveValues, out: string, help: string, live: LiveConfig = {}): Promise<CollectOutcome> {
  const request = collectionRequest(values, live, help);
  const { collectInventory } = await import('../sources/live/collect.js');
  const tty = !values.quiet && process.stderr.isTTY === true && !process.env.CI;
  let last = 0;
  const started = new Date();
  const inv = await collectInventory({
    ...request,
    onProgress: (p) => {
      if (!tty || Date.now() - last < 100) return;
      last = Date.now();
      process.stderr.write(`\r\x1b[Kcollecting: ${p.regionsDone}/${p.regions} regions, ${p.calls} calls, ${p.failed} failed`);
    },
  });
  if (tty) process.stderr.write('\r\x1b[K');
  const file = displayPath(process.cwd(), resolve(out));
  // several accounts: each failed call says which one ("in 613115320967/eu-west-1")
  const several = new Set(inv.gaps.map((g) => g.account)).size > 1 || inv.scope.accounts.length > 1;
  const where = (g: (typeof inv.gaps)[number]) => [several ? g.account : '', g.region && g.region !== 'global' ? g.region : ''].filter(Boolean).join('/');
  const failedCalls = inv.gaps.map((g) => `${g.service}:${g.operation}${where(g) ? ` in ${where(g)}` : ''} (${g.code})`);
  const result: CollectOutcome = { gaps: inv.gaps.length, resources: inv.resources.length, calls: inv.calls.total, retries: inv.calls.retries, file, failedCalls };
  if (inv.scope.accounts.length === 0) {
    // not one account could be identified: no snapshot, nothing that looks like an audit
    const first = inv.gaps[0];
    const source = request.org ? `the organisation's accounts listed with ` : values['role-arn']?.length ? `role ${values['role-arn'].join(', ')} assumed with ` : '';
    const chain = values.profile !== undefined ? `the profile "${values.profile}"` : 'the default credential chain (environment, shared config and SSO profiles, container and instance roles)';
    const endpoint = values['endpoint-url'] ?? `https://sts.${request.regions[0] ?? 'us-east-1'}.amazonaws.com`;
    const why = first ? describeGap(first) : 'no account answered';
    return { ...result, error: new UserError(`cannot audit: ${why}; credentials from ${source}${chain}; endpoint ${endpoint}`) };
  }
  const error = writeSnapshot(resolve(out), file, toSnapshot(inv, started));
  return error ? { ...result, error } : result;
}
