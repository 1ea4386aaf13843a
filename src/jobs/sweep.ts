import { appendFileSync, closeSync, existsSync, openSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, userFsError } from '../errors.js';
import { makeFolders, writeFileAtomic } from '../fs-atomic.js';
import { runJob, TableCache, type JobResult, type JobSpec } from './job.js';
import { WorkerPool } from './pool.js';
import type { PoolTask } from './tasks.js';
import { symbolFile } from '../data/data-dir.js';
import { knownHashesOf, type KnownHash } from '../data/load.js';

export const RESULTS_FILE = 'results.jsonl';
/** Where results of other inputs than the current sweep's go, so a resume drops nothing without a word. */
export const SUPERSEDED_FILE = 'results.superseded.jsonl';

/** The results already in `dir` (a resumed sweep skips their jobs); a half-written last line is cut off. */
export function readResults(dir: string): JobResult[] {
  const path = join(dir, RESULTS_FILE);
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  const complete = text.endsWith('\n') ? text : text.slice(0, text.lastIndexOf('\n') + 1);
  if (complete.length !== text.length) truncateSync(path, Buffer.byteLength(complete));
  const results: JobResult[] = [];
  complete.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      results.push(JSON.parse(line) as JobResult);
    } catch {
      throw new UserError(`${path} line ${index + 1}: not a result line; this folder holds something else than a dynaq sweep.`);
    }
  });
  return results;
}

/** Moves results that no job of the current sweep has into SUPERSEDED_FILE (appended). */
export function setAsideResults(dir: string, results: readonly JobResult[]): void {
  try {
    appendFileSync(join(dir, SUPERSEDED_FILE), results.map((result) => `${JSON.stringify(result)}\n`).join(''));
  } catch (error) {
    throw userFsError(error, join(dir, SUPERSEDED_FILE), 'cannot write');
  }
}

/** Appends finished jobs to a folder's results.jsonl, opened once for the run (see openResults). */
export interface ResultsAppender {
  /** Appends one finished job and returns its line, which finalizeResults can take instead of writing the result again. */
  append(result: JobResult): string;
  close(): void;
}

/** Lines kept before a write at most (bytes, about): beyond it they are written at once. */
const APPEND_BUFFER = 1 << 20;

/**
 * Opens `dir`'s results.jsonl for appending. The lines of the jobs that finish in one turn of the
 * event loop (a pool thread answers a batch of jobs in one message) go out in one write at the end
 * of that turn, whole lines only, so an interrupt or a kill leaves no half line behind (and a line
 * written is there for a resume); `close` writes what is left. One write a job cost a 5,000-job
 * grid 0.4 s of this thread's time.
 */
export function openResults(dir: string): ResultsAppender {
  const path = join(dir, RESULTS_FILE);
  let fd: number | null = null;
  let pending: string[] = [];
  let pendingBytes = 0;
  let scheduled = false;
  let failure: unknown = null;
  const fail = (error: unknown): never => {
    throw userFsError(error, path, 'cannot write');
  };
  const flush = (): void => {
    scheduled = false;
    if (pending.length === 0 || failure !== null) return;
    const text = pending.join('');
    pending = [];
    pendingBytes = 0;
    try {
      fd ??= openSync(path, 'a');
      writeFileSync(fd, text);
    } catch (error) {
      failure = error;
    }
  };
  return {
    append(result) {
      if (failure !== null) fail(failure);
      const line = `${JSON.stringify(result)}\n`;
      pending.push(line);
      pendingBytes += line.length;
      if (pendingBytes >= APPEND_BUFFER) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
      if (failure !== null) fail(failure);
      return line;
    },
    close() {
      flush();
      const open = fd;
      fd = null;
      try {
        if (open !== null) closeSync(open);
      } catch (error) {
        fail(error);
      }
      if (failure !== null) fail(failure);
    },
  };
}

export interface LocalRunOptions {
  /** Threads at most, this one included: built-in strategies also run in this thread. */
  readonly workers: number;
  /** Seconds a call of a user's strategy code may take (see WorkerPool). */
  readonly timeBudgetSeconds: number;
  readonly onResult: (result: JobResult) => void;
  /** A job that failed (its message comes back with the others when the run ends). */
  readonly onFailure?: (id: string) => void;
  readonly signal?: AbortSignal;
  /** Receives the run's timing: every job's wall and CPU seconds and the threads used. */
  readonly clock?: RunClock;
  /** Work left (CPU seconds, as this thread's last job took) that starts the pool threads; default THREAD_START_SECONDS. */
  readonly threadStartSeconds?: number;
  /** The command's pool, if it has one already (its threads may be warm): a user's strategy runs on it; left running. */
  readonly pool?: WorkerPool;
}

