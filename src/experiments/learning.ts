import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBacktest, type BacktestConfig, type BacktestResult, type WindowResult } from '../backtest/run.js';
import { COURSE_SETUP, type TradingSetup } from '../broker/setup.js';
import { loadPrices } from '../data/load.js';
import { marketWindow, tableUpTo, type DateRange } from '../data/window.js';
import { COURSE } from '../defaults.js';
import { median, signTestP } from '../evaluation/significance.js';
import { runWalkForward } from '../jobs/walkforward.js';
import { ordersAwayFromBenchmark } from '../metrics/trades.js';
import { DEFAULT_DYNA_Q, FEATURE_LIBRARY, ruleStateGain, type DynaQSettings } from '../agent/index.js';
import { builtIn, strategyFactory } from '../loader/load.js';
import type { Day, Decision, ParamValues } from '../strategy/contract.js';
import type { JsonValue } from '../values.js';
import { instantiate, type StrategyInstance } from '../strategy/instance.js';
import { DEFAULT_SYNTH, plantedMarket, tradingDays, type PlantedMarket } from '../synth/generate.js';
import { formatPlantedFamily, hasHiddenState, PLANTED_SYMBOL, type PlantedFamily } from '../synth/planted.js';
import { formatIndicatorSpec, parseIndicatorSpec } from '../indicators/index.js';

/**
 * The learning benchmark: planted-signal markets scored against their oracle, sample efficiency,
 * markets with no edge, the evaluation set and a walk-forward over it. Every run builds the
 * strategy under test with `learnerUnderTest`, the one place to re-point it at another learner.
 */

/** A learner variant: a name and the settings it changes (one setting for every family). */
export interface LearningVariant {
  readonly name: string;
  readonly settings: Partial<DynaQSettings>;
}

/**
 * The strategy under test for a variant's settings (seed included): the seam every part of the
 * benchmark goes through. It gives a factory of fresh instances, since a walk-forward trains one
 * per fold.
 */
export function learnerUnderTest(settings: Partial<DynaQSettings>): Promise<() => StrategyInstance> {
  return strategyFactory({ kind: 'built-in', name: 'dyna-q' }, settings as ParamValues);
}

/** A fresh instance of the learner under test, for one backtest. */
async function learner(variant: LearningVariant, learnerSeed: number): Promise<StrategyInstance> {
  return (await learnerUnderTest({ seed: learnerSeed, ...variant.settings }))();
}

const buyAndHold = () => builtIn('buy-and-hold');

export const BUILT_IN_VARIANTS: readonly LearningVariant[] = [
  { name: 'default', settings: {} },
  { name: 'dyna0', settings: { dyna: 0 } },
];

/**
 * The planted families: five the earlier fixed default state (sign of 5/10/20-day momentum) did not
 * contain, and one it did, as a control (the state is chosen from the data now). Strengths make the oracle's out-of-sample return reliably large
 * (every seed 1-20 above +40 % over 2010-11), so a share of it is a stable measure.
 */
export const DEFAULT_FAMILIES: readonly PlantedFamily[] = [
  { rule: 'trend', horizon: 3, strength: 0.2 },
  { rule: 'rsi', period: 14, low: 40, high: 60, strength: 0.4 },
  { rule: 'agree', short: 3, long: 15, strength: 0.2 },
  { rule: 'downside', horizon: 1, strength: 0.5 },
  { rule: 'regime', horizon: 10, strength: 0.15 },
  { rule: 'trend', horizon: 10, strength: 0.2 },
];

/** What each family tests, for tables. */
export function familyLabel(family: PlantedFamily): string {
  switch (family.rule) {
    case 'trend':
      return family.horizon <= 3 ? 'short-horizon momentum' : [5, 10, 20].includes(family.horizon) ? 'momentum (control: in the earlier default state)' : 'momentum';
    case 'revert':
      return 'reversal of momentum';
    case 'rsi':
      return 'oscillator extremes revert';
    case 'agree':
      return 'interaction of two momenta';
    case 'downside':
      return 'edge on the short side only';
    case 'regime':
      return 'edge in the volatile regime only';
    case 'walk':
      return 'no edge';
  }
}

/** A feature of the library cut as state selection cuts it. */
export interface RulePart {
  readonly spec: string;
  readonly scheme: 'halves' | 'tails';
}

/**
 * The state that is a planted family's rule, in the learner's own feature library and cuts, or
 * null when the library has no feature for it (a horizon it does not hold; `walk`: no rule). The
 * benchmark scores it on each training window as the learner would score it (ruleStateGain): a
 * rule whose own state does not beat "no feature" there cannot be told from noise by any learner
 * that validates before it trades. The learner never sees it.
 */
