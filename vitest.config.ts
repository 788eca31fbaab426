import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // A fresh PGlite is started per test file; its first start takes a few seconds.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: true,
  },
});