/**
 * The time a run took, as wall time and as CPU time per job: each job's CPU seconds are measured
 * by its own thread (cpu.ts), so the run's CPU-time speed-up (CPU seconds in jobs / wall seconds)
 * shows what the threads did in parallel, whatever else the machine was doing.
 */
export class RunClock {
  private readonly started = performance.now();
  private stopped: number | null = null;
  jobs = 0;
  cpuSeconds = 0;
  jobWallSeconds = 0;
  threads = 0;

  record(cpuSeconds: number, wallSeconds: number): void {
    this.jobs += 1;
    this.cpuSeconds += cpuSeconds;
    this.jobWallSeconds += wallSeconds;
  }

  stop(): void {
    this.stopped ??= performance.now();
  }

  get wallSeconds(): number {
    return ((this.stopped ?? performance.now()) - this.started) / 1000;
  }

  /** CPU seconds in jobs per wall second: how many threads were busy on average. */
  get speedup(): number {
    return this.wallSeconds > 0 ? this.cpuSeconds / this.wallSeconds : 0;
  }

  summary(): { wallSeconds: number; threads: number; jobs: number; cpuSecondsInJobs: number; cpuSecondsPerJob: number | null; wallSecondsPerJob: number | null; cpuSpeedup: number } {
    return {
      wallSeconds: this.wallSeconds,
      threads: this.threads,
      jobs: this.jobs,
      cpuSecondsInJobs: this.cpuSeconds,
      cpuSecondsPerJob: this.jobs > 0 ? this.cpuSeconds / this.jobs : null,
      wallSecondsPerJob: this.jobs > 0 ? this.jobWallSeconds / this.jobs : null,
      cpuSpeedup: this.speedup,
    };
  }

  /** One line: `12 jobs in 3.10 s on 2 threads; per job 0.41 s CPU, 0.48 s wall; CPU-time speed-up 1.59x`. */
  line(): string {
    const s = this.summary();
    if (s.jobs === 0) return `0 jobs run (${s.wallSeconds.toFixed(2)} s)`;
    return `${s.jobs} jobs in ${s.wallSeconds.toFixed(2)} s on ${s.threads} thread${s.threads === 1 ? '' : 's'}; per job ${s.cpuSecondsPerJob!.toFixed(3)} s CPU, ${s.wallSecondsPerJob!.toFixed(3)} s wall; CPU in jobs ${s.cpuSecondsInJobs.toFixed(2)} s = ${s.cpuSpeedup.toFixed(2)}x the wall time`;
  }
}

/**
 * Seconds a pool thread takes to start (load the engine) before it runs a job: 0.2-0.3 s measured
 * on this project's 2-core machine. A thread is started only for more work than that.
 */
export const THREAD_START_SECONDS = 0.3;

/**
 * How a sweep hands jobs to a pool thread: at most SWEEP_BATCH jobs a message (one message back
 * with their results; the pool sizes each batch by the jobs' times, see BATCH_WORK_SECONDS), and up
 * to SWEEP_DEPTH such batches at a time, so a thread's next batch waits in its queue while this
 * thread records the last one's results. A job of the SMA-cross grid takes ~1 ms: one message each
 * way per job cost about as much as the job.
 */
export const SWEEP_BATCH = 8;
export const SWEEP_DEPTH = 2;

/** The pool a sweep runs jobs on (`batch` 1 while this thread runs jobs too; see runLocal). */
export function sweepPool(threads: number, timeBudgetSeconds: number, options: { batch?: number; worker?: string } = {}): WorkerPool<PoolTask> {
  return new WorkerPool<PoolTask>({ threads, timeBudgetSeconds, depth: SWEEP_DEPTH, batch: options.batch ?? SWEEP_BATCH, ...(options.worker ? { worker: options.worker } : {}) });
}

