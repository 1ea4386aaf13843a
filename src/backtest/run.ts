import type { TradingSetup } from '../broker/setup.js';
import { loadPrices } from '../data/load.js';
import type { PriceTable } from '../data/types.js';
import { checkWindowOrder, clippedWindowWarning, marketWindow, type DateRange, type MarketWindow } from '../data/window.js';
import type { PortfolioStats } from '../metrics/stats.js';
import { UserError } from '../errors.js';
import type { JsonValue, ParamValues, TrainingSummary } from '../strategy/contract.js';
import { isBuiltIn, type StrategyInstance } from '../strategy/instance.js';
import { measureRun, runStrategy, type WindowRun } from './execute.js';
import { orderNotes } from './order-notes.js';

/** What every run of a strategy over prices needs besides its windows. */
export interface RunConfig {
  readonly symbol: string;
  readonly dataDir: string;
  readonly calendar: string;
  readonly setup: TradingSetup;
}

/** A learning strategy's run: trained on `train`, judged on `test`. */
export interface BacktestConfig extends RunConfig {
  readonly train: DateRange;
  readonly test: DateRange;
  /** Run a test window that overlaps the training window anyway (reports label it look-ahead). */
  readonly allowOverlap?: boolean;
}

/** A run over one period, without a split: for a strategy that does not learn. */
export interface PeriodConfig extends RunConfig {
  readonly period: DateRange;
}

export interface StrategyResult {
  readonly name: string;
  readonly label: string;
  readonly run: WindowRun;
  readonly stats: PortfolioStats;
}

/** One window's results by role: the strategy under test, the benchmark, and the comparisons. */
export interface WindowResult {
  /** The first and last trading day of the window (a requested range beyond the data is clipped). */
  readonly start: string;
  readonly end: string;
  /** The range as asked for. */
  readonly requested: DateRange;
  readonly dates: readonly string[];
  readonly subject: StrategyResult;
  readonly benchmark: StrategyResult;
  readonly comparisons: readonly StrategyResult[];
}

/** The strategies the backtest runs, by role: fresh instances, one per backtest. */
export interface BacktestStrategies {
  readonly subject: StrategyInstance;
  readonly benchmark: StrategyInstance;
  readonly comparisons?: readonly StrategyInstance[];
}

/** The strategy under test as plain data: what reports and job results say about it. */
export interface StrategyInfo {
  readonly name: string;
  readonly label: string;
  /** Where it came from: `built-in dyna-q`, `--strategy ./sma.mjs`. */
  readonly origin: string;
  readonly params: ParamValues;
  /** Its settings as it describes them (default: the params). */
  readonly settings: Readonly<Record<string, JsonValue>>;
  readonly seed: number | null;
}

export function strategyInfo(strategy: StrategyInstance): StrategyInfo {
  return { name: strategy.name, label: strategy.label, origin: strategy.origin, params: strategy.params, settings: strategy.describe(), seed: strategy.seed };
}

/** A window of a run by its role: in-sample and out-of-sample of a split run, or the one period. */
export interface NamedWindow {
  readonly key: 'inSample' | 'outOfSample' | 'period';
  readonly name: 'In-sample' | 'Out-of-sample' | 'Period';
  readonly result: WindowResult;
}

/** What every run reports: the strategy, the table it ran on, warnings, and its windows in order. */
interface RunResult {
  readonly table: PriceTable;
  readonly strategy: StrategyInfo;
  /** The seed of the strategy under test, if it has one. */
  readonly seed: number | null;
  /** What the strategy learned, as it saves it (agent.json), or null. */
  readonly agentJson: string | null;
  readonly training: TrainingSummary | null;
  /** Things the user should know about this run (a clipped window, an overlap), one line each. */
  readonly warnings: readonly string[];
  readonly windows: readonly NamedWindow[];
}

/** A split run: trained in-sample, tested out-of-sample. */
export interface BacktestResult extends RunResult {
  readonly kind: 'split';
  readonly config: BacktestConfig;
  readonly trainSeconds: number;
  readonly testSeconds: number;
  readonly inSample: WindowResult;
  readonly outOfSample: WindowResult;
  /** True when the test window overlaps the training window (--allow-overlap): look-ahead. */
  readonly lookAhead: boolean;
}

