import { defineConfig } from 'vitest/config';

// Runs only with TEST_DATABASE_URL (scripts/test-pg.sh): real hub processes sharing one PostgreSQL database.
export default defineConfig({
  test: {
    include: ['test/multiprocess/**/*.test.ts'],
    globalSetup: ['test/setup/global-db.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
