import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { firstLine, UserError } from '../errors.js';
import { STRATEGY_CALLS } from '../strategy/instance.js';
import { CALL, COUNT, DAY, FINISHED, INSIDE, MARK_SLOTS, STARTED } from './marks.js';
import type { ThreadReply } from './serve.js';
import { taskOrigin, type PoolTask } from './tasks.js';

/**
 * Worker threads for the code of users' strategies and for sweeps. Each thread has a small block
 * of shared memory where it marks the strategy call it is in (which call, which day, since when);
 * a watchdog in this thread stops a thread whose call runs past the time budget, so a strategy
 * that loops forever ends with one line instead of hanging the run. A thread that dies (process.exit
 * in strategy code, a rejected promise nobody awaited) fails its task with one line and is replaced.
 * Threads start only when there is a task for them.
 */

/**
 * A compiled worker module, named from src/ (e.g. `jobs/pool-worker.js`): in dist/ beside this file,
 * or in dist/ when this runs from the source (tests). A missing one is an error, never a silent
 * fallback to running in this thread.
 */
export function compiledWorker(fromSrc: string): string {
  const here = fileURLToPath(import.meta.url);
  const file = here.endsWith('.js') ? fileURLToPath(new URL(`../${fromSrc}`, import.meta.url)) : fileURLToPath(new URL(`../../dist/src/${fromSrc}`, import.meta.url));
  if (!existsSync(file)) throw new Error(`the worker ${file} is missing: run npm run build`);
  return file;
}


export interface PoolOptions<T> {
  /** Threads at most. */
  readonly threads: number;
  /** The compiled worker module from src/ (default `jobs/pool-worker.js`: strategy code, hardened). */
  readonly worker?: string;
  /** Names what a task runs, for messages (default: its strategy). */
  readonly origin?: (task: T) => string;
  /** Seconds a call of strategy code may run (train() gets TRAIN_BUDGET_FACTOR times this). */
  readonly timeBudgetSeconds: number;
  /** Progress reported by a task (training epochs). */
  readonly onProgress?: (done: number, total: number, detail: string) => void;
  /**
   * Tasks handed to a thread at once (default 1): with 2, a thread's next task is already in its
   * queue when it finishes one, so it never waits for this thread to be free to hand it over (this
   * thread may be busy running jobs of its own).
   */
  readonly depth?: number;
  /**
   * Tasks handed over in one message at most (default 1): a thread answers them in one message too,
   * so a sweep's short jobs do not each pay a message both ways. Each task still settles on its
   * own: a failure fails only its task. The batch actually sent holds about BATCH_WORK_SECONDS of
   * work by the tasks' times so far (one task until a time is known), so long tasks are not held
   * back in one thread's queue while another thread runs out of work at the end of a sweep.
   */
  readonly batch?: number;
}

/** Work a batch of tasks should hold (seconds of the tasks' own time): messages cost well under 1 % of it. */
export const BATCH_WORK_SECONDS = 0.02;

/** How often the watchdog looks (ms). */
const WATCHDOG_MS = 100;

/** train() learns from a whole window: it gets this many times the per-call budget. */
export const TRAIN_BUDGET_FACTOR = 60;

interface Running<T> {
  readonly task: T;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly onSeconds: ((seconds: number) => void) | undefined;
}

interface Thread<T> {
  readonly worker: Worker;
  readonly marks: Float64Array;
  /** Resolves when the thread has loaded its code and takes tasks. */
  readonly ready: Promise<void>;
  isReady: boolean;
  /** Tasks handed to the thread and not answered yet, in order: the first is running (or done, its answer on the way), the others wait in its queue. */
  running: Running<T>[];
  /** Tasks the thread has answered (compared with its FINISHED mark when it has to be stopped). */
  answered: number;
  /** The call count the watchdog last saw, and since when it has stood still inside a call (ms, 0: moving). */
  seenCount: number;
  stillSince: number;
}

export class WorkerPool<T = PoolTask> {
  private readonly options: PoolOptions<T>;
  private readonly threads: Thread<T>[] = [];
  private readonly queue: Running<T>[] = [];
  private readonly watchdog: NodeJS.Timeout;
  private destroyed = false;
  private dispatchScheduled = false;
  /** Mean wall seconds of the tasks answered so far (NaN before the first). */
  private taskSeconds = Number.NaN;
  private tasksTimed = 0;
  private readonly file: string;
  private readonly origin: (task: T) => string;

