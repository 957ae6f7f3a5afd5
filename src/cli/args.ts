// Command-line parsing shared by the commands: node:util's parseArgs with one-line messages, and
// the closest known option suggested for a mistyped one.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {
  constructor(
    message: string,
    readonly help?: string,
  ) {
    super(message);
  }
}

/** parseArgs with our own one-line messages for unknown or malformed options. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, help: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const msg = (err as Error).message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, '');
    const unknown = /^Unknown option '(-{1,2}[^']*)'/.exec(msg);
    if (unknown) {
      const guess = closestOption(unknown[1]!, Object.keys(options));
      throw new UsageError(`unknown option '${unknown[1]}'${guess ? ` (did you mean --${guess}?)` : ''}`, help);
    }
    throw new UsageError(msg, help);
  }
}

/** The known option nearest to a mistyped one (edit distance at most 2, or a unique prefix). */
export function closestOption(typed: string, known: string[]): string | undefined {
  const word = typed.replace(/^-{1,2}/, '').split('=')[0]!.slice(0, 64);
  if (word === '') return undefined;
  const prefixed = known.filter((k) => k.startsWith(word));
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(word, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length]!;
}

/** `--rules DIR...` and `--no-builtin-rules` (scan, controls, rules): which rules to load. */
export function ruleSources(values: { rules?: string[] | undefined; 'no-builtin-rules'?: boolean | undefined }, help: string): { rulesDirs: string[]; builtin: boolean } {
  const builtin = values['no-builtin-rules'] !== true;
  if (!builtin && values.rules === undefined) throw new UsageError('--no-builtin-rules needs --rules DIR (otherwise no rule would run)', help);
  return { rulesDirs: values.rules ?? [], builtin };
}
