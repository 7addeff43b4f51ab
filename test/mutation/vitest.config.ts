// Vitest configuration for mutation testing: the unit project only (Stryker's vitest runner has no
// project filter, and the integration project needs a build, a KMS and minutes per run).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// As in the root vitest.config.ts: the seal plugin API from its sources (Stryker's sandbox has no dist/).
const api = (file: string): string => fileURLToPath(new URL(`../../packages/seal-plugin-api/src/${file}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@tsvault\/seal-plugin-api$/, replacement: api('index.ts') },
      { find: /^@tsvault\/seal-plugin-api\/testing$/, replacement: api('testing.ts') },
    ],
  },
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/unit/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
