import { Command, CommanderError, Help } from 'commander';
import { isUserError } from '../errors.js';
import { commands } from './commands/index.js';
import { processIO, type CliIO } from './io.js';
import { VERSION } from '../version.js';

/**
 * The command named by `argv` (`dynaq NAME ...` or `dynaq help NAME`): the first word that is not
 * an option, as commander reads it (the program itself takes no option with a value).
 */
function commandWanted(argv: readonly string[]): string | undefined {
  const words = argv.filter((word) => !word.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/**
 * The program with every subcommand listed, and the one `argv` names loaded in full: the others
 * are entries of the listing only (name, usage, description), so a command imports only what it
 * uses. Without `argv` every command is loaded (tests that inspect the whole program).
 */
export async function buildProgram(io: CliIO, argv?: readonly string[]): Promise<Command> {
  const program = new Command('dynaq')
    .description('Backtest engine whose main strategy is a Dyna-Q reinforcement learner')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  const listed = new Map<Command, string>();
  program.configureHelp({
    subcommandTerm(this: Help, command: Command): string {
      return listed.get(command) ?? Help.prototype.subcommandTerm.call(this, command);
    },
  });
  const wanted = argv === undefined ? undefined : commandWanted(argv);
  for (const entry of commands) {
    if (argv === undefined || entry.name === wanted || (wanted !== undefined && entry.aliases?.includes(wanted))) {
      (await entry.load()).register(program, io);
    } else {
      const stub = program.command(entry.name).description(entry.description);
      for (const alias of entry.aliases ?? []) stub.alias(alias);
      listed.set(stub, entry.term);
    }
  }
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
  const program = await buildProgram(io, argv);
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
