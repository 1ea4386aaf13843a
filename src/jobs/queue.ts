import { isNotConnectionError, Job, Queue, QueueEvents, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import { isUserError, printable, UserError } from '../errors.js';
import type { JobResult, JobSpec } from './job.js';
import { canonicalJson } from '../values.js';
import { safeReason, signJob, signResult, verifyJob, verifyResult, type SignedJob } from './queue-trust.js';
import { WorkerPool } from './pool.js';
import { parseRedisUrl, RedisLink } from './redis-connection.js';

export { parseRedisUrl } from './redis-connection.js';

/** The BullMQ queue every `dynaq sweep --queue` and `dynaq worker` shares. */
export const QUEUE_NAME = 'dynaq-sweep';

/** Seconds to wait for Redis, at the start and when it stops answering (`--connect-timeout`). */
export const DEFAULT_CONNECT_TIMEOUT = 5;

/**
 * Connects to the queue's Redis and lets go: the one-line failure (unreachable, refused, wrong
 * password) before a sweep spends time planning its jobs.
 */
export async function checkRedis(url: string, timeoutSeconds = DEFAULT_CONNECT_TIMEOUT): Promise<void> {
  const link = await RedisLink.connect(parseRedisUrl(url), { timeoutSeconds });
  link?.close();
}

/** Thrown inside this module when a signal stops a run; never escapes it. */
class Stopped extends Error {}

/**
 * Turns a SIGINT/SIGTERM (an AbortSignal) and a lost Redis into the end of whatever is being
 * awaited: `until(promise)` settles as the promise does, or rejects at once with `Stopped` or the
 * lost-connection error. It holds one listener on the signal and one on the link however many
 * promises it guards (a listener per wait grew without bound).
 */
class Interrupt {
  private readonly waiting = new Set<(error: Error) => void>();
  private cause: Error | null = null;
  private readonly onAbort = () => this.fire(new Stopped('stopped'));

  constructor(
    private readonly signal?: AbortSignal,
    link?: { onLost(listener: (error: UserError) => void): void },
  ) {
    if (signal?.aborted) this.cause = new Stopped('stopped');
    signal?.addEventListener('abort', this.onAbort);
    link?.onLost((error) => this.fire(error));
  }

  /** Why the run was stopped: a `Stopped` for a signal, the lost-connection error, or null. */
  get reason(): Error | null {
    return this.cause;
  }

  fire(error: Error): void {
    if (this.cause) return;
    this.cause = error;
    for (const reject of [...this.waiting]) reject(error);
  }

  until<T>(promise: Promise<T>): Promise<T> {
    if (this.cause) {
      promise.catch(() => undefined);
      return Promise.reject(this.cause);
    }
    return new Promise<T>((resolve, reject) => {
      this.waiting.add(reject);
      promise.then(resolve, reject).finally(() => this.waiting.delete(reject));
    });
  }

  dispose(): void {
    this.signal?.removeEventListener('abort', this.onAbort);
  }

  /** The number of promises being guarded now (for tests: it must not grow with the number of waits). */
  get guarded(): number {
    return this.waiting.size;
  }
}

/** A finished job as the sweep reads it back. */
export type Outcome = { readonly state: 'completed'; readonly value: unknown } | { readonly state: 'failed'; readonly reason: string };

/** Where the sweep learns about finished jobs: events that something finished, and the job's outcome on request. */
export interface OutcomeSource {
  /** The job's final outcome, or null while it is not finished. */
  outcome(id: string): Promise<Outcome | null>;
  /** Registers the one listener for "this job may have finished" (an event; it may also never come). */
  onFinished(listener: (id: string) => void): void;
}

export interface CollectOptions {
  readonly record: (id: string, outcome: Outcome) => void;
  readonly signal?: AbortSignal;
  /** Every pending job is looked at this often as well (events can be missed). */
  readonly pollMilliseconds?: number;
  readonly link?: { onLost(listener: (error: UserError) => void): void };
  /** Called after each wait with the number of guarded promises; for tests. */
  readonly onWait?: (guarded: number) => void;
}

/**
 * Waits until every job has an outcome and records each exactly once. Events and the periodic
 * poll only say which jobs to look at; one loop does all the looking and recording, one job at a
 * time, so an event and a poll for the same job can never both record it. Returns early on the
 * signal; throws the lost-connection error when Redis stops answering.
 */
export async function collectOutcomes(ids: readonly string[], source: OutcomeSource, options: CollectOptions): Promise<void> {
  const pending = new Set(ids);
  const finished = new Set<string>();
  let wake: (() => void) | null = null;
  source.onFinished((id) => {
    if (!pending.has(id)) return;
    finished.add(id);
    wake?.();
  });
  const interrupt = new Interrupt(options.signal, options.link);
  const pollMs = options.pollMilliseconds ?? 1000;
  try {
    let nextPoll = 0; // the first look is at every job: some may have finished before the events were heard
    while (pending.size > 0) {
      const now = Date.now();
      let look: string[];
      if (now >= nextPoll) {
        look = [...pending];
        finished.clear();
        nextPoll = now + pollMs;
      } else if (finished.size > 0) {
        look = [...finished];
        finished.clear();
      } else {
        let timer: NodeJS.Timeout | undefined;
        await interrupt.until(
          new Promise<void>((resolve) => {
            wake = resolve;
            timer = setTimeout(resolve, nextPoll - now);
          }),
        ).finally(() => {
          wake = null;
          clearTimeout(timer);
        });
        options.onWait?.(interrupt.guarded);
        continue;
      }
      for (const id of look) {
        if (!pending.has(id)) continue;
        const outcome = await interrupt.until(source.outcome(id));
        if (outcome !== null && pending.delete(id)) options.record(id, outcome);
      }
    }
  } catch (error) {
    if (!(error instanceof Stopped)) throw error;
  } finally {
    interrupt.dispose();
  }
}

/** The outcomes of jobs in a BullMQ queue. */
class QueueOutcomes implements OutcomeSource {
  constructor(
    private readonly queue: Queue,
    private readonly events: QueueEvents,
  ) {}

  async outcome(id: string): Promise<Outcome | null> {
    // The state first, then the job: a job read before it finished lacks the result or reason
    // that the state says it has (the intermittent undefined failedReason). A finished job's
    // state, result and reason are written together and no longer change.
    const state = await this.queue.getJobState(id);
    if (state === 'unknown') return { state: 'failed', reason: 'the job was removed from the queue while the sweep waited for it' };
    if (state !== 'completed' && state !== 'failed') return null;
    const job = await Job.fromId(this.queue, id);
    if (!job) return { state: 'failed', reason: 'the job was removed from the queue while the sweep waited for it' };
    return state === 'completed' ? { state, value: job.returnvalue as unknown } : { state, reason: job.failedReason || 'failed without a reason' };
  }

  onFinished(listener: (id: string) => void): void {
    this.events.on('completed', ({ jobId }) => listener(jobId));
    this.events.on('failed', ({ jobId }) => listener(jobId));
  }
}

const JOB_OPTIONS = { attempts: 3, backoff: { type: 'fixed', delay: 500 }, removeOnComplete: false, removeOnFail: false } as const;

/**
 * Puts signed jobs on the queue under their content-hash ids. A job already there with the same
 * signed content is left alone (a running or finished job is not run again), or run again if it
 * had failed (this sweep asks again: the data or the code may have been fixed) or its result does
 * not verify. A job there under our id with other content (unsigned, tampered, signed with another
 * secret) is replaced.
 */
async function enqueue(queue: Queue, jobs: readonly SignedJob<JobSpec>[], secret: string, until: <T>(promise: Promise<T>) => Promise<T>): Promise<void> {
  const fresh: SignedJob<JobSpec>[] = [];
  for (const signed of jobs) {
    const existing = await until(Job.fromId(queue, signed.job.id));
    if (!existing) {
      fresh.push(signed);
    } else if (canonicalJson(existing.data) !== canonicalJson(signed)) {
      // A locked (running) impostor cannot be removed; a worker refuses it and the sweep reports that.
      if (await until(existing.remove().then(() => true, () => false))) fresh.push(signed);
    } else {
      const state = await until(existing.getState());
      const again = state === 'failed' || (state === 'completed' && !verifyResult(existing.returnvalue, signed.job.id, secret).ok);
      if (again) await until(existing.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true }));
    }
  }
  if (fresh.length > 0) await until(queue.addBulk(fresh.map((signed) => ({ name: 'job', data: signed, opts: { jobId: signed.job.id, ...JOB_OPTIONS } }))));
}