/** A run over one period. */
export interface PeriodResult extends RunResult {
  readonly kind: 'period';
  readonly config: PeriodConfig;
  readonly seconds: number;
  readonly period: WindowResult;
}

export type AnyBacktestResult = BacktestResult | PeriodResult;

/**
 * The order notes (refused and cut orders) of every strategy of a window, one line each; a line
 * said once when two strategies of the same label say it (buy-and-hold tested against itself).
 */
function windowOrderNotes(windowName: string, window: WindowResult, table: PriceTable): string[] {
  return [...new Set(windowResults(window).flatMap((entry) => orderNotes(`${windowName}, ${entry.label}`, entry.run, table.dates)))];
}

/** Every result of a window in table order: subject, benchmark, then the comparisons. */
export function windowResults(window: WindowResult): readonly StrategyResult[] {
  return [window.subject, window.benchmark, ...window.comparisons];
}

/**
 * Loads the symbol's history up to the last day either window needs (everything before the
 * windows is history for indicator warm-up: the past, never the future of a decision).
 */
export function loadBacktestTable(config: Pick<BacktestConfig, 'symbol' | 'train' | 'test' | 'dataDir' | 'calendar'> | Pick<PeriodConfig, 'symbol' | 'period' | 'dataDir' | 'calendar'>): PriceTable {
  const end = 'period' in config ? config.period.end : config.train.end > config.test.end ? config.train.end : config.test.end;
  return loadPrices({ symbols: [config.symbol], end, dataDir: config.dataDir, calendar: config.calendar });
}

/** A window's results: the subject's run beside the benchmark's and the comparisons', measured alike. */
function evaluateWindow(config: RunConfig, table: PriceTable, window: MarketWindow, range: DateRange, strategies: BacktestStrategies, subjectRun: WindowRun): WindowResult {
  const { subject, benchmark, comparisons = [] } = strategies;
  const measured = (strategy: StrategyInstance, run: WindowRun, benchmarkValues: Float64Array): StrategyResult => ({
    name: strategy.name,
    label: strategy.label,
    run,
    stats: measureRun(window, run, benchmarkValues),
  });
  const references = referenceResults(config, table, window, benchmark, comparisons, measured);
  return {
    start: table.dates[window.from]!,
    end: table.dates[window.to]!,
    requested: range,
    dates: table.dates.slice(window.from, window.to + 1),
    subject: measured(subject, subjectRun, references.benchmark.run.values),
    benchmark: references.benchmark,
    comparisons: references.comparisons,
  };
}

/**
 * The benchmark's and the comparisons' results of a window. Built-in strategies that do not learn
 * are a function of the table, the window and the setup alone, so a sweep that runs a grid of
 * settings over one symbol measures them once per thread (kept beside the table, weakly) instead
 * of once per job; any other strategy runs every time.
 */
const referenceCache = new WeakMap<PriceTable, Map<string, { benchmark: StrategyResult; comparisons: StrategyResult[] }>>();

function referenceResults(
  config: RunConfig,
  table: PriceTable,
  window: MarketWindow,
  benchmark: StrategyInstance,
  comparisons: readonly StrategyInstance[],
  measured: (strategy: StrategyInstance, run: WindowRun, benchmarkValues: Float64Array) => StrategyResult,
): { benchmark: StrategyResult; comparisons: StrategyResult[] } {
  const compute = () => {
    const benchmarkRun = runStrategy(benchmark, window, config.setup);
    return {
      benchmark: measured(benchmark, benchmarkRun, benchmarkRun.values),
      comparisons: comparisons.map((other) => measured(other, runStrategy(other, window, config.setup), benchmarkRun.values)),
    };
  };
  const cacheable = [benchmark, ...comparisons].every((strategy) => isBuiltIn(strategy) && !strategy.learns);
  const setupIsData = [config.setup.commission, config.setup.impact, config.setup.fill].every((part) => typeof part !== 'object');
  if (!cacheable || !setupIsData) return compute();
  const key = JSON.stringify([window.symbol, window.from, window.to, config.setup, [benchmark, ...comparisons].map((strategy) => [strategy.origin, strategy.params])]);
  let byKey = referenceCache.get(table);
  if (byKey === undefined) referenceCache.set(table, (byKey = new Map()));
  let found = byKey.get(key);
  if (found === undefined) byKey.set(key, (found = compute()));
  return found;
}

