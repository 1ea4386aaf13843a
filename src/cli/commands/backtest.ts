import { runBacktest } from '../../backtest/run.js';
import { backtestSummary } from '../../backtest/summary.js';
import { assertTicker } from '../../data/symbols.js';
import { buyAndHold, createStrategy, manual, strategyNames, type StrategyName } from '../../../strategies/index.js';
import { addBacktestOptions, dynaQSettings, tradingSetup, windows, type BacktestFlags } from '../backtest-options.js';
import { resolveDataFlags } from '../data-options.js';
import { parseChoiceOption } from '../options.js';
import { formatComparison } from '../comparison-table.js';
import type { RegisterCommand } from './index.js';

interface BacktestCommandFlags extends BacktestFlags {
  symbol: string;
  strategy: StrategyName;
  json?: boolean;
}

/** `dynaq backtest`: train in-sample, test out-of-sample, beside buy-and-hold and the manual rules. */
export const register: RegisterCommand = (program, io) => {
  addBacktestOptions(
    program
      .command('backtest')
      .description('train a strategy in-sample and test it out-of-sample against buy-and-hold and manual rules')
      .option('--symbol <symbol>', 'symbol to trade', 'JPM')
      .option('--strategy <name>', `strategy: ${strategyNames.join(', ')}`, parseChoiceOption('--strategy', strategyNames), 'dyna-q')
      .option('--json', 'print one JSON object instead of tables'),
  ).action((flags: BacktestCommandFlags) => {
    const symbol = assertTicker(flags.symbol, '--symbol');
    const { dataDir, calendar } = resolveDataFlags(flags, io);
    const strategy = createStrategy(flags.strategy, dynaQSettings(flags));
    const comparisons = flags.strategy === 'manual' ? [] : [manual()];
    const result = runBacktest(
      { symbol, ...windows(flags), dataDir, calendar, setup: tradingSetup(flags) },
      strategy,
      buyAndHold(),
      comparisons,
    );
    const summary = backtestSummary(result, flags.strategy === 'dyna-q' ? flags.seed : null);
    if (flags.json) {
      io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
      return;
    }
    io.stdout(formatComparison(result));
  });
};
