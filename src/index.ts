export { categoricalDrift } from './compare/categoricalDrift.js';
export { type CompareCall, compare } from './compare/compare.js';
export { DriftInputError } from './compare/driftInputError.js';
export { driftStatus } from './compare/driftStatus.js';
export { countLabels, type LabelCounts } from './compare/labelCounts.js';
export { allocateNumericTask, type NumericTask, numericDrift } from './compare/numericDrift.js';
export { type CompareOptions, defaultCompareOptions, resolveCompareOptions } from './compare/options.js';
export type { Bins, DriftResult, DriftStatus, WindowSummary } from './compare/result.js';
export { createDemoDatabase, type DemoManifest, type DemoOptions } from './demo/createDemoDatabase.js';
export type { Engine, EngineKind, EngineSettings, SqlParam, SqlValue } from './engine/engine.js';
export { nodeEngine, openNodeEngine } from './engine/nodeEngine.js';
export { openEngine, withEngine } from './engine/openEngine.js';
export { openWasmEngine } from './engine/openWasmEngine.js';
export type { WasmConnection, WasmDuckDB, WasmStatement, WasmTable } from './engine/wasmDuckDB.js';
export { wasmEngine } from './engine/wasmEngine.js';
export { jsKernel } from './kernel/jsKernel.js';
export type { Kernel } from './kernel/kernel.js';
export { compileKernel, loadWasmKernel } from './kernel/wasmKernel.js';
export {
  createDriftMetrics,
  DriftMetrics,
  type FinishedRun,
  type RunOutcome,
} from './metrics/driftMetrics.js';
export {
  createRedisPublisher,
  defaultRedisPublisherOptions,
  type RedisPublisher,
  type RedisPublisherOptions,
  type RedisPublisherOptionsInput,
} from './publish/redisPublisher.js';
export type {
  ModelWrittenEvent,
  RunOptions,
  RunOptionsInput,
  RunProgress,
  RunStartEvent,
  Schema,
  WindowMode,
} from './run/options.js';
export { defaultSchema, defaultWindows } from './run/options.js';
export type { FeatureOutcome, ModelOutcome, ModelStatus, RunSummary, RunTimings } from './run/outcome.js';
export { RunRegistry } from './run/runRegistry.js';
export { type DriftRun, startServiceC } from './run/startServiceC.js';
export { closeServer, createMetricsServer, type HealthReport, listen } from './serve/metricsServer.js';
export { combineHooks, guardHooks, type RunHooks } from './serve/runHooks.js';
export { chiSquareHomogeneity } from './stats/chiSquareHomogeneity.js';
export { chiSquareSf } from './stats/chiSquareSf.js';
export { kolmogorovSf } from './stats/kolmogorovSf.js';
export { type KsMethod, ksPValue } from './stats/ksPValue.js';
export { TooFewCategoriesError } from './stats/tooFewCategoriesError.js';
export { MissingTableError, ModelError, StoreError } from './store/storeError.js';
export { MissingPeerError } from './util/optionalPeers.js';
export { OptionsError } from './util/optionsError.js';
