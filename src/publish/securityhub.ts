// Sends ASFF findings (scan --format asff) to AWS Security Hub: BatchImportFindings, 100 findings
// a call (the API's limit), retried by the SDK's retry strategy; a finding the API refuses is
// reported with its id and code. Then findings of the same product, generator family and
// category that this publication no longer holds are archived (imported again with RecordState
// ARCHIVED), so Security Hub shows what the latest scan found, not everything it ever found.
// Loaded only by `ecsguard publish`: a scan never loads the SDK.
import { BatchImportFindingsCommand, GetFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';

export interface SecurityHubSettings {
  region: string;
  profile?: string;
  endpointUrl?: string;
  maxAttempts: number;
  timeoutMs: number;
}

/** The client, with the SDK's credential chain, adaptive retries and a request timeout. */
export function createSecurityHubClient(s: SecurityHubSettings): SecurityHubClient {
  return new SecurityHubClient({
    region: s.region,
    credentials: fromNodeProviderChain(s.profile ? { profile: s.profile } : {}),
    maxAttempts: s.maxAttempts,
    retryMode: 'adaptive',
    // throwOnRequestTimeout: without it the SDK only logs a warning and the call hangs on
    requestHandler: { connectionTimeout: Math.min(s.timeoutMs, 10_000), requestTimeout: s.timeoutMs, throwOnRequestTimeout: true },
    ...(s.endpointUrl ? { endpoint: s.endpointUrl } : {}),
  });
}

export const BATCH_SIZE = 100;
/** Findings read back from Security Hub to find what to archive, at most (a guard, not a limit users meet). */
const MAX_READ_BACK = 100_000;

export interface PublishOptions {
  /** Archive findings this publication no longer holds (default true). */
  archive: boolean;
  /** The time the archived findings are updated at. */
  now: string;
}

export interface PublishOutcome {
  imported: number;
  archived: number;
  /** Findings the API refused: id, code and message (never a finding's text). */
  failed: Array<{ id: string; code: string; message: string }>;
  calls: number;
}

/** A finding's category (ecsguard/Category product field): what one publication replaces. */
function categoryOf(f: Record<string, unknown>): string | undefined {
  const fields = f.ProductFields as Record<string, string> | undefined;
  return fields?.['ecsguard/Category'];
}

export async function publishFindings(client: SecurityHubClient, findings: Array<Record<string, unknown>>, options: PublishOptions): Promise<PublishOutcome> {
  const out: PublishOutcome = { imported: 0, archived: 0, failed: [], calls: 0 };
  await importAll(client, findings, out);
  if (!options.archive || findings.length === 0) return out;
  const productArn = String(findings[0]!.ProductArn);
  const categories = [...new Set(findings.map(categoryOf).filter((c): c is string => c !== undefined))];
  const present = new Set(findings.map((f) => String(f.Id)));
  const stale: AwsSecurityFinding[] = [];
  for (const category of categories.length > 0 ? categories : [undefined]) {
    let token: string | undefined;
    let read = 0;
    do {
      const page = await client.send(
        new GetFindingsCommand({
          Filters: {
            ProductArn: [{ Value: productArn, Comparison: 'EQUALS' }],
            RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
            GeneratorId: [{ Value: 'ecsguard/', Comparison: 'PREFIX' }],
            ...(category !== undefined ? { ProductFields: [{ Key: 'ecsguard/Category', Value: category, Comparison: 'EQUALS' }] } : {}),
          },
          MaxResults: 100,
          ...(token ? { NextToken: token } : {}),
        }),
      );
      out.calls++;
      for (const f of page.Findings ?? []) if (f.Id && !present.has(f.Id)) stale.push(f);
      read += page.Findings?.length ?? 0;
      token = page.NextToken || undefined;
    } while (token && read < MAX_READ_BACK);
  }
  const archived = stale.map((f) => ({ ...f, RecordState: 'ARCHIVED', UpdatedAt: options.now }) as unknown as Record<string, unknown>);
  const before = out.imported;
  await importAll(client, archived, out);
  out.archived = out.imported - before;
  out.imported = before;
  return out;
}

async function importAll(client: SecurityHubClient, findings: Array<Record<string, unknown>>, out: PublishOutcome): Promise<void> {
  for (let i = 0; i < findings.length; i += BATCH_SIZE) {
    const batch = findings.slice(i, i + BATCH_SIZE) as unknown as AwsSecurityFinding[];
    const r = await client.send(new BatchImportFindingsCommand({ Findings: batch }));
    out.calls++;
    out.imported += r.SuccessCount ?? 0;
    for (const f of r.FailedFindings ?? []) out.failed.push({ id: f.Id ?? '?', code: f.ErrorCode ?? 'Unknown', message: f.ErrorMessage ?? '' });
  }
}
