import type { ParamValue } from '../values.js';
import { bootstrapMedianInterval, deflatedSharpeRatio, median, probabilityOfBacktestOverfitting, signTestP } from './significance.js';

/** The statistics of one job's windows that a sweep summary reads. */
export interface SweepStats {
  readonly cumulativeReturn: number | null;
  readonly averageDailyReturn: number | null;
  readonly stdDailyReturn: number | null;
  readonly days: number;
  /** The day the account was wiped out (value at or below 0), or null/absent. */
  readonly wipedOutOn?: string | null;
}

export interface SweepResultRow<S extends SweepStats = SweepStats> {
  readonly symbol: string;
  readonly seed: number | null;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly inSample: { readonly strategy: S; readonly benchmark: S; readonly manual: S };
  readonly outOfSample: { readonly strategy: S; readonly benchmark: S; readonly manual: S };
}

export interface VersusSummary {
  readonly total: number;
  /** Jobs whose strategy cumulativeReturn is above the other's. */
  readonly beats: number;
  /** One-sided binomial p of beating it more than half the time by luck. */
  readonly signTestP: number;
  /** Median of strategy return - other return, with a bootstrap 95% interval. */
  readonly medianExcessReturn: number | null;
  readonly medianExcessReturnInterval: [number, number] | null;
}

export interface SweepSummary {
  readonly outOfSample: {
    readonly total: number;
    readonly beatsBenchmark: number;
    readonly signTestP: number;
    readonly medianExcessReturn: number | null;
    readonly medianExcessReturnInterval: [number, number] | null;
    readonly versusManual: VersusSummary;
    /** Jobs whose account was wiped out out of sample (value at or below 0: closed, no more trades), per role. */
    readonly wipedOut: { readonly strategy: number; readonly benchmark: number; readonly manual: number };
  };
  /** With a grid: the configuration chosen in-sample and how it fared out of sample. */
  readonly grid: {
    readonly configurations: number;
    readonly chosen: Readonly<Record<string, ParamValue>>;
    /** How the configurations were chosen: the highest median in-sample value of the objective. */
    readonly chosenBy: string;
    /** The objective maximized (a statistic's name, or excessReturn) and the chosen configuration's median value in and out of sample. */
    readonly objective: string;
    readonly chosenInSample: number | null;
    readonly chosenOutOfSample: number | null;
    /** Every configuration with its median objective in and out of sample (heatmaps, tables). */
    readonly table: readonly { readonly params: Readonly<Record<string, ParamValue>>; readonly inSample: number | null; readonly outOfSample: number | null }[];
    /** 1 = best out of sample among the configurations. */
    readonly chosenOutOfSampleRank: number;
    readonly probabilityOfBacktestOverfitting: number | null;
    readonly deflatedSharpeRatio: number | null;
  } | null;
}

const excessOf = (a: SweepStats, b: SweepStats) => (a.cumulativeReturn === null || b.cumulativeReturn === null ? null : a.cumulativeReturn - b.cumulativeReturn);

function versus(rows: readonly SweepResultRow[], other: 'benchmark' | 'manual'): VersusSummary {
  const excess = rows.map((row) => excessOf(row.outOfSample.strategy, row.outOfSample[other])).filter((value): value is number => value !== null);
  const beats = excess.filter((value) => value > 0).length;
  return {
    total: rows.length,
    beats,
    signTestP: signTestP(beats, excess.length),
    medianExcessReturn: median(excess),
    medianExcessReturnInterval: bootstrapMedianInterval(excess),
  };
}

const configKey = (params: Readonly<Record<string, ParamValue>>) => JSON.stringify(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : 1)));

/** Per-period Sharpe of a job's out-of-sample window (null without volatility). */
const dailySharpe = (stats: SweepStats) => (stats.averageDailyReturn === null || !stats.stdDailyReturn ? null : stats.averageDailyReturn / stats.stdDailyReturn);

/**
 * What a grid is chosen by: a name and a figure of a job's window (stats of the strategy and of the
 * benchmark), higher is better. The default is the excess return over buy-and-hold.
 */
export interface SweepObjective<S extends SweepStats = SweepStats> {
  readonly name: string;
  readonly of: (window: SweepResultRow<S>['inSample']) => number | null;
}

export const EXCESS_RETURN: SweepObjective = { name: 'excessReturn', of: (window) => excessOf(window.strategy, window.benchmark) };

