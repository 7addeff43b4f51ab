import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const api = (file: string): string => fileURLToPath(new URL(`./packages/seal-plugin-api/src/${file}`, import.meta.url));

export default defineConfig({
  // Tests run the seal plugin API from its sources (no build needed); the built daemon uses dist/.
  resolve: {
    alias: [
      { find: /^@tsvault\/seal-plugin-api$/, replacement: api('index.ts') },
      { find: /^@tsvault\/seal-plugin-api\/testing$/, replacement: api('testing.ts') },
    ],
  },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 20_000 },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/conformance/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
