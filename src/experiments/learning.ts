import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBacktest, type BacktestResult } from '../backtest/run.js';
import { COURSE_SETUP, type TradingSetup } from '../broker/setup.js';
import { COURSE } from '../defaults.js';
import type { Day, Decision, Strategy } from '../strategy/contract.js';
import { DEFAULT_SYNTH, plantedMarket } from '../synth/generate.js';
import { median, signTestP } from '../evaluation/significance.js';
import { formatPlantedFamily, PLANTED_SYMBOL, type PlantedFamily } from '../synth/planted.js';
import { buyAndHold, dynaQ, type DynaQSettings } from '../../strategies/index.js';

/** A learner variant: a name and the Dyna-Q settings it changes. */
export interface LearningVariant {
  readonly name: string;
  readonly settings: Partial<DynaQSettings>;
}

export const BUILT_IN_VARIANTS: readonly LearningVariant[] = [
  { name: 'default', settings: {} },
  { name: 'dyna0', settings: { dyna: 0 } },
];

/** The planted families of the learning benchmark: horizons 5, 10, 20; strengths 0.1 and 0.2; both rules. */
export const DEFAULT_FAMILIES: readonly PlantedFamily[] = [
  { rule: 'trend', horizon: 5, strength: 0.2 },
  { rule: 'trend', horizon: 10, strength: 0.1 },
  { rule: 'trend', horizon: 10, strength: 0.2 },
  { rule: 'trend', horizon: 20, strength: 0.2 },
  { rule: 'revert', horizon: 10, strength: 0.2 },
];

const NO_COSTS: TradingSetup = { ...COURSE_SETUP, commission: 0, impact: 0 };
const WINDOWS = { train: COURSE.train, test: COURSE.test };

/**
 * The policy that knows the planted rule: each day the position with the best expected next-day
 * return under the rule (what the generator recorded), short when the rule expects a fall, else
 * long: where the rule gives no edge it holds the benchmark's long position.
 */
export function oracleStrategy(expectedNext: ReadonlyMap<string, number>): Strategy {
  return {
    name: 'oracle',
    label: 'Oracle',
    decide(day: Day): Decision {
      const mean = expectedNext.get(day.date);
      if (mean === undefined) return null;
      return mean < 0 ? 'short' : 'long';
    },
  };
}

export interface PlantedRun {
  readonly family: string;
  readonly seed: number;
  readonly variant: string;
  readonly inSample: number | null;
  readonly outOfSample: number | null;
  readonly oracleInSample: number | null;
  readonly oracleOutOfSample: number | null;
  readonly benchmarkOutOfSample: number | null;
  readonly trainSeconds: number;
}

export interface RealRun {
  readonly symbol: string;
  readonly variant: string;
  readonly inSampleExcess: number | null;
  readonly outOfSampleExcess: number | null;
  readonly outOfSample: number | null;
  readonly benchmarkOutOfSample: number | null;
  readonly orders: number | null;
  readonly trainSeconds: number;
}

const excess = (result: BacktestResult, window: 'inSample' | 'outOfSample'): number | null => {
  const strategy = result[window].subject.stats.cumulativeReturn;
  const benchmark = result[window].benchmark.stats.cumulativeReturn;
  return strategy === null || benchmark === null ? null : strategy - benchmark;
};

