import { defineConfig } from 'vitest/config';

// Two projects: unit tests sit next to the code (*.test.ts); integration tests in
// tests/integration use a real Postgres (embedded, or DATABASE_URL), each file in its own database.
// In both, a console.error during a test fails it (tests/helpers/setup.ts); in integration tests,
// so does an answer the OpenAPI document does not describe (tests/helpers/contract-setup.ts).
export default defineConfig({
  resolve: { alias: { '@': import.meta.dirname } },
  test: {
    // On CI a failed test runs once more, as in Playwright; one that then passes is listed as
    // flaky at the end of the run (tests/helpers/flaky-reporter.ts, decision 0147).
    retry: process.env.CI ? 1 : 0,
    reporters: ['default', './tests/helpers/flaky-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['lib/**/*.test.ts', 'jobs/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['tests/helpers/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/helpers/global-setup.ts'],
          setupFiles: ['tests/helpers/setup.ts', 'tests/helpers/contract-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
    ],
  },
});
