// Entry point: parses the command line, runs a command, returns the exit code. User errors are
// one line on stderr; anything else is an internal error (stack only with --debug). A reader that
// closes the pipe early (`ecsguard scan | head -1`) ends the process quietly; a full disk or any
// other failure to write is one line, never a stack trace.
import { UserError, describeFsError } from '../util/errors.js';
import { toolVersion } from '../util/version.js';
import { COLLECT_HELP, CONTROLS_HELP, DIFF_HELP, MAIN_HELP, MERGE_HELP, PUBLISH_HELP, RULES_HELP, SCAN_HELP } from './help.js';
import { rulesCommand } from './rules-command.js';
import { controlsCommand, scanCommand } from './scan-command.js';
import { UsageError, closestOption } from './args.js';

const COMMAND_HELP: Record<string, string> = { scan: SCAN_HELP, controls: CONTROLS_HELP, collect: COLLECT_HELP, merge: MERGE_HELP, diff: DIFF_HELP, publish: PUBLISH_HELP, rules: RULES_HELP };
const COMMANDS = ['scan', 'controls', 'collect', 'merge', 'diff', 'publish', 'rules', 'help'];

export async function main(argv: string[]): Promise<number> {
  guardStandardStreams();
  const debug = argv.includes('--debug');
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '-h' || command === '--help') {
      process.stdout.write(MAIN_HELP);
      return command === undefined ? 2 : 0;
    }
    if (command === 'help') {
      const topic = rest[0];
      if (topic === undefined) process.stdout.write(MAIN_HELP);
      else if (Object.prototype.hasOwnProperty.call(COMMAND_HELP, topic)) process.stdout.write(COMMAND_HELP[topic]!);
      else throw new UsageError(`no help for "${topic}" (commands: ${Object.keys(COMMAND_HELP).join(', ')})`, MAIN_HELP);
      return 0;
    }
    if (command === '--version' || command === '-v' || command === '-V') {
      process.stdout.write(`${toolVersion()}\n`);
      return 0;
    }
    if (command === 'scan') return await scanCommand(rest);
    if (command === 'rules') return await rulesCommand(rest);
    if (command === 'controls') return await controlsCommand(rest);
    if (command === 'merge') return (await import('./merge-command.js')).mergeCommand(rest);
    if (command === 'diff') return (await import('./diff-command.js')).diffCommand(rest);
    if (command === 'publish') return await (await import('./publish-command.js')).publishCommand(rest);
    if (command === 'collect') return await (await import('./collect-command.js')).collectCommand(rest);
    const guess = closestOption(command, COMMANDS);
    throw new UsageError(`unknown command "${command}"${guess ? ` (did you mean ${guess}?)` : ''}`, MAIN_HELP);
  } catch (err) {
    if (err instanceof UsageError) {
      const command = argv[0] ?? '';
      const own = err.help !== undefined && err.help !== MAIN_HELP && Object.prototype.hasOwnProperty.call(COMMAND_HELP, command) ? `${command} ` : '';
      process.stderr.write(`ecsguard: ${err.message}\n${err.help ? `Run "ecsguard ${own}--help" for usage.\n` : ''}`);
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

/** A closed pipe ends the process with the exit code already chosen; other write errors are one line. */
function guardStandardStreams(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    try {
      process.stderr.write(`ecsguard: cannot write the report to standard output: ${describeFsError(err)}\n`);
    } finally {
      process.exit(2);
    }
  });
  process.stderr.on('error', () => process.exit(process.exitCode ?? 2));
}
