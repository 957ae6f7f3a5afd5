// Where reports go: stdout, or a file written atomically (temporary file, then rename), so a
// failed run never leaves half a report where the last good one was.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError, describeFsError } from '../util/errors.js';

export function writeOutput(text: string, output: string | undefined, cwd: string): UserError | undefined {
  if (output === undefined || output === '-') {
    process.stdout.write(text);
    return undefined;
  }
  const target = resolve(cwd, output);
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(tmp, text);
    renameSync(tmp, target);
    return undefined;
  } catch (err) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing was written there
    }
    return new UserError(`cannot write the report: ${describeFsError(err)}`, output);
  }
}
