// service-c/edge: the analysis for Deno, Bun and Cloudflare's workerd. No native and no Node-only import;
// nothing reads import.meta.url, document, location or process before it is needed, and only where it exists.
export { type CompareCall, compare } from '../compare/compare.js';
export { type CompareOptions, defaultCompareOptions, resolveCompareOptions } from '../compare/options.js';
export type { DriftResult, DriftStatus } from '../compare/result.js';
export type { Engine } from '../engine/engine.js';
export type { WasmDuckDB } from '../engine/wasmDuckDB.js';
export { wasmEngine } from '../engine/wasmEngine.js';
export { jsKernel } from '../kernel/jsKernel.js';
export type { Kernel } from '../kernel/kernel.js';
export { compileKernel, type KernelSource, loadWasmKernel } from '../kernel/wasmKernel.js';
export type { DriftPool, DriftPoolOptions } from '../pool/driftPool.js';
export { type DriftTask, runDriftTask } from '../pool/runDriftTask.js';
export { analyseBytes, type BytesAnalysis, type BytesDuckDB, type BytesInput } from '../run/analyseBytes.js';
export {
  defaultRunOptions,
  defaultSchema,
  defaultWindows,
  type RunOptions,
  type RunOptionsInput,
  resolveRunOptions,
  type Schema,
  type WindowMode,
} from '../run/options.js';
export type { ModelOutcome, RunSummary } from '../run/outcome.js';
export { type RunSetup, runDrift } from '../run/runDrift.js';
export { ensureDriftSchema } from '../store/ensureDriftSchema.js';
export { importCsvModel } from '../store/importCsv.js';
export { readDriftResults } from '../store/readDriftResults.js';
export { analyseOnEdge, type EdgeAnalysisOptions, type EdgeReport } from './analyseOnEdge.js';
export { callingThreadPool } from './callingThreadPool.js';
export { createEdgePool, type EdgePoolOptions } from './createEdgePool.js';
export { type EdgeDuckDBOptions, openEdgeDuckDB, type PrecompiledModules } from './openEdgeDuckDB.js';
