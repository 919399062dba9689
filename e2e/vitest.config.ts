import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const alias = { '@common': fileURLToPath(new URL('../common', import.meta.url)) };

/** Browser tests: one real server (global setup), one Chromium, files one after another. */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  resolve: { alias },
  test: {
    name: 'e2e',
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['e2e/global-setup.ts'],
    // A cold server seeds demo data and Chromium renders on two shared cores: be patient, never parallel.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
    maxWorkers: 1,
    fileParallelism: false,
  },
});
