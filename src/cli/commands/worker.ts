import { DEFAULT_CONNECT_TIMEOUT, parseRedisUrl, runWorker } from '../../jobs/queue.js';
import { queueSecret } from '../../jobs/queue-trust.js';
import { RUN_SETTINGS } from '../../defaults.js';
import { parseIntegerOption, parseNumberOption } from '../options.js';
import type { RegisterCommand } from '../command.js';

/** `dynaq worker`: runs sweep jobs from a Redis queue, on any machine with the same data. */
export const register: RegisterCommand = (program, io) => {
  program
    .command('worker')
    .description('take `dynaq sweep --queue` jobs from a Redis queue until stopped (Ctrl-C or SIGTERM hands the running jobs back); run any number, on any machine with the same data and DYNAQ_QUEUE_SECRET')
    .requiredOption('--queue <redis-url>', 'the Redis the sweep uses: redis://[USER:PASSWORD@]HOST[:PORT][/DB], or rediss:// for TLS')
    .option('--concurrency <n>', 'jobs at a time in this process (each on its own thread)', parseIntegerOption('--concurrency', 1, 64), 1)
    .option('--lock-seconds <n>', "a job's lock: a killed worker's job is retried by another after about this long", parseIntegerOption('--lock-seconds', 1, 3600), 30)
    .option('--time-budget <seconds>', RUN_SETTINGS.timeBudget.description, parseNumberOption('--time-budget', RUN_SETTINGS.timeBudget.min, RUN_SETTINGS.timeBudget.max), RUN_SETTINGS.timeBudget.default)
    .option('--connect-timeout <seconds>', 'how long to wait for Redis, at the start and when it stops answering', parseNumberOption('--connect-timeout', 0.1, 3600), DEFAULT_CONNECT_TIMEOUT)
    .action(async (flags: { queue: string; concurrency: number; lockSeconds: number; timeBudget: number; connectTimeout: number }) => {
      parseRedisUrl(flags.queue);
      const secret = queueSecret(io.env);
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      // once: a second Ctrl-C, while the jobs are being handed back, ends the process at once
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        await runWorker({
          url: flags.queue,
          secret,
          concurrency: flags.concurrency,
          lockSeconds: flags.lockSeconds,
          timeBudgetSeconds: flags.timeBudget,
          connectTimeoutSeconds: flags.connectTimeout,
          log: (line) => io.stderr(`${line}\n`),
          signal: stop.signal,
        });
      } finally {
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
      }
    });
};
