import { Command, CommanderError } from 'commander';
import { isUserError } from '../errors.js';
import { commands } from './commands/index.js';
import { processIO, type CliIO } from './io.js';
import { VERSION } from '../version.js';

export function buildProgram(io: CliIO): Command {
  const program = new Command('dynaq')
    .description('Backtest engine whose main strategy is a Dyna-Q reinforcement learner')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const register of commands) register(program, io);
  // Subcommands inherit output and exit handling so their usage errors come back to runCli too.
  for (const sub of program.commands) {
    sub.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    sub.showHelpAfterError('(run with --help for usage)');
  }
  return program;
}

/**
 * Runs `dynaq` with the given arguments (without `node` and the script path) and returns the
 * exit code. User mistakes print one line on stderr and return non-zero; never a stack trace.
 */
export async function runCli(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (unknown flag, missing argument, --help).
      return error.exitCode === 0 ? 0 : 2;
    }
    if (isUserError(error)) {
      io.stderr(`dynaq: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
