import { rememberHashes } from '../data/load.js';
import { runJob, TableCache, type JobResult } from './job.js';
import { serveTasks } from './serve.js';
import { taskOrigin, type JobTask } from './tasks.js';

/**
 * The thread of the pool that runs sweep jobs of built-in strategies only: the engine's own code,
 * trusted and versioned with it, so the realm is not hardened as pool-worker.ts hardens it for
 * users' code. That hardening (frozen built-in prototypes) takes V8 off its fast paths: the same
 * walk-forward job measured 0.64 s of CPU in the main thread and 1.14 s on a hardened thread.
 */

/** One table cache per thread: the last few tables and the calendar's parsed file. */
const cache = new TableCache();

serveTasks<JobTask, JobResult>(
  (task, monitor) => {
    if (task.kind !== 'job' || task.job.strategy.kind !== 'built-in') throw new Error('the trusted job thread runs built-in strategies only');
    rememberHashes(task.known ?? []);
    return runJob(task.job, cache, monitor);
  },
  taskOrigin,
);
