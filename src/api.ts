import { resolve } from 'node:path';
import { runBacktest, runPeriod, type AnyBacktestResult, type BacktestStrategies } from './backtest/run.js';
import type { ExcessPolicy } from './broker/execute.js';
import type { FillModelName } from './broker/models.js';
import type { TradingSetup } from './broker/setup.js';
import type { Sizing } from './broker/sizing.js';
import { loadPrices } from './data/load.js';
import type { PriceTable, SymbolSeries } from './data/types.js';
import type { DateRange } from './data/window.js';
import { COURSE, SETUP_SETTINGS } from './defaults.js';
import { printable, UserError } from './errors.js';
import { builtIn, type BuiltInName } from './loader/load.js';
import type { PortfolioStats } from './metrics/stats.js';
import type { RoundTrip } from './report/model.js';
import { backtestRoundTrips } from './report/round-trips.js';
import type { Strategy } from './strategy/contract.js';
import { instantiate } from './strategy/instance.js';
import type { ParamValue } from './values.js';
import { VERSION } from './version.js';

/**
 * The library's way in, for scripts and notebooks: `backtest({ data, strategy, params })` runs a
 * strategy over bars held in memory (or a data folder) and returns its statistics, round trips and
 * equity; `writeReport(result, dir)` writes the same report folder the CLI writes. The strategy is
 * your own object, run in this process (it is your code), fresh for the run.
 */

/** Daily bars in memory: one entry per trading day, oldest first. */
export interface Bars {
  readonly dates: readonly string[];
  readonly close: readonly number[];
  /** Default: the close (a strategy that reads open/high/low gets the close). */
  readonly open?: readonly number[];
  readonly high?: readonly number[];
  readonly low?: readonly number[];
  readonly volume?: readonly number[];
}

export interface BacktestOptions<P extends object = Readonly<Record<string, ParamValue>>> {
  /** Bars in memory, a price table, or a data folder of SYMBOL.csv files. */
  readonly data: Bars | PriceTable | { readonly dataDir: string; readonly calendar?: string };
  /** The symbol to trade (default 'DATA' for bars in memory). */
  readonly symbol?: string;
  /** Your strategy object, or a built-in by name. */
  readonly strategy: Strategy<P> | BuiltInName;
  readonly params?: Readonly<Record<string, ParamValue>>;
  /** One period (a strategy that does not learn; default: every day of the data)... */
  readonly period?: DateRange;
  /** ...or a training and a test window (a strategy that learns must have them). */
  readonly train?: DateRange;
  readonly test?: DateRange;
  readonly cash?: number;
  readonly commission?: number;
  readonly impact?: number;
  readonly fill?: FillModelName;
  /** Default: a full position is 1000 shares (the course); `{ kind: 'fraction', fraction: 1 }` invests the equity. */
  readonly sizing?: Sizing;
  /** Margin requirement (default 1: no leverage); null: none, as the course's market simulator. */
  readonly margin?: number | null;
  readonly onExcess?: ExcessPolicy;
  readonly closeAtEnd?: boolean;
}

/** What `backtest()` returns: the figures of the window that judges the strategy, and the whole result for reports. */
export interface BacktestOutcome {
  /** The statistics of the strategy (the period, or the out-of-sample window). */
  readonly stats: PortfolioStats;
  /** Buy-and-hold over the same days, with the same sizing and costs. */
  readonly benchmark: PortfolioStats;
  /** Round trips of the strategy in that window. */
  readonly trades: readonly RoundTrip[];
  /** Its portfolio value at each day's close. */
  readonly equity: { readonly dates: readonly string[]; readonly values: Float64Array };
  /**
   * What you should know about the figures, one line each: a window clipped to the data, orders the
   * broker refused or cut to what buying power allows (per window and strategy). Empty when none.
   */
  readonly warnings: readonly string[];
  /** Everything: both windows, the comparisons, training; what writeReport needs. */
  readonly result: AnyBacktestResult;
}

function checkColumn(name: string, values: readonly number[] | undefined, length: number): Float64Array | null {
  if (values === undefined) return null;
  if (values.length !== length) throw new UserError(`data.${name} holds ${values.length} values for ${length} dates.`);
  const column = Float64Array.from(values);
  const bad = column.findIndex((value) => !Number.isFinite(value) || (name !== 'volume' && value <= 0) || value < 0);
  if (bad >= 0) throw new UserError(`data.${name}[${bad}] must be a ${name === 'volume' ? 'finite number >= 0' : 'price > 0'}, got ${printable(String(values[bad]))}.`);
  return column;
}

