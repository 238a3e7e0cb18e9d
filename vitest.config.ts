import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    // Hooks build databases and start servers: on a busy 2-core machine that outlasts vitest's 10 s default.
    hookTimeout: 120_000,
    // Two files at a time even on 2 cores (vitest's default there is one): most files wait on child processes
    // (serve, workers, Chromium, Prometheus) and on I/O, so the suite took 321 s alone and 194 s in pairs.
    maxWorkers: 2,
    // The JSON report lets .ci/run print one plain "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'test/artifacts/vitest-results.json' }]],
  },
});
