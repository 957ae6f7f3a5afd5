// Writes a file whole or not at all: a temporary file beside it, then a rename, so a failed run
// never leaves half a report (or snapshot) where the last good one was.
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError, describeFsError } from './errors.js';

/** `text` may be chunks, written in order (a report too large for one string). */
export function writeFileAtomic(path: string, display: string, text: string | Iterable<string>, what: string): UserError | undefined {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(tmp, 'w');
    try {
      for (const chunk of typeof text === 'string' ? [text] : text) writeText(fd, chunk);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    return undefined;
  } catch (err) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing was written there
    }
    return new UserError(`cannot write the ${what}: ${describeFsError(err)}`, display);
  }
}

/** A string straight to the file (no Buffer kept per chunk); the rest as bytes if a write comes up short. */
function writeText(fd: number, chunk: string): void {
  const written = writeSync(fd, chunk);
  if (written < Buffer.byteLength(chunk)) writeAll(fd, Buffer.from(chunk, 'utf8').subarray(written));
}

function writeAll(fd: number, data: Buffer): void {
  let off = 0;
  while (off < data.length) off += writeSync(fd, data, off, data.length - off);
}