/** Lets messages from pool threads through between two jobs run in this thread. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs jobs on this machine, up to `workers` at a time, from one queue in job order. Built-in
 * strategies run in this thread too, so a run never waits for a thread to start before its first
 * job; pool threads are started only when the jobs left would take this thread longer than a
 * thread takes to start, and take jobs only once started: a small sweep is never slower with more
 * workers. A user's strategy always runs on pool threads, under the pool's time
 * budget. Each thread keeps its own table cache. Results arrive in completion order; failures are
 * collected, not thrown, so one bad job does not lose the others.
 */
export async function runLocal(jobs: readonly JobSpec[], options: LocalRunOptions): Promise<{ id: string; error: string }[]> {
  const failures: { id: string; error: string }[] = [];
  const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
  const trusted = jobs.every((job) => job.strategy.kind === 'built-in');
  const clock = options.clock ?? new RunClock();
  let next = 0;
  let exhausted = () => {};
  const allTaken = new Promise<void>((resolve) => (exhausted = resolve));
  const take = (): JobSpec | undefined => {
    if (options.signal?.aborted || next >= jobs.length) {
      exhausted();
      return undefined;
    }
    return jobs[next++];
  };
  // a job's wall seconds: as its thread measured them when it ran on one (a job handed to a thread
  // early waits in its queue), else from its start here
  const settle = (job: JobSpec, started: number) => {
    let wallSeconds: number | undefined;
    return {
      measured: (seconds: number) => void (wallSeconds = seconds),
      done: (result: JobResult) => {
        clock.record(result.cpuSeconds, wallSeconds ?? (performance.now() - started) / 1000);
        if (!options.signal?.aborted) options.onResult(result);
      },
      failed: (error: unknown) => {
        if (options.signal?.aborted) return;
        failures.push({ id: job.id, error: message(error) });
        options.onFailure?.(job.id);
      },
    };
  };

  const here = trusted ? 1 : 0;
  const threads = Math.max(0, Math.min(Math.max(1, options.workers) - here, jobs.length - here));
  clock.threads = here;
  let pool: WorkerPool<PoolTask> | null = null;
  const threadRuns: Promise<void>[] = [];
  // the hashes planning computed, looked up once per symbol (a grid runs each symbol many times)
  const knownBySymbol = new Map<string, KnownHash[]>();
  const knownOf = (job: JobSpec): KnownHash[] => {
    const key = `${job.dataDir}\0${job.symbol}\0${job.calendar}`;
    let known = knownBySymbol.get(key);
    if (known === undefined) knownBySymbol.set(key, (known = knownHashesOf([symbolFile(job.dataDir, job.symbol), symbolFile(job.dataDir, job.calendar)])));
    return known;
  };
  const onThread = async (pool: WorkerPool<PoolTask>) => {
    // while this thread runs jobs too, a pool thread takes jobs only once it has started: a job
    // never waits for a thread's start-up, and a sweep done before any thread is ready needs none
    if (here === 1) await Promise.race([pool.warm(), allTaken]);
    for (let job = take(); job !== undefined; job = take()) {
      const { measured, done, failed } = settle(job, performance.now());
      // the thread knows the hashes this thread computed while planning: it does not hash the files again
      const known = knownOf(job);
      await pool.run<JobResult>({ kind: 'job', job, known }, measured).then(done, failed);
    }
  };
  const startThreads = () => {
    if (pool !== null || threads === 0) return;
    // built-in strategies run on threads whose realm is not hardened (job-worker.ts): they are the engine's code;
    // a user's strategy runs on the command's pool when it has one (the thread that inspected the file is warm).
    // While this thread runs jobs too (built-ins), a pool thread gets one job at a time, two in its queue:
    // jobs taken into the pool's queue in advance would be jobs this thread could not take at the end.
    // Otherwise jobs go in batches (the pool sizes them by the jobs' times), two at a time.
    const batch = here === 1 ? 1 : SWEEP_BATCH;
    const started = !trusted && options.pool !== undefined ? options.pool : sweepPool(threads, options.timeBudgetSeconds, { batch, ...(trusted ? { worker: 'jobs/job-worker.js' } : {}) });
    pool = started;
    clock.threads = here + threads;
    // enough jobs in the pool's queue at any time to fill every thread's batches
    const runners = here === 1 ? SWEEP_DEPTH * threads : (SWEEP_DEPTH + 1) * batch * threads;
    for (let i = 0; i < runners; i++) threadRuns.push(onThread(started));
  };
  const abort = () => void (pool as WorkerPool<PoolTask> | null)?.destroy();
  options.signal?.addEventListener('abort', abort, { once: true });

  const inThisThread = async () => {
    const cache = new TableCache();
    for (let job = take(); job !== undefined; job = take()) {
      const { done, failed } = settle(job, performance.now());
      let cpuSeconds = 0;
      try {
        const result = await runJob(job, cache);
        cpuSeconds = result.cpuSeconds;
        done(result);
      } catch (error) {
        failed(error);
      }
      // threads only when the work left (in CPU seconds, which load does not inflate) is worth more than a thread's start-up
      if (pool === null && (jobs.length - next) * cpuSeconds > (options.threadStartSeconds ?? THREAD_START_SECONDS)) startThreads();
      await yieldToEventLoop();
    }
  };
  try {
    if (here === 1) await inThisThread();
    else startThreads();
    await Promise.all(threadRuns);
  } finally {
    options.signal?.removeEventListener('abort', abort);
    if (pool !== options.pool) await (pool as WorkerPool<PoolTask> | null)?.destroy();
    clock.stop();
  }
  return failures;
}

