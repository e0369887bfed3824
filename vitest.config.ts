import { defineConfig } from 'vitest/config';

// Three projects, run in this order by `npm test` (scripts/test.mjs):
// unit (pure domain and store over fake-indexeddb), server (the real relay process),
// e2e (the built PWA in Debian's Chromium against the real relay).
export default defineConfig({
  test: {
    projects: [
      {
        // Seeded property tests run hundreds of histories; with the server project sharing two
        // cores they need more than the default 5 s. A guard against hangs, not a speed check.
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', testTimeout: 60_000 },
      },
      {
        test: {
          name: 'server',
          include: ['tests/server/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
