// Entry point: parses the command line, runs a command, returns the exit code. User errors are
// one line on stderr; anything else is an internal error (stack only with --debug).
import { UserError } from '../util/errors.js';
import { toolVersion } from '../util/version.js';
import { MAIN_HELP, RULES_HELP, SCAN_HELP } from './help.js';
import { rulesCommand } from './rules-command.js';
import { controlsCommand, scanCommand } from './scan-command.js';
import { UsageError } from './args.js';

export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      process.stdout.write(MAIN_HELP);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version' || command === '-v') {
      process.stdout.write(`${toolVersion()}\n`);
      return 0;
    }
    if (command === 'scan') return await scanCommand(rest);
    if (command === 'rules') return rulesCommand(rest);
    if (command === 'controls') return await controlsCommand(rest);
    if (command === 'collect') return await (await import('./collect-command.js')).collectCommand(rest);
    throw new UsageError(`unknown command "${command}"`, MAIN_HELP);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`ecsguard: ${err.message}\n${err.help ? `Run "ecsguard ${err.help === SCAN_HELP ? 'scan ' : err.help === RULES_HELP ? 'rules ' : ''}--help" for usage.\n` : ''}`);
      return 2;
    }
    if (err instanceof UserError) {
      process.stderr.write(`ecsguard: ${err.format()}\n`);
      return 2;
    }
    const e = err as Error;
    process.stderr.write(`ecsguard: internal error: ${e?.message ?? String(err)}${debug ? `\n${e?.stack ?? ''}` : ' (run with --debug for details)'}\n`);
    return 2;
  }
}