  constructor(options: PoolOptions<T>) {
    this.options = options;
    this.file = compiledWorker(options.worker ?? 'jobs/pool-worker.js');
    this.origin = options.origin ?? (taskOrigin as unknown as (task: T) => string);
    this.watchdog = setInterval(() => this.checkBudgets(), WATCHDOG_MS);
    this.watchdog.unref();
  }

  /**
   * Runs a task on a thread; resolves with its value, rejects with a one-line UserError for a
   * strategy's fault. `onSeconds` receives the wall seconds it ran on its thread (not counting its
   * wait), before the promise settles.
   */
  run<V>(task: T, onSeconds?: (seconds: number) => void): Promise<V> {
    if (this.destroyed) return Promise.reject(new Error('the pool was destroyed'));
    return new Promise<V>((resolve, reject) => {
      this.queue.push({ task, resolve: resolve as (value: unknown) => void, reject, onSeconds });
      this.scheduleDispatch();
    });
  }

  /**
   * Starts a thread if fewer than the most are running, and resolves when one is ready to take
   * tasks: a caller that has other work (this thread's own jobs) hands tasks over only then, so
   * none waits for a thread's start-up while this thread could have run it.
   */
  warm(): Promise<void> {
    if (this.destroyed) return Promise.resolve();
    const thread = this.threads.length < this.options.threads ? this.startThread() : this.threads[this.threads.length - 1]!;
    return thread.ready;
  }

  /** Stops every thread now; tasks still running or queued are rejected. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    clearInterval(this.watchdog);
    for (const waiting of this.queue.splice(0)) waiting.reject(new Error('stopped'));
    await Promise.all(
      this.threads.splice(0).map((thread) => {
        for (const running of thread.running.splice(0)) running.reject(new Error('stopped'));
        return thread.worker.terminate();
      }),
    );
  }

  /**
   * Dispatches now, or with batches, once this turn's callers have queued their tasks (a batch is
   * then made of what they queued together, not of the first one alone).
   */
  private scheduleDispatch(): void {
    if ((this.options.batch ?? 1) <= 1) {
      this.dispatch();
      return;
    }
    if (this.dispatchScheduled) return;
    this.dispatchScheduled = true;
    setImmediate(() => {
      this.dispatchScheduled = false;
      if (!this.destroyed) this.dispatch();
    });
  }

  /** Tasks per message now: about BATCH_WORK_SECONDS of work at the mean task time so far, within 1..batch. */
  private batchSize(): number {
    const most = Math.max(1, this.options.batch ?? 1);
    if (most === 1 || !(this.taskSeconds > 0)) return 1;
    return Math.max(1, Math.min(most, Math.floor(BATCH_WORK_SECONDS / this.taskSeconds)));
  }

  private dispatch(): void {
    const batch = this.batchSize();
    const room = Math.max(1, this.options.depth ?? 1) * batch;
    while (this.queue.length > 0) {
      // an idle ready thread first, then one still starting, then a new one, then one with room in its queue
      let thread = this.threads.find((candidate) => candidate.isReady && candidate.running.length === 0);
      thread ??= this.threads.find((candidate) => candidate.running.length === 0);
      if (thread === undefined && this.threads.length < this.options.threads) thread = this.startThread();
      thread ??= this.threads.find((candidate) => candidate.isReady && candidate.running.length < room);
      thread ??= this.threads.find((candidate) => candidate.running.length < room);
      if (thread === undefined) return;
      const next = this.queue.splice(0, Math.min(batch, room - thread.running.length));
      if (thread.running.length === 0) thread.stillSince = 0;
      thread.running.push(...next);
      thread.worker.postMessage(next.map((running) => running.task));
    }
  }

  /**
   * Takes every task from a thread that is stopped or dead: the ones it had finished but whose
   * answers were lost with it go back to the queue (they run again, and are answered once), as do
   * the ones it had not started; the one it was running is returned, to fail. A thread that died
   * between tasks after answering some (a timer a finished task left behind; that task was failed
   * by its answer) fails none of the others; one that died before answering any fails its first
   * task, so a thread that cannot start does not take the queue round and round.
   */
  private takeBack(thread: Thread<T>): Running<T> | undefined {
    const tasks = thread.running.splice(0);
    const lost = Math.max(0, thread.marks[FINISHED]! - thread.answered);
    const inTask = thread.marks[STARTED]! > thread.marks[FINISHED]!;
    const blamed = inTask ? lost : thread.answered + lost > 0 ? -1 : 0;
    const [running] = blamed >= 0 && blamed < tasks.length ? tasks.splice(blamed, 1) : [];
    this.requeue(tasks);
    return running;
  }

