import { defineConfig } from 'vitest/config';
import { SLOW_TESTS, WORKERS } from './vitest.config.js';

/** The slow tier (`npm run test:slow`; CI runs it after `npm test`): see test/vitest.config.ts. */
const resultsFile = process.env.DYNAQ_TEST_RESULTS;

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: SLOW_TESTS,
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 180_000,
    maxWorkers: WORKERS,
    reporters: resultsFile ? ['dot', 'json'] : ['dot'],
    ...(resultsFile ? { outputFile: { json: resultsFile } } : {}),
  },
});
