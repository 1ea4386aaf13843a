import type { BacktestConfig, PeriodConfig } from '../backtest/run.js';
import type { KnownHash } from '../data/load.js';
import type { StrategySource } from '../loader/load.js';
import type { ParamDefinition } from '../strategy/params.js';
import type { JsonValue, ParamValue } from '../values.js';
import type { JobSpec } from './job.js';
import type { LookaheadRequest } from './lookahead.js';
import type { WalkForwardOptions } from './walkforward.js';

/** What the pool's threads are asked to do, and what they answer: plain data both ways. */

/** A single backtest for the CLI, with the strategy's whole result (reports need it, not just statistics). */
export interface BacktestTask {
  readonly kind: 'backtest';
  /** A split run (train and test) or a run over one period. */
  readonly config: BacktestConfig | PeriodConfig;
  readonly strategy: StrategySource;
  readonly params: Readonly<Record<string, ParamValue>>;
  /** A saved agent to restore instead of training: its text and file name. */
  readonly restore: { readonly text: string; readonly source: string } | null;
}

export interface WalkForwardTask {
  readonly kind: 'walkforward';
  readonly options: Omit<WalkForwardOptions, 'makeStrategy' | 'makeBenchmark' | 'makeManual'>;
  readonly strategy: StrategySource;
  readonly params: Readonly<Record<string, ParamValue>>;
}

/** Loads a strategy and reports what it declares and how it describes itself, without running it. */
export interface InspectTask {
  readonly kind: 'inspect';
  readonly strategy: StrategySource;
  readonly params: Readonly<Record<string, ParamValue>>;
}

/** What `inspect` finds. */
export interface StrategyFacts {
  readonly name: string;
  readonly label: string;
  readonly declared: readonly ParamDefinition[];
  readonly settings: Readonly<Record<string, JsonValue>>;
  readonly seed: number | null;
}

/** The look-ahead check of a strategy (lookahead.ts). */
export interface LookaheadTask {
  readonly kind: 'lookahead';
  readonly request: LookaheadRequest;
}

/** A sweep job; `known` hands over the price files' hashes the planning thread computed (valid while a file is unchanged). */
export interface JobTask {
  readonly kind: 'job';
  readonly job: JobSpec;
  readonly known?: readonly KnownHash[];
}

export type PoolTask = JobTask | BacktestTask | WalkForwardTask | InspectTask | LookaheadTask;

/** The strategy a task runs, as messages name it. */
export function taskOrigin(task: PoolTask): string {
  const source = task.kind === 'job' ? task.job.strategy : task.kind === 'lookahead' ? task.request.strategy : task.strategy;
  return source.kind === 'built-in' ? `strategy ${source.name}` : `strategy --strategy ${source.shown}`;
}