export function ruleState(family: PlantedFamily): RulePart[] | null {
  const part = (spec: string, scheme: RulePart['scheme']): RulePart | null => {
    const canonical = formatIndicatorSpec(parseIndicatorSpec(spec, 'a planted rule'));
    return FEATURE_LIBRARY.some((feature) => feature.spec === canonical) ? { spec: canonical, scheme } : null;
  };
  const all = (...parts: (RulePart | null)[]): RulePart[] | null => (parts.every((p) => p !== null) ? (parts as RulePart[]) : null);
  switch (family.rule) {
    case 'trend':
    case 'revert':
      return all(part(`momentum:${family.horizon}`, 'halves'));
    case 'rsi':
      return all(part(`rsi:${family.period}`, 'tails'));
    case 'agree':
      return all(part(`momentum:${family.short}`, 'halves'), part(`momentum:${family.long}`, 'halves'));
    case 'downside':
      return all(part(`momentum:${family.horizon}`, 'tails'));
    case 'regime':
      // the trend's sign, and the volatility regime as a week's true range shows it
      return all(part(`momentum:${family.horizon}`, 'halves'), part('atr-pct:5', 'halves'));
    case 'walk':
      return null;
  }
}

/** The no-edge market: a random walk with a stock's drift (8 %/yr) and volatility (25 %/yr). */
export const NO_EDGE_MARKET: PlantedFamily = { rule: 'walk', drift: 0.08, vol: 0.25 };
/** Training windows of the sample-efficiency experiment, in trading days before the test window. */
export const TRAINING_DAYS: readonly number[] = [63, 126, 252, 504];
/** The walk-forward over the evaluation set: rolling 504 training days, 126-day test windows. */
export const WALK_FORWARD = { start: '2001-01-01', end: '2012-12-31', trainDays: 504, testDays: 126 } as const;
/** The course windows: train 2008-09, test 2010-11. */
export const WINDOWS: { readonly train: DateRange; readonly test: DateRange } = { train: COURSE.train, test: COURSE.test };

/**
 * Planted markets: no costs, and a full position is the whole portfolio value (whole shares), so
 * a return does not depend on the price level the random path wandered to (1000 shares of a
 * stock that drifted to $2 or $900 would be 2 % or 900 % of the account).
 */
export const PLANTED_SETUP: TradingSetup = { ...COURSE_SETUP, commission: 0, impact: 0, sizing: { kind: 'fraction', fraction: 1 } };
/** No-edge and real markets: the course's costs and sizing (commission 9.95, impact 0.005, 1000 shares). */
export const COSTS_SETUP: TradingSetup = COURSE_SETUP;

/**
 * The policy that knows the planted rule: each day the position with the best expected next-day
 * return under the rule (what the generator recorded), short when the rule expects a fall, else
 * long: where the rule gives no edge it holds the benchmark's long position.
 */
export function oracleStrategy(expectedNext: ReadonlyMap<string, number>): StrategyInstance {
  return instantiate(
    {
      name: 'oracle',
      label: 'Oracle',
      decide(day: Day): Decision {
        const mean = expectedNext.get(day.date);
        if (mean === undefined) return null;
        return mean < 0 ? 'short' : 'long';
      },
    },
    { origin: 'the oracle' },
  );
}

