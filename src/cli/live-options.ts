// The options `collect` and `scan --live` share, and running a collection with them: the AWS SDK
// is imported here, on demand, so file scans never load it.
import { resolve } from 'node:path';
import { toSnapshot, writeSnapshot } from '../inventory/snapshot.js';
import { displayPath } from '../sources/files/walk.js';
import type { UserError } from '../util/errors.js';
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
  quiet?: boolean;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$/;

export async function collectToSnapshot(values: LiveValues, out: string, help: string): Promise<{ error?: UserError; gaps: number; resources: number; calls: number; file: string }> {
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
    maxAttempts: 6,
    timeoutMs,
    onProgress: (p) => {
      if (!tty || Date.now() - last < 100) return;
      last = Date.now();
      process.stderr.write(`\r\x1b[Kcollecting: ${p.regionsDone}/${p.regions} regions, ${p.calls} calls, ${p.failed} failed`);
    },
  });
  if (tty) process.stderr.write('\r\x1b[K');
  const file = displayPath(process.cwd(), resolve(out));
  const error = writeSnapshot(resolve(out), file, toSnapshot(inv, started));
  const result = { gaps: inv.gaps.length, resources: inv.resources.length, calls: inv.calls.total, file };
  return error ? { ...result, error } : result;
}
