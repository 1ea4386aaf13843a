import { relative, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/jobs/pool.js';
import { fixtureDir } from '../helpers/fixtures.js';

/**
 * The pool's hand-back when a thread dies in the middle of a batch, made deterministic with a
 * worker of our own: it answers through the real serveTasks (dist/src/jobs/serve.js, so a batch's
 * answers go back in one message at its end), and a task marked `exit` ends the thread.
 */
const DIST_SRC = fileURLToPath(new URL('../../dist/src/', import.meta.url));

interface FixtureTask {
  readonly id: string;
  readonly exit?: boolean;
  /** Leaves a timer that taints the thread (the worker's afterTask check reports it) 20 ms later. */
  readonly taint?: boolean;
}

function fixturePool(): WorkerPool<FixtureTask> {
  const dir = fixtureDir({
    'worker.mjs': `import { threadId } from 'node:worker_threads';
import { serveTasks } from ${JSON.stringify(pathToFileURL(join(DIST_SRC, 'jobs', 'serve.js')).href)};
let tainted = false;
serveTasks(async (task) => {
  if (task.exit) process.exit(1);
  if (task.taint) setTimeout(() => (tainted = true), 20);
  return task.id + '@' + threadId;
}, (task) => 'task ' + task.id, { afterTask: () => (tainted ? 'it changed the fixture' : null) });
`,
  });
  return new WorkerPool<FixtureTask>({
    threads: 1,
    timeBudgetSeconds: 5,
    depth: 1,
    batch: 4,
    worker: relative(DIST_SRC, join(dir, 'worker.mjs')),
    origin: (task) => `task ${task.id}`,
  });
}

describe('WorkerPool hand-back', () => {
  it('a thread that dies inside a batch fails only the task it was running; the ones it had done (answers unsent) and not started run again on a new thread, each settled once', async () => {
    const pool = fixturePool();
    try {
      // one task first: the pool sizes batches by the tasks' times, so the next four go in one message
      const first = await pool.run<string>({ id: 'warm' });
      const firstThread = first.split('@')[1];
      const settled: string[] = [];
      const outcomes = ['a', 'b', 'c', 'd'].map((id) =>
        pool.run<string>({ id, exit: id === 'c' }).then(
          (value) => {
            settled.push(`${id} done`);
            return value;
          },
          (error: Error) => {
            settled.push(`${id} failed`);
            throw error;
          },
        ),
      );
      const [a, b, c, d] = await Promise.allSettled(outcomes);
      expect(c).toMatchObject({ status: 'rejected' });
      expect(String((c as PromiseRejectedResult).reason.message)).toMatch(/^task c: the strategy ended its thread \(exit code 1\)$/);
      for (const [id, outcome] of [['a', a], ['b', b], ['d', d]] as const) {
        expect(outcome.status, id).toBe('fulfilled');
        const [value, thread] = String((outcome as PromiseFulfilledResult<string>).value).split('@');
        expect(value).toBe(id);
        // a and b had finished on the dead thread, but their answers went down with it: run again
        expect(thread, id).not.toBe(firstThread);
      }
      expect([...settled].sort()).toEqual(['a done', 'b done', 'c failed', 'd done']);
    } finally {
      await pool.destroy();
    }
  });
});

describe('WorkerPool, a thread changed between two tasks', () => {
  it('ends before the next task starts, and that task runs on a fresh thread instead of failing', async () => {
    const pool = fixturePool();
    try {
      const first = await pool.run<string>({ id: 'a', taint: true });
      const firstThread = first.split('@')[1];
      await new Promise((resolve) => setTimeout(resolve, 150)); // the timer fires while the thread is idle
      const second = await pool.run<string>({ id: 'b' });
      const [value, thread] = second.split('@');
      expect(value).toBe('b');
      expect(thread).not.toBe(firstThread);
    } finally {
      await pool.destroy();
    }
  });
});
