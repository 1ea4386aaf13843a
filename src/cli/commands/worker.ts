import { runWorker } from '../../jobs/queue.js';
import { parseIntegerOption } from '../options.js';
import type { RegisterCommand } from './index.js';

/** `dynaq worker`: runs sweep jobs from a Redis queue, on any machine with the same data. */
export const register: RegisterCommand = (program, io) => {
  program
    .command('worker')
    .description('take `dynaq sweep --queue` jobs from a Redis queue until stopped (Ctrl-C); run any number, on any machine with the same data')
    .requiredOption('--queue <redis://host:port>', 'the Redis the sweep uses')
    .option('--concurrency <n>', 'jobs at a time in this process', parseIntegerOption('--concurrency', 1, 64), 1)
    .option('--lock-seconds <n>', "a job's lock: a killed worker's job is retried by another after about this long", parseIntegerOption('--lock-seconds', 1, 3600), 30)
    .action(async (flags: { queue: string; concurrency: number; lockSeconds: number }) => {
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        await runWorker({ url: flags.queue, concurrency: flags.concurrency, lockSeconds: flags.lockSeconds, log: (line) => io.stderr(`${line}\n`), signal: stop.signal });
      } finally {
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
      }
    });
};
