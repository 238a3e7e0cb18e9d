// `service-c/events`: what a consumer of the Redis stream needs, and nothing heavy (no DuckDB, no BullMQ,
// no worker pool): the entry's type and its parser.
export type {
  DriftEvent,
  DriftEventStatus,
  DriftThresholds,
  EstimatedPerformanceSummary,
  FeatureSummary,
  PerformanceMetricSummary,
  PerformanceSummary,
  TimeRange,
} from './driftEvent.js';
export { DRIFT_EVENT_SCHEMA_VERSION } from './driftEvent.js';
export { DriftEventError } from './driftEventError.js';
export { parseDriftEvent } from './parseDriftEvent.js';
