import { parentPort, workerData } from 'node:worker_threads';
import { firstLine, isUserError } from '../errors.js';
import type { CallMonitor } from '../strategy/instance.js';
import { FINISHED, sharedMonitor, STARTED } from './marks.js';

/** A task's outcome: its value, or its failure. */
export type TaskAnswer<V> =
  | { readonly kind: 'done'; readonly value: V; /** Wall seconds the task ran on its thread (not counting its wait in the queue). */ readonly seconds?: number }
  | { readonly kind: 'failed'; readonly message: string; readonly userError: boolean; readonly exitCode: number };

/**
 * What a pool thread sends: the answers of the tasks of one message it was handed (in order, one
 * message back for each message in), progress along the way, or that it is ready.
 */
export type ThreadReply<V> =
  | { readonly kind: 'answers'; readonly answers: readonly TaskAnswer<V>[] }
  | { readonly kind: 'progress'; readonly done: number; readonly total: number; readonly detail: string }
  /** Sent once, when the thread has loaded its code and takes tasks. */
  | { readonly kind: 'ready' };

export type Progress = (done: number, total: number, detail: string) => void;


/**
 * The thread side of a WorkerPool (pool.ts): takes tasks from the pool, a message of one or more
 * at a time, runs them one at a time in order with the thread's call monitor (the watchdog's shared
 * memory) and a progress channel, and answers each message once, with the answers of its tasks in
 * order: a batch of jobs costs one message each way. Each finished task is counted in the shared
 * memory (STARTED, FINISHED) as it starts and finishes, so the pool knows which tasks of a batch a thread it had to
 * stop had done. A promise left rejected or an exception thrown from a timer fails the running
 * task with one line (`origin` names what ran), sends what is answered so far, and ends the thread,
 * whose state is then not to be trusted.
 */
export function serveTasks<T, V>(
  perform: (task: T, monitor: CallMonitor, progress: Progress) => Promise<V>,
  origin: (task: T) => string,
  options: {
    readonly beforeTask?: (task: T) => void;
    /** After each task: what it did that leaves the thread not to be trusted (the task then fails and the thread ends), or null. */
    readonly afterTask?: () => string | null;
    readonly exitThread?: (code: number) => void;
  } = {},
): void {
  const port = parentPort;
  if (port === null) throw new Error('serveTasks runs in a worker thread');
  const marks = (workerData as { marks: Float64Array }).marks;
  const monitor = sharedMonitor(marks);
  const exitThread = options.exitThread ?? ((code: number) => process.exit(code));
  let busy = false;
  let running = 'a task';
  let started = 0;
  let finished = 0;
  // answers not sent yet, and how many tasks of each message handed over are not answered yet (oldest first)
  let answers: TaskAnswer<V>[] = [];
  const unanswered: number[] = [];
  const send = (): void => {
    if (answers.length === 0) return;
    port.postMessage({ kind: 'answers', answers } satisfies ThreadReply<V>);
    answers = [];
  };
  const answer = (message: TaskAnswer<V>): void => {
    if (!busy) return;
    busy = false;
    answers.push(message);
    marks[FINISHED] = ++finished;
    unanswered[0]! -= 1;
    if (unanswered[0] === 0) {
      unanswered.shift();
      send();
    }
  };
  // set once a fault outside any call ends the thread: it starts no other task (they go to another thread)
  let ending = false;
  const outside = (what: string) => (reason: unknown) => {
    ending = true;
    answer({ kind: 'failed', message: `${running}: ${what}: ${firstLine(reason)}`, userError: true, exitCode: 1 });
    send();
    setImmediate(() => exitThread(1));
  };
  process.on('unhandledRejection', outside('it left a promise rejected that nothing awaited'));
  process.on('uncaughtException', outside('it threw outside any call the engine made'));
  const progress: Progress = (done, total, detail) => {
    if (busy) port.postMessage({ kind: 'progress', done, total, detail } satisfies ThreadReply<V>);
  };

  // tasks handed over while one runs wait here, and run one at a time, in order
  const waiting: T[] = [];
  const next = (): void => {
    if (ending) return;
    const task = waiting.shift();
    if (task === undefined) return;
    // a timer an earlier task left behind may have changed the thread since that task was checked:
    // the thread ends before this task starts, and the pool hands it and the rest to a fresh thread
    if ((options.afterTask?.() ?? null) !== null) {
      ending = true;
      send();
      setImmediate(() => exitThread(1));
      return;
    }
    busy = true;
    marks[STARTED] = ++started;
    running = origin(task);
    options.beforeTask?.(task);
    const startedAt = performance.now();
    // a task that left the thread untrustworthy fails with that, and the thread ends (as for a fault outside any call)
    const tainted = (): boolean => {
      const fault = options.afterTask?.() ?? null;
      if (fault !== null) outside(fault)('its thread was ended, so no later run sees the change');
      return fault !== null;
    };
    perform(task, monitor, progress).then(
      // a promise the task's code left rejected is reported after the run's synchronous part: wait for it first
      (value) =>
        setImmediate(() => {
          if (ending || tainted()) return;
          answer({ kind: 'done', value, seconds: (performance.now() - startedAt) / 1000 });
          next();
        }),
      (error: unknown) => {
        if (tainted()) return;
        const userError = isUserError(error);
        const message = error instanceof Error ? error.message : String(error);
        answer({ kind: 'failed', message, userError, exitCode: userError ? (error as { exitCode: number }).exitCode : 1 });
        next();
      },
    );
  };
  port.on('message', (tasks: T[]) => {
    if (tasks.length === 0) return;
    waiting.push(...tasks);
    unanswered.push(tasks.length);
    if (!busy) next();
  });
  port.postMessage({ kind: 'ready' } satisfies ThreadReply<V>);
}
