import { WorkerPool } from '../jobs/pool.js';
import { parsePlantedFamily } from '../synth/planted.js';
import {
  runEfficiency,
  runNoEdge,
  runPlanted,
  runReal,
  runWalkForwardSymbol,
  type EfficiencyRun,
  type LearningVariant,
  type NoEdgeRun,
  type PlantedRun,
  type RealRun,
  type WalkForwardRun,
} from './learning.js';

/** One unit of the learning benchmark as plain data, so it can run on a worker thread. */
export type LearningTask =
  | { readonly kind: 'planted'; readonly family: string; readonly seed: number; readonly variants: readonly LearningVariant[]; readonly learnerSeed: number }
  | { readonly kind: 'efficiency'; readonly family: string; readonly seed: number; readonly trainDays: readonly number[]; readonly variants: readonly LearningVariant[]; readonly learnerSeed: number }
  | { readonly kind: 'noedge'; readonly market: string; readonly seed: number; readonly variants: readonly LearningVariant[]; readonly learnerSeed: number }
  | { readonly kind: 'real'; readonly symbol: string; readonly dataDir: string; readonly calendar: string; readonly variants: readonly LearningVariant[]; readonly learnerSeed: number }
  | { readonly kind: 'walkforward'; readonly symbol: string; readonly dataDir: string; readonly calendar: string; readonly variant: LearningVariant; readonly learnerSeed: number };

/** The runs each kind of task gives. */
export interface RunsByKind {
  readonly planted: PlantedRun[];
  readonly efficiency: EfficiencyRun[];
  readonly noedge: NoEdgeRun[];
  readonly real: RealRun[];
  readonly walkforward: WalkForwardRun[];
}

export type LearningTaskResult = { [K in keyof RunsByKind]: { readonly kind: K; readonly runs: RunsByKind[K] } }[keyof RunsByKind];

/** The runs of every result of one kind, in the results' order (results of other kinds are left out). */
export function runsOf<K extends keyof RunsByKind>(results: readonly LearningTaskResult[], kind: K): RunsByKind[K] {
  const runs: unknown[] = [];
  for (const result of results) if (result.kind === kind) runs.push(...result.runs);
  return runs as RunsByKind[K]; // each result of kind K holds RunsByKind[K]
}

/** Runs one task in this thread. */
export async function runLearningTask(task: LearningTask): Promise<LearningTaskResult> {
  switch (task.kind) {
    case 'planted':
      return { kind: 'planted', runs: await runPlanted(parsePlantedFamily(task.family), task.seed, task.variants, task.learnerSeed) };
    case 'efficiency':
      return { kind: 'efficiency', runs: await runEfficiency(parsePlantedFamily(task.family), task.seed, task.trainDays, task.variants, task.learnerSeed) };
    case 'noedge':
      return { kind: 'noedge', runs: await runNoEdge(parsePlantedFamily(task.market), task.seed, task.variants, task.learnerSeed) };
    case 'real':
      return { kind: 'real', runs: await runReal(task.symbol, task.dataDir, task.calendar, task.variants, task.learnerSeed) };
    case 'walkforward':
      return { kind: 'walkforward', runs: [await runWalkForwardSymbol(task.symbol, task.dataDir, task.calendar, task.variant, task.learnerSeed)] };
  }
}

/**
 * Runs the tasks on `workers` threads (the job pool's threads, with the learning benchmark's worker;
 * one runs them in this thread) and returns their results in task order, whatever order they
 * finished in. The first failure is thrown after the pool stops.
 */
export async function runLearningTasks(tasks: readonly LearningTask[], options: { workers: number; onDone?: (done: number) => void }): Promise<LearningTaskResult[]> {
  let done = 0;
  const finished = () => options.onDone?.(++done);
  if (options.workers <= 1) {
    const results: LearningTaskResult[] = [];
    for (const task of tasks) {
      results.push(await runLearningTask(task));
      finished();
    }
    return results;
  }
  // built-in learners only: no time budget is needed, a day of one is plenty
  const pool = new WorkerPool<LearningTask>({ threads: options.workers, timeBudgetSeconds: 86_400, worker: 'experiments/learning-worker.js', origin: (task) => `the learning benchmark's ${task.kind} task` });
  try {
    // the heaviest first (walk-forwards train a learner per fold), so no thread idles at the end
    const weight = (task: LearningTask) => (task.kind === 'walkforward' ? 2 : task.kind === 'efficiency' ? 1 : 0);
    const order = tasks.map((_, index) => index).sort((a, b) => weight(tasks[b]!) - weight(tasks[a]!));
    const results: LearningTaskResult[] = new Array(tasks.length);
    await Promise.all(
      order.map((index) =>
        pool.run<LearningTaskResult>(tasks[index]!).then((result) => {
          results[index] = result;
          finished();
        }),
      ),
    );
    return results;
  } finally {
    await pool.destroy();
  }
}
