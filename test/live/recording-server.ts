// A loopback AWS endpoint for tests: serves the recorded exchanges in fixtures/aws-recordings
// (and edited copies) to the real SDK clients, so their serializers, error parsing and retry
// middleware run for real. Requests are routed by X-Amz-Target (JSON protocols) or by the
// Action and Version parameters (query protocols), and matched to a recording by parameters.
// Faults are injected per action: throttling, AccessDenied, server errors, delays.
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export const RECORDINGS = join(import.meta.dirname, '../../fixtures/aws-recordings');

export interface Recording {
  service: string;
  action: string;
  request: { method: string; path: string; target: string | null; contentType: string; body: string };
  response: { status: number; contentType: string; body: string };
}

/** The account the recordings were made in. */
export const RECORDED_ACCOUNT = '123456789012';

export interface RequestContext {
  /** From the SigV4 credential scope: which credentials signed the request. */
  accessKeyId: string;
  region: string;
}

export type Fault =
  | { kind: 'throttle'; times: number }
  | { kind: 'access-denied'; times?: number }
  | { kind: 'server-error'; times: number }
  | { kind: 'delay'; ms: number; times?: number }
  | { kind: 'status'; status: number; body: string; contentType: string; times?: number };

const QUERY_VERSIONS: Record<string, string> = { '2010-05-08': 'iam', '2016-11-15': 'ec2', '2011-06-15': 'sts', '2015-12-01': 'elasticloadbalancing' };
const TARGET_PREFIXES: Record<string, string> = {
  AmazonEC2ContainerServiceV20141113: 'ecs',
  AmazonSSM: 'ssm',
  TrentService: 'kms',
  Logs_20140328: 'logs',
  CloudTrail_20131101: 'cloudtrail',
  'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101': 'cloudtrail',
  secretsmanager: 'secretsmanager',
  AWSEvents: 'events',
  AWSStepFunctions: 'states',
  AWSOrganizationsV20161128: 'organizations',
};

/** restJson1 operations by path (POST). */
const REST_PATHS: Record<string, [string, string]> = {
  '/findings/import': ['securityhub', 'BatchImportFindings'],
  '/findings': ['securityhub', 'GetFindings'],
};

export function loadRecordings(dir = RECORDINGS): Recording[] {
  const out: Recording[] = [];
  for (const service of readdirSync(dir, { withFileTypes: true })) {
    if (!service.isDirectory()) continue;
    for (const f of readdirSync(join(dir, service.name))) {
      if (f.endsWith('.json')) out.push(JSON.parse(readFileSync(join(dir, service.name, f), 'utf8')) as Recording);
    }
  }
  return out;
}

export class RecordingServer {
  private server: Server | undefined;
  readonly recordings: Recording[];
  /** Every request served: [service, action, region-free parameters]. */
  readonly log: Array<{ service: string; action: string; region: string; params: Record<string, unknown>; status: number; accessKeyId: string }> = [];
  private readonly faults = new Map<string, Fault[]>();
  private readonly overrides = new Map<string, (params: Record<string, unknown>, request: RequestContext) => Recording['response'] | undefined>();
  private readonly accountsByKey = new Map<string, string>();
  private inFlight = 0;
  /** The most requests the server was answering at once. */
  maxInFlight = 0;

  constructor(recordings: Recording[] = loadRecordings()) {
    this.recordings = recordings;
  }

  /** Injects a fault into the next calls of `service:Action` (or `*`), optionally `@region`. */
  fault(key: string, fault: Fault): this {
    this.faults.set(key, [...(this.faults.get(key) ?? []), fault]);
    return this;
  }

  /** Answers `service:Action` calls with a custom response (undefined falls back to recordings). */
  override(key: string, answer: (params: Record<string, unknown>, request: RequestContext) => Recording['response'] | undefined): this {
    this.overrides.set(key, answer);
    return this;
  }

