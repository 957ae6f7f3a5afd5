// Where reports go: stdout, or a file written whole or not at all.
import { resolve } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { UserError } from '../util/errors.js';

export function writeOutput(text: string, output: string | undefined, cwd: string): UserError | undefined {
  if (output === undefined || output === '-') {
    process.stdout.write(text);
    return undefined;
  }
  return writeFileAtomic(resolve(cwd, output), output, text, 'report');
}
