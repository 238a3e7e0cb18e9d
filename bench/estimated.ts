// Estimated performance (CBPE) against the realized values of held-back labels: calibrated and
// miscalibrated classifiers, covariate shifts of several sizes, a region the reference never saw and a
// concept shift, each window's estimate computed from its scores alone. Calibrations compared: none,
// isotonic (what the worker fits), Platt (a logistic fit on the score's logit, here only) and the
// worker's 'auto' choice.
import type { Kernel } from '../src/kernel/kernel.js';
import { loadWasmKernel } from '../src/kernel/wasmKernel.js';
import { estimatedPerformance } from '../src/performance/estimatedPerformance.js';
import { defaultPerformanceOptions, type PerformanceOptions } from '../src/performance/options.js';
import type { EstimatedPerformance, LabelledWindow } from '../src/performance/result.js';

const REFERENCE_EVENTS = 20_000;
const WINDOW_EVENTS = 5_000;
const WINDOWS = 20;
const TOLERANCE = 0.02;

const logistic = (z: number) => 1 / (1 + Math.exp(-z));
const logit = (p: number) => Math.log(p / (1 - p));

/** The classifiers: how a model's score is made from the true probability q of the reference's world. */
const classifiers: Record<string, (q: number) => number> = {
  calibrated: (q) => q,
  'overconfident (logit × 2)': (q) => logistic(2 * logit(q)),
  'squared (q²)': (q) => q * q,
};

/** The world of a window: its inputs x ~ N(shift, spread²) and the true probability of a positive. */
interface World {
  name: string;
  shift: number;
  spread: number;
  truth: (x: number) => number;
}
const reference = (x: number) => logistic(1.6 * x - 0.8);
const worlds: World[] = [
  { name: 'no shift', shift: 0, spread: 1, truth: reference },
  { name: 'covariate shift 0.25', shift: 0.25, spread: 1, truth: reference },
  { name: 'covariate shift 0.5', shift: 0.5, spread: 1, truth: reference },
  { name: 'covariate shift 1', shift: 1, spread: 1, truth: reference },
  { name: 'covariate: spread × 0.6', shift: 0, spread: 0.6, truth: reference },
  { name: 'unseen region (shift 3)', shift: 3, spread: 0.5, truth: reference },
  { name: 'concept shift', shift: 0, spread: 1, truth: (x) => logistic(0.8 * x - 0.3) },
];

function uniforms(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(1664525, state) + 1013904223) >>> 0;
    return (state + 0.5) / 4294967296;
  };
}

function draw(random: () => number, n: number, world: World, score: (q: number) => number): LabelledWindow {
  const predictions = new Float64Array(n);
  const labels = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x =
      world.shift + world.spread * Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random());
    labels[i] = random() < world.truth(x) ? 1 : 0;
    // The model's score comes from the reference's world: under a concept shift it does not know.
    predictions[i] = score(reference(x));
  }
  return { predictions, labels };
}

/** Platt scaling: p = logistic(a · logit(s) + b) fitted by Newton's method on the labelled events. */
function plattFit({ predictions, labels }: LabelledWindow): (s: number) => number {
  const clip = (s: number) => Math.min(1 - 1e-12, Math.max(1e-12, s));
  let [a, b] = [1, 0];
  for (let iteration = 0; iteration < 50; iteration++) {
    let [ga, gb, haa, hab, hbb] = [0, 0, 0, 0, 0];
    for (let i = 0; i < predictions.length; i++) {
      const z = logit(clip(predictions[i] as number));
      const p = logistic(a * z + b);
      const r = p - (labels[i] as number);
      const w = p * (1 - p);
      [ga, gb] = [ga + r * z, gb + r];
      [haa, hab, hbb] = [haa + w * z * z, hab + w * z, hbb + w];
    }
    const det = haa * hbb - hab * hab;
    const [da, db] = [(hbb * ga - hab * gb) / det, (haa * gb - hab * ga) / det];
    [a, b] = [a - da, b - db];
    if (Math.abs(da) + Math.abs(db) < 1e-12) break;
  }
  return (s) => logistic(a * logit(clip(s)) + b);
}

/** Expected AUC and accuracy of a window whose event i is positive with probability probability(score i). */
function estimateWith(
  kernel: Kernel,
  window: LabelledWindow,
  probability: (s: number) => number,
  threshold: number,
) {
  const [scores, probabilities, out] = kernel.allocate([
    window.predictions.length,
    window.predictions.length,
    5,
  ]) as [Float64Array, Float64Array, Float64Array];
  scores.set(window.predictions);
  kernel.sort(scores);
  for (let i = 0; i < scores.length; i++) probabilities[i] = probability(scores[i] as number);
  kernel.estimatedMetrics(scores, probabilities, threshold, out);
  return { auc: out[0] as number, accuracy: out[1] as number };
}

interface Tally {
  auc: number[];
  accuracy: number[];
  covered: number;
}
const newTally = (): Tally => ({ auc: [], accuracy: [], covered: 0 });
const within = (errors: number[]) => errors.filter((e) => Math.abs(e) <= TOLERANCE).length / errors.length;
const meanAbs = (errors: number[]) => errors.reduce((sum, e) => sum + Math.abs(e), 0) / errors.length;
const percent = (share: number) => `${(100 * share).toFixed(0)}%`;

