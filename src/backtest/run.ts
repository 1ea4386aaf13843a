import { loadPrices } from '../data/load.js';
import type { PriceTable } from '../data/types.js';
import type { PortfolioStats } from '../metrics/stats.js';
import type { MarketWindow, Strategy, TradingSetup, TrainingSummary } from '../strategy.js';
import { executeTrades, measureRun, type WindowRun } from './execute.js';
import { windowIndices, type DateRange } from './window.js';

export interface BacktestConfig {
  readonly symbol: string;
  readonly train: DateRange;
  readonly test: DateRange;
  readonly dataDir: string;
  readonly calendar: string;
  readonly setup: TradingSetup;
}

export interface StrategyResult {
  readonly name: string;
  readonly label: string;
  readonly run: WindowRun;
  readonly stats: PortfolioStats;
}

export interface WindowResult {
  readonly start: string;
  readonly end: string;
  readonly dates: readonly string[];
  /** The strategy under test first, then the benchmark, then the comparisons. */
  readonly strategies: readonly StrategyResult[];
}

export interface BacktestResult {
  readonly config: BacktestConfig;
  readonly table: PriceTable;
  readonly strategy: Strategy;
  readonly training: TrainingSummary | null;
  readonly trainSeconds: number;
  readonly testSeconds: number;
  readonly inSample: WindowResult;
  readonly outOfSample: WindowResult;
}

/**
 * Loads the symbol's history up to the last day either window needs (everything before the
 * windows is history for indicator warm-up: the past, never the future of a decision).
 */
export function loadBacktestTable(config: Pick<BacktestConfig, 'symbol' | 'train' | 'test' | 'dataDir' | 'calendar'>): PriceTable {
  const end = config.train.end > config.test.end ? config.train.end : config.test.end;
  return loadPrices({ symbols: [config.symbol], end, dataDir: config.dataDir, calendar: config.calendar });
}

/**
 * Trains `strategy` on the in-sample window, then runs it, the benchmark and the comparisons
 * on both windows through the broker. Only the strategy under test is trained or timed.
 */
export function runBacktest(
  config: BacktestConfig,
  strategy: Strategy,
  benchmark: Strategy,
  comparisons: readonly Strategy[],
  table: PriceTable = loadBacktestTable(config),
): BacktestResult {
  const trainWindow: MarketWindow = { table, symbol: config.symbol, ...windowIndices(table, config.train, '--train') };
  const testWindow: MarketWindow = { table, symbol: config.symbol, ...windowIndices(table, config.test, '--test') };

  const trainStart = performance.now();
  const training = strategy.train(trainWindow, config.setup);
  const inSampleTrades = strategy.trades(trainWindow, config.setup);
  const trainSeconds = (performance.now() - trainStart) / 1000;
  const testStart = performance.now();
  const outOfSampleTrades = strategy.trades(testWindow, config.setup);
  const testSeconds = (performance.now() - testStart) / 1000;

  const evaluate = (window: MarketWindow, range: DateRange, strategyTrades: Float64Array): WindowResult => {
    const benchmarkRun = executeTrades(window, config.setup, benchmark.trades(window, config.setup));
    const results = [
      { strategy, run: executeTrades(window, config.setup, strategyTrades) },
      { strategy: benchmark, run: benchmarkRun },
      ...comparisons.map((other) => ({ strategy: other, run: executeTrades(window, config.setup, other.trades(window, config.setup)) })),
    ];
    return {
      start: range.start,
      end: range.end,
      dates: table.dates.slice(window.from, window.to + 1),
      strategies: results.map(({ strategy: s, run }) => ({
        name: s.name,
        label: s.label,
        run,
        stats: measureRun(window, run, benchmarkRun.values),
      })),
    };
  };

  return {
    config,
    table,
    strategy,
    training,
    trainSeconds,
    testSeconds,
    inSample: evaluate(trainWindow, config.train, inSampleTrades),
    outOfSample: evaluate(testWindow, config.test, outOfSampleTrades),
  };
}
