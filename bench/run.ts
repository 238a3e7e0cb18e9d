// npm run bench [battery|end-to-end]: the benchmarks, all by default.
import { batteryBench } from './battery.js';
import { endToEnd } from './endToEnd.js';

const only = process.argv[2];
if (only === undefined || only === 'battery') await batteryBench();
if (only === undefined || only === 'end-to-end') await endToEnd();
