import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { fillModelNames, type FillModelName } from '../broker/models.js';
import type { TradingSetup } from '../broker/setup.js';
import type { Sizing } from '../broker/sizing.js';
import { parseDateRange } from '../data/dates.js';
import type { DateRange } from '../data/window.js';
import { COURSE, DEFAULT_INDICATORS, DYNA_Q_SETTINGS, SETUP_SETTINGS, type ChoiceSetting, type NumberSetting } from '../defaults.js';
import { parseIndicatorList, formatIndicatorSpec } from '../indicators/index.js';
import type { DynaQSettings } from '../../strategies/index.js';
import { addDataOptions, type DataFlags } from './data-options.js';
import { parseChoiceOption, parseIntegerOption, parseNumberOption } from './options.js';

/** Flags shared by backtest, compare and experiment. */
export interface BacktestFlags extends DataFlags {
  train: string;
  test: string;
  allowOverlap?: boolean;
  startValue: number;
  commission: number;
  impact: number;
  fill: FillModelName;
  shares?: number;
  fraction?: number;
  indicators?: string;
  dyna: number;
  seed: number;
  alpha: number;
  gamma: number;
  rar: number;
  radr: number;
  model: DynaQSettings['model'];
  planning: DynaQSettings['planning'];
  rewardModel: DynaQSettings['rewardModel'];
  prior: DynaQSettings['prior'];
  baseline: DynaQSettings['baseline'];
  bins: number;
  epochs: number;
}

export const DEFAULT_TRAIN = `${COURSE.train.start}:${COURSE.train.end}`;
export const DEFAULT_TEST = `${COURSE.test.start}:${COURSE.test.end}`;

/** A commander option for a setting of the table: its parser checks the table's range. */
function addSetting(command: Command, setting: NumberSetting | ChoiceSetting, withDefault = true): Command {
  const name = setting.flag.replace(/^--/, '');
  if (setting.kind === 'choice') {
    return command.option(`${setting.flag} <${name}>`, `${setting.description}: ${setting.choices.join(', ')}`, parseChoiceOption(setting.flag, setting.choices), setting.default);
  }
  const parse = setting.kind === 'integer' ? parseIntegerOption(setting.flag, setting.min, setting.max) : parseNumberOption(setting.flag, setting.min, setting.max);
  const description = `${setting.description} (${setting.min}..${setting.max}${withDefault ? '' : `, default ${setting.default}`})`;
  return withDefault ? command.option(`${setting.flag} <${name}>`, description, parse, setting.default) : command.option(`${setting.flag} <${name}>`, description, parse);
}

export function addBacktestOptions(command: Command): Command {
  command
    .option('--train <start:end>', 'in-sample window', DEFAULT_TRAIN)
    .option('--test <start:end>', 'out-of-sample window (must start after --train ends)', DEFAULT_TEST)
    .option('--allow-overlap', 'run a --test window that overlaps --train anyway (reported as look-ahead)');
  addSetting(command, SETUP_SETTINGS.startValue);
  addSetting(command, SETUP_SETTINGS.commission);
  addSetting(command, SETUP_SETTINGS.impact);
  command.option('--fill <model>', `fill model: ${fillModelNames.join(', ')}`, parseChoiceOption('--fill', fillModelNames), 'close');
  addSetting(command, SETUP_SETTINGS.shares, false);
  addSetting(command, SETUP_SETTINGS.fraction, false);
  command.option('--indicators <list>', `indicators of the learner's state (default ${DEFAULT_INDICATORS.join(',')})`);
  for (const setting of [
    DYNA_Q_SETTINGS.dyna, DYNA_Q_SETTINGS.seed, DYNA_Q_SETTINGS.alpha, DYNA_Q_SETTINGS.gamma, DYNA_Q_SETTINGS.rar,
    DYNA_Q_SETTINGS.radr, DYNA_Q_SETTINGS.model, DYNA_Q_SETTINGS.planning, DYNA_Q_SETTINGS.rewardModel, DYNA_Q_SETTINGS.prior,
    DYNA_Q_SETTINGS.baseline, DYNA_Q_SETTINGS.bins, DYNA_Q_SETTINGS.epochs,
  ]) {
    addSetting(command, setting);
  }
  return addDataOptions(command);
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
  };
}

export function dynaQSettings(flags: BacktestFlags): Partial<DynaQSettings> {
  return {
    dyna: flags.dyna,
    seed: flags.seed,
    alpha: flags.alpha,
    gamma: flags.gamma,
    rar: flags.rar,
    radr: flags.radr,
    model: flags.model,
    planning: flags.planning,
    rewardModel: flags.rewardModel,
    prior: flags.prior,
    baseline: flags.baseline,
    bins: flags.bins,
    maxEpochs: flags.epochs,
    ...(flags.indicators !== undefined
      ? { indicators: parseIndicatorList(flags.indicators, '--indicators').map(formatIndicatorSpec) }
      : {}),
  };
}

export function windows(flags: Pick<BacktestFlags, 'train' | 'test' | 'allowOverlap'>): { train: DateRange; test: DateRange; allowOverlap: boolean } {
  return { train: parseDateRange(flags.train, '--train'), test: parseDateRange(flags.test, '--test'), allowOverlap: flags.allowOverlap ?? false };
}

/** Flags that shape what a Dyna-Q agent learns: a saved agent (--agent) brings its own. */
export const AGENT_SHAPING_FLAGS = ['indicators', 'bins', 'dyna', 'seed', 'alpha', 'gamma', 'rar', 'radr', 'model', 'planning', 'rewardModel', 'prior', 'baseline', 'epochs'] as const;