/** Closes BullMQ objects, waiting at most `ms` for a polite close before cutting the connections. */
async function closeAll(objects: readonly { close(): Promise<void>; disconnect(): Promise<void> }[], ms = 2000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const closed = await Promise.race([
    Promise.allSettled(objects.map((object) => object.close())).then(() => true),
    new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    }),
  ]);
  clearTimeout(timer);
  if (!closed) await Promise.allSettled(objects.map((object) => object.disconnect()));
}

export interface QueueRunOptions {
  readonly url: string;
  /** DYNAQ_QUEUE_SECRET: jobs are signed with it, results are accepted only when signed with it. */
  readonly secret: string;
  readonly onResult: (result: JobResult) => void;
  readonly signal?: AbortSignal;
  readonly connectTimeoutSeconds?: number;
  readonly pollMilliseconds?: number;
}

/**
 * `dynaq sweep --queue`: puts the signed jobs on the queue and collects their results as workers
 * finish them, each exactly once. Fails with one line when Redis cannot be reached or stops
 * answering for longer than the timeout (the results so far have been handed to `onResult`);
 * returns early on the signal. Resolves with the jobs that failed for good.
 */
export async function runQueued(jobs: readonly JobSpec[], options: QueueRunOptions): Promise<{ id: string; error: string }[]> {
  const timeoutSeconds = options.connectTimeoutSeconds ?? DEFAULT_CONNECT_TIMEOUT;
  const link = await RedisLink.connect(parseRedisUrl(options.url), { timeoutSeconds, signal: options.signal });
  if (!link) return [];
  const failures: { id: string; error: string }[] = [];
  const queue = new Queue(QUEUE_NAME, { connection: link.options() });
  const events = new QueueEvents(QUEUE_NAME, { connection: link.options() });
  // A lost Redis is reported by the link, once; BullMQ's own retries would only repeat it.
  queue.on('error', () => undefined);
  events.on('error', () => undefined);
  const interrupt = new Interrupt(options.signal, link);
  try {
    const until = <T>(promise: Promise<T>) => interrupt.until(promise);
    await until(Promise.all([queue.waitUntilReady(), events.waitUntilReady()]));
    const source = new QueueOutcomes(queue, events);
    await enqueue(queue, jobs.map((job) => signJob(job, options.secret)), options.secret, until);
    await collectOutcomes(
      jobs.map((job) => job.id),
      source,
      {
        signal: options.signal,
        link,
        ...(options.pollMilliseconds !== undefined ? { pollMilliseconds: options.pollMilliseconds } : {}),
        record: (id, outcome) => {
          if (outcome.state === 'failed') {
            failures.push({ id, error: safeReason(outcome.reason) });
            return;
          }
          const checked = verifyResult<JobResult>(outcome.value, id, options.secret);
          if (checked.ok) options.onResult(checked.value);
          else failures.push({ id, error: `result refused: ${checked.reason}` });
        },
      },
    );
  } catch (error) {
    if (!(error instanceof Stopped)) throw error;
  } finally {
    interrupt.dispose();
    link.close();
    await closeAll([events, queue]);
  }
  return failures;
}

