// Writes a file whole or not at all: a temporary file beside it, then a rename, so a failed run
// never leaves half a report (or snapshot) where the last good one was.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError, describeFsError } from './errors.js';

export function writeFileAtomic(path: string, display: string, text: string, what: string): UserError | undefined {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, text);
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