/** The summary.json of a sweep: wins, sign test, median excess with its interval, and for a grid the overfitting measures. */
export function summarizeSweep<S extends SweepStats>(rows: readonly SweepResultRow<S>[], objective: SweepObjective<S> = EXCESS_RETURN): SweepSummary {
  const benchmark = versus(rows, 'benchmark');
  const outOfSample = {
    total: rows.length,
    beatsBenchmark: benchmark.beats,
    signTestP: benchmark.signTestP,
    medianExcessReturn: benchmark.medianExcessReturn,
    medianExcessReturnInterval: benchmark.medianExcessReturnInterval,
    versusManual: versus(rows, 'manual'),
    wipedOut: {
      strategy: rows.filter((row) => (row.outOfSample.strategy.wipedOutOn ?? null) !== null).length,
      benchmark: rows.filter((row) => (row.outOfSample.benchmark.wipedOutOn ?? null) !== null).length,
      manual: rows.filter((row) => (row.outOfSample.manual.wipedOutOn ?? null) !== null).length,
    },
  };
  // the rows of each configuration, grouped in one pass (a sweep may hold thousands of jobs)
  const groups = new Map<string, SweepResultRow<S>[]>();
  for (const row of rows) {
    const key = configKey(row.params);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [row]);
    else group.push(row);
  }
  if (groups.size < 2) return { outOfSample, grid: null };
  const byConfig = [...groups.values()];
  const configs = byConfig.map((group) => group[0]!.params);
  const medianObjective = (group: readonly SweepResultRow<S>[], window: 'inSample' | 'outOfSample') =>
    median(group.map((row) => objective.of(row[window])).filter((value): value is number => value !== null && Number.isFinite(value)));
  const inSampleMedians = byConfig.map((group) => medianObjective(group, 'inSample'));
  const outOfSampleMedians = byConfig.map((group) => medianObjective(group, 'outOfSample'));
  const inSample = inSampleMedians.map((value) => value ?? -Infinity);
  const outOfSampleScores = outOfSampleMedians.map((value) => value ?? -Infinity);
  const chosen = inSample.indexOf(Math.max(...inSample));
  const rank = 1 + outOfSampleScores.filter((score) => score > outOfSampleScores[chosen]!).length;

  // CSCV over the units every configuration ran on (symbol and seed): their out-of-sample excess
  const unitOf = (row: SweepResultRow<S>) => `${row.symbol}\u0000${row.seed}`;
  const units = [...new Set(rows.map(unitOf))];
  const byUnit = byConfig.map((group) => new Map(group.map((row) => [unitOf(row), row])));
  const matrix = units
    .map((unit) =>
      byUnit.map((group) => {
        const row = group.get(unit);
        return row ? excessOf(row.outOfSample.strategy, row.outOfSample.benchmark) : null;
      }),
    )
    .filter((line): line is number[] => line.every((value) => value !== null));
  const pbo = probabilityOfBacktestOverfitting(matrix, 8);

  // deflated Sharpe of the chosen configuration: its mean daily Sharpe against the trials' spread
  const sharpeOf = (group: readonly SweepResultRow<S>[]) => {
    const values = group.map((row) => dailySharpe(row.outOfSample.strategy)).filter((value): value is number => value !== null);
    return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  };
  const sharpes = byConfig.map(sharpeOf);
  const known = sharpes.filter((value): value is number => value !== null);
  const mean = known.reduce((a, b) => a + b, 0) / Math.max(1, known.length);
  const variance = known.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, known.length - 1);
  const chosenSharpe = sharpes[chosen];
  const periods = byConfig[chosen]![0]!.outOfSample.strategy.days;
  const deflated =
    chosenSharpe === null || chosenSharpe === undefined || periods < 2
      ? null
      : deflatedSharpeRatio({ sharpe: chosenSharpe, periods, trials: configs.length, trialSharpeVariance: variance }).deflatedSharpe;
  return {
    outOfSample,
    grid: {
      configurations: configs.length,
      chosen: configs[chosen]!,
      chosenBy: objective.name === EXCESS_RETURN.name ? 'highest median in-sample excess return over buy-and-hold' : `highest median in-sample ${objective.name}`,
      objective: objective.name,
      chosenInSample: inSampleMedians[chosen] ?? null,
      chosenOutOfSample: outOfSampleMedians[chosen] ?? null,
      table: configs.map((params, index) => ({ params, inSample: inSampleMedians[index] ?? null, outOfSample: outOfSampleMedians[index] ?? null })),
      chosenOutOfSampleRank: rank,
      probabilityOfBacktestOverfitting: pbo?.pbo ?? null,
      deflatedSharpeRatio: deflated,
    },
  };
}
