// Writes a file whole or not at all: a temporary file beside it, then a rename, so a failed run
// never leaves half a report (or snapshot) where the last good one was. What is not a regular
// file (/dev/null, /dev/stdout, a named pipe another tool reads) is written into, never renamed
// over: a rename would put a file where the device was. A symbolic link is written through.
import { closeSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError, describeFsError } from './errors.js';

/** `text` may be chunks, written in order (a report too large for one string). */
export function writeFileAtomic(given: string, display: string, text: string | Iterable<string>, what: string): UserError | undefined {
  let path = given;
  try {
    const st = statSync(given);
    if (!st.isFile()) return st.isDirectory() ? new UserError(`cannot write the ${what}: is a directory`, display) : writeInto(given, display, text, what);
    // an existing link: the file it leads to is replaced, the link kept
    path = realpathSync(given);
  } catch {
    // not there yet: written anew
  }
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

/** Straight into a device or pipe, in order: there is nothing there to keep whole. */
function writeInto(path: string, display: string, text: string | Iterable<string>, what: string): UserError | undefined {
  try {
    const fd = openSync(path, 'w');
    try {
      for (const chunk of typeof text === 'string' ? [text] : text) writeText(fd, chunk);
    } finally {
      closeSync(fd);
    }
    return undefined;
  } catch (err) {
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
