// EC2 user data, reduced to what the checks need: the ECS agent settings that decide whether tasks
// reach the instance's credentials, whether an iptables rule drops 169.254.169.254, and the names
// (never the values) of settings that hold credentials. Snapshots keep this summary, never the
// text. Decoding covers base64, gzip, MIME multipart (cloud-init's format) and #cloud-config
// write_files/runcmd, with limits so a large or nested payload cannot run away.
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { BASE64_KEY, COMPUTED_KEY, ECS_OPTIMIZED_AMI_NOTE, isComputed } from './computed.js';
import { DEPLOY_TIME_PART, renderTexts } from './intrinsic-values.js';
import { own, type JsonValue } from '../util/json.js';

const MAX_BYTES = 1024 * 1024;
const MAX_DEPTH = 4;

export function userDataTexts(base64: string): string[] {
  const out: string[] = [];
  addPayload(Buffer.from(base64, 'base64'), out, 0);
  return out;
}

function inflate(buf: Buffer): Buffer {
  if (buf.length > 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      return gunzipSync(buf, { maxOutputLength: MAX_BYTES });
    } catch {
      return Buffer.alloc(0);
    }
  }
  return buf;
}

function addPayload(raw: Buffer, out: string[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  const text = inflate(raw.subarray(0, MAX_BYTES)).toString('utf8');
  const boundary = mimeBoundary(text);
  if (boundary) {
    for (const part of text.split(`--${boundary}`).slice(1)) {
      if (part.startsWith('--')) break;
      const split = part.search(/\r?\n\r?\n/);
      if (split === -1) continue;
      const headers = part.slice(0, split).toLowerCase();
      const body = part.slice(split).replace(/^\r?\n\r?\n/, '');
      const decoded = headers.includes('content-transfer-encoding: base64') ? Buffer.from(body.replace(/\s+/g, ''), 'base64') : Buffer.from(body, 'utf8');
      addPayload(decoded, out, depth + 1);
    }
    return;
  }
  out.push(text);
  if (text.startsWith('#cloud-config')) addCloudConfig(text, out, depth);
}

/** `Content-Type: multipart/mixed; boundary="==BOUNDARY=="` -> the boundary. */
function mimeBoundary(text: string): string | undefined {
  const head = text.slice(0, 4096);
  const ct = head.toLowerCase().indexOf('content-type: multipart/');
  if (ct === -1) return undefined;
  const line = head.slice(ct, head.indexOf('\n', ct) === -1 ? undefined : head.indexOf('\n', ct));
  const at = line.toLowerCase().indexOf('boundary=');
  if (at === -1) return undefined;
  let b = line.slice(at + 9).trim();
  if (b.startsWith('"')) b = b.slice(1, b.indexOf('"', 1) === -1 ? undefined : b.indexOf('"', 1));
  return b.replace(/;.*$/, '') || undefined;
}

function addCloudConfig(text: string, out: string[], depth: number): void {
  let doc: unknown;
  try {
    const yaml = createRequire(import.meta.url)('yaml') as typeof import('yaml');
    doc = yaml.parse(text, { maxAliasCount: 50 });
  } catch {
    return;
  }
  if (!doc || typeof doc !== 'object') return;
  const d = doc as Record<string, unknown>;
  for (const f of Array.isArray(d.write_files) ? d.write_files : []) {
    if (!f || typeof f !== 'object') continue;
    const content = (f as Record<string, unknown>).content;
    if (typeof content !== 'string') continue;
    const encoding = String((f as Record<string, unknown>).encoding ?? '').toLowerCase();
    if (encoding.includes('b64') || encoding.includes('base64')) addPayload(Buffer.from(content, 'base64'), out, depth + 1);
    else out.push(`${String((f as Record<string, unknown>).path ?? '')}\n${content}`);
  }
  for (const key of ['runcmd', 'bootcmd']) {
    for (const cmd of Array.isArray(d[key]) ? (d[key] as unknown[]) : []) out.push(Array.isArray(cmd) ? cmd.map(String).join(' ') : String(cmd));
  }
}

export interface UserDataSummary {
  /** The agent settings the checks read, with their values. */
  agent: Record<string, string>;
  /** Names of the other ECS agent settings present (their values are not kept). */
  settings: string[];
  /** Settings that hold credentials (ECS_ENGINE_AUTH_DATA, ...): present, never their values. */
  secretSettings: string[];
  /** An iptables rule drops traffic to 169.254.169.254 (bridge tasks' way to the instance's credentials). */
  imdsIptablesDrop: boolean;
  /** Bytes of decoded user data (0: none). */
  size: number;
}

/** Agent settings whose values are kept: the ones that decide access to the instance's role. */
const KEPT_SETTINGS = new Set(['ECS_AWSVPC_BLOCK_IMDS', 'ECS_ENABLE_TASK_IAM_ROLE', 'ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST', 'ECS_ENABLE_TASK_ENI']);
const SECRET_SETTING = /AUTH_DATA|PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|PRIVATE_KEY/;
const SETTING = /\b(ECS_[A-Z0-9_]{1,64})[ \t]{0,5}=[ \t]{0,5}["']?([^"'\s]{0,256})/g;

export function summariseUserData(base64: string): UserDataSummary {
  return summariseTexts(userDataTexts(base64));
}

/**
 * An iptables rule that drops (or rejects) what containers send to 169.254.169.254: in a chain
 * their traffic passes (FORWARD, DOCKER-USER, PREROUTING); one in INPUT or OUTPUT does not stop it.
 */
function dropsMetadataTraffic(line: string): boolean {
  if (!line.includes('iptables') || !line.includes('169.254.169.254')) return false;
  if (!line.includes('DROP') && !line.includes('REJECT')) return false;
  return line.includes('FORWARD') || line.includes('DOCKER-USER') || line.includes('PREROUTING');
}

/** The text without its shell (and cloud-config) comment lines; the shebang is one of them, harmlessly. */
function withoutCommentLines(text: string): string {
  if (!text.includes('#')) return text;
  return text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n');
}

function summariseTexts(texts: string[]): UserDataSummary {
  const summary: UserDataSummary = { agent: {}, settings: [], secretSettings: [], imdsIptablesDrop: false, size: 0 };
  const names = new Set<string>();
  const secrets = new Set<string>();
  for (const raw of texts) {
    summary.size += raw.length;
    // a commented-out line (`# echo ECS_AWSVPC_BLOCK_IMDS=true >> ...`) sets nothing
    const text = withoutCommentLines(raw.slice(0, MAX_BYTES));
    for (const m of text.matchAll(SETTING)) {
      const [, name, value] = m as unknown as [string, string, string];
      if (KEPT_SETTINGS.has(name)) summary.agent[name] = value;
      else if (SECRET_SETTING.test(name)) secrets.add(name);
      else names.add(name);
    }
    for (const line of text.split('\n')) {
      if (dropsMetadataTraffic(line)) summary.imdsIptablesDrop = true;
    }
  }
  summary.settings = [...names].sort();
  summary.secretSettings = [...secrets].sort();
  return summary;
}

/** Text that configures the ECS agent: the instance it boots joins a cluster. */
const ECS_AGENT_CONFIG = /ECS_CLUSTER|\/etc\/ecs\/|ecs\.config/;

export interface FileUserData {
  /** Every text the user data can be, summarised together: a setting counts when every text has it. */
  summary: UserDataSummary;
  /** Some text configures the ECS agent. */
  configuresEcs: boolean;
  /** Why what the user data protects cannot be told, though some of it was read. */
  undecided?: string;
}

/**
 * User data as an IaC file writes it: a literal (base64, or plain text where `encoded` is false,
 * as a launch configuration's Terraform user_data), CloudFormation's Fn::Base64 or Terraform's
 * base64encode of a text with deploy-time parts (those parts are `${?}`). `alsoRuns`: texts that
 * user data calling cfn-init runs too (its commands and files). Undefined when no text of it is
 * known (a parameter, a variable, a file outside the tree).
 */
export function summariseFileUserData(value: JsonValue | undefined, encoded: boolean, alsoRuns: string[] = []): FileUserData | undefined {
  const found = userDataCandidates(value, encoded);
  if (!found) return undefined;
  const { candidates } = found;
  // what a text of the user data runs besides (cfn-init's configuration, when it calls cfn-init)
  for (const texts of candidates) if (alsoRuns.length > 0 && texts.some((t) => t.includes('cfn-init'))) texts.push(...alsoRuns);
  const summaries = candidates.map(summariseTexts);
  const summary = merged(summaries);
  // more texts than were rendered: a protection every rendered one has may be missing from the rest
  const out: FileUserData = { summary, configuresEcs: candidates.some((texts) => texts.some((t) => ECS_AGENT_CONFIG.test(t.slice(0, MAX_BYTES)))) };
  if (found.incomplete && (summary.imdsIptablesDrop || String(summary.agent.ECS_AWSVPC_BLOCK_IMDS ?? '').toLowerCase() === 'true')) {
    out.undecided = 'it can be more texts (conditions) than are read';
  }
  return out;
}

function userDataCandidates(value: JsonValue | undefined, encoded: boolean): { candidates: string[][]; incomplete: boolean } | undefined {
  if (value === undefined || value === null) return { candidates: [[]], incomplete: false };
  let candidates: string[][];
  if (typeof value === 'string') {
    // the AWS provider passes text that is base64 already as it is, so user_data may hold either
    candidates = [encoded || isBase64(value) ? userDataTexts(value) : payloadTexts(value)];
  } else {
    if (!isComputed(value)) return undefined;
    const inner = own(value, 'Fn::Base64') ?? own(value, BASE64_KEY);
    if (encoded && inner === undefined) return undefined;
    const rendered = renderTexts(inner ?? value);
    // nothing of it is known: a bare reference
    if (rendered.texts.length === 0 || rendered.texts.every((t) => !t.literal && t.text.replaceAll(DEPLOY_TIME_PART, '').trim() === '')) return undefined;
    candidates = rendered.texts.map((t) => payloadTexts(t.text));
    if (rendered.incomplete) return { candidates, incomplete: true };
  }
  return { candidates, incomplete: false };
}

function isBase64(text: string): boolean {
  const t = text.trim();
  return t.length >= 4 && t.length % 4 === 0 && t.length <= 4 * MAX_BYTES && /^[A-Za-z0-9+/]+={0,2}$/.test(t);
}

function payloadTexts(text: string): string[] {
  const out: string[] = [];
  addPayload(Buffer.from(text, 'utf8'), out, 0);
  return out;
}

/** The summaries of every text the user data can be: a kept setting that differs between them is the worst of them. */
function merged(summaries: UserDataSummary[]): UserDataSummary {
  if (summaries.length === 1) return summaries[0]!;
  const out: UserDataSummary = { agent: {}, settings: [], secretSettings: [], imdsIptablesDrop: summaries.every((s) => s.imdsIptablesDrop), size: Math.max(...summaries.map((s) => s.size)) };
  for (const name of KEPT_SETTINGS) {
    const values = summaries.map((s) => s.agent[name]);
    if (values.every((v) => v === undefined)) continue;
    // one text without the setting (or with another value) decides: that instance is not protected
    out.agent[name] = values.every((v) => v === values[0]) ? values[0]! : values.find((v) => v !== undefined && v.toLowerCase() !== 'true') ?? '';
  }
  out.settings = [...new Set(summaries.flatMap((s) => s.settings))].sort();
  out.secretSettings = [...new Set(summaries.flatMap((s) => s.secretSettings))].sort();
  return out;
}

/** An ECS-optimized AMI by its public parameter or its name. */
const ECS_AMI = /\/aws\/service\/ecs\/|amzn2?-ami-ecs|al2023-ami-ecs|ecs-optimized/i;

/** Whether an image id, as a file writes it (a literal, a parameter path, a template), names an ECS-optimized AMI. */
export function namesEcsOptimizedImage(value: JsonValue | undefined): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return ECS_AMI.test(value.slice(0, 2048));
  // a list of names (an aws_ami filter's values)
  if (Array.isArray(value)) return value.some((v) => typeof v === 'string' && ECS_AMI.test(v.slice(0, 2048)));
  // a Terraform data source that finds one, known only after apply
  const name = own(value, COMPUTED_KEY);
  if (typeof name === 'string' && name.endsWith(` (${ECS_OPTIMIZED_AMI_NOTE})`)) return true;
  return renderTexts(value).texts.some((t) => ECS_AMI.test(t.text.slice(0, 2048)));
}
