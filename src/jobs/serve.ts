import { parentPort, workerData } from 'node:worker_threads';
import { isUserError } from '../errors.js';
import type { CallMonitor } from '../strategy/instance.js';
import { sharedMonitor } from './marks.js';

/** What a pool thread answers: a task's value, its failure, or progress along the way. */
export type ThreadReply<V> =
  | { readonly kind: 'done'; readonly value: V; /** Wall seconds the task ran on its thread (not counting its wait in the queue). */ readonly seconds?: number }
  | { readonly kind: 'failed'; readonly message: string; readonly userError: boolean; readonly exitCode: number }
  | { readonly kind: 'progress'; readonly done: number; readonly total: number; readonly detail: string }
  /** Sent once, when the thread has loaded its code and takes tasks. */
  | { readonly kind: 'ready' };

export type Progress = (done: number, total: number, detail: string) => void;

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n').find((part) => part.trim() !== '') ?? 'unknown error';
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

/**
 * The thread side of a WorkerPool (pool.ts): takes one task at a time from the pool, runs it with
 * the thread's call monitor (the watchdog's shared memory) and a progress channel, and answers once.
 * A promise left rejected or an exception thrown from a timer fails the running task with one line
 * (`origin` names what ran) and ends the thread, whose state is then not to be trusted.
 */
export function serveTasks<T, V>(
  perform: (task: T, monitor: CallMonitor, progress: Progress) => Promise<V>,
  origin: (task: T) => string,
  options: { readonly beforeTask?: (task: T) => void; readonly exitThread?: (code: number) => void } = {},
): void {
  const port = parentPort;
  if (port === null) throw new Error('serveTasks runs in a worker thread');
  const monitor = sharedMonitor((workerData as { marks: Float64Array }).marks);
  const exitThread = options.exitThread ?? ((code: number) => process.exit(code));
  let busy = false;
  let running = 'a task';
  const reply = (message: ThreadReply<V>): void => {
    if (!busy) return;
    if (message.kind !== 'progress') busy = false;
    port.postMessage(message);
  };
  const outside = (what: string) => (reason: unknown) => {
    reply({ kind: 'failed', message: `${running}: ${what}: ${firstLine(reason)}`, userError: true, exitCode: 1 });
    setImmediate(() => exitThread(1));
  };
  process.on('unhandledRejection', outside('it left a promise rejected that nothing awaited'));
  process.on('uncaughtException', outside('it threw outside any call the engine made'));
  const progress: Progress = (done, total, detail) => reply({ kind: 'progress', done, total, detail });

  // tasks handed over while one runs wait here, and run one at a time, in order
  const waiting: T[] = [];
  const next = (): void => {
    const task = waiting.shift();
    if (task === undefined) return;
    busy = true;
    running = origin(task);
    options.beforeTask?.(task);
    const started = performance.now();
    perform(task, monitor, progress).then(
      // a promise the task's code left rejected is reported after the run's synchronous part: wait for it first
      (value) =>
        setImmediate(() => {
          reply({ kind: 'done', value, seconds: (performance.now() - started) / 1000 });
          next();
        }),
      (error: unknown) => {
        const userError = isUserError(error);
        const message = error instanceof Error ? error.message : String(error);
        reply({ kind: 'failed', message, userError, exitCode: userError ? (error as { exitCode: number }).exitCode : 1 });
        next();
      },
    );
  };
  port.on('message', (task: T) => {
    waiting.push(task);
    if (!busy) next();
  });
  port.postMessage({ kind: 'ready' } satisfies ThreadReply<V>);
}
