import type { TradingSetup } from '../broker/setup.js';
import type { DateRange } from '../data/window.js';
import type { StrategySource } from '../loader/load.js';
import type { ParamValue } from '../strategy/contract.js';
import { engineFingerprint } from './engine.js';
import { fileHash, jobId, type JobSpec, type WalkForwardSpec } from './job.js';

export interface JobPlan {
  readonly symbols: readonly string[];
  /** Seeds of the strategy's `seed` parameter; null for a strategy without one (one job each). */
  readonly seeds: readonly number[] | null;
  /** Each combination of grid values (one empty object without a grid). */
  readonly grid: readonly Readonly<Record<string, ParamValue>>[];
  readonly strategy: StrategySource;
  /** The strategy's parameters, the setup and the windows of one combination of grid values. */
  readonly configure: (gridValues: Readonly<Record<string, ParamValue>>) => {
    params: Readonly<Record<string, ParamValue>>;
    setup: TradingSetup;
    windows: { train: DateRange; test: DateRange };
  };
  readonly walkforward: WalkForwardSpec | null;
  readonly dataDir: string;
  readonly calendar: string;
}

/**
 * The cross product symbols x seeds x grid values as jobs, in that order, with the data hashes
 * they must run on. Each price file is hashed once; two combinations that come to the same inputs
 * are one job.
 */
export function planJobs(plan: JobPlan): JobSpec[] {
  const calendarHash = fileHash(plan.dataDir, plan.calendar);
  const engine = engineFingerprint();
  const jobs: JobSpec[] = [];
  const seen = new Set<string>();
  for (const symbol of plan.symbols) {
    const dataHashes = { [symbol]: symbol === plan.calendar ? calendarHash : fileHash(plan.dataDir, symbol), [plan.calendar]: calendarHash };
    for (const seed of plan.seeds ?? [null]) {
      for (const grid of plan.grid) {
        const { params, setup, windows } = plan.configure(grid);
        const jobParams = seed === null ? params : { ...params, seed };
        const spec = {
          kind: plan.walkforward ? ('walkforward' as const) : ('backtest' as const),
          symbol,
          seed: typeof jobParams.seed === 'number' ? jobParams.seed : null,
          grid,
          strategy: plan.strategy,
          params: jobParams,
          setup,
          windows: plan.walkforward ? null : windows,
          walkforward: plan.walkforward,
          dataDir: plan.dataDir,
          calendar: plan.calendar,
          dataHashes,
          engine,
        };
        const id = jobId(spec);
        if (seen.has(id)) continue;
        seen.add(id);
        jobs.push({ id, ...spec });
      }
    }
  }
  return jobs;
}