/** What every run reports first: its configuration, its table, and its subject (the strategy, its seed, what it learned, read after its runs). */
function runFacts<Config>(config: Config, table: PriceTable, subject: StrategyInstance): { readonly config: Config } & Pick<RunResult, 'table' | 'strategy' | 'seed' | 'agentJson'> {
  return { config, table, strategy: strategyInfo(subject), seed: subject.seed, agentJson: subject.agentJson() };
}

/**
 * Runs a strategy that does not learn over one period, beside the benchmark and the comparisons.
 * A strategy that trains is refused: it would be judged on the days it learned from.
 */
export function runPeriod(config: PeriodConfig, strategies: BacktestStrategies, table: PriceTable = loadBacktestTable(config)): PeriodResult {
  const { subject } = strategies;
  if (subject.learns) {
    throw new UserError(`--period runs a strategy over one period without training; ${subject.origin} trains (it has train()): give --train and --test so it is judged on days it did not learn from.`, 2);
  }
  const window = marketWindow(table, config.symbol, config.period, '--period');
  const warnings = [clippedWindowWarning(table, config.period, window, '--period')].filter((warning): warning is string => warning !== null);
  const started = performance.now();
  const run = runStrategy(subject, window, config.setup);
  const seconds = (performance.now() - started) / 1000;
  const period = evaluateWindow(config, table, window, config.period, strategies, run);
  return {
    kind: 'period',
    ...runFacts(config, table, subject),
    training: null,
    warnings: [...warnings, ...windowOrderNotes('Period', period, table)],
    windows: [{ key: 'period', name: 'Period', result: period }],
    seconds,
    period,
  };
}

/**
 * Trains the subject on the in-sample window, then runs it, the benchmark and the comparisons
 * on both windows through the broker. Only the subject is trained or timed. Training sees a
 * history that ends with the training window: later prices are absent, not merely unread.
 */
export function runBacktest(
  config: BacktestConfig,
  strategies: BacktestStrategies,
  table: PriceTable = loadBacktestTable(config),
  hooks: { readonly onStart?: () => void; readonly progress?: (done: number, total: number, detail: string) => void } = {},
): BacktestResult {
  const { subject } = strategies;
  const trainWindow = marketWindow(table, config.symbol, config.train, '--train');
  const testWindow = marketWindow(table, config.symbol, config.test, '--test');
  checkWindowOrder(config.train, config.test, config.allowOverlap ?? false);
  const lookAhead = config.test.start <= config.train.end;
  const warnings = [
    clippedWindowWarning(table, config.train, trainWindow, '--train'),
    clippedWindowWarning(table, config.test, testWindow, '--test'),
    lookAhead ? `--allow-overlap: the out-of-sample window overlaps the training window; its results are look-ahead, not out-of-sample.` : null,
  ].filter((warning): warning is string => warning !== null);
  hooks.onStart?.(); // the inputs are valid: training starts

  const trainStart = performance.now();
  // train() sees a history that ends with the training window: later prices are not in it.
  const training = subject.train(trainWindow, config.setup, hooks.progress);
  const inSampleRun = runStrategy(subject, trainWindow, config.setup);
  const trainSeconds = (performance.now() - trainStart) / 1000;
  const testStart = performance.now();
  const outOfSampleRun = runStrategy(subject, testWindow, config.setup);
  const testSeconds = (performance.now() - testStart) / 1000;
  const inSample = evaluateWindow(config, table, trainWindow, config.train, strategies, inSampleRun);
  const outOfSample = evaluateWindow(config, table, testWindow, config.test, strategies, outOfSampleRun);

  return {
    kind: 'split',
    ...runFacts(config, table, subject),
    training,
    trainSeconds,
    testSeconds,
    inSample,
    outOfSample,
    windows: [
      { key: 'inSample', name: 'In-sample', result: inSample },
      { key: 'outOfSample', name: 'Out-of-sample', result: outOfSample },
    ],
    warnings: [...warnings, ...windowOrderNotes('In-sample', inSample, table), ...windowOrderNotes('Out-of-sample', outOfSample, table)],
    lookAhead,
  };
}
