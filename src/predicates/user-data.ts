// EC2 user data as the texts a host runs: base64, gzip, MIME multipart (cloud-init's format) and
// #cloud-config write_files/runcmd, decoded with limits so a large or nested payload cannot run
// away. Returns every script and file content found.
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';

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
