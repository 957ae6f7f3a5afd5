// The options `collect` and `scan --live` share, and running a collection with them: the AWS SDK
// is imported here, on demand, so file scans never load it.
import { resolve } from 'node:path';
import { toSnapshot, writeSnapshot } from '../inventory/snapshot.js';
import { displayPath } from '../sources/files/walk.js';
import { UserError } from '../util/errors.js';
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

/** "a, b, c and 8 more": the first few failed calls named, then a count. */
export function failedCallsLine(calls: string[], shown = 3): string {
  const named = calls.slice(0, shown).join(', ');
  return calls.length > shown ? `${named} and ${calls.length - shown} more` : named;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$/;

export async function collectToSnapshot(values: LiveValues, out: string, help: string): Promise<CollectOutcome> {
  const regions = (values.region ?? []).flatMap((r) => r.split(',')).map((r) => r.trim()).filter(Boolean);
  if (regions.length === 0 && !values['all-regions']) throw new UsageError('say which regions: --region eu-west-1[,us-east-1] or --all-regions', help);
  for (const r of regions) if (!REGION.test(r)) throw new UsageError(`--region: "${r}" is not a region name such as eu-west-1`, help);
  for (const a of values['role-arn'] ?? []) if (!/^arn:aws[a-z-]*:iam::[0-9]{12}:role\/.+/.test(a)) throw new UsageError(`--role-arn: "${a}" is not an IAM role ARN`, help);
  if (values['external-id'] !== undefined && !values['role-arn']?.length) throw new UsageError('--external-id needs --role-arn', help);
  if (values['endpoint-url'] !== undefined && !/^https?:\/\/[^\s]+$/.test(values['endpoint-url'])) throw new UsageError('--endpoint-url must be an http(s) URL', help);
  const concurrency = values.concurrency === undefined ? 16 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) throw new UsageError('--concurrency must be a number from 1 to 256', help);
  const timeoutMs = values.timeout === undefined ? 20_000 : Number(values.timeout) * 1000;
  if (!Number.isFinite(timeoutMs) || timeoutMs < 1000 || timeoutMs > 600_000) throw new UsageError('--timeout must be seconds, from 1 to 600', help);
  const retryMode = values['retry-mode'] ?? 'standard';
  if (retryMode !== 'standard' && retryMode !== 'adaptive') throw new UsageError('--retry-mode must be standard or adaptive', help);
  const maxAttempts = values['max-attempts'] === undefined ? 4 : Number(values['max-attempts']);
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 20) throw new UsageError('--max-attempts must be a number from 1 to 20', help);
  const { collectInventory } = await import('../sources/live/collect.js');
  const tty = !values.quiet && process.stderr.isTTY === true && !process.env.CI;
  let last = 0;
  const started = new Date();
  const inv = await collectInventory({
    regions,
    allRegions: values['all-regions'] === true,
    roleArns: values['role-arn'] ?? [],
    ...(values['external-id'] !== undefined ? { externalId: values['external-id'] } : {}),
    ...(values.profile !== undefined ? { profile: values.profile } : {}),
    ...(values['endpoint-url'] !== undefined ? { endpointUrl: values['endpoint-url'] } : {}),
    allRevisions: values['all-revisions'] === true,
    concurrency,
    maxAttempts,
    retryMode,
    timeoutMs,
    onProgress: (p) => {
      if (!tty || Date.now() - last < 100) return;
      last = Date.now();
      process.stderr.write(`\r\x1b[Kcollecting: ${p.regionsDone}/${p.regions} regions, ${p.calls} calls, ${p.failed} failed`);
    },
  });
  if (tty) process.stderr.write('\r\x1b[K');
  const file = displayPath(process.cwd(), resolve(out));
  const failedCalls = inv.gaps.map((g) => `${g.service}:${g.operation}${g.region && g.region !== 'global' ? ` in ${g.region}` : ''} (${g.code})`);
  const result: CollectOutcome = { gaps: inv.gaps.length, resources: inv.resources.length, calls: inv.calls.total, retries: inv.calls.retries, file, failedCalls };
  if (inv.scope.accounts.length === 0) {
    // not one account could be identified: no snapshot, nothing that looks like an audit
    const first = inv.gaps[0];
    const source = values['role-arn']?.length ? `role ${values['role-arn'].join(', ')} assumed with ` : '';
    const chain = values.profile !== undefined ? `the profile "${values.profile}"` : 'the default credential chain (environment, shared config and SSO profiles, container and instance roles)';
    const endpoint = values['endpoint-url'] ?? `https://sts.${regions[0] ?? 'us-east-1'}.amazonaws.com`;
    const why = first ? `${first.service}:${first.operation} failed (${first.code}: ${first.message})` : 'no account answered';
    return { ...result, error: new UserError(`cannot audit: ${why}; credentials from ${source}${chain}; endpoint ${endpoint}`) };
  }
  const error = writeSnapshot(resolve(out), file, toSnapshot(inv, started));
  return error ? { ...result, error } : result;
}
