// Every AWS call a collection makes goes through here: counted, limited in concurrency, and on
// failure (after the SDK's own retries) turned into a recorded gap that says which resources
// and checks it leaves blind, instead of an exception or a silent hole.
import type { CommandCounter } from './aws-clients.js';
import { describeGap, type Gap, type GapCode } from '../../inventory/gap.js';
import { withDownstream } from './discovery.js';

export function classifyError(err: unknown): { code: GapCode; message: string } {
  const e = err as { name?: string; Code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = e?.name ?? e?.Code ?? 'Error';
  const status = e?.$metadata?.httpStatusCode;
  const message = `${name}${e?.message && e.message !== name ? `: ${e.message}` : ''}`.slice(0, 300);
  const code = (err as { code?: string })?.code ?? '';
  // by name first: AWS answers an expired token or a disabled region with a 403 as well
  if (/AccessDenied|UnauthorizedOperation|UnauthorizedAccess|AuthorizationError|NotAuthorized/i.test(name)) return { code: 'access-denied', message };
  if (/Throttl|TooManyRequests|RequestLimitExceeded|SlowDown|RateExceeded/i.test(name)) return { code: 'throttled', message };
  if (/ExpiredToken|TokenRefreshRequired|RequestExpired/i.test(name)) return { code: 'expired-credentials', message };
  if (/CredentialsProviderError|Could not load credentials/i.test(name + (e?.message ?? ''))) return { code: 'no-credentials', message };
  // a refused or unresolvable connection is not a timeout: nothing answered at all
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/i.test(`${name} ${e?.message ?? ''} ${code}`)) return { code: 'unreachable', message };
  if (/Timeout|TimedOut|ECONNRESET|ETIMEDOUT|socket hang up/i.test(`${name} ${e?.message ?? ''} ${code}`)) return { code: 'timeout', message };
  if (/OptInRequired|InvalidClientTokenId|UnrecognizedClient|AuthFailure/i.test(name)) return { code: 'region-not-enabled', message };
  if (/NoSuchEntity|NotFound|ResourceNotFound|ParameterNotFound|InvalidParameterValue/i.test(name)) return { code: 'not-found', message };
  if (status === 403) return { code: 'access-denied', message };
  if (status === 429) return { code: 'throttled', message };
  if (status === 404) return { code: 'not-found', message };
  return { code: 'error', message };
}

/** Calls under way per in-flight slot. */
const BACKLOG = 2;

export class CallTracker {
  readonly gaps: Gap[] = [];
  readonly byOperation = new Map<string, number>();
  total = 0;
  failed = 0;
  retries = 0;
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  // calls under way (being serialized, signed, sent or parsed): a bounded backlog ahead of the
  // in-flight slots, so a burst of thousands of calls is not all prepared before any is sent
  private started = 0;
  private readonly queued: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly onCall?: () => void,
  ) {}

  /**
   * Runs one SDK call (retries included; each HTTP attempt takes an in-flight slot). On failure records a gap
   * and returns undefined.
   */
  async call<T>(where: { account: string; region: string }, service: string, operation: string, affects: Gap['affects'], fn: () => Promise<T>, options: { recordGap?: boolean; onGap?: (why: string) => void } = {}): Promise<T | undefined> {
    if (this.started >= this.concurrency * BACKLOG) await new Promise<void>((resolve) => this.queued.push(resolve));
    this.started++;
    try {
      return await fn();
    } catch (err) {
      const { code, message } = classifyError(err);
      // a call with a fallback (recordGap: false) leaves no hole when it fails
      if (options.recordGap !== false) {
        const gap = this.record({ ...where, service, operation, code, message, affects });
        options.onGap?.(describeGap(gap));
      }
      return undefined;
    } finally {
      this.started--;
      this.queued.shift()?.();
      this.onCall?.();
    }
  }

  /**
   * Runs one collector over the answers its calls got. An answer AWS would not give (a number
   * where a list belongs, a field of another type) can still throw while it is read: what that
   * collector gathers becomes a gap, and the rest of the audit goes on.
   */
  async guard(where: { account: string; region: string }, reading: string, affects: Gap['affects'], run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (err) {
      this.record({ ...where, service: 'ecsguard', operation: reading, code: 'error', message: `an answer could not be read (${classifyError(err).message})`, affects });
    }
  }

  /** Records a failure as a gap; the kinds a failed listing hides include those its resources would have named. */
  private record(gap: Gap): Gap {
    this.failed++;
    const recorded: Gap = gap.affects.types ? { ...gap, affects: { ...gap.affects, types: withDownstream(gap.affects.types) } } : gap;
    this.gaps.push(recorded);
    return recorded;
  }

  /** Counts one command sent to AWS (from the clients' middleware: every page, no retries). */
  count(service: string, operation: string): void {
    this.total++;
    const key = `${service}:${operation}`;
    this.byOperation.set(key, (this.byOperation.get(key) ?? 0) + 1);
  }

  /** What the clients report to and take slots from. */
  counter(): CommandCounter {
    return { command: (svc, op) => this.count(svc, op), retry: () => this.retry(), inFlight: () => this.inFlight() };
  }

  /** Counts one attempt the SDK repeated. */
  retry(): void {
    this.retries++;
  }

  /** A slot among the requests in flight (the clients' middleware holds one per HTTP attempt). */
  inFlight(): Promise<() => void> {
    const release = () => {
      this.active--;
      this.waiting.shift()?.();
    };
    if (this.active < this.concurrency) {
      this.active++;
      return Promise.resolve(release);
    }
    return new Promise((resolve) => this.waiting.push(() => (this.active++, resolve(release))));
  }
}

/** Runs `fn` over items with at most `limit` at a time (the tracker limits calls; this limits fan-out). */
export async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(workers);
}

/** Pages a listing may take: far past any account (100 items a page), a bound on a service that never ends one. */
export const MAX_PAGES = 10_000;

/** A listing that does not end: its call fails (a gap), never a loop or a quietly partial list. */
export class PaginationError extends Error {
  override readonly name = 'PaginationError';
}

/**
 * The page tokens of one listing. The SDK's paginators (and a loop over NextToken) ask again for
 * as long as a page carries a token, so a service that hands back a token it gave before, or
 * never stops, would keep the audit asking forever: each token is checked as it arrives.
 */
export class PageTokens {
  private readonly seen = new Set<string>();
  private pages = 0;

  /** The token a page carries (undefined on the last page); throws when the listing would not end. */
  next(token: unknown): void {
    this.pages++;
    // the SDK asks again for any token that is truthy, whatever its type
    if (!token) return;
    const key = typeof token === 'string' ? token : `${typeof token}:${JSON.stringify(token) ?? String(token)}`;
    if (this.seen.has(key)) throw new PaginationError(`the listing did not end: page ${this.pages} carries a page token an earlier page carried`);
    if (this.pages >= MAX_PAGES) throw new PaginationError(`the listing did not end after ${MAX_PAGES} pages`);
    this.seen.add(key);
  }
}

/** The output token of a page, whichever the service names it (ECS nextToken, EC2 NextToken, IAM Marker, KMS NextMarker). */
function pageToken(page: unknown): unknown {
  const p = page as { nextToken?: unknown; NextToken?: unknown; Marker?: unknown; NextMarker?: unknown };
  return p.nextToken ?? p.NextToken ?? p.Marker ?? p.NextMarker;
}

/** Every page of a paginated listing (the SDK's paginators), in order; a listing that does not end throws. */
export async function pagesOf<T>(iter: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  const tokens = new PageTokens();
  for await (const page of iter) {
    out.push(page);
    tokens.next(pageToken(page));
  }
  return out;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