/**
 * Rewrites results.jsonl in job order (completion order differs between runs), atomically. `lines`
 * has the lines appendResult wrote, by job id: they are taken as they are, not written again.
 * `inOrder`: the file holds these results in job order already (a fresh local run writes them so,
 * see JobOrder), and is left as it is.
 */
export function finalizeResults(dir: string, jobs: readonly JobSpec[], results: readonly JobResult[], lines: ReadonlyMap<string, string> = new Map(), inOrder = false): JobResult[] {
  const byId = new Map(results.map((result) => [result.id, result]));
  const ordered = jobs.map((job) => byId.get(job.id)).filter((result): result is JobResult => result !== undefined);
  if (inOrder) return ordered;
  makeFolders(dir);
  writeFileAtomic(join(dir, RESULTS_FILE), ordered.map((result) => lines.get(result.id) ?? `${JSON.stringify(result)}\n`).join(''));
  return ordered;
}

/** Results JobOrder holds back at most, waiting for an earlier job. */
export const JOB_ORDER_WAIT = 256;

/**
 * Hands finished jobs on in job order: a result whose earlier jobs have not all finished or failed
 * waits (at most JOB_ORDER_WAIT of them), so a fresh sweep's results.jsonl is written in job order as
 * it goes and need not be written again at the end (a 5,000-job grid's 33 MB file took 0.35 s).
 */
export class JobOrder {
  private next = 0;
  private readonly index: ReadonlyMap<string, number>;
  /** Arrived out of order, by job index: the result, or null for a failure. */
  private readonly waiting = new Map<number, JobResult | null>();

  constructor(
    ids: readonly string[],
    private readonly write: (result: JobResult) => void,
  ) {
    this.index = new Map(ids.map((id, i) => [id, i]));
  }

  done(result: JobResult): void {
    this.arrive(result.id, result);
  }

  failed(id: string): void {
    this.arrive(id, null);
  }

  /** True once flush handed on a result whose earlier jobs had not all finished: the file is then not in job order. */
  outOfOrder = false;

  /** Hands on whatever is waiting, in job order (a run that stops before every job finished). */
  flush(): void {
    if (this.waiting.size > 0) this.outOfOrder = true;
    for (const i of [...this.waiting.keys()].sort((a, b) => a - b)) {
      const result = this.waiting.get(i)!;
      this.waiting.delete(i);
      if (result !== null) this.write(result);
    }
  }

  private arrive(id: string, result: JobResult | null): void {
    const i = this.index.get(id);
    if (i === undefined || i < this.next || this.waiting.has(i)) return;
    this.waiting.set(i, result);
    // a slow job would hold every later result back: past JOB_ORDER_WAIT they go out as they are
    // (the file is then reordered at the end, as for a resumed run)
    if (this.waiting.size > JOB_ORDER_WAIT) {
      this.flush();
      return;
    }
    while (this.waiting.has(this.next)) {
      const first = this.waiting.get(this.next)!;
      this.waiting.delete(this.next++);
      if (first !== null) this.write(first);
    }
  }
}
