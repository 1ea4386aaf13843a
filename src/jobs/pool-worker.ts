import type { AnyBacktestResult } from '../backtest/run.js';
import { rememberHashes } from '../data/load.js';
import { strategyFacts } from '../loader/load.js';
import { Rng } from '../learner/rng.js';
import { StrategyExit, type CallMonitor } from '../strategy/instance.js';
import { runJob, TableCache, type JobResult } from './job.js';
import { checkLookahead, type LookaheadReport } from './lookahead.js';
import { closeRealm } from './realm.js';
import { serveTasks, type Progress } from './serve.js';
import { taskOrigin, type PoolTask, type StrategyFacts } from './tasks.js';
import { performBacktest, performWalkForward } from './single.js';
import type { WalkForwardResult } from './walkforward.js';

/**
 * The thread of the pool that runs strategy code: jobs, single backtests and walk-forwards of a
 * user's file, its inspection and its look-ahead check. The realm is hardened first (below), so the
 * strategy's code meets the same limits whatever it tries.
 */

/** One table cache per thread, so each loads its data once. */
const cache = new TableCache();

// Strategy code that calls process.exit ends up in the guarded call's error, named, instead of ending the run.
const exitThread = process.exit.bind(process);
process.exit = ((code?: number | string | null) => {
  throw new StrategyExit(Number(code ?? 0));
}) as typeof process.exit;

// Strategy code may not turn strings into code (eval, new Function and its async and generator
// kin): that would be a way around the loader's checks of what it imports. This thread's realm only.
const refuseCode = function refuse(): never {
  throw new EvalError('a strategy may not turn strings into code (eval, new Function)');
};
Object.defineProperty(globalThis, 'eval', { value: refuseCode, configurable: false, writable: false });
Object.defineProperty(globalThis, 'Function', { value: refuseCode, configurable: false, writable: false });
for (const kind of [function () {}, async function () {}, function* () {}, async function* () {}]) {
  Object.defineProperty(Object.getPrototypeOf(kind), 'constructor', { value: refuseCode, configurable: false, writable: false });
}

// Doors to Node's internals that no strategy needs: its files come only through day and history.
for (const door of ['binding', '_linkedBinding', 'dlopen', 'getBuiltinModule'] as const) {
  Object.defineProperty(process, door, { value: undefined, configurable: false, writable: false });
}

// Math.random in strategy code draws from a generator seeded by the task (a job's content id), so the
// same task gives the same draws on any thread, in any order: results do not depend on --jobs.
const draws = { rng: new Rng('') };
Math.random = () => draws.rng.next();

// No state outlives a run through the realm itself: the built-in objects are closed in this thread
// (realm.ts), and a task that changed one of the few only sealed fails and ends the thread.
const changedBuiltIn = closeRealm();

async function perform(task: PoolTask, monitor: CallMonitor, progress: Progress): Promise<JobResult | AnyBacktestResult | WalkForwardResult | StrategyFacts | LookaheadReport> {
  switch (task.kind) {
    case 'job':
      rememberHashes(task.known ?? []);
      return runJob(task.job, cache, monitor);
    case 'inspect':
      return strategyFacts(task.strategy, task.params, monitor);
    case 'lookahead':
      return checkLookahead(task.request, monitor);
    case 'walkforward':
      return performWalkForward(task, monitor);
    case 'backtest':
      return performBacktest(task, progress, monitor);
  }
}

serveTasks(perform, taskOrigin, {
  exitThread,
  beforeTask: (task) => {
    draws.rng = new Rng(task.kind === 'job' ? task.job.id : task.kind);
  },
  afterTask: changedBuiltIn,
});
