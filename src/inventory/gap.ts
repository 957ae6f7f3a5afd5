// A gap: a read call of a live collection that failed (after the SDK's retries), kept in the
// snapshot with what it leaves unseen. Collectors record them; the scan turns them into unknowns.

export type GapCode = 'access-denied' | 'throttled' | 'timeout' | 'unreachable' | 'expired-credentials' | 'no-credentials' | 'region-not-enabled' | 'not-found' | 'error';

export interface Gap {
  account: string;
  region: string;
  service: string;
  operation: string;
  code: GapCode;
  message: string;
  /** What the failed call leaves unseen: whole resource types, or resources by id. */
  affects: { types?: string[]; resources?: string[] };
}

/** "ecs:DescribeServices failed in eu-west-1 (access-denied: ...)"; a global call names its account. */
export function describeGap(gap: Gap): string {
  return `${gap.service}:${gap.operation} failed in ${gap.region === 'global' ? `account ${gap.account}` : gap.region} (${gap.code}: ${gap.message})`;
}
