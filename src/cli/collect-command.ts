// `ecsguard collect`: a snapshot of live accounts (resources, and what could not be read), no
// evaluation. `ecsguard scan --inventory FILE` evaluates it later.
import { COLLECT_HELP } from './help.js';
import { UsageError, parseOptions } from './args.js';
import { collectToSnapshot, LIVE_OPTIONS, liveConfig, wroteLine } from './live-options.js';

export const COLLECT_OPTIONS = { ...LIVE_OPTIONS, out: { type: 'string', short: 'o' }, config: { type: 'string' }, 'no-config': { type: 'boolean' }, 'allow-gaps': { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' }, debug: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

export async function collectCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, COLLECT_OPTIONS, COLLECT_HELP);
  if (values.help) {
    process.stdout.write(COLLECT_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`collect takes no paths (got "${positionals[0]}")`, COLLECT_HELP);
  if (!values.out) throw new UsageError('collect needs --out FILE for the snapshot', COLLECT_HELP);
  if (values.config !== undefined && values['no-config']) throw new UsageError('--config and --no-config cannot be used together', COLLECT_HELP);
  const r = await collectToSnapshot(values, values.out, COLLECT_HELP, liveConfig(values['no-config'] ? false : values.config, process.cwd()));
  if (r.error) {
    process.stderr.write(`ecsguard: ${r.error.format()}\n`);
    return 2;
  }
  process.stderr.write(`ecsguard: ${wroteLine(r)}\n`);
  // a snapshot with holes is not a clean audit: exit 1, unless the gaps are accepted
  return r.gaps > 0 && !values['allow-gaps'] ? 1 : 0;
}
