import type { Engine } from '../engine/engine.js';
import { finiteEvents } from '../performance/finiteEvents.js';
import { inferTask } from '../performance/inferTask.js';
import { hasColumn } from '../store/hasColumn.js';
import { modelTask } from '../store/modelTask.js';
import { openSource, type Source } from '../store/openSource.js';
import { quoteIdentifier } from '../store/quoteIdentifier.js';
import { ModelError } from '../store/storeError.js';
import { timedSource } from '../store/timedSource.js';
import type { FetchedWindow, RowSet } from '../store/types.js';
import type { PerformanceOutcome } from './outcome.js';
import { readCurrentEvents } from './readCurrentEvents.js';
import { readWindowPair } from './readWindowPair.js';
import type { BaselineRequest, RunContext, WindowsRead } from './types.js';

/**
 * The model's realized performance: the same windows as its predictions (a pinned reference too), over its
 * labelled events only (labels arrive late), and for a binary classifier its performance estimated on the
 * prediction's current window, every event labelled or not. Null when the inference log has no label column
 * or the model no labelled event.
 */
export async function comparePerformance(
  context: RunContext,
  baseline: BaselineRequest,
): Promise<{ outcome: PerformanceOutcome; read: WindowsRead } | null> {
  const { model } = baseline;
  const { engine, options } = context;
  const { schema } = options;
  if (!(await hasColumn(engine, schema.modelEvents, schema.label))) return null;
  const [prediction, label] = [quoteIdentifier(schema.prediction), quoteIdentifier(schema.label)];
  const opened = await openSource(engine, schema.modelEvents, context.dataRoot);
  const source = await timedSource(engine, opened, schema.eventTime, options.timestampUnit);
  await refuseTextLabels(engine, source, schema.label);
  const ofModel = `${quoteIdentifier(schema.eventModel)} = ?`;
  const labelled: RowSet = {
    source,
    timestampColumn: schema.eventTime,
    filter: { sql: `${ofModel} AND ${label} IS NOT NULL AND ${prediction} IS NOT NULL`, params: [model] },
  };
  const task = await modelTask(engine, schema, model);
  const columns = new Map([
    [schema.prediction, 'numeric'],
    [schema.label, 'numeric'],
  ] as const);
  const pair = await readWindowPair(context, labelled, columns, true, baseline);
  if (pair === null) return null;
  const events = (window: FetchedWindow) => ({
    predictions: window.numeric.get(schema.prediction) as Float64Array,
    labels: window.numeric.get(schema.label) as Float64Array,
  });
  // The estimate's current window: the prediction's, every event labelled or not; read only for a binary
  // classifier (declared, or inferred from the labelled events as the pool will), the only task estimated.
  const binary =
    (task ?? inferTask([pair.reference, pair.current].map((w) => finiteEvents(events(w)).window))) ===
    'binary_classification';
  const unlabelled = !binary
    ? null
    : await readCurrentEvents(context, {
        source,
        timestampColumn: schema.eventTime,
        filter: { sql: ofModel, params: [model] },
      });
  const { compare } = options;
  // The gate's reference spread: measured on the reference's chunks (each event's hour goes with it), or
  // as the stored profiles hold it.
  const gate = !compare.gate
    ? null
    : {
        minWindows: compare.gateMinWindows,
        reference:
          pair.storedSpread === null
            ? { kind: 'rows' as const, chunks: pair.chunks }
            : {
                kind: 'stored' as const,
                spread: { spread: pair.storedSpread.dispersion, windows: pair.storedSpread.windows },
              },
      };
  const reference = events(pair.reference);
  const computeStart = performance.now();
  const result = await context.pool.run(
    {
      kind: 'performance',
      task,
      reference: gate?.reference.kind === 'rows' ? { ...reference, hours: pair.reference.hours } : reference,
      current: events(pair.current),
      ...(unlabelled === null ? {} : { unlabelled: unlabelled.events }),
      options: options.performance,
      ...(gate === null ? {} : { gate }),
    },
    context.signal,
  );
  context.timings.computeMs += performance.now() - computeStart;
  // Stored with the reference's events, so that a run from the profiles gates as a run from the rows.
  const profiles = pair.read.profiles.map((profile) =>
    result.gate === null
      ? profile
      : { ...profile, dispersion: result.gate.referenceSpread, windows: result.gate.windows },
  );
  const outcome = {
    result,
    reference: pair.referenceInfo,
    current: pair.currentInfo,
    estimatedCurrent: result.estimated === null ? null : (unlabelled?.info ?? null),
  };
  const currentRows = pair.read.currentRows + (unlabelled?.info.rows ?? 0);
  return { outcome, read: { ...pair.read, currentRows, profiles } };
}

/** Labels are numbers (or booleans): a label column of text ('yes'/'no') is a ModelError saying so. */
async function refuseTextLabels(engine: Engine, source: Source, column: string): Promise<void> {
  const [[, type] = []] = await engine.rows(`DESCRIBE SELECT ${quoteIdentifier(column)} FROM ${source.sql}`);
  if (/^(VARCHAR|ENUM)/.test(String(type))) {
    throw new ModelError(
      `the label column ${JSON.stringify(column)} of ${JSON.stringify(source.name)} is ${String(type).split('(')[0]}: labels must be numbers (0 or 1 for a binary classifier)`,
    );
  }
}
