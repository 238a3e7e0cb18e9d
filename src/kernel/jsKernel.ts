import { smirnovSum } from '../stats/smirnovSum.js';
import type { Kernel } from './kernel.js';
import { compactFinite } from './reference/compactFinite.js';
import { countBins } from './reference/countBins.js';
import { jsDistance, kl, psi } from './reference/divergence.js';
import { ecdfDistances } from './reference/ecdfDistances.js';
import {
  bootstrapRealizedMetrics,
  estimatedMetrics,
  isotonicApply,
  isotonicFit,
  realizedMetrics,
} from './reference/estimate.js';
import { mean, variance } from './reference/moments.js';
import { bootstrapAucChange, bootstrapRmseChange, rocAuc } from './reference/performance.js';
import { quantileSorted } from './reference/quantileSorted.js';
import { slotBinCounts } from './reference/slotBinCounts.js';

/** The kernel in plain TypeScript: V8's typed-array sort and the same loops as the WebAssembly. */
export const jsKernel: Kernel = {
  name: 'js',
  allocate: (lengths) => lengths.map((length) => new Float64Array(length)),
  compactFinite,
  sort: (values) => {
    values.sort();
  },
  ecdfDistances,
  quantileSorted,
  countBins,
  slotBinCounts,
  psi,
  kl,
  jsDistance,
  mean,
  variance,
  smirnovSum,
  rocAuc,
  bootstrapAucChange,
  bootstrapRmseChange,
  isotonicFit,
  isotonicApply,
  estimatedMetrics,
  realizedMetrics,
  bootstrapRealizedMetrics,
};
