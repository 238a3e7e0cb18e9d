import type { DriftPool, DriftPoolOptions } from '../pool/driftPool.js';
import type { ModelRow } from '../store/productionModels.js';
import { StoreError } from '../store/storeError.js';
import { analyseModel } from './analyseModel.js';
import { failedModel } from './failedModel.js';
import type { CreateAnalyser } from './modelAnalyser.js';
import type { ModelOutcome } from './outcome.js';
import type { RunContext } from './types.js';

/** Starts the pool a local run analyses features on: tinypool threads in Node, Web Workers in a page. */
export type CreatePool = (options: DriftPoolOptions) => Promise<DriftPool>;

/** Models analysed here, one after the other: windows read through the run's engine, features on the pool. */
export function localAnalyser(createPool: CreatePool): CreateAnalyser {
  return async ({ engine, options, signal, dataRoot, onFeaturesDone, timings }) => {
    const pool = await createPool(options);
    const context: RunContext = {
      engine,
      pool,
      options,
      ...(dataRoot === undefined ? {} : { dataRoot }),
      signal,
      onFeatureDone: () => onFeaturesDone(1),
      timings,
      storeBaselines: true,
    };
    return {
      async *outcomes(models) {
        for (const model of models) {
          if (signal.aborted) return;
          yield await analyseOrFail(context, model);
        }
      },
      close: () => pool.destroy(),
    };
  };
}

/**
 * A model's outcome; its failure is an outcome too, unless the run was cancelled or the database cannot be
 * used any more (a StoreError: the run ends with it).
 */
export async function analyseOrFail(context: RunContext, model: ModelRow): Promise<ModelOutcome> {
  try {
    return await analyseModel(context, model);
  } catch (error) {
    if (context.signal.aborted || error instanceof StoreError) throw error;
    return failedModel(model.model, error);
  }
}
