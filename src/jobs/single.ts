import { loadBacktestTable, runBacktest, runPeriod, type AnyBacktestResult } from '../backtest/run.js';
import type { PriceTable } from '../data/types.js';
import { strategyFactory } from '../loader/load.js';
import type { CallMonitor } from '../strategy/instance.js';
import { WorkerPool } from './pool.js';
import type { Progress } from './serve.js';
import type { BacktestTask, WalkForwardTask } from './tasks.js';
import { runWalkForward, type WalkForwardResult } from './walkforward.js';


/** One backtest of a task, in this thread: fresh instances of the strategy, the benchmark and the manual rules. */
export async function performBacktest(task: BacktestTask, progress?: Progress, monitor?: CallMonitor, table?: PriceTable): Promise<AnyBacktestResult> {
  const make = await strategyFactory(task.strategy, task.params, monitor);
  const benchmark = await strategyFactory({ kind: 'built-in', name: 'buy-and-hold' });
  const manual = await strategyFactory({ kind: 'built-in', name: 'manual' });
  const subject = make();
  if (task.restore !== null) subject.restore(task.restore.text, task.restore.source);
  const comparisons = subject.name === 'manual' ? [] : [manual()];
  const strategies = { subject, benchmark: benchmark(), comparisons };
  const prices = table ?? loadBacktestTable(task.config);
  if ('period' in task.config) return runPeriod(task.config, strategies, prices);
  return runBacktest(task.config, strategies, prices, progress ? { progress } : {});
}

/** One walk-forward of a task, in this thread. */
export async function performWalkForward(task: WalkForwardTask, monitor?: CallMonitor): Promise<WalkForwardResult> {
  const make = await strategyFactory(task.strategy, task.params, monitor);
  const benchmark = await strategyFactory({ kind: 'built-in', name: 'buy-and-hold' });
  const manual = await strategyFactory({ kind: 'built-in', name: 'manual' });
  return runWalkForward({ ...task.options, makeStrategy: make, makeBenchmark: benchmark, makeManual: manual });
}

/**
 * Runs one task: a built-in strategy in this thread, a user's strategy file on a pool thread under
 * the time budget (its code never runs in this thread).
 */
export async function runSingle<T extends AnyBacktestResult | WalkForwardResult>(task: BacktestTask | WalkForwardTask, timeBudgetSeconds: number, progress?: Progress, table?: PriceTable): Promise<T> {
  if (task.strategy.kind === 'built-in') {
    return (task.kind === 'backtest' ? await performBacktest(task, progress, undefined, table) : await performWalkForward(task)) as T;
  }
  const pool = new WorkerPool({ threads: 1, timeBudgetSeconds, ...(progress ? { onProgress: progress } : {}) });
  try {
    return await pool.run<T>(task);
  } finally {
    await pool.destroy();
  }
}
