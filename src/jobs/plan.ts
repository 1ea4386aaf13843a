import type { TradingSetup } from '../broker/setup.js';
import type { DateRange } from '../data/window.js';
import type { DynaQSettings } from '../../strategies/index.js';
import { fileHash, jobId, type JobSpec, type WalkForwardSpec } from './job.js';

export interface JobPlan {
  readonly symbols: readonly string[];
  readonly seeds: readonly number[];
  /** Each combination of grid values (one empty object without a grid). */
  readonly grid: readonly Readonly<Record<string, string | number>>[];
  readonly strategy: string;
  /** The settings, setup and windows of one combination of grid values. */
  readonly configure: (params: Readonly<Record<string, string | number>>) => {
    settings: Partial<DynaQSettings>;
    setup: TradingSetup;
    windows: { train: DateRange; test: DateRange };
  };
  readonly walkforward: WalkForwardSpec | null;
  readonly dataDir: string;
  readonly calendar: string;
}

/** The cross product symbols x seeds x grid values as jobs, in that order, with the data hashes they must run on. */
export function planJobs(plan: JobPlan): JobSpec[] {
  const calendarHash = fileHash(plan.dataDir, plan.calendar);
  const jobs: JobSpec[] = [];
  for (const symbol of plan.symbols) {
    const dataHashes = { [symbol]: fileHash(plan.dataDir, symbol), [plan.calendar]: calendarHash };
    for (const seed of plan.seeds) {
      for (const params of plan.grid) {
        const { settings, setup, windows } = plan.configure(params);
        const spec = {
          kind: plan.walkforward ? ('walkforward' as const) : ('backtest' as const),
          symbol,
          seed,
          params,
          strategy: plan.strategy,
          settings,
          setup,
          windows: plan.walkforward ? null : windows,
          walkforward: plan.walkforward,
          dataDir: plan.dataDir,
          calendar: plan.calendar,
          dataHashes,
        };
        jobs.push({ id: jobId(spec), ...spec });
      }
    }
  }
  return jobs;
}
