// Where reports go. `--output FILE` writes the --format report to FILE; `--output FORMAT=FILE`
// (repeatable) writes each format to its own file in one run, `-` or a bare FORMAT meaning
// standard output. Files are written whole or not at all; a write that fails is one error line.
import { resolve } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { UserError, describeFsError } from '../util/errors.js';
import { UsageError } from './args.js';

export interface OutputTarget {
  format: string;
  /** undefined: standard output. */
  path?: string;
}

export function parseOutputs(specs: string[] | undefined, defaultFormat: string, formats: readonly string[], help: string): OutputTarget[] {
  if (!specs || specs.length === 0) return [{ format: defaultFormat }];
  const targets: OutputTarget[] = [];
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    const named = eq > 0 ? spec.slice(0, eq) : undefined;
    let target: OutputTarget;
    if (named !== undefined && formats.includes(named)) {
      const path = spec.slice(eq + 1);
      if (path === '') throw new UsageError(`--output ${spec}: say where, as ${named}=FILE or ${named}=- for standard output`, help);
      target = path === '-' ? { format: named } : { format: named, path };
    } else if (formats.includes(spec)) {
      target = { format: spec };
    } else if (named !== undefined && /^[a-z]+$/.test(named)) {
      throw new UsageError(`--output ${spec}: unknown format "${named}" (one of ${formats.join(', ')})`, help);
    } else {
      target = spec === '-' ? { format: defaultFormat } : { format: defaultFormat, path: spec };
    }
    targets.push(target);
  }
  if (targets.filter((t) => t.path === undefined).length > 1) throw new UsageError('--output: only one report can go to standard output', help);
  const paths = targets.flatMap((t) => (t.path ? [resolve(t.path)] : []));
  const twice = paths.find((p, i) => paths.indexOf(p) !== i);
  if (twice) throw new UsageError(`--output: two reports would be written to ${targets.find((t) => t.path && resolve(t.path) === twice)!.path}`, help);
  return targets;
}

/** Writes one report (a string, or chunks in order); a file whole or not at all. */
export function writeOutput(text: string | Iterable<string>, target: OutputTarget, cwd: string): UserError | undefined {
  if (target.path === undefined) return writeStdout(text);
  return writeFileAtomic(resolve(cwd, target.path), target.path, text, 'report');
}

function writeStdout(text: string | Iterable<string>): UserError | undefined {
  try {
    for (const chunk of typeof text === 'string' ? [text] : text) process.stdout.write(chunk);
    return undefined;
  } catch (err) {
    return new UserError(`cannot write the report to standard output: ${describeFsError(err)}`);
  }
}
