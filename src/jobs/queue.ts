import { Job, Queue, QueueEvents, UnrecoverableError, Worker } from 'bullmq';
import { isUserError, UserError } from '../errors.js';
import { runJob, TableCache, type JobResult, type JobSpec } from './job.js';

/** The BullMQ queue every `dynaq sweep --queue` and `dynaq worker` shares. */
export const QUEUE_NAME = 'dynaq-sweep';

export interface RedisConnection {
  readonly host: string;
  readonly port: number;
}

/** `redis://host:port` -> a connection; anything else is a flag error naming the format. */
export function parseRedisUrl(text: string, flag = '--queue'): RedisConnection {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(`${flag} must be redis://HOST:PORT, got '${text}'.`, 2);
  }
  if (url.protocol !== 'redis:' || url.hostname === '') throw new UserError(`${flag} must be redis://HOST:PORT, got '${text}'.`, 2);
  return { host: url.hostname, port: url.port === '' ? 6379 : Number(url.port) };
}

/** Fails fast with one line when Redis does not answer (ioredis would otherwise retry forever). */
async function ready(client: { waitUntilReady(): Promise<unknown> }, text: string, seconds = 5): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UserError(`cannot reach Redis at ${text} within ${seconds} s; is redis-server running there?`)), seconds * 1000);
  });
  try {
    await Promise.race([client.waitUntilReady(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const connectionOptions = (connection: RedisConnection) => ({ ...connection, maxRetriesPerRequest: null, retryStrategy: (times: number) => Math.min(times * 200, 2000) });

/**
 * Puts the jobs on the queue (a job's id is its content hash: a job already there is not added
 * twice) and collects their results as workers finish them. A job whose worker died is retried by
 * another once its lock expires; each result lands once, whatever the retries. Resolves with the
 * jobs that failed for good.
 */
export async function runQueued(
  jobs: readonly JobSpec[],
  options: { url: string; onResult: (result: JobResult) => void; signal?: AbortSignal; pollMilliseconds?: number },
): Promise<{ id: string; error: string }[]> {
  const connection = parseRedisUrl(options.url);
  const queue = new Queue(QUEUE_NAME, { connection: connectionOptions(connection) });
  const events = new QueueEvents(QUEUE_NAME, { connection: connectionOptions(connection) });
  const pending = new Set(jobs.map((job) => job.id));
  const failures: { id: string; error: string }[] = [];
  try {
    await ready(queue, options.url);
    await ready(events, options.url);
    let wake: () => void = () => {};
    const settle = async (id: string) => {
      if (!pending.has(id)) return;
      const job = await Job.fromId(queue, id);
      if (!job || !pending.has(id)) return;
      const state = await job.getState();
      if (state === 'completed') {
        pending.delete(id);
        options.onResult(job.returnvalue as JobResult);
      } else if (state === 'failed') {
        pending.delete(id);
        failures.push({ id, error: job.failedReason });
      }
      if (pending.size === 0) wake();
    };
    events.on('completed', ({ jobId }) => void settle(jobId));
    events.on('failed', ({ jobId }) => void settle(jobId));
    await queue.addBulk(
      jobs.map((job) => ({
        name: 'job',
        data: job,
        opts: { jobId: job.id, attempts: 3, backoff: { type: 'fixed', delay: 500 }, removeOnComplete: false, removeOnFail: false },
      })),
    );
    // Events can be missed (a job finished before we listened, a reconnect): look at every
    // pending job now and then as well.
    while (pending.size > 0 && !options.signal?.aborted) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, options.pollMilliseconds ?? 1000);
        options.signal?.addEventListener('abort', () => resolve(), { once: true });
      });
      for (const id of [...pending]) await settle(id);
    }
  } finally {
    await events.close();
    await queue.close();
  }
  return failures;
}

export interface WorkerOptions {
  readonly url: string;
  readonly concurrency: number;
  /** Seconds a job's lock lasts: a job of a dead worker is retried by another after about this long. */
  readonly lockSeconds: number;
  readonly log: (line: string) => void;
  readonly signal: AbortSignal;
}

/**
 * `dynaq worker`: takes sweep jobs from the queue until stopped. A job that cannot succeed on this
 * machine (different data, a bad setting) fails for good with its one-line message; other errors
 * are retried.
 */
export async function runWorker(options: WorkerOptions): Promise<void> {
  const connection = parseRedisUrl(options.url);
  const cache = new TableCache();
  const worker = new Worker(
    QUEUE_NAME,
    async (job: Job<JobSpec, JobResult>) => {
      try {
        const result = await runJob(job.data, cache);
        options.log(`done ${job.data.symbol} seed ${job.data.seed} (${job.id})`);
        return result;
      } catch (error) {
        if (isUserError(error)) throw new UnrecoverableError((error as Error).message);
        throw error;
      }
    },
    {
      connection: connectionOptions(connection),
      concurrency: options.concurrency,
      lockDuration: options.lockSeconds * 1000,
      stalledInterval: Math.max(500, (options.lockSeconds * 1000) / 2),
      maxStalledCount: 3,
    },
  );
  await ready(worker, options.url);
  options.log(`worker ready on ${options.url}, queue ${QUEUE_NAME}, concurrency ${options.concurrency}`);
  await new Promise<void>((resolve) => {
    if (options.signal.aborted) resolve();
    options.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await worker.close();
}
