import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const alias = { '@common': fileURLToPath(new URL('./common', import.meta.url)) };

export default defineConfig({
  resolve: { alias },
  test: {
    // PGlite is single-threaded WASM: two files at a time keep both cores busy without thrashing.
    maxWorkers: 2,
    projects: [
      {
        resolve: { alias },
        test: { name: 'common', include: ['common/**/*.test.ts', 'web/src/**/*.test.{ts,tsx}'], environment: 'node' },
      },
      {
        resolve: { alias },
        test: {
          name: 'server',
          include: ['server/**/*.test.ts', 'scripts/**/*.test.ts'],
          globalSetup: ['server/test/global-setup.ts'],
          // The route-enumerating tests send thousands of requests; generous on a loaded 2-core machine.
          testTimeout: 180_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