  /**
   * Requests signed with this access key are another account's: the recorded account id in every
   * answer becomes `account` (one recorded account stands in for an organisation's members).
   */
  asAccount(accessKeyId: string, account: string): this {
    this.accountsByKey.set(accessKeyId, account);
    return this;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  calls(key?: string): number {
    return key ? this.log.filter((l) => `${l.service}:${l.action}` === key).length : this.log.length;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    res.on('finish', () => this.inFlight--);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const target = req.headers['x-amz-target'];
    let service = '';
    let action = '';
    let params: Record<string, unknown> = {};
    if (typeof target === 'string') {
      const dot = target.lastIndexOf('.');
      const prefix = target.slice(0, dot);
      service = TARGET_PREFIXES[prefix] ?? prefix;
      action = target.slice(dot + 1);
      params = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    } else if (req.method === 'GET' && restGet(req.url ?? '') !== undefined) {
      // restJson1 reads (EventBridge Scheduler): the operation is the path, the parameters its query
      ({ service, action, params } = restGet(req.url ?? '')!);
    } else if (REST_PATHS[req.url ?? ''] !== undefined) {
      // restJson1 services (Security Hub): the operation is the method and path
      [service, action] = REST_PATHS[req.url ?? '']!;
      params = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    } else {
      const q = new URLSearchParams(body);
      action = q.get('Action') ?? '';
      service = QUERY_VERSIONS[q.get('Version') ?? ''] ?? 'unknown';
      for (const [k, v] of q) if (k !== 'Action' && k !== 'Version') params[k] = v;
    }
    const key = `${service}:${action}`;
    // SigV4's credential scope names the region: Credential=AKID/20261124/eu-west-1/ecs/aws4_request
    const scope = /Credential=([^/]+)\/[0-9]+\/([a-z0-9-]+)\//.exec(String(req.headers.authorization ?? ''));
    const accessKeyId = scope?.[1] ?? '';
    const region = scope?.[2] ?? 'unknown';
    const account = this.accountsByKey.get(accessKeyId);
    const fault = this.takeFault(`${key}@${region}`) ?? this.takeFault(key) ?? this.takeFault(`*@${region}`) ?? this.takeFault('*');
    if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
    let answer: Recording['response'] | undefined;
    if (fault && fault.kind !== 'delay') answer = faultResponse(fault, service);
    answer ??= this.overrides.get(key)?.(params, { accessKeyId, region });
    answer ??= this.match(service, action, params)?.response;
    answer ??= { status: 400, contentType: 'text/plain', body: `no recording for ${key} ${JSON.stringify(params)}` };
    if (account) answer = { ...answer, body: answer.body.replaceAll(RECORDED_ACCOUNT, account) };
    this.log.push({ service, action, region, params, status: answer.status, accessKeyId });
    res.writeHead(answer.status, { 'content-type': answer.contentType, 'x-amzn-requestid': 'test-request' });
    res.end(answer.body);
  }

  private takeFault(key: string): Fault | undefined {
    const list = this.faults.get(key);
    const f = list?.[0];
    if (!f) return undefined;
    const times = 'times' in f && f.times !== undefined ? f.times : Infinity;
    if (times <= 1) list!.shift();
    else (f as { times: number }).times = times - 1;
    return f;
  }

  private match(service: string, action: string, params: Record<string, unknown>): Recording | undefined {
    const candidates = this.recordings.filter((r) => r.service === service && r.action === action);
    if (candidates.length <= 1) return candidates[0];
    const wanted = JSON.stringify(sortKeys(params));
    const exact = candidates.find((r) => JSON.stringify(sortKeys(recordedParams(r))) === wanted);
    if (exact) return exact;
    // the candidate sharing the most parameter values, and recorded with fewest the request lacks
    // (a first page, asked without NextToken, is the recording made without one)
    let best = candidates[0];
    let bestScore = -Infinity;
    for (const r of candidates) {
      const rp = recordedParams(r);
      const score = Object.entries(params).filter(([k, v]) => JSON.stringify(rp[k]) === JSON.stringify(v)).length - Object.keys(rp).filter((k) => !(k in params)).length;
      if (score > bestScore) [best, bestScore] = [r, score];
    }
    return best;
  }
}

/** A restJson1 GET of EventBridge Scheduler: /schedules (ListSchedules) or /schedules/NAME (GetSchedule). */
function restGet(url: string): { service: string; action: string; params: Record<string, unknown> } | undefined {
  const parsed = new URL(url, 'http://recording');
  const params: Record<string, unknown> = {};
  for (const [k, v] of parsed.searchParams) params[k] = v;
  if (parsed.pathname === '/schedules') return { service: 'scheduler', action: 'ListSchedules', params };
  const m = /^\/schedules\/([^/]+)$/.exec(parsed.pathname);
  return m ? { service: 'scheduler', action: 'GetSchedule', params: { Name: decodeURIComponent(m[1]!), ...params } } : undefined;
}

function recordedParams(r: Recording): Record<string, unknown> {
  if (r.request.method === 'GET') return restGet(r.request.path)?.params ?? {};
  if (r.request.target || r.request.contentType.includes('json')) return r.request.body ? (JSON.parse(r.request.body) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(r.request.body)) if (k !== 'Action' && k !== 'Version') out[k] = v;
  return out;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}

function faultResponse(f: Exclude<Fault, { kind: 'delay' }>, service: string): Recording['response'] {
  const json = !Object.values(QUERY_VERSIONS).includes(service);
  const err = (code: string, message: string, status: number): Recording['response'] =>
    json
      ? { status, contentType: 'application/x-amz-json-1.1', body: JSON.stringify({ __type: code, message }) }
      : service === 'ec2'
        ? { status, contentType: 'text/xml', body: `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>test</RequestID></Response>` }
        : { status, contentType: 'text/xml', body: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>test</RequestId></ErrorResponse>` };
  switch (f.kind) {
    case 'throttle':
      return service === 'ec2' ? err('RequestLimitExceeded', 'Request limit exceeded.', 503) : json ? err('ThrottlingException', 'Rate exceeded', 400) : err('Throttling', 'Rate exceeded', 400);
    case 'access-denied':
      return service === 'ec2' ? err('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403) : json ? err('AccessDeniedException', 'User is not authorized to perform this action', 400) : err('AccessDenied', 'User is not authorized to perform this action', 403);
    case 'server-error':
      return err('InternalFailure', 'internal error', 500);
    case 'status':
      return { status: f.status, contentType: f.contentType, body: f.body };
  }
}
