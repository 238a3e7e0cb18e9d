// npm run bench [battery|end-to-end|push-down|engines|scale|edge|performance|estimated|sources|baseline|
// signal [--small]|hourly [--models N]|commits [--rounds N]|distributed [rows]]: the benchmarks, all by
// default. Each suite's module is loaded when it runs: the end-to-end suite's memory figures then hold what a
// worker's process holds, not the other suites' libraries.
const suites: Record<string, () => Promise<void>> = {
  battery: async () => (await import('./battery.js')).batteryBench(),
  'end-to-end': async () => (await import('./endToEnd.js')).endToEnd(),
  'push-down': async () => (await import('./pushDown.js')).pushDownBench(),
  engines: async () => (await import('./engines.js')).enginesBench(),
  scale: async () => {
    await (await import('./scale.js')).scaleBench();
    await (await import('./publishScale.js')).publishScaleBench();
  },
  edge: async () => (await import('./edge.js')).edgeBench(),
  performance: async () => (await import('./performance.js')).performanceBench(),
  estimated: async () => (await import('./estimated.js')).estimatedBench(),
  sources: async () => (await import('./sources.js')).sourcesBench(),
  baseline: async () => (await import('./baseline.js')).baselineBench(),
  signal: async () => (await import('./signal.js')).signalBench(),
  hourly: async () => (await import('./hourly.js')).hourlyBench(),
  commits: async () => (await import('./commits.js')).commitsBench(),
  distributed: async () =>
    (await import('./distributed.js')).distributedBench(
      process.argv[3] === undefined ? undefined : Number(process.argv[3]),
    ),
};

const only = process.argv[2];
if (only !== undefined && !(only in suites)) {
  console.error(`no bench "${only}": one of ${Object.keys(suites).join(', ')}`);
  process.exit(2);
}
for (const [name, run] of Object.entries(suites)) if (only === undefined || only === name) await run();