/** One planted market (family, generator seed) for every variant, without costs, beside the oracle. */
export function runPlanted(family: PlantedFamily, seed: number, variants: readonly LearningVariant[], learnerSeed: number): PlantedRun[] {
  const dir = mkdtempSync(join(tmpdir(), 'dynaq-planted-'));
  try {
    const market = plantedMarket(family, { ...DEFAULT_SYNTH, seed });
    for (const file of market.files) writeFileSync(join(dir, file.name), file.text);
    const config = { symbol: PLANTED_SYMBOL, ...WINDOWS, dataDir: dir, calendar: PLANTED_SYMBOL, setup: NO_COSTS };
    let oracle: BacktestResult | null = null;
    return variants.map((variant) => {
      const result = runBacktest(config, { subject: dynaQ({ seed: learnerSeed, ...variant.settings }), benchmark: buyAndHold() }, undefined);
      oracle ??= runBacktest(config, { subject: oracleStrategy(market.expectedNext), benchmark: buyAndHold() }, result.table);
      return {
        family: formatPlantedFamily(family),
        seed,
        variant: variant.name,
        inSample: result.inSample.subject.stats.cumulativeReturn,
        outOfSample: result.outOfSample.subject.stats.cumulativeReturn,
        oracleInSample: oracle.inSample.subject.stats.cumulativeReturn,
        oracleOutOfSample: oracle.outOfSample.subject.stats.cumulativeReturn,
        benchmarkOutOfSample: result.outOfSample.benchmark.stats.cumulativeReturn,
        trainSeconds: result.trainSeconds,
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One real symbol for every variant, with the course costs and windows. */
export function runReal(symbol: string, dataDir: string, calendar: string, variants: readonly LearningVariant[], learnerSeed: number): RealRun[] {
  const config = { symbol, ...WINDOWS, dataDir, calendar, setup: COURSE_SETUP };
  let table: BacktestResult['table'] | undefined;
  return variants.map((variant) => {
    const result = runBacktest(config, { subject: dynaQ({ seed: learnerSeed, ...variant.settings }), benchmark: buyAndHold() }, table);
    table = result.table;
    return {
      symbol,
      variant: variant.name,
      inSampleExcess: excess(result, 'inSample'),
      outOfSampleExcess: excess(result, 'outOfSample'),
      outOfSample: result.outOfSample.subject.stats.cumulativeReturn,
      benchmarkOutOfSample: result.outOfSample.benchmark.stats.cumulativeReturn,
      orders: result.outOfSample.subject.stats.orders,
      trainSeconds: result.trainSeconds,
    };
  });
}

export interface PlantedSummary {
  readonly family: string;
  readonly variant: string;
  /** Sum of the variant's out-of-sample returns over the seeds / the oracle's. */
  readonly outOfSampleShareOfOracle: number | null;
  readonly inSampleShareOfOracle: number | null;
  /** Per seed: out-of-sample return / the oracle's. */
  readonly perSeedShare: { readonly min: number | null; readonly median: number | null; readonly max: number | null };
  /** Median over the seeds of the out-of-sample return minus buy-and-hold's. */
  readonly medianOutOfSampleExcess: number | null;
  readonly medianTrainSeconds: number | null;
}

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
  readonly medianTrainSeconds: number | null;
}

const sum = (values: readonly (number | null)[]) => values.reduce<number>((total, value) => total + (value ?? 0), 0);
const finite = (values: readonly (number | null)[]) => values.filter((value): value is number => value !== null && Number.isFinite(value));

export function summarizePlanted(runs: readonly PlantedRun[]): PlantedSummary[] {
  const keys = [...new Set(runs.map((run) => `${run.family}\u0000${run.variant}`))];
  return keys.map((key) => {
    const [family, variant] = key.split('\u0000') as [string, string];
    const group = runs.filter((run) => run.family === family && run.variant === variant);
    const oracleOut = sum(group.map((run) => run.oracleOutOfSample));
    const oracleIn = sum(group.map((run) => run.oracleInSample));
    const shares = finite(group.map((run) => (run.outOfSample === null || !run.oracleOutOfSample ? null : run.outOfSample / run.oracleOutOfSample)));
    return {
      family,
      variant,
      outOfSampleShareOfOracle: oracleOut === 0 ? null : sum(group.map((run) => run.outOfSample)) / oracleOut,
      inSampleShareOfOracle: oracleIn === 0 ? null : sum(group.map((run) => run.inSample)) / oracleIn,
      perSeedShare: { min: shares.length ? Math.min(...shares) : null, median: median(shares), max: shares.length ? Math.max(...shares) : null },
      medianOutOfSampleExcess: median(finite(group.map((run) => (run.outOfSample === null || run.benchmarkOutOfSample === null ? null : run.outOfSample - run.benchmarkOutOfSample)))),
      medianTrainSeconds: median(group.map((run) => run.trainSeconds)),
    };
  });
}

export function summarizeReal(runs: readonly RealRun[]): RealSummary[] {
  const variants = [...new Set(runs.map((run) => run.variant))];
  return variants.map((variant) => {
    const group = runs.filter((run) => run.variant === variant);
    const excesses = finite(group.map((run) => run.outOfSampleExcess));
    const wins = excesses.filter((value) => value > 0).length;
    const dyna0 = new Map(runs.filter((run) => run.variant === 'dyna0').map((run) => [run.symbol, run.outOfSample]));
    const beatsDyna0 =
      variant === 'dyna0' || dyna0.size === 0
        ? null
        : group.filter((run) => run.outOfSample !== null && (dyna0.get(run.symbol) ?? null) !== null && run.outOfSample > dyna0.get(run.symbol)!).length;
    return {
      variant,
      symbols: group.length,
      beatsBenchmark: wins,
      signTestP: signTestP(wins, excesses.length),
      medianOutOfSampleExcess: median(excesses),
      medianInSampleExcess: median(finite(group.map((run) => run.inSampleExcess))),
      beatsDyna0,
      medianOrders: median(finite(group.map((run) => run.orders))),
      medianTrainSeconds: median(group.map((run) => run.trainSeconds)),
    };
  });
}
