import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    // Hooks build databases and start servers: on a busy 2-core machine that outlasts vitest's 10 s default.
    hookTimeout: 120_000,
    // The JSON report lets .ci/run print one plain "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'test/artifacts/vitest-results.json' }]],
  },
});