/** Errors of the connection itself, which the link reports (BullMQ's isNotConnectionError knows only ECONNREFUSED). */
const SOCKET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export interface WorkerOptions {
  readonly url: string;
  readonly secret: string;
  readonly concurrency: number;
  /** Seconds a job's lock lasts: a job of a killed worker is retried by another after about this long. */
  readonly lockSeconds: number;
  readonly connectTimeoutSeconds?: number;
  /** Seconds a call of a strategy file's code may take (the pool's budget; --time-budget). */
  readonly timeBudgetSeconds: number;
  readonly log: (line: string) => void;
  readonly signal: AbortSignal;
}

/**
 * `dynaq worker`: takes sweep jobs from the queue until stopped. A job is verified before anything
 * of it is used: an unsigned or tampered one is refused with one logged line and fails for good.
 * A job that cannot succeed on this machine (other data, a bad setting) fails for good with its
 * one-line reason (capped, quotes elided: nothing of a file travels back); other errors are
 * retried. On the signal the worker stops taking jobs and hands the ones it holds back to the
 * queue at once, for another worker. Fails with one line when Redis cannot be reached or stops
 * answering for longer than the timeout.
 */
export async function runWorker(options: WorkerOptions): Promise<void> {
  const timeoutSeconds = options.connectTimeoutSeconds ?? DEFAULT_CONNECT_TIMEOUT;
  const link = await RedisLink.connect(parseRedisUrl(options.url), { timeoutSeconds, signal: options.signal });
  if (!link) return;
  const stop = new AbortController();
  // Jobs run on the pool's threads (started at the first job): the main thread stays free to renew
  // the jobs' locks and to answer a signal at once, and a strategy's code runs in the pool's sandbox.
  const pool = new WorkerPool({ threads: options.concurrency, timeBudgetSeconds: options.timeBudgetSeconds });
  // A WaitingError tells BullMQ that the job has been moved already: it neither fails nor completes it.
  const handBack = async (job: Job, token: string | undefined): Promise<never> => {
    try {
      await job.moveToWait(token);
      options.log(`handed job ${job.id} back to the queue`);
    } catch {
      // Redis is gone: the job's lock expires and another worker takes it then
    }
    throw new WaitingError();
  };
  const worker = new Worker(
    QUEUE_NAME,
    async (job: Job, token?: string) => {
      const verified = verifyJob<JobSpec>(job.data, job.id, options.secret);
      if (!verified.ok) {
        options.log(`refused job ${printable(job.id ?? '?', 40)}: ${verified.reason}`);
        throw new UnrecoverableError(`refused by the worker: ${verified.reason}`);
      }
      const spec = verified.value;
      const what = `${spec.symbol}${spec.seed !== null ? ` seed ${spec.seed}` : ''} (${job.id})`;
      if (stop.signal.aborted) return handBack(job, token);
      let result: JobResult;
      try {
        result = await pool.run<JobResult>({ kind: 'job', job: spec });
      } catch (error) {
        if (stop.signal.aborted) return handBack(job, token); // the pool was stopped under it
        const message = error instanceof Error ? error.message : String(error);
        options.log(`failed ${what}: ${printable(message.split('\n')[0] ?? '', 400)}`);
        const reason = safeReason(message);
        throw isUserError(error) ? new UnrecoverableError(reason) : new Error(reason);
      }
      options.log(`done ${what}`);
      return signResult(result, spec.id, options.secret);
    },
    {
      connection: link.options(),
      autorun: false,
      concurrency: options.concurrency,
      lockDuration: options.lockSeconds * 1000,
      stalledInterval: Math.max(500, (options.lockSeconds * 1000) / 2),
      maxStalledCount: 3,
    },
  );
  const interrupt = new Interrupt(options.signal, link);
  // A lost Redis is reported by the link, once; other errors (a lost lock, a failed script) go to
  // the log, each once in a row.
  let lastError = '';
  worker.on('error', (error: Error) => {
    if (interrupt.reason || !isNotConnectionError(error) || SOCKET_ERRORS.has((error as NodeJS.ErrnoException).code ?? '')) return;
    const line = `queue error: ${printable(error.message.split('\n')[0] ?? '', 300)}`;
    if (line !== lastError) options.log(line);
    lastError = line;
  });
  try {
    await interrupt.until(worker.waitUntilReady());
    worker.run().catch(() => undefined);
    options.log(`worker ready on ${link.target.shown}, queue ${QUEUE_NAME}, concurrency ${options.concurrency}`);
    await interrupt.until(new Promise<never>(() => undefined));
  } catch (error) {
    if (!(error instanceof Stopped)) throw error;
  } finally {
    interrupt.dispose();
    const lost = interrupt.reason instanceof UserError;
    if (lost) link.close(); // its clients stop retrying
    // Stop taking jobs first, then stop the ones in hand: each goes back to the queue. With Redis
    // gone there is nothing to hand back to, and a polite close would wait for BullMQ to report
    // the running jobs' ends to it, retrying forever: close at once (their locks expire).
    const closing = worker.close(lost);
    stop.abort();
    await pool.destroy(); // the running jobs' processors see the stop and hand their jobs back
    await closeAll([{ close: () => closing, disconnect: () => worker.disconnect() }], 3000);
    link.close();
  }
}
