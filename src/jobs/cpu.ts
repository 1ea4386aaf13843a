import { readFileSync } from 'node:fs';

/**
 * CPU seconds the calling thread has run. On Linux, /proc/thread-self/schedstat holds the thread's
 * own run time in nanoseconds, so a worker thread measures its own jobs, whatever the other
 * threads or processes do (load cannot inflate it the way it inflates wall time). Elsewhere the
 * process's user + system time stands in (exact for a single thread only).
 */
export function threadCpuSeconds(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e9;
  } catch {
    const used = process.cpuUsage();
    return (used.user + used.system) / 1e6;
  }
}
