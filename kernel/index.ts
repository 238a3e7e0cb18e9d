// The kernel's exports. Every routine works on f64 arrays given as (pointer, length) in this module's
// memory; the host owns that memory through `alloc` and `reset` (a bump arena, one per task).
export { alloc, reset } from './arena';
export { jsDistance, kl, psi } from './divergence';
export { compactFinite } from './finite';
export { countBins } from './histogram';
export { slotBinCounts } from './slotBins';
export { ecdfDistances } from './ecdf';
export { mean, variance } from './moments';
export { quantileSorted } from './quantile';
export { smirnovSum } from './smirnov';
export { sort, sortScratchBytes } from './sort';
export { bootstrapAucChange, bootstrapRmseChange, rocAuc } from './performance';
export {
  bootstrapRealizedMetrics,
  estimatedMetrics,
  isotonicApply,
  isotonicFit,
  realizedMetrics,
} from './estimate';