/** A generated market in a temporary folder, for the time of `use`. */
async function withMarket<T>(family: PlantedFamily, seed: number, use: (market: PlantedMarket, dataDir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'dynaq-planted-'));
  try {
    const market = plantedMarket(family, { ...DEFAULT_SYNTH, seed });
    for (const file of market.files) writeFileSync(join(dir, file.name), file.text);
    return await use(market, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A generated market's backtest: its one symbol (its own calendar) in the course's windows. */
const plantedConfig = (dataDir: string, setup: TradingSetup): BacktestConfig => ({ symbol: PLANTED_SYMBOL, ...WINDOWS, dataDir, calendar: PLANTED_SYMBOL, setup });

/**
 * Each variant's learner against buy-and-hold on one configuration, in order, the prices loaded
 * by the first backtest and shared by the others; `measure` turns each result into its row.
 */
async function eachVariant<Run>(
  config: BacktestConfig,
  variants: readonly LearningVariant[],
  learnerSeed: number,
  measure: (result: BacktestResult, variant: LearningVariant) => Run | Promise<Run>,
): Promise<Run[]> {
  let table: BacktestResult['table'] | undefined;
  const runs: Run[] = [];
  for (const variant of variants) {
    const result = runBacktest(config, { subject: await learner(variant, learnerSeed), benchmark: await buyAndHold() }, table);
    table = result.table;
    runs.push(await measure(result, variant));
  }
  return runs;
}

const cumulative = (window: WindowResult, role: 'subject' | 'benchmark') => window[role].stats.cumulativeReturn;
const awayOrders = (window: WindowResult) => ordersAwayFromBenchmark(window.subject.run.trades, window.subject.run.holdings, window.benchmark.run.holdings);

const isRecord = (value: JsonValue | undefined): value is { readonly [key: string]: JsonValue } => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The state the learner traded, as its training summary names it: `rsi:14 tails`, `momentum:3
 * halves x momentum:15 halves`, `none` (the benchmark's one state: no feature was chosen), or the
 * indicators of a state fixed by hand; '' when the learner under test does not say. Which state
 * was chosen per seed is what tells a miss of the selection from a miss of the model.
 */
export function tradedState(result: { readonly training: { readonly details?: Readonly<Record<string, JsonValue>> } | null }): string {
  const state = result.training?.details?.['state'];
  if (!isRecord(state)) return '';
  if (typeof state['fixed'] === 'string') return state['fixed'];
  const chosen = state['chosen'];
  if (!Array.isArray(chosen)) return '';
  if (chosen.length === 0) return 'none';
  const named = (feature: JsonValue) => (isRecord(feature) && typeof feature['spec'] === 'string' && typeof feature['scheme'] === 'string' ? `${feature['spec']} ${feature['scheme']}` : '?');
  return chosen.map(named).join(' x ');
}

export interface PlantedRun {
  readonly family: string;
  readonly seed: number;
  readonly variant: string;
  readonly inSample: number | null;
  readonly outOfSample: number | null;
  readonly oracleInSample: number | null;
  readonly oracleOutOfSample: number | null;
  /** The out-of-sample return of an oracle that also sees the hidden regime (no trader can); the oracle's own where the rule has no hidden state. */
  readonly hiddenOracleOutOfSample: number | null;
  readonly benchmarkOutOfSample: number | null;
  /** Out-of-sample orders. */
  readonly orders: number | null;
  /** The state the learner traded (tradedState). */
  readonly state: string;
  /** Standard errors by which the rule's own state (ruleState) beats "no feature" on the training window's held-out blocks; null without one. */
  readonly ruleStateGain: number | null;
  readonly trainSeconds: number;
}

/** One planted market (family, generator seed) for every variant, without costs, beside the oracle (course windows). */
export function runPlanted(family: PlantedFamily, seed: number, variants: readonly LearningVariant[], learnerSeed: number): Promise<PlantedRun[]> {
  return withMarket(family, seed, async (market, dataDir) => {
    const config = plantedConfig(dataDir, PLANTED_SETUP);
    let oracle: BacktestResult | null = null;
    let hiddenOracle: BacktestResult | null = null;
    let gain: number | null | undefined;
    const rule = ruleState(family);
    return eachVariant(config, variants, learnerSeed, async (result, variant): Promise<PlantedRun> => {
      oracle ??= runBacktest(config, { subject: oracleStrategy(market.expectedNext), benchmark: await buyAndHold() }, result.table);
      hiddenOracle ??= hasHiddenState(family) ? runBacktest(config, { subject: oracleStrategy(market.drawnNext), benchmark: await buyAndHold() }, result.table) : oracle;
      if (gain === undefined) {
        // the training window as the learner gets it: the table ends with it
        const window = marketWindow(result.table, PLANTED_SYMBOL, WINDOWS.train, '--train');
        gain = rule === null ? null : ruleStateGain({ ...window, table: tableUpTo(result.table, window.to) }, PLANTED_SETUP, DEFAULT_DYNA_Q, rule);
      }
      return {
        family: formatPlantedFamily(family),
        seed,
        variant: variant.name,
        inSample: cumulative(result.inSample, 'subject'),
        outOfSample: cumulative(result.outOfSample, 'subject'),
        oracleInSample: cumulative(oracle.inSample, 'subject'),
        oracleOutOfSample: cumulative(oracle.outOfSample, 'subject'),
        hiddenOracleOutOfSample: cumulative(hiddenOracle.outOfSample, 'subject'),
        benchmarkOutOfSample: cumulative(result.outOfSample, 'benchmark'),
        orders: result.outOfSample.subject.stats.orders,
        state: tradedState(result),
        ruleStateGain: gain,
        trainSeconds: result.trainSeconds,
      };
    });
  });
}

export interface EfficiencyRun {
  readonly family: string;
  readonly seed: number;
  readonly variant: string;
  readonly trainDays: number;
  readonly outOfSample: number | null;
  readonly oracleOutOfSample: number | null;
  readonly trainSeconds: number;
}

/** The training window of `days` trading days that ends the day before the course's test window. */
export function trainingWindowBefore(dates: readonly string[], testStart: string, days: number): DateRange {
  const first = dates.findIndex((date) => date >= testStart);
  if (first - days < 0) throw new Error(`no ${days} trading days before ${testStart}`);
  return { start: dates[first - days]!, end: dates[first - 1]! };
}

/** Sample efficiency on one planted market: each variant trained on each window length, tested on the course's test window. */
export function runEfficiency(family: PlantedFamily, seed: number, trainDays: readonly number[], variants: readonly LearningVariant[], learnerSeed: number): Promise<EfficiencyRun[]> {
  const dates = tradingDays(DEFAULT_SYNTH);
  return withMarket(family, seed, async (market, dataDir) => {
    const base = { symbol: PLANTED_SYMBOL, test: WINDOWS.test, dataDir, calendar: PLANTED_SYMBOL, setup: PLANTED_SETUP };
    const table = loadPrices({ symbols: [PLANTED_SYMBOL], end: WINDOWS.test.end, dataDir, calendar: PLANTED_SYMBOL });
    const oracle = runBacktest({ ...base, train: WINDOWS.train }, { subject: oracleStrategy(market.expectedNext), benchmark: await buyAndHold() }, table);
    const runs: EfficiencyRun[] = [];
    for (const days of trainDays) {
      for (const variant of variants) {
        const result = runBacktest({ ...base, train: trainingWindowBefore(dates, WINDOWS.test.start, days) }, { subject: await learner(variant, learnerSeed), benchmark: await buyAndHold() }, table);
        runs.push({
          family: formatPlantedFamily(family),
          seed,
          variant: variant.name,
          trainDays: days,
          outOfSample: cumulative(result.outOfSample, 'subject'),
          oracleOutOfSample: cumulative(oracle.outOfSample, 'subject'),
          trainSeconds: result.trainSeconds,
        });
      }
    }
    return runs;
  });
}

export interface NoEdgeRun {
  readonly market: string;
  readonly seed: number;
  readonly variant: string;
  /** Orders that left the benchmark's direction, in the training and the test window. */
  readonly inSampleOrdersAway: number;
  readonly outOfSampleOrdersAway: number;
  readonly outOfSample: number | null;
  readonly benchmarkOutOfSample: number | null;
  /** The state the learner traded (tradedState): on a market with no edge, a feature kept by chance. */
  readonly state: string;
  readonly trainSeconds: number;
}

/** A market with no edge, with the course's costs: does the learner trade anyway? */
export function runNoEdge(family: PlantedFamily, seed: number, variants: readonly LearningVariant[], learnerSeed: number): Promise<NoEdgeRun[]> {
  return withMarket(family, seed, async (_market, dataDir) => {
    const config = plantedConfig(dataDir, COSTS_SETUP);
    return eachVariant(config, variants, learnerSeed, (result, variant): NoEdgeRun => ({
      market: formatPlantedFamily(family),
      seed,
      variant: variant.name,
      inSampleOrdersAway: awayOrders(result.inSample),
      outOfSampleOrdersAway: awayOrders(result.outOfSample),
      outOfSample: cumulative(result.outOfSample, 'subject'),
      benchmarkOutOfSample: cumulative(result.outOfSample, 'benchmark'),
      state: tradedState(result),
      trainSeconds: result.trainSeconds,
    }));
  });
}

export interface RealRun {
  readonly symbol: string;
  readonly variant: string;
  readonly inSampleExcess: number | null;
  readonly outOfSampleExcess: number | null;
  readonly outOfSample: number | null;
  readonly benchmarkOutOfSample: number | null;
  readonly orders: number | null;
  /** Out-of-sample orders that left the benchmark's direction. */
  readonly ordersAway: number;
  readonly wipedOutOn: string | null;
  /** The state the learner traded (tradedState). */
  readonly state: string;
  readonly trainSeconds: number;
}

const difference = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);

/** One real symbol for every variant, with the course costs and windows. */
export async function runReal(symbol: string, dataDir: string, calendar: string, variants: readonly LearningVariant[], learnerSeed: number): Promise<RealRun[]> {
  const config: BacktestConfig = { symbol, ...WINDOWS, dataDir, calendar, setup: COSTS_SETUP };
  return eachVariant(config, variants, learnerSeed, (result, variant): RealRun => ({
    symbol,
    variant: variant.name,
    inSampleExcess: difference(cumulative(result.inSample, 'subject'), cumulative(result.inSample, 'benchmark')),
    outOfSampleExcess: difference(cumulative(result.outOfSample, 'subject'), cumulative(result.outOfSample, 'benchmark')),
    outOfSample: cumulative(result.outOfSample, 'subject'),
    benchmarkOutOfSample: cumulative(result.outOfSample, 'benchmark'),
    orders: result.outOfSample.subject.stats.orders,
    ordersAway: awayOrders(result.outOfSample),
    wipedOutOn: result.outOfSample.subject.stats.wipedOutOn,
    state: tradedState(result),
    trainSeconds: result.trainSeconds,
  }));
}

export interface WalkForwardFoldRun {
  readonly test: DateRange;
  readonly return: number | null;
  readonly benchmark: number | null;
  readonly ordersAway: number;
}

export interface WalkForwardRun {
  readonly symbol: string;
  readonly variant: string;
  /** The test windows stitched into one chain: its return, buy-and-hold's, and the difference. */
  readonly outOfSample: number | null;
  readonly benchmarkOutOfSample: number | null;
  readonly excess: number | null;
  readonly folds: readonly WalkForwardFoldRun[];
  readonly trainSeconds: number;
}

/** A rolling walk-forward of one symbol for one variant (course costs): each fold trains its own learner. */
export async function runWalkForwardSymbol(symbol: string, dataDir: string, calendar: string, variant: LearningVariant, learnerSeed: number): Promise<WalkForwardRun> {
  const result = runWalkForward({
    symbol,
    ...WALK_FORWARD,
    dataDir,
    calendar,
    setup: COSTS_SETUP,
    makeStrategy: await learnerUnderTest({ seed: learnerSeed, ...variant.settings }),
    makeBenchmark: await strategyFactory({ kind: 'built-in', name: 'buy-and-hold' }),
    makeManual: await strategyFactory({ kind: 'built-in', name: 'manual' }),
  });
  return {
    symbol,
    variant: variant.name,
    outOfSample: result.outOfSample.strategy.cumulativeReturn,
    benchmarkOutOfSample: result.outOfSample.benchmark.cumulativeReturn,
    excess: difference(result.outOfSample.strategy.cumulativeReturn, result.outOfSample.benchmark.cumulativeReturn),
    folds: result.folds.map((fold) => ({ test: fold.test, return: fold.strategy.cumulativeReturn, benchmark: fold.benchmark.cumulativeReturn, ordersAway: fold.ordersAwayFromBenchmark })),
    trainSeconds: result.trainSeconds,
  };
}

/**
 * The walk-forward's names: the evaluation set's symbols, in order, whose price files cover the
 * whole range (no day filled), the first `count` of them.
 */
export function walkForwardSymbols(candidates: readonly string[], dataDir: string, calendar: string, count: number): string[] {
  const picked: string[] = [];
  for (const symbol of candidates) {
    if (picked.length >= count) break;
    const table = loadPrices({ symbols: [symbol], start: WALK_FORWARD.start, end: WALK_FORWARD.end, dataDir, calendar });
    if (table.series.get(symbol)!.filled === 0) picked.push(symbol);
  }
  return picked;
}

// ---------------------------------------------------------------------------------------------
// Summaries

const finite = (values: readonly (number | null)[]) => values.filter((value): value is number => value !== null && Number.isFinite(value));
const sum = (values: readonly (number | null)[]) => values.reduce<number>((total, value) => total + (value ?? 0), 0);
const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);
const spread = (values: readonly number[]) => ({ min: values.length ? Math.min(...values) : null, median: median(values), max: values.length ? Math.max(...values) : null });
const groupsOf = <T>(runs: readonly T[], key: (run: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const run of runs) groups.set(key(run), [...(groups.get(key(run)) ?? []), run]);
  return groups;
};

export interface PlantedSummary {
  readonly family: string;
  readonly variant: string;
  readonly seeds: number;
  /** Sum of the variant's out-of-sample returns over the seeds / the oracle's. */
  readonly outOfSampleShareOfOracle: number | null;
  readonly inSampleShareOfOracle: number | null;
  /** Per seed: out-of-sample return / the oracle's (its median is the benchmark's figure). */
  readonly perSeedShare: { readonly min: number | null; readonly median: number | null; readonly max: number | null };
  /** Median per seed of (return - buy-and-hold's) / (the oracle's - buy-and-hold's): the share of the oracle's edge over the benchmark. */
  readonly medianShareOfOracleExcess: number | null;
  /** Median over the seeds of the out-of-sample return minus buy-and-hold's. */
  readonly medianOutOfSampleExcess: number | null;
  readonly medianOracleOutOfSample: number | null;
  /** Median over the seeds of the rule's own state's held-out gain (standard errors); null without one. */
  readonly medianRuleStateGain: number | null;
  readonly medianOrders: number | null;
  readonly medianTrainSeconds: number | null;
}

export function summarizePlanted(runs: readonly PlantedRun[]): PlantedSummary[] {
  return [...groupsOf(runs, (run) => `${run.family}\u0000${run.variant}`).values()].map((group) => {
    const shares = finite(group.map((run) => ratio(run.outOfSample, run.oracleOutOfSample)));
    return {
      family: group[0]!.family,
      variant: group[0]!.variant,
      seeds: group.length,
      outOfSampleShareOfOracle: ratio(sum(group.map((run) => run.outOfSample)), sum(group.map((run) => run.oracleOutOfSample))),
      inSampleShareOfOracle: ratio(sum(group.map((run) => run.inSample)), sum(group.map((run) => run.oracleInSample))),
      perSeedShare: spread(shares),
      medianShareOfOracleExcess: median(finite(group.map((run) => ratio(difference(run.outOfSample, run.benchmarkOutOfSample), difference(run.oracleOutOfSample, run.benchmarkOutOfSample))))),
      medianOutOfSampleExcess: median(finite(group.map((run) => difference(run.outOfSample, run.benchmarkOutOfSample)))),
      medianOracleOutOfSample: median(finite(group.map((run) => run.oracleOutOfSample))),
      medianRuleStateGain: median(finite(group.map((run) => run.ruleStateGain))),
      medianOrders: median(finite(group.map((run) => run.orders))),
      medianTrainSeconds: median(group.map((run) => run.trainSeconds)),
    };
  });
}

export interface EfficiencySummary {
  /** A family, or 'all' for every family's seeds together. */
  readonly family: string;
  readonly variant: string;
  readonly trainDays: number;
  readonly runs: number;
  /** Median over the seeds of the out-of-sample return / the oracle's (the capture). */
  readonly medianShare: number | null;
}

export function summarizeEfficiency(runs: readonly EfficiencyRun[]): EfficiencySummary[] {
  const summary = (family: string, group: readonly EfficiencyRun[]): EfficiencySummary => ({
    family,
    variant: group[0]!.variant,
    trainDays: group[0]!.trainDays,
    runs: group.length,
    medianShare: median(finite(group.map((run) => ratio(run.outOfSample, run.oracleOutOfSample)))),
  });
  const byFamily = [...groupsOf(runs, (run) => `${run.family}\u0000${run.variant}\u0000${run.trainDays}`).values()].map((group) => summary(group[0]!.family, group));
  const families = new Set(runs.map((run) => run.family));
  const all = families.size > 1 ? [...groupsOf(runs, (run) => `${run.variant}\u0000${run.trainDays}`).values()].map((group) => summary('all', group)) : [];
  return [...byFamily, ...all];
}

export interface NoEdgeSummary {
  readonly market: string;
  readonly variant: string;
  readonly seeds: number;
  /** Seeds on which the learner placed an order that left the benchmark's direction out of sample (the benchmark's figure), and in sample. */
  readonly seedsTrading: number;
  readonly tradingSeeds: readonly number[];
  readonly seedsTradingInSample: number;
  readonly medianOutOfSampleExcess: number | null;
}

export function summarizeNoEdge(runs: readonly NoEdgeRun[]): NoEdgeSummary[] {
  return [...groupsOf(runs, (run) => `${run.market}\u0000${run.variant}`).values()].map((group) => {
    const trading = group.filter((run) => run.outOfSampleOrdersAway > 0).map((run) => run.seed);
    return {
      market: group[0]!.market,
      variant: group[0]!.variant,
      seeds: group.length,
      seedsTrading: trading.length,
      tradingSeeds: trading,
      seedsTradingInSample: group.filter((run) => run.inSampleOrdersAway > 0).length,
      medianOutOfSampleExcess: median(finite(group.map((run) => difference(run.outOfSample, run.benchmarkOutOfSample)))),
    };
  });
}

/** A run that lost more than half its value: a defect the benchmark lists. */
export interface HeavyLoss {
  readonly variant: string;
  readonly run: string;
  readonly return: number;
  /** Buy-and-hold's return over the same days. */
  readonly benchmark: number | null;
}

const HALF = -0.5;

export interface RealSummary {
  readonly variant: string;
  readonly symbols: number;
  readonly beatsBenchmark: number;
  readonly signTestP: number;
  readonly medianOutOfSampleExcess: number | null;
  readonly medianInSampleExcess: number | null;
  /** Symbols where this variant's out-of-sample return is above dyna0's (null for dyna0 itself or without it). */
  readonly beatsDyna0: number | null;
  readonly medianOrders: number | null;
  /** Symbols on which it left the benchmark's direction out of sample. */
  readonly symbolsTrading: number;
  readonly worstOutOfSample: { readonly symbol: string; readonly return: number } | null;
  readonly lossesOverHalf: readonly HeavyLoss[];
  readonly medianTrainSeconds: number | null;
}

export function summarizeReal(runs: readonly RealRun[]): RealSummary[] {
  const dyna0 = new Map(runs.filter((run) => run.variant === 'dyna0').map((run) => [run.symbol, run.outOfSample]));
  return [...groupsOf(runs, (run) => run.variant).values()].map((group) => {
    const variant = group[0]!.variant;
    const excesses = finite(group.map((run) => run.outOfSampleExcess));
    const wins = excesses.filter((value) => value > 0).length;
    const beatsDyna0 =
      variant === 'dyna0' || dyna0.size === 0
        ? null
        : group.filter((run) => run.outOfSample !== null && (dyna0.get(run.symbol) ?? null) !== null && run.outOfSample > dyna0.get(run.symbol)!).length;
    const returns = group.filter((run) => run.outOfSample !== null) as (RealRun & { outOfSample: number })[];
    const worst = returns.reduce<(typeof returns)[number] | null>((low, run) => (low === null || run.outOfSample < low.outOfSample ? run : low), null);
    return {
      variant,
      symbols: group.length,
      beatsBenchmark: wins,
      signTestP: signTestP(wins, excesses.length),
      medianOutOfSampleExcess: median(excesses),
      medianInSampleExcess: median(finite(group.map((run) => run.inSampleExcess))),
      beatsDyna0,
      medianOrders: median(finite(group.map((run) => run.orders))),
      symbolsTrading: group.filter((run) => run.ordersAway > 0).length,
      worstOutOfSample: worst ? { symbol: worst.symbol, return: worst.outOfSample } : null,
      lossesOverHalf: returns
        .filter((run) => run.outOfSample < HALF)
        .map((run) => ({ variant, run: `${run.symbol} ${WINDOWS.test.start}..${WINDOWS.test.end}`, return: run.outOfSample, benchmark: run.benchmarkOutOfSample })),
      medianTrainSeconds: median(group.map((run) => run.trainSeconds)),
    };
  });
}

export interface WalkForwardSummary {
  readonly variant: string;
  readonly symbols: number;
  readonly medianExcess: number | null;
  readonly beatsBenchmark: number;
  readonly worst: { readonly symbol: string; readonly return: number } | null;
  readonly folds: number;
  /** Folds whose test window had an order that left the benchmark's direction. */
  readonly foldsTrading: number;
  /** Stitched runs and single folds that lost more than half their value. */
  readonly lossesOverHalf: readonly HeavyLoss[];
}

export function summarizeWalkForward(runs: readonly WalkForwardRun[]): WalkForwardSummary[] {
  return [...groupsOf(runs, (run) => run.variant).values()].map((group) => {
    const variant = group[0]!.variant;
    const excesses = finite(group.map((run) => run.excess));
    const returns = group.filter((run) => run.outOfSample !== null) as (WalkForwardRun & { outOfSample: number })[];
    const worst = returns.reduce<(typeof returns)[number] | null>((low, run) => (low === null || run.outOfSample < low.outOfSample ? run : low), null);
    const folds = group.flatMap((run) => run.folds.map((fold) => ({ run, fold })));
    return {
      variant,
      symbols: group.length,
      medianExcess: median(excesses),
      beatsBenchmark: excesses.filter((value) => value > 0).length,
      worst: worst ? { symbol: worst.symbol, return: worst.outOfSample } : null,
      folds: folds.length,
      foldsTrading: folds.filter(({ fold }) => fold.ordersAway > 0).length,
      lossesOverHalf: [
        ...returns
          .filter((run) => run.outOfSample < HALF)
          .map((run) => ({ variant, run: `${run.symbol} stitched ${run.folds[0]?.test.start ?? ''}..${run.folds.at(-1)?.test.end ?? ''}`, return: run.outOfSample, benchmark: run.benchmarkOutOfSample })),
        ...folds
          .filter(({ fold }) => fold.return !== null && fold.return < HALF)
          .map(({ run, fold }) => ({ variant, run: `${run.symbol} fold ${fold.test.start}..${fold.test.end}`, return: fold.return!, benchmark: fold.benchmark })),
      ],
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The issue's "done when", measured

export interface Criterion {
  readonly criterion: string;
  readonly variant: string;
  /** What was measured, in words and figures. */
  readonly measured: string;
  /** null when the section did not run. */
  readonly met: boolean | null;
}

export interface LearningResults {
  readonly planted: readonly PlantedSummary[];
  readonly efficiency: readonly EfficiencySummary[];
  readonly noEdge: readonly NoEdgeSummary[];
  readonly real: readonly RealSummary[];
  readonly walkForward: readonly WalkForwardSummary[];
}

const pct = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`);

/** The benchmark's targets for one variant: every planted family >= 80 % of the oracle, no-edge trades, real excess, heavy losses, planning at 126 days. */
export function criteria(results: LearningResults, variant: string): Criterion[] {
  const rows: Criterion[] = [];
  const planted = results.planted.filter((row) => row.variant === variant);
  rows.push({
    criterion: 'every planted family: median share of the oracle\'s out-of-sample return >= 80%',
    variant,
    measured: planted.length === 0 ? 'not run' : `${planted.filter((row) => (row.perSeedShare.median ?? -Infinity) >= 0.8).length} of ${planted.length} families (${planted.map((row) => `${row.family} ${pct(row.perSeedShare.median)}`).join(', ')})`,
    met: planted.length === 0 ? null : planted.every((row) => (row.perSeedShare.median ?? -Infinity) >= 0.8),
  });
  const noEdge = results.noEdge.filter((row) => row.variant === variant);
  rows.push({
    criterion: 'no-edge markets with course costs: trades on at most 1 of 20 seeds',
    variant,
    measured: noEdge.length === 0 ? 'not run' : noEdge.map((row) => `${row.seedsTrading} of ${row.seeds} seeds${row.tradingSeeds.length ? ` (${row.tradingSeeds.join(', ')})` : ''}`).join('; '),
    met: noEdge.length === 0 ? null : noEdge.every((row) => row.seedsTrading <= Math.floor(row.seeds / 20)),
  });
  const real = results.real.find((row) => row.variant === variant);
  const walk = results.walkForward.find((row) => row.variant === variant);
  rows.push({
    criterion: 'evaluation set: median out-of-sample excess over buy-and-hold >= 0',
    variant,
    measured: real ? `${pct(real.medianOutOfSampleExcess)} over ${real.symbols} symbols` : 'not run',
    met: real ? (real.medianOutOfSampleExcess ?? -Infinity) >= 0 : null,
  });
  rows.push({
    criterion: 'walk-forward: median stitched out-of-sample excess over buy-and-hold >= 0',
    variant,
    measured: walk ? `${pct(walk.medianExcess)} over ${walk.symbols} symbols` : 'not run',
    met: walk ? (walk.medianExcess ?? -Infinity) >= 0 : null,
  });
  const losses = [...(real?.lossesOverHalf ?? []), ...(walk?.lossesOverHalf ?? [])];
  rows.push({
    criterion: 'no run (evaluation set, walk-forward stitched or fold) loses more than 50%',
    variant,
    measured: !real && !walk ? 'not run' : losses.length === 0 ? 'none' : `${losses.length}: ${losses.map((loss) => `${loss.run} ${pct(loss.return)} (buy-and-hold ${pct(loss.benchmark)})`).join(', ')}`,
    met: !real && !walk ? null : losses.length === 0,
  });
  if (variant !== 'dyna0') {
    const at126 = results.efficiency.filter((row) => row.trainDays === 126 && row.family !== 'all');
    const families = [...new Set(at126.map((row) => row.family))];
    const compared = families.map((family) => {
      const mine = at126.find((row) => row.family === family && row.variant === variant)?.medianShare ?? null;
      const dyna0 = at126.find((row) => row.family === family && row.variant === 'dyna0')?.medianShare ?? null;
      return { family, mine, dyna0, met: mine !== null && dyna0 !== null && mine >= dyna0 };
    });
    const ran = compared.length > 0 && compared.every((row) => row.dyna0 !== null);
    rows.push({
      criterion: '126 training days: capture >= --dyna 0 capture on every planted family',
      variant,
      measured: ran ? `${compared.filter((row) => row.met).length} of ${compared.length} families (${compared.map((row) => `${row.family} ${pct(row.mine)} vs ${pct(row.dyna0)}`).join(', ')})` : 'not run',
      met: ran ? compared.every((row) => row.met) : null,
    });
  }
  return rows;
}
