import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/postgres-global-setup.ts', 'test/helpers/mysql-global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Database tests each create their own database; files can run in parallel on the two cores.
    pool: 'forks',
  },
});
