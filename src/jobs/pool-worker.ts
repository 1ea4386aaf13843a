import { parentPort, workerData } from 'node:worker_threads';
import type { BacktestResult } from '../backtest/run.js';
import { isUserError } from '../errors.js';
import { strategyFacts } from '../loader/load.js';
import { Rng } from '../learner/rng.js';
import { StrategyExit } from '../strategy/instance.js';
import { runJob, TableCache, type JobResult } from './job.js';
import { checkLookahead, type LookaheadReport } from './lookahead.js';
import { sharedMonitor } from './marks.js';
import { taskOrigin, type PoolReply, type PoolTask, type StrategyFacts } from './tasks.js';
import { performBacktest, performWalkForward } from './single.js';
import type { WalkForwardResult } from './walkforward.js';

/** One table cache per thread, so each loads its data once. */
const cache = new TableCache();
const monitor = sharedMonitor((workerData as { marks: Float64Array }).marks);

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

// No state outlives a run through the realm itself: the global object and the built-in objects and
// prototypes are frozen in this thread, so a strategy cannot stash prices on them for a later run
// (a grid runs the same symbol again and again on one thread) or make results depend on --jobs.
for (const name of Object.getOwnPropertyNames(globalThis)) {
  const value = (globalThis as Record<string, unknown>)[name];
  if (name === 'globalThis' || value === null || (typeof value !== 'object' && typeof value !== 'function')) continue;
  if (!/^[A-Z]/.test(name) && !['Math', 'JSON', 'Reflect', 'Atomics', 'Intl'].includes(name)) continue;
  Object.freeze(value);
  const prototype = (value as { prototype?: unknown }).prototype;
  if (prototype !== null && typeof prototype === 'object') Object.freeze(prototype);
}
Object.freeze(globalThis);

/** True while a task runs; a failure outside the engine's calls ends it once. */
let busy = false;
/** The strategy of the task running, for messages. */
let origin = 'the strategy';

function reply(message: PoolReply): void {
  if (!busy) return;
  if (message.kind !== 'progress') busy = false;
  parentPort!.postMessage(message);
}

// A promise the strategy rejected and nobody awaited, or an exception thrown from a timer it set:
// the task fails with one line, and the thread (whose state is now the strategy's mess) ends.
const outside = (what: string) => (reason: unknown) => {
  reply({ kind: 'failed', message: `${origin}: ${what}: ${firstLine(reason)}`, userError: true, exitCode: 1 });
  setImmediate(() => exitThread(1));
};
process.on('unhandledRejection', outside('it left a promise rejected that nothing awaited'));
process.on('uncaughtException', outside('it threw outside any call the engine made'));

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n').find((part) => part.trim() !== '') ?? 'unknown error';
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

async function perform(task: PoolTask): Promise<JobResult | BacktestResult | WalkForwardResult | StrategyFacts | LookaheadReport> {
  if (task.kind === 'job') return runJob(task.job, cache, monitor);
  if (task.kind === 'inspect') return strategyFacts(task.strategy, task.params, monitor);
  if (task.kind === 'lookahead') return checkLookahead(task.request, monitor);
  const progress = (done: number, total: number, detail: string) => reply({ kind: 'progress', done, total, detail });
  return task.kind === 'walkforward' ? performWalkForward(task, monitor) : performBacktest(task, progress, monitor);
}

parentPort!.on('message', (task: PoolTask) => {
  busy = true;
  origin = taskOrigin(task);
  draws.rng = new Rng(task.kind === 'job' ? task.job.id : task.kind);
  perform(task).then(
    // a promise the strategy left rejected is reported after the run's synchronous part: wait for it first
    (value) => setImmediate(() => reply({ kind: 'done', value })),
    (error: unknown) => {
      const userError = isUserError(error);
      const message = error instanceof Error ? error.message : String(error);
      reply({ kind: 'failed', message, userError, exitCode: userError ? (error as { exitCode: number }).exitCode : 1 });
    },
  );
});
