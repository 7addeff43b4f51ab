// Vitest configuration for mutation testing: the unit project only (Stryker's vitest runner has no
// project filter, and the integration project needs a build, a KMS and minutes per run).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/unit/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
