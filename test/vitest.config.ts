import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Two tiers, both run by CI (.ci/run): `npm test` runs this one, the checks that take seconds;
 * `npm run test:slow` (test/vitest.slow.config.ts) runs SLOW_TESTS, the long ones (whole sweeps
 * on threads, every README example, the packed package installed).
 *
 * CI sets DYNAQ_TEST_RESULTS to a file path: the JSON reporter writes the counts there so that
 * .ci/run can print its one-line summary. Locally the output is quiet: a dot per test, and the
 * failures in full.
 */
const resultsFile = process.env.DYNAQ_TEST_RESULTS;

/**
 * Test files at a time: one per core. (Vitest's default, the cores less one, runs the files one
 * after another on a 2-core machine; the tests are CPU-bound and the main process idles.)
 */
export const WORKERS = Math.max(2, availableParallelism());

/**
 * The slow tier: files named `*.slow.test.ts`, and these long-running files of other names (each
 * takes 10-18 s of CPU: a TypeScript compile of users' code, the look-ahead check of Dyna-Q over
 * many days, the learning benchmark's command, Dyna-Q trained at four impacts, walk-forwards of
 * 8 folds and more, sweeps through a real Redis with workers killed and Redis stopped).
 */
export const SLOW_TESTS = [
  'test/**/*.slow.test.ts',
  'test/strategy/user-types.test.ts',
  'test/strategy/causality.test.ts',
  'test/experiments/learning-cli.test.ts',
  'test/strategies/dyna-q.test.ts',
  'test/jobs/walkforward.test.ts',
  'test/jobs/queue.test.ts',
];

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...SLOW_TESTS],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    maxWorkers: WORKERS,
    reporters: resultsFile ? ['dot', 'json'] : ['dot'],
    ...(resultsFile ? { outputFile: { json: resultsFile } } : {}),
  },
});
