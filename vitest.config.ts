import { defineConfig } from 'vitest/config';

/** Tests that never open a database, or that check one engine's own machinery: run once, not once per engine. */
const NOT_ENGINE_NEUTRAL = {
  /** SQLite's own: its write queue and the search entries it holds back, two processes on one file, its reader threads. */
  sqliteOnly: ['tests/store/write-queue.test.ts', 'tests/store/held-search-writes.test.ts', 'tests/store/read-pool.test.ts'],
  /**
   * PostgreSQL's own: its engine, search and chunked reads and writes (on databases these files make themselves, whatever
   * the engine under test), and copying a SQLite database into it.
   */
  postgresOnly: [
    'tests/store/postgres-engine.test.ts',
    'tests/store/postgres-search.test.ts',
    'tests/store/postgres-bulk.test.ts',
    'tests/store/db-copy.test.ts',
  ],
  /** No database at all. */
  noDatabase: [
    'tests/store/band-index.test.ts',
    'tests/http/rate-limit.test.ts',
    'tests/reliability/deadline.test.ts',
    'tests/push/notifiers.test.ts',
    'tests/pipeline/parse-pool.test.ts',
    'tests/pipeline/documents-in-flight.test.ts',
  ],
  /** huiju on a SQLite file of the test's own whatever the engine under test: run again, they would run the same. */
  sqliteFileAlways: ['tests/e2e/built-cli.test.ts', 'tests/e2e/serve-listen.test.ts', 'tests/e2e/serve-startup-logs.test.ts'],
};

export default defineConfig({
  test: {
    // Generous: CLI tests spawn real processes, and a shared 2-core machine can be slow to schedule them.
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // Tests spawn real servers and child processes; two cores are all we have.
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          // Every test, on the default engine (tests/helpers/store.ts: HUIJU_TEST_ENGINE unset is SQLite).
          name: 'sqlite',
          include: ['tests/**/*.test.ts'],
          // tests/cluster: web replicas and workers, which run on PostgreSQL only.
          exclude: [...NOT_ENGINE_NEUTRAL.postgresOnly, 'tests/cluster/**'],
          env: { HUIJU_TEST_ENGINE: 'sqlite' },
        },
      },
      {
        extends: true,
        test: {
          // Everything that stores, again on PostgreSQL. Its global setup fails the run if the server does not answer.
          name: 'postgres',
          include: ['tests/{store,pipeline,http,e2e,reliability,push,cluster}/**/*.test.ts'],
          exclude: [...NOT_ENGINE_NEUTRAL.sqliteOnly, ...NOT_ENGINE_NEUTRAL.noDatabase, ...NOT_ENGINE_NEUTRAL.sqliteFileAlways],
          env: { HUIJU_TEST_ENGINE: 'postgres' },
          globalSetup: ['./tests/support/postgres-setup.ts'],
        },
      },
    ],
  },
});
