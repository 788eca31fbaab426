import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The CLI tests spawn the compiled zeren, built once here (test/support/compiled-cli.ts).
    globalSetup: ['test/support/compiled-cli.ts'],
    pool: 'forks',
    // A fresh PGlite is started per test file; its first start takes a few seconds.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: true,
    // vitest's default is one worker fewer than the cores: one worker on a 2-core CI machine. The
    // files wait on processes they spawn and on the database as much as on the CPU, so every core works.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
