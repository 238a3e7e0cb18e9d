// npm run bench [battery|end-to-end|push-down|engines|scale|edge|performance|sources|baseline|distributed [rows]]: the
// benchmarks, all by default.
import { baselineBench } from './baseline.js';
import { batteryBench } from './battery.js';
import { distributedBench } from './distributed.js';
import { edgeBench } from './edge.js';
import { endToEnd } from './endToEnd.js';
import { enginesBench } from './engines.js';
import { performanceBench } from './performance.js';
import { publishScaleBench } from './publishScale.js';
import { pushDownBench } from './pushDown.js';
import { scaleBench } from './scale.js';
import { sourcesBench } from './sources.js';

const only = process.argv[2];
if (only === undefined || only === 'battery') await batteryBench();
if (only === undefined || only === 'end-to-end') await endToEnd();
if (only === undefined || only === 'push-down') await pushDownBench();
if (only === undefined || only === 'engines') await enginesBench();
if (only === undefined || only === 'scale') {
  await scaleBench();
  await publishScaleBench();
}
if (only === undefined || only === 'edge') await edgeBench();
if (only === undefined || only === 'performance') await performanceBench();
if (only === undefined || only === 'sources') await sourcesBench();
if (only === undefined || only === 'baseline') await baselineBench();
if (only === undefined || only === 'distributed') {
  await distributedBench(process.argv[3] === undefined ? undefined : Number(process.argv[3]));
}
