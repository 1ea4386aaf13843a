import { InvalidArgumentError, type Command } from 'commander';
import { UserError } from '../errors.js';
import { fillModelNames, type FillModelName } from '../broker/models.js';
import type { ExcessPolicy } from '../broker/execute.js';
import type { TradingSetup } from '../broker/setup.js';
import type { Sizing } from '../broker/sizing.js';
import { parseDateRange } from '../data/dates.js';
import type { DateRange } from '../data/window.js';
import { COURSE, DEFAULT_INDICATORS, DYNA_Q_SETTINGS, RUN_SETTINGS, SETUP_SETTINGS, type ChoiceSetting, type NumberSetting } from '../defaults.js';
import { printable } from '../errors.js';
import { formatIndicatorSpec, parseIndicatorList } from '../indicators/index.js';
import { resolveStrategySource, sourceOrigin, strategyFacts, type StrategySource } from '../loader/load.js';
import { WorkerPool } from '../jobs/pool.js';
import type { StrategyFacts } from '../jobs/tasks.js';
import type { ParamValue } from '../strategy/contract.js';
import { describeParam, paramDefinitions, parseParamText, type ParamDefinition } from '../strategy/params.js';
import { DYNA_Q_PARAMS } from '../agent/index.js';
import { MAX_PAIRS } from '../learner/config.js';
import { addDataOptions, type DataFlags } from './data-options.js';
import { parseChoiceOption, parseIntegerOption, parseNumberOption } from './options.js';

/** The strategy parameters that have a flag of their own (the Dyna-Q settings of the table, and --indicators). */
export type ParamFlagName = keyof typeof DYNA_Q_SETTINGS | 'indicators';

/** Flags shared by backtest, walkforward, sweep, compare and experiment. */
export interface BacktestFlags extends DataFlags, Partial<Record<ParamFlagName, ParamValue>> {
  train: string;
  test: string;
  allowOverlap?: boolean;
  startValue: number;
  commission: number;
  impact: number;
  fill: FillModelName;
  shares?: number;
  fraction?: number;
  margin: number | 'none';
  onExcess: ExcessPolicy;
  closeAtEnd?: boolean;
  /** `--param name=value`, repeatable. */
  param: string[];
  timeBudget: number;
}

export const DEFAULT_TRAIN = `${COURSE.train.start}:${COURSE.train.end}`;
export const DEFAULT_TEST = `${COURSE.test.start}:${COURSE.test.end}`;

/** The Dyna-Q settings as parameter definitions: their flags, `--param` and `--grid` read them with the one parser. */
const DYNA_Q_DEFINITIONS = new Map(paramDefinitions(DYNA_Q_PARAMS, 'dyna-q').map((definition) => [definition.name, definition]));

/**
 * The commander parser of a setting of the table. A strategy parameter's flag reads its text with
 * the parameter's own parser (the one `--param` and `--grid` use); the setup's flags check the
 * table's range and choices.
 */
export function settingParser(setting: NumberSetting | ChoiceSetting, name?: string): (text: string) => ParamValue {
  const definition = name === undefined ? undefined : DYNA_Q_DEFINITIONS.get(name);
  if (definition !== undefined) {
    return (text) => {
      try {
        return parseParamText(definition, text, setting.flag);
      } catch (error) {
        throw new InvalidArgumentError((error as Error).message);
      }
    };
  }
  if (setting.kind === 'choice') return parseChoiceOption(setting.flag, setting.choices);
  return setting.kind === 'integer' ? parseIntegerOption(setting.flag, setting.min, setting.max) : parseNumberOption(setting.flag, setting.min, setting.max);
}

