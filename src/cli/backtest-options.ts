import type { Command } from 'commander';
import { fillModelNames, type FillModelName } from '../broker/models.js';
import { parseDateRange } from '../data/dates.js';
import { parseIndicatorList, formatIndicatorSpec } from '../indicators/index.js';
import type { TradingSetup } from '../strategy.js';
import { DEFAULT_DYNA_Q, type DynaQSettings } from '../../strategies/index.js';
import { addDataOptions, type DataFlags } from './data-options.js';
import { parseChoiceOption, parseIntegerOption, parseNumberOption } from './options.js';

/** Flags shared by backtest, compare and experiment. */
export interface BacktestFlags extends DataFlags {
  train: string;
  test: string;
  dyna: number;
  seed: number;
  startValue: number;
  commission: number;
  impact: number;
  fill: FillModelName;
  shares: number;
  indicators?: string;
  bins: number;
  epochs: number;
}

export const DEFAULT_TRAIN = '2008-01-01:2009-12-31';
export const DEFAULT_TEST = '2010-01-01:2011-12-31';

export function addBacktestOptions(command: Command): Command {
  return addDataOptions(
    command
      .option('--train <start:end>', 'in-sample window', DEFAULT_TRAIN)
      .option('--test <start:end>', 'out-of-sample window', DEFAULT_TEST)
      .option('--dyna <n>', 'planning updates per real trading day', parseIntegerOption('--dyna', 0, 100_000), DEFAULT_DYNA_Q.dyna)
      .option('--seed <n>', 'random seed of the learner', parseIntegerOption('--seed', 0, 2 ** 31 - 1), DEFAULT_DYNA_Q.seed)
      .option('--start-value <cash>', 'cash at the start of each window', parseNumberOption('--start-value', 1), 100_000)
      .option('--commission <amount>', 'fixed commission per order', parseNumberOption('--commission', 0), 9.95)
      .option('--impact <fraction>', 'market impact as a fraction of traded value', parseNumberOption('--impact', 0, 1), 0.005)
      .option('--fill <model>', `fill model: ${fillModelNames.join(', ')}`, parseChoiceOption('--fill', fillModelNames), 'close')
      .option('--shares <n>', 'size of a full position in shares', parseIntegerOption('--shares', 1, 1e9), 1000)
      .option('--indicators <list>', `indicators of the learner's state (default ${DEFAULT_DYNA_Q.indicators.join(',')})`)
      .option('--bins <n>', 'quantile bins per indicator', parseIntegerOption('--bins', 1, 100), DEFAULT_DYNA_Q.bins)
      .option('--epochs <n>', 'maximum training epochs', parseIntegerOption('--epochs', 1, 100_000), DEFAULT_DYNA_Q.maxEpochs),
  );
}

export function tradingSetup(flags: BacktestFlags): TradingSetup {
  return {
    startValue: flags.startValue,
    commission: flags.commission,
    impact: flags.impact,
    fill: flags.fill,
    positionSize: flags.shares,
  };
}

export function dynaQSettings(flags: BacktestFlags): Partial<DynaQSettings> {
  return {
    dyna: flags.dyna,
    seed: flags.seed,
    bins: flags.bins,
    maxEpochs: flags.epochs,
    ...(flags.indicators !== undefined
      ? { indicators: parseIndicatorList(flags.indicators, '--indicators').map(formatIndicatorSpec) }
      : {}),
  };
}

export function windows(flags: BacktestFlags) {
  return { train: parseDateRange(flags.train, '--train'), test: parseDateRange(flags.test, '--test') };
}
