import { appendFileSync, existsSync, readFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, userFsError } from '../errors.js';
import { makeFolders, writeFileAtomic } from '../fs-atomic.js';
import { runJob, TableCache, type JobResult, type JobSpec } from './job.js';
import { WorkerPool } from './pool.js';

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

/** Appends one finished job: a whole line in one write, so an interrupt leaves no half line behind. */
export function appendResult(dir: string, result: JobResult): void {
  try {
    appendFileSync(join(dir, RESULTS_FILE), `${JSON.stringify(result)}\n`);
  } catch (error) {
    throw userFsError(error, join(dir, RESULTS_FILE), 'cannot write');
  }
}

export interface LocalRunOptions {
  /** Worker threads; 1 runs built-in strategies in this thread. */
  readonly workers: number;
  /** Seconds a call of a user's strategy code may take (see WorkerPool). */
  readonly timeBudgetSeconds: number;
  readonly onResult: (result: JobResult) => void;
  readonly signal?: AbortSignal;
}

/**
 * Runs jobs on this machine: built-in strategies with one worker in this thread, else on worker
 * threads (as many as there are jobs, up to `workers`), each with its own table cache; a user's
 * strategy always runs on a thread, under the pool's time budget. Results arrive in completion
 * order; failures are collected, not thrown, so one bad job does not lose the others.
 */
export async function runLocal(jobs: readonly JobSpec[], options: LocalRunOptions): Promise<{ id: string; error: string }[]> {
  const failures: { id: string; error: string }[] = [];
  const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
  const trusted = jobs.every((job) => job.strategy.kind === 'built-in');
  if (options.workers <= 1 && trusted) {
    const cache = new TableCache();
    for (const job of jobs) {
      if (options.signal?.aborted) break;
      try {
        options.onResult(await runJob(job, cache));
      } catch (error) {
        failures.push({ id: job.id, error: message(error) });
      }
    }
    return failures;
  }
  const pool = new WorkerPool({ threads: Math.max(1, Math.min(options.workers, jobs.length)), timeBudgetSeconds: options.timeBudgetSeconds });
  const abort = () => void pool.destroy();
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    await Promise.all(
      jobs.map((job) =>
        pool.run<JobResult>({ kind: 'job', job }).then(
          (result) => {
            if (!options.signal?.aborted) options.onResult(result);
          },
          (error: unknown) => {
            if (!options.signal?.aborted) failures.push({ id: job.id, error: message(error) });
          },
        ),
      ),
    );
  } finally {
    options.signal?.removeEventListener('abort', abort);
    await pool.destroy();
  }
  return failures;
}

/** Rewrites results.jsonl in job order (completion order differs between runs), atomically. */
export function finalizeResults(dir: string, jobs: readonly JobSpec[], results: readonly JobResult[]): JobResult[] {
  const byId = new Map(results.map((result) => [result.id, result]));
  const ordered = jobs.map((job) => byId.get(job.id)).filter((result): result is JobResult => result !== undefined);
  makeFolders(dir);
  writeFileAtomic(join(dir, RESULTS_FILE), ordered.map((result) => `${JSON.stringify(result)}\n`).join(''));
  return ordered;
}