/** Bars in memory as a one-symbol price table, checked: dates ISO, ascending, distinct; prices positive. */
export function tableFromBars(symbol: string, bars: Bars): PriceTable {
  const dates = bars.dates;
  if (!Array.isArray(dates) || dates.length < 3) throw new UserError('data.dates must hold at least 3 dates.');
  dates.forEach((date, index) => {
    if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
      throw new UserError(`data.dates[${index}] must be a date yyyy-MM-dd, got ${printable(String(date))}.`);
    }
    if (index > 0 && !(date > dates[index - 1]!)) throw new UserError(`data.dates must ascend without repeats: ${dates[index - 1]} then ${date} at ${index}.`);
  });
  const close = checkColumn('close', bars.close, dates.length)!;
  const series: SymbolSeries = {
    adjClose: close,
    adjOpen: checkColumn('open', bars.open, dates.length) ?? close.slice(),
    adjHigh: checkColumn('high', bars.high, dates.length) ?? close.slice(),
    adjLow: checkColumn('low', bars.low, dates.length) ?? close.slice(),
    volume: checkColumn('volume', bars.volume, dates.length) ?? new Float64Array(dates.length),
    filled: 0,
  };
  return { dates: [...dates], symbols: [symbol], series: new Map([[symbol, series]]), calendar: symbol, dataDir: '(in memory)', sources: new Map() };
}

function isTable(data: BacktestOptions['data']): data is PriceTable {
  return 'series' in data;
}

function isBars(data: BacktestOptions['data']): data is Bars {
  return 'dates' in data && 'close' in data;
}

/** Runs a strategy as the CLI would, on your data, and returns its figures. */
export async function backtest<P extends object>(options: BacktestOptions<P>): Promise<BacktestOutcome> {
  const symbol = options.symbol ?? 'DATA';
  const table = isTable(options.data)
    ? options.data
    : isBars(options.data)
      ? tableFromBars(symbol, options.data)
      : loadPrices({ symbols: [symbol], dataDir: resolve(options.data.dataDir), calendar: options.data.calendar ?? 'SPY' });
  const setup: TradingSetup = {
    startValue: options.cash ?? COURSE.startValue,
    commission: options.commission ?? COURSE.commission,
    impact: options.impact ?? COURSE.impact,
    fill: options.fill ?? 'close',
    sizing: options.sizing ?? { kind: 'shares', shares: COURSE.shares },
    ...(options.margin === null ? {} : { margin: options.margin ?? SETUP_SETTINGS.margin.default }),
    ...(options.onExcess ? { onExcess: options.onExcess } : {}),
    ...(options.closeAtEnd ? { closeAtEnd: true } : {}),
  };
  const subject =
    typeof options.strategy === 'string'
      ? await builtIn(options.strategy, options.params ?? {})
      : instantiate(options.strategy, { params: options.params ?? {}, origin: `strategy '${options.strategy.name}'` });
  const strategies: BacktestStrategies = { subject, benchmark: await builtIn('buy-and-hold'), comparisons: [] };
  const base = { symbol, dataDir: table.dataDir, calendar: table.calendar, setup };
  if ((options.train === undefined) !== (options.test === undefined)) throw new UserError('backtest(): give both train and test, or neither.');
  if (options.train && options.period) throw new UserError('backtest(): give a period, or train and test, not both.');
  const result: AnyBacktestResult = options.train
    ? runBacktest({ ...base, train: options.train, test: options.test! }, strategies, table)
    : runPeriod({ ...base, period: options.period ?? { start: table.dates[0]!, end: table.dates.at(-1)! } }, strategies, table);
  const judged = result.windows.at(-1)!;
  return {
    stats: judged.result.subject.stats,
    benchmark: judged.result.benchmark.stats,
    trades: backtestRoundTrips(result)[judged.key] ?? [],
    equity: { dates: judged.result.dates, values: judged.result.subject.run.values },
    warnings: result.warnings,
    result,
  };
}

/** Writes the report folder of a backtest (report.html, summary.json, CSVs, charts) to `dir`; returns the folder. */
export async function writeReport(outcome: BacktestOutcome | AnyBacktestResult, dir: string, options: { png?: boolean } = {}): Promise<string> {
  const result = 'result' in outcome ? outcome.result : outcome;
  const [{ backtestReportFiles }, { writeReportFolder }] = await Promise.all([import('./report/backtest-files.js'), import('./report/write.js')]);
  const files = await backtestReportFiles(result, { commandLine: 'backtest() from a script', version: VERSION, seed: result.seed, settings: result.strategy.settings, agentJson: result.agentJson, png: options.png ?? false });
  return writeReportFolder(resolve(dir), files);
}