export async function estimatedBench(): Promise<void> {
  const kernel = await loadWasmKernel();
  const options = defaultPerformanceOptions;
  console.log(
    `\nestimated performance: reference ${REFERENCE_EVENTS} labelled events, ${WINDOWS} windows of ${WINDOW_EVENTS} events per row, estimated from their scores alone (labels held back)`,
  );
  console.log(
    `share of windows within ${TOLERANCE} of the realized value (AUC / accuracy), mean |error| (AUC / accuracy), and for 'auto' how often the realized AUC fell in the estimate's 95% interval`,
  );
  console.log('classifier | world | none | isotonic | Platt | auto (choice) | auto interval holds AUC');
  const summary = { calibratedOrCalibrated: newTally() };
  for (const [classifierName, score] of Object.entries(classifiers)) {
    const random = uniforms(1 + classifierName.length);
    const referenceWindow = draw(random, REFERENCE_EVENTS, worlds[0] as World, score);
    const platt = plattFit(referenceWindow);
    for (const world of worlds) {
      const tallies = { none: newTally(), isotonic: newTally(), platt: newTally(), auto: newTally() };
      let choice = '';
      for (let w = 0; w < WINDOWS; w++) {
        const window = draw(random, WINDOW_EVENTS, world, score);
        const unlabelled = {
          predictions: window.predictions,
          labels: new Float64Array(WINDOW_EVENTS).fill(Number.NaN),
        };
        const run = (calibration: PerformanceOptions['calibration']) =>
          estimatedPerformance(kernel, {
            reference: referenceWindow,
            current: unlabelled,
            options: { ...options, calibration },
          });
        const realized = estimatedPerformance(kernel, {
          reference: referenceWindow,
          current: window,
          options,
        });
        const truth = (name: 'auc' | 'accuracy') => metricOf(realized, name).realizedCurrent as number;
        const record = (tally: Tally, auc: number, accuracy: number) => {
          tally.auc.push(auc - truth('auc'));
          tally.accuracy.push(accuracy - truth('accuracy'));
        };
        for (const calibration of ['none', 'isotonic', 'auto'] as const) {
          const result = run(calibration);
          record(
            tallies[calibration],
            metricOf(result, 'auc').current as number,
            metricOf(result, 'accuracy').current as number,
          );
          if (calibration === 'auto') {
            choice = result.calibration;
            const auc = metricOf(result, 'auc');
            if ((auc.currentLow as number) <= truth('auc') && truth('auc') <= (auc.currentHigh as number))
              tallies.auto.covered++;
          }
        }
        const viaPlatt = estimateWith(kernel, window, platt, options.threshold);
        record(tallies.platt, viaPlatt.auc, viaPlatt.accuracy);
      }
      const cell = (t: Tally) =>
        `${percent(within(t.auc))} / ${percent(within(t.accuracy))} (${meanAbs(t.auc).toFixed(4)} / ${meanAbs(t.accuracy).toFixed(4)})`;
      console.log(
        `${classifierName} | ${world.name} | ${cell(tallies.none)} | ${cell(tallies.isotonic)} | ${cell(tallies.platt)} | ${cell(tallies.auto)} ${choice} | ${percent(tallies.auto.covered / WINDOWS)}`,
      );
      if (world.name !== 'concept shift' && !world.name.startsWith('unseen')) {
        summary.calibratedOrCalibrated.auc.push(...tallies.auto.auc);
        summary.calibratedOrCalibrated.accuracy.push(...tallies.auto.accuracy);
      }
    }
  }
  const all = summary.calibratedOrCalibrated;
  console.log(
    `auto, every classifier, no shift and covariate shifts: ${percent(within(all.auc))} of ${all.auc.length} windows within ${TOLERANCE} for AUC, ${percent(within(all.accuracy))} for accuracy (target ≥ 90%)`,
  );
  speed(kernel);
}

/** The estimate's cost on the kernel: calibration check and fit, both windows' estimates, the interval. */
function speed(kernel: Kernel): void {
  for (const n of [10_000, 100_000]) {
    const random = uniforms(3);
    const reference = draw(random, n, worlds[0] as World, (q) => q * q);
    const current = draw(random, n, worlds[2] as World, (q) => q * q);
    const times = [0, 1, 2, 3].map(() => {
      const start = performance.now();
      estimatedPerformance(kernel, { reference, current, options: defaultPerformanceOptions });
      return performance.now() - start;
    });
    const median = times.slice(1).sort((a, b) => a - b)[1] as number;
    console.log(
      `estimate, reference and current of ${n} events each (200 resamples): ${median.toFixed(0)} ms (median of 3)`,
    );
  }
}

const metricOf = (result: EstimatedPerformance, name: 'auc' | 'accuracy') =>
  result.metrics.find((m) => m.metric === name) as EstimatedPerformance['metrics'][number];
