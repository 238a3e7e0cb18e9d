// Runs each named model of a store alone, in turn, with the built package under plain node, as a worker's
// process would (no TypeScript loader), and prints the process's RSS before the runs and its peak, in bytes.
import { openNodeEngine, startServiceC } from '../dist/index.js';

const [store, ...models] = process.argv.slice(2);
const before = process.memoryUsage().rss;
for (const model of models) {
  const engine = await openNodeEngine(store, { threads: 1, memoryLimit: '64MB' });
  await engine.run(
    `UPDATE model_metadata SET status = CASE WHEN model_name = ? THEN 'production' ELSE 'retired' END`,
    [model],
  );
  await engine.close();
  await startServiceC({ database: store }).done;
}
console.log(JSON.stringify({ before, peak: process.resourceUsage().maxRSS * 1024 }));
