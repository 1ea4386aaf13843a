import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { captureIO } from '../../src/cli/io.js';
import { buildProgram, runCli } from '../../src/cli/program.js';

/** Every (sub)command of the program, `experiment learning` included. */
function allCommands(program: Command): Command[] {
  return program.commands.flatMap((command) => [command, ...allCommands(command)]);
}

/** Each flag's definition (help text, parser's default) per command that has it; whether it is mandatory is the command's. */
function definitions(program: Command): Map<string, Map<string, string>> {
  const byFlag = new Map<string, Map<string, string>>();
  for (const command of allCommands(program)) {
    for (const option of command.options) {
      const text = JSON.stringify([option.flags, option.description, option.defaultValue]);
      const perCommand = byFlag.get(option.long!) ?? new Map<string, string>();
      perCommand.set(command.name(), text);
      byFlag.set(option.long!, perCommand);
    }
  }
  return byFlag;
}

describe('flags shared by several commands', () => {
  it('--symbol, --png, --no-png, --jobs and the walk-forward window lengths are one definition in every command that takes them', async () => {
    const byFlag = definitions(await buildProgram(captureIO()));
    for (const flag of ['--symbol', '--png', '--no-png', '--jobs', '--train-days', '--test-days', '--step-days', '--anchored']) {
      const perCommand = byFlag.get(flag)!;
      // the learning benchmark's --train-days is a list of training lengths, a different setting
      if (flag === '--train-days') perCommand.delete('learning');
      expect(perCommand.size, `${flag} is taken by more than one command`).toBeGreaterThan(1);
      expect(new Set(perCommand.values()).size, `${flag}: ${[...perCommand.keys()].join(', ')}`).toBe(1);
    }
    // --strategy: one text and default; check-lookahead has no default (the strategy is what it checks)
    const strategy = new Set([...byFlag.get('--strategy')!].filter(([command]) => command !== 'check-lookahead').map(([, text]) => text));
    expect(strategy.size).toBe(1);
    // walkforward requires the range, sweep only with --walkforward
    const program = await buildProgram(captureIO());
    const mandatory = (name: string) => program.commands.find((command) => command.name() === name)!.options.find((option) => option.long === '--train-days')!.mandatory;
    expect([mandatory('walkforward'), mandatory('sweep')]).toEqual([true, false]);
  });

  it('every seed flag accepts the learner seed range 0..4294967295 and refuses what is outside it', async () => {
    const cases: [string[], string][] = [
      [['synth', '--out', 'never', '--seed', '4294967296'], '--seed'],
      [['gridworld', '--seed', '4294967296'], '--seed'],
      [['backtest', '--seed', '4294967296'], '--seed'],
      [['experiment', 'learning', '--learner-seed', '-1'], '--learner-seed'],
    ];
    for (const [argv, flag] of cases) {
      const io = captureIO();
      expect(await runCli(argv, io)).toBe(2);
      expect(io.err).toContain(`${flag} must be within 0..4294967295`);
    }
  });
});
