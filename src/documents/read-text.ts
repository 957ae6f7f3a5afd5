// Reads one candidate file as text: size limit, byte-order marks (UTF-8 skipped, UTF-16 decoded),
// binary content refused. Returns a UserError value rather than throwing for bad input.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { UserError, describeFsError } from '../util/errors.js';

export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;

export type TextResult = { ok: true; text: string } | { ok: false; error: UserError };

/** Task definitions are small: most files fit in one read into this buffer, with no fstat. */
const SMALL = 256 * 1024;
let shared: Buffer | undefined;

export function readText(path: string, display: string, maxBytes: number): TextResult {
  let buf: Buffer;
  let fd: number | undefined;
  try {
    // non-blocking: a file swapped for a FIFO after the walk reads as empty instead of hanging
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    // open + one read for a file smaller than the buffer; a larger one is sized with fstat first,
    // so the limit is checked before it is read
    shared ??= Buffer.allocUnsafe(SMALL);
    const first = readSync(fd, shared, 0, SMALL, 0);
    if (first < SMALL) {
      if (first > maxBytes) return fail(display, `file is ${formatBytes(first)}, larger than the ${formatBytes(maxBytes)} limit (--max-file-size); not scanned`);
      return decodeText(shared.subarray(0, first), display);
    }
    const size = fstatSync(fd).size;
    if (size > maxBytes) {
      return fail(display, `file is ${formatBytes(size)}, larger than the ${formatBytes(maxBytes)} limit (--max-file-size); not scanned`);
    }
    buf = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, buf, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    if (read < size) buf = buf.subarray(0, read);
  } catch (err) {
    return fail(display, describeFsError(err));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return decodeText(buf, display);
}

export function decodeText(buf: Buffer, display: string): TextResult {
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    const encoding = buf[0] === 0xff ? 'utf-16le' : 'utf-16be';
    try {
      const text = new TextDecoder(encoding, { fatal: true }).decode(buf.subarray(2));
      if (text.includes('\u0000')) return fail(display, `binary content in a ${encoding.toUpperCase()} file`);
      return { ok: true, text };
    } catch {
      return fail(display, `invalid ${encoding.toUpperCase()} text after its byte-order mark`);
    }
  }
  const probe = buf.subarray(0, 8192);
  if (probe.includes(0)) {
    return fail(display, 'binary file (contains NUL bytes); expected JSON or YAML text');
  }
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, text };
}

function fail(file: string, message: string): TextResult {
  return { ok: false, error: new UserError(message, file) };
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 === 0 ? 0 : 1)} KiB`;
  return `${n} bytes`;
}
