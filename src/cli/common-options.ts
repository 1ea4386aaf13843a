import { availableParallelism } from 'node:os';
import { Option, type Command } from 'commander';
import { builtInNames } from '../loader/load.js';
import { parseIntegerOption } from './options.js';

/**
 * The flags several commands take, each defined once: the same name, text, parser and range in
 * every command's `--help` (a command adds them with `.addOption(...)`).
 */

export const symbolOption = (): Option => new Option('--symbol <symbol>', "symbol to trade (default: the data folder's defaultSymbol, else JPM)");

const STRATEGY_TEXT = `strategy: ${builtInNames.join(', ')}, or your own file (.mjs, .js, .ts) whose default export is { name, decide(day) }`;

/** `--strategy`, dyna-q by default; `check-lookahead` makes it mandatory. */
export const strategyOption = (): Option => new Option('--strategy <name|file>', STRATEGY_TEXT).default('dyna-q');

/** `--png` / `--no-png`: charts as SVG only unless asked (the report page shows the SVGs). */
export const pngOption = (): Option => new Option('--png', 'also write each chart as a PNG (the page shows the SVGs; PNGs take a third of a default run)');
export const noPngOption = (): Option => new Option('--no-png', 'charts as SVG only (the default)');

/** `--jobs`: worker threads, one per core by default. */
export const jobsOption = (): Option =>
  new Option('--jobs <n>', 'worker threads (default: the number of cores)').argParser(parseIntegerOption('--jobs', 1, 1024)).default(availableParallelism());

/** A walk-forward's bounds and window lengths, in trading days. */
export interface WalkForwardFlagValues {
  start?: string;
  end?: string;
  trainDays?: number;
  testDays?: number;
  stepDays?: number;
  anchored?: boolean;
}

/**
 * The walk-forward flags. `walkforward` requires the range and the window lengths; `sweep` asks
 * for them only with `--walkforward` (and refuses them without it).
 */
export function addWalkForwardOptions<C extends Command>(command: C, required: boolean): C {
  const mandatory = (option: Option) => (required ? option.makeOptionMandatory() : option);
  const options = [
    mandatory(new Option('--start <date>', 'first day of the range the walk-forward folds cover')),
    mandatory(new Option('--end <date>', 'last day of that range')),
    mandatory(new Option('--train-days <n>', 'trading days in each training window').argParser(parseIntegerOption('--train-days', 3, 100_000))),
    mandatory(new Option('--test-days <n>', 'trading days in each test window').argParser(parseIntegerOption('--test-days', 3, 100_000))),
    new Option('--step-days <n>', 'trading days between test windows (default: --test-days, so they tile the range)').argParser(parseIntegerOption('--step-days', 1, 100_000)),
    new Option('--anchored', 'every training window starts at --start (expanding) instead of rolling'),
  ];
  for (const option of options) command.addOption(option);
  return command;
}

/** The walk-forward flags (sweep refuses them without --walkforward). */
export const WALK_FORWARD_FLAGS = ['start', 'end', 'trainDays', 'testDays', 'stepDays', 'anchored'] as const;

/** The window flags of a split backtest (refused where the windows come from elsewhere). */
export const WINDOW_FLAGS = ['train', 'test', 'allowOverlap'] as const;

/** Of the named options (their attribute names), the ones typed on the command line, as the user wrote them (`--allow-overlap`). */
export function givenFlags(command: Command, names: readonly string[]): string[] {
  return command.options.filter((option) => names.includes(option.attributeName()) && command.getOptionValueSource(option.attributeName()) === 'cli').map((option) => option.long!);
}
