/**
 * The shared memory of a pool thread, written around every call into strategy code and read by
 * the pool's watchdog: whether the thread is inside a call, which call (an index into
 * STRATEGY_CALLS), on which day (yyyymmdd), and a count of calls entered. Writing it costs a few
 * stores a call (no clock read): the watchdog measures time itself, by how long the count stands
 * still while the thread is inside a call.
 */
export const INSIDE = 0;
export const CALL = 1;
export const DAY = 2;
export const COUNT = 3;
/** Tasks the thread has finished (answered or not yet sent back): the pool tells by it which tasks of a batch a dead thread had done. */
export const FINISHED = 4;
/** Tasks the thread has started: more than FINISHED while one runs. */
export const STARTED = 5;
export const MARK_SLOTS = 6;

/** Marks a thread's current strategy call in its shared memory (used inside the worker). */
export function sharedMonitor(marks: Float64Array): { enter(call: number, dateCode: number): void; leave(): void } {
  let count = 0; // kept here, written there: no read of shared memory per call
  return {
    enter(call, dateCode) {
      marks[CALL] = call;
      marks[DAY] = dateCode;
      marks[COUNT] = ++count;
      marks[INSIDE] = 1;
    },
    leave() {
      marks[INSIDE] = 0;
    },
  };
}