  /** Tasks a thread was handed but had not started go back to the front of the queue. */
  private requeue(waiting: Running<T>[]): void {
    this.queue.unshift(...waiting);
  }

  private startThread(): Thread<T> {
    const marks = new Float64Array(new SharedArrayBuffer(MARK_SLOTS * Float64Array.BYTES_PER_ELEMENT));
    const worker = new Worker(this.file, { workerData: { marks } });
    let markReady = () => {};
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    const thread: Thread<T> = { worker, marks, ready, isReady: false, running: [], answered: 0, seenCount: -1, stillSince: 0 };
    worker.on('message', (reply: ThreadReply<unknown>) => {
      if (reply.kind === 'ready') {
        thread.isReady = true;
        markReady();
        this.scheduleDispatch();
        return;
      }
      if (reply.kind === 'progress') {
        this.options.onProgress?.(reply.done, reply.total, reply.detail);
        return;
      }
      // answers that arrive after the thread was stopped are not taken: its tasks went back to the queue
      if (!this.threads.includes(thread)) return;
      for (const answer of reply.answers) {
        const running = thread.running.shift();
        if (running === undefined) break;
        thread.answered += 1;
        if (answer.kind === 'done') {
          if (answer.seconds !== undefined) {
            this.tasksTimed += 1;
            this.taskSeconds = this.tasksTimed === 1 ? answer.seconds : this.taskSeconds + (answer.seconds - this.taskSeconds) / this.tasksTimed;
            running.onSeconds?.(answer.seconds);
          }
          running.resolve(answer.value);
        } else running.reject(answer.userError ? new UserError(answer.message, answer.exitCode) : new Error(answer.message));
      }
      this.scheduleDispatch();
    });
    const fail = (why: string) => {
      markReady(); // whoever waits for it goes on (the pool starts another thread for the next task)
      const running = this.takeBack(thread);
      this.remove(thread);
      if (running) running.reject(new UserError(`${this.origin(running.task)}: ${why}`));
      if (!this.destroyed) this.scheduleDispatch();
    };
    worker.on('error', (error) => fail(`its code failed outside any call the engine made: ${firstLine(error)}`));
    worker.on('exit', (code) => {
      if (this.threads.includes(thread)) fail(`the strategy ended its thread (exit code ${code})`);
    });
    this.threads.push(thread);
    return thread;
  }

  private remove(thread: Thread<T>): void {
    const index = this.threads.indexOf(thread);
    if (index >= 0) this.threads.splice(index, 1);
  }

  /** Stops a thread whose strategy call has run past its budget. */
  private checkBudgets(): void {
    const now = Date.now();
    for (const thread of [...this.threads]) {
      const count = thread.marks[COUNT]!;
      if (thread.running.length === 0 || thread.marks[INSIDE] !== 1 || count !== thread.seenCount) {
        // not in a call, or in a new one since the last look: it is moving
        thread.seenCount = count;
        thread.stillSince = 0;
        continue;
      }
      if (thread.stillSince === 0) thread.stillSince = now;
      const call = STRATEGY_CALLS[thread.marks[CALL]!] ?? 'a call';
      const budget = this.options.timeBudgetSeconds * (call === 'train()' ? TRAIN_BUDGET_FACTOR : 1);
      // the call began at most one look before it was first seen standing still
      if (now - thread.stillSince + WATCHDOG_MS <= budget * 1000) continue;
      const running = this.takeBack(thread);
      this.remove(thread);
      void thread.worker.terminate();
      const day = dayText(thread.marks[DAY]!);
      running?.reject(new UserError(`${this.origin(running.task)}: ${call}${day ? ` on ${day}` : ''} did not return within ${budget} s and was stopped (--time-budget SECONDS allows more).`));
      this.scheduleDispatch();
    }
  }
}

function dayText(code: number): string {
  if (!(code > 0)) return '';
  const text = String(code);
  return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
}

