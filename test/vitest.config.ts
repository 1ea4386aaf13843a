import { defineConfig } from 'vitest/config';

// CI (.ci/run) sets DYNAQ_TEST_RESULTS to a file path: the JSON reporter writes the counts there
// so that .ci/run can print its one-line summary. Locally only the default reporter runs.
const resultsFile = process.env.DYNAQ_TEST_RESULTS;

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    reporters: resultsFile ? ['default', 'json'] : ['default'],
    ...(resultsFile ? { outputFile: { json: resultsFile } } : {}),
  },
});
