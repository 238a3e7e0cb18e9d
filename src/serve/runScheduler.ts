import type { FinishedRun } from '../metrics/driftMetrics.js';
import type { DriftRun } from '../run/startServiceC.js';
import { errorMessage } from '../util/errorMessage.js';

/** A scheduled run once it has ended. */
export interface ScheduledRun extends FinishedRun {
  runId: string;
  /** Why `done` rejected, when the outcome is 'failed'. */
  error: string | null;
  /** Models written. */
  models: number;
}

/** The first slot origin + k·period strictly after now: a run longer than the period skips slots, never overlaps. */
export function nextSlot(originMs: number, periodMs: number, nowMs: number): number {
  return originMs + (Math.floor((nowMs - originMs) / periodMs) + 1) * periodMs;
}

/** Starts a run now and then on every slot of the period; one run at a time. */
export class RunScheduler {
  readonly #start: () => DriftRun;
  readonly #periodMs: number;
  readonly #onFinished: (run: ScheduledRun) => void;
  #origin = 0;
  #timer: NodeJS.Timeout | undefined;
  #running: { run: DriftRun; finished: Promise<void> } | undefined;
  #stopped = false;

  constructor(start: () => DriftRun, periodMs: number, onFinished: (run: ScheduledRun) => void) {
    this.#start = start;
    this.#periodMs = periodMs;
    this.#onFinished = onFinished;
  }

  start(): void {
    this.#origin = Date.now();
    this.#tick();
  }

  /** No more runs; the running one is cancelled (no model is half-written) and awaited. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#running?.run.cancel();
    await this.#running?.finished;
  }

  #tick(): void {
    if (this.#stopped) return;
    const startedMs = performance.now();
    const run = this.#start();
    const finished = run.done.then(
      (summary) => ({
        outcome: summary.outcome,
        error: null,
        models: summary.models.length,
        prunedRows: summary.prunedRows,
        finishedAt: summary.finishedAt,
      }),
      (error: unknown) => ({
        outcome: 'failed' as const,
        error: errorMessage(error),
        models: 0,
        finishedAt: new Date(),
      }),
    );
    this.#running = {
      run,
      finished: finished.then((result) => {
        this.#running = undefined;
        this.#onFinished({
          runId: run.runId,
          durationSeconds: (performance.now() - startedMs) / 1000,
          ...result,
        });
        if (this.#stopped) return;
        const now = Date.now();
        this.#timer = setTimeout(() => this.#tick(), nextSlot(this.#origin, this.#periodMs, now) - now);
      }),
    };
  }
}