/** A commander option for a setting of the table: its parser checks the table's range. */
function addSetting(command: Command, setting: NumberSetting | ChoiceSetting, withDefault: boolean, paramName?: string): Command {
  const name = setting.flag.replace(/^--/, '');
  const accepts = setting.kind === 'choice' ? `: ${setting.choices.join(', ')}` : ` (${setting.min}..${setting.max}`;
  const description = `${setting.description}${accepts}${setting.kind === 'choice' ? '' : ')'}${withDefault ? '' : ` [default ${setting.default}]`}`;
  const parse = settingParser(setting, paramName);
  return withDefault ? command.option(`${setting.flag} <${name}>`, description, parse, setting.default) : command.option(`${setting.flag} <${name}>`, description, parse);
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * Flags of the windows, the trading setup and the strategy's parameters. `walkforward` has no
 * --train/--test (its folds make the windows), so it asks for `{ windows: false }` and those flags
 * are refused as unknown rather than ignored.
 */
export function addBacktestOptions(command: Command, { windows = true }: { windows?: boolean } = {}): Command {
  if (windows) {
    command
      .option('--train <start:end>', 'in-sample window', DEFAULT_TRAIN)
      .option('--test <start:end>', 'out-of-sample window (must start after --train ends)', DEFAULT_TEST)
      .option('--allow-overlap', 'run a --test window that overlaps --train anyway (reported as look-ahead)');
  }
  addSetting(command, SETUP_SETTINGS.startValue, true);
  addSetting(command, SETUP_SETTINGS.commission, true);
  addSetting(command, SETUP_SETTINGS.impact, true);
  command.option('--fill <model>', `fill model: ${fillModelNames.join(', ')}`, parseChoiceOption('--fill', fillModelNames), 'close');
  addSetting(command, SETUP_SETTINGS.shares, false);
  addSetting(command, SETUP_SETTINGS.fraction, false);
  command.option(`--margin <margin>`, `${SETUP_SETTINGS.margin.description} (${SETUP_SETTINGS.margin.min}..${SETUP_SETTINGS.margin.max} or none)`, parseMargin, SETUP_SETTINGS.margin.default);
  addSetting(command, SETUP_SETTINGS.onExcess, true);
  command.option('--close-at-end', "close every open position with each window's last fill (next-open: the last day's open), as backtesting.py's finalize_trades");
  addSetting(command, RUN_SETTINGS.timeBudget, true);
  command.option('--param <name=value>', "a parameter of the strategy, e.g. --param fast=12 (repeatable; the strategy's params say which it takes)", collect, []);
  // The Dyna-Q settings: parameters of the dyna-q strategy, refused for a strategy that does not take them.
  command.option('--indicators <list>', `dyna-q: indicators of the learner's state [default ${DEFAULT_INDICATORS.join(',')}]`);
  for (const [name, setting] of Object.entries(DYNA_Q_SETTINGS)) addSetting(command, { ...setting, description: `dyna-q: ${setting.description}` }, false, name);
  return addDataOptions(command);
}

function parseMargin(text: string): number | 'none' {
  if (text === 'none') return 'none';
  return parseNumberOption(SETUP_SETTINGS.margin.flag, SETUP_SETTINGS.margin.min, SETUP_SETTINGS.margin.max)(text);
}

/** --shares N (the course's fixed size) or --fraction F (of the portfolio value); not both. */
export function sizingOf(flags: Pick<BacktestFlags, 'shares' | 'fraction'>): Sizing {
  if (flags.shares !== undefined && flags.fraction !== undefined) {
    throw new UserError('--shares and --fraction both size a position; give one of them.', 2);
  }
  if (flags.fraction !== undefined) return { kind: 'fraction', fraction: flags.fraction };
  return { kind: 'shares', shares: flags.shares ?? SETUP_SETTINGS.shares.default };
}

export function tradingSetup(flags: BacktestFlags): TradingSetup {
  return {
    startValue: flags.startValue,
    commission: flags.commission,
    impact: flags.impact,
    fill: flags.fill,
    sizing: sizingOf(flags),
    ...(flags.margin === 'none' ? {} : { margin: flags.margin }),
    onExcess: flags.onExcess,
    ...(flags.closeAtEnd ? { closeAtEnd: true } : {}),
  };
}

/** The flag a strategy parameter is given with, for messages. */
export function paramFlag(name: string): string {
  if (name === 'indicators') return '--indicators';
  const setting = (DYNA_Q_SETTINGS as Record<string, NumberSetting | ChoiceSetting>)[name];
  return setting ? setting.flag : `--param ${name}`;
}

/**
 * The strategy parameters the user gave: the table's flags that were typed (e.g. --dyna 0), then
 * every `--param name=value` (text: the strategy's declaration decides how it is read).
 */
export function givenParams(flags: BacktestFlags): Record<string, ParamValue> {
  const given: Record<string, ParamValue> = {};
  for (const name of [...Object.keys(DYNA_Q_SETTINGS), 'indicators'] as ParamFlagName[]) {
    const value = flags[name];
    if (value === undefined) continue;
    given[name] = name === 'indicators' ? parseIndicatorList(String(value), '--indicators').map(formatIndicatorSpec) : value;
  }
  for (const entry of flags.param ?? []) {
    const match = /^([A-Za-z][\w-]*)=(.*)$/s.exec(entry);
    if (!match) throw new UserError(`--param must be NAME=VALUE (e.g. --param fast=12), got '${printable(entry)}'.`, 2);
    if (Object.hasOwn(given, match[1]!)) throw new UserError(`--param ${match[1]}: given twice.`, 2);
    given[match[1]!] = match[2]!;
  }
  return given;
}

/**
 * Refuses every given parameter the strategy does not declare, naming the flag the user typed and
 * what the strategy does take: a setting that does not apply is an error, never silently ignored.
 */
export function checkParamsApply(given: Readonly<Record<string, ParamValue>>, declared: readonly ParamDefinition[], source: StrategySource): void {
  const names = new Set(declared.map((definition) => definition.name));
  const foreign = Object.keys(given).filter((name) => !names.has(name));
  if (foreign.length === 0) return;
  const takes = declared.length === 0 ? 'it takes no parameters' : `it takes ${declared.map(describeParam).join(', ')}`;
  throw new UserError(`${foreign.map(paramFlag).join(', ')} ${foreign.length === 1 ? 'does' : 'do'} not apply to ${sourceOrigin(source)}; ${takes}.`, 2);
}

export function windows(flags: Pick<BacktestFlags, 'train' | 'test' | 'allowOverlap'>): { train: DateRange; test: DateRange; allowOverlap: boolean } {
  return { train: parseDateRange(flags.train, '--train'), test: parseDateRange(flags.test, '--test'), allowOverlap: flags.allowOverlap ?? false };
}

/** The strategy a command runs: its source, what it declares, the parameters the user gave (checked) and how it describes itself. */
export interface ChosenStrategy {
  readonly source: StrategySource;
  readonly given: Readonly<Record<string, ParamValue>>;
  readonly facts: StrategyFacts;
}

/**
 * `--strategy NAME|FILE` with the parameter flags: the source (a built-in, or the file bundled), and
 * every given parameter checked against what the strategy declares (a flag that does not apply is
 * an error, not ignored). A user's file is only ever evaluated on a pool thread, under the time
 * budget: its code never runs in this thread.
 */
export async function chooseStrategy(
  nameOrPath: string,
  flags: BacktestFlags,
  cwd: string,
  extra: Readonly<Record<string, ParamValue>> = {},
  pool?: WorkerPool,
): Promise<ChosenStrategy> {
  const source = await resolveStrategySource(nameOrPath, cwd);
  const given = { ...givenParams(flags), ...extra };
  // the values of the parameters it declares are checked there; the others are refused here, by flag
  const facts = await inspectStrategy(source, given, flags.timeBudget, pool);
  checkParamsApply(given, facts.declared, source);
  if (source.kind === 'built-in' && source.name === 'dyna-q') checkStateSpace(facts.settings);
  return { source, given, facts };
}

/**
 * Dyna-Q's tables are dense in market states (bins ^ indicators) x 3 positions x 3 actions: a
 * product past what the learner holds is refused here, naming the flags that make it, before any
 * data is read (not as an option of the learner in the middle of training).
 */
export function checkStateSpace(settings: Readonly<Record<string, unknown>>): void {
  const bins = Number(settings.bins);
  const indicators = Array.isArray(settings.indicators) ? settings.indicators.length : 0;
  const pairs = bins ** indicators * 3 * 3;
  if (!(pairs > MAX_PAIRS)) return;
  const most = Math.floor(Math.log(MAX_PAIRS / 9) / Math.log(bins));
  throw new UserError(
    `--bins ${bins} with ${indicators} indicators (--indicators) makes ${bins}^${indicators} market states x 3 positions x 3 actions = ${pairs.toExponential(2)} pairs, ` +
      `more than the ${MAX_PAIRS} Dyna-Q holds: with --bins ${bins} use at most ${most} indicators, or fewer --bins.`,
    2,
  );
}

/** A file's strategy is inspected on a pool thread: the command's own pool when it has one (its thread then runs jobs too). */
async function inspectStrategy(source: StrategySource, params: Readonly<Record<string, ParamValue>>, timeBudgetSeconds: number, shared?: WorkerPool): Promise<StrategyFacts> {
  if (source.kind === 'built-in') return strategyFacts(source, params);
  const pool = shared ?? new WorkerPool({ threads: 1, timeBudgetSeconds });
  try {
    return await pool.run<StrategyFacts>({ kind: 'inspect', strategy: source, params });
  } finally {
    if (shared === undefined) await pool.destroy();
  }
}
