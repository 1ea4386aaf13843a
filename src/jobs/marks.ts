/**
 * The shared memory of a pool thread: when the strategy call it is in started (ms since the epoch,
 * 0 = in no call), which call (an index into STRATEGY_CALLS) and which day (yyyymmdd). The thread
 * writes it around every call into strategy code; the pool's watchdog reads it.
 */
export const STARTED = 0;
export const CALL = 1;
export const DAY = 2;
export const MARK_SLOTS = 3;

/** Marks a thread's current strategy call in its shared memory (used inside the worker). */
export function sharedMonitor(marks: Float64Array): { enter(call: number, date: string): void; leave(): void } {
  return {
    enter(call, date) {
      marks[CALL] = call;
      marks[DAY] = date === '' ? 0 : Number(date.slice(0, 4) + date.slice(5, 7) + date.slice(8, 10));
      marks[STARTED] = Date.now();
    },
    leave() {
      marks[STARTED] = 0;
    },
  };
}
