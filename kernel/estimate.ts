// Estimated performance of a binary classifier from its scores alone (confidence-based performance
// estimation): an isotonic calibration fitted on labelled events, the expected metrics of a window whose
// event i is positive with probability p_i, and the realized metrics of weighted resamples of labelled
// events for the estimate's interval. Every routine walks sorted scores once.
import { mergeRuns, nextRandom, runsAuc, weightedAuc } from './performance';

// Metrics, in this order, in every `out` of five doubles: ROC AUC, accuracy, precision, recall, F1.
// An undefined one (no predicted positive for precision, say) is NaN.
const AUC = 0;
const ACCURACY = 1;
const PRECISION = 2;
const RECALL = 3;
const F1 = 4;

// The bootstrap's generator state, seeded by each call.
const STATE = memory.data(4, 4);

@inline
function at(values: usize, i: i32): f64 {
  return load<f64>(values + (<usize>i << 3));
}

@inline
function put(values: usize, i: i32, value: f64): void {
  store<f64>(values + (<usize>i << 3), value);
}

@inline
function weightAt(weights: usize, i: i32): f64 {
  return weights == 0 ? 1 : at(weights, i);
}

// Pool-adjacent-violators over the labelled events, walked in score order from each class's sorted scores:
// events with one score form one group, and adjacent blocks merge while the earlier one's share of
// positives exceeds the later one's. Block b covers the scores up to upper[b] and has probability level[b]
// (its share of positives). Returns the number of blocks; upper, level and counts (scratch: each block's
// events) hold np + nn doubles. While fitting, level[b] holds the block's positives.
export function isotonicFit(
  pos: usize,
  np: i32,
  neg: usize,
  nn: i32,
  upper: usize,
  level: usize,
  counts: usize,
): i32 {
  let blocks = 0;
  let i = 0;
  let j = 0;
  while (i < np || j < nn) {
    const value = j >= nn || (i < np && at(pos, i) <= at(neg, j)) ? at(pos, i) : at(neg, j);
    let positives: f64 = 0;
    let count: f64 = 0;
    for (; i < np && at(pos, i) == value; i++) positives += 1;
    for (; j < nn && at(neg, j) == value; j++) count += 1;
    count += positives;
    // Merge while the previous block's share exceeds this one's (cross-multiplied: exact for counts).
    while (blocks > 0 && at(level, blocks - 1) * count > positives * at(counts, blocks - 1)) {
      blocks--;
      positives += at(level, blocks);
      count += at(counts, blocks);
    }
    put(upper, blocks, value);
    put(level, blocks, positives);
    put(counts, blocks, count);
    blocks++;
  }
  for (let b = 0; b < blocks; b++) put(level, b, at(level, b) / at(counts, b));
  return blocks;
}

// out[i] = the level of the first block whose upper bound is at least sorted[i] (the last block beyond
// them all): a step function, constant between the reference's scores.
export function isotonicApply(sorted: usize, n: i32, upper: usize, level: usize, blocks: i32, out: usize): void {
  let b = 0;
  for (let i = 0; i < n; i++) {
    const value = at(sorted, i);
    while (b < blocks - 1 && at(upper, b) < value) b++;
    put(out, i, at(level, b));
  }
}

// Precision, recall and F1 from (expected or weighted) confusion counts; accuracy from all four.
function confusionMetrics(tp: f64, fp: f64, fn: f64, tn: f64, out: usize): void {
  put(out, ACCURACY, (tp + tn) / (tp + fp + fn + tn));
  put(out, PRECISION, tp + fp > 0 ? tp / (tp + fp) : NaN);
  put(out, RECALL, tp + fn > 0 ? tp / (tp + fn) : NaN);
  put(out, F1, tp > 0 ? (2 * tp) / (2 * tp + fp + fn) : NaN);
}

// The expected metrics of n events sorted by score, event i positive with probability probabilities[i]
// (a score at or above `threshold` predicts positive). Expected AUC: the probability that a positive
// outranks a negative (a tie counting 1/2) over ordered pairs of distinct events,
//   sum_{i != j} p_i (1 - p_j) ([s_i > s_j] + [s_i = s_j] / 2)  /  sum_{i != j} p_i (1 - p_j),
// the denominator being (sum p)(sum (1 - p)) - sum p(1 - p). Expected confusion counts: TP = sum of p over
// the predicted positives, FP = sum of 1 - p over them, FN and TN likewise over the predicted negatives.
export function estimatedMetrics(sorted: usize, probabilities: usize, n: i32, threshold: f64, out: usize): void {
  let negativesBelow: f64 = 0;
  let pairs: f64 = 0;
  let positives: f64 = 0;
  let negatives: f64 = 0;
  let selfPairs: f64 = 0;
  let tp: f64 = 0;
  let fp: f64 = 0;
  let fn: f64 = 0;
  let tn: f64 = 0;
  let i = 0;
  while (i < n) {
    const value = at(sorted, i);
    let groupPositives: f64 = 0;
    let groupNegatives: f64 = 0;
    let groupSelf: f64 = 0;
    for (; i < n && at(sorted, i) == value; i++) {
      const p = at(probabilities, i);
      groupPositives += p;
      groupNegatives += 1 - p;
      groupSelf += p * (1 - p);
    }
    pairs += groupPositives * (negativesBelow + 0.5 * groupNegatives) - 0.5 * groupSelf;
    negativesBelow += groupNegatives;
    positives += groupPositives;
    negatives += groupNegatives;
    selfPairs += groupSelf;
    if (value >= threshold) {
      tp += groupPositives;
      fp += groupNegatives;
    } else {
      fn += groupPositives;
      tn += groupNegatives;
    }
  }
  const distinctPairs = positives * negatives - selfPairs;
  put(out, AUC, distinctPairs > 0 ? pairs / distinctPairs : NaN);
  confusionMetrics(tp, fp, fn, tn, out);
}

// The realized metrics of labelled events, each counted `weight` times (weights 0: once each); weights
// hold the positives' then the negatives'. With `runs` (mergeRuns of the same scores, `count` of them, and
// room for nn + 1 running sums at `below`), the AUC comes from the runs instead of a merge walk: the same bits.
function weightedMetrics(
  pos: usize,
  np: i32,
  neg: usize,
  nn: i32,
  weights: usize,
  threshold: f64,
  out: usize,
  runs: usize = 0,
  count: i32 = 0,
  below: usize = 0,
): void {
  const negWeights: usize = weights == 0 ? 0 : weights + (<usize>np << 3);
  let tp: f64 = 0;
  let fn: f64 = 0;
  let fp: f64 = 0;
  let tn: f64 = 0;
  for (let i = 0; i < np; i++) {
    if (at(pos, i) >= threshold) tp += weightAt(weights, i);
    else fn += weightAt(weights, i);
  }
  for (let k = 0; k < nn; k++) {
    if (at(neg, k) >= threshold) fp += weightAt(negWeights, k);
    else tn += weightAt(negWeights, k);
  }
  const hasBoth = tp + fn > 0 && fp + tn > 0;
  let auc: f64 = NaN;
  if (hasBoth && runs == 0) auc = weightedAuc(pos, np, weights, neg, nn, negWeights);
  else if (hasBoth) auc = runsAuc(runs, count, np, nn, weights, negWeights, below);
  put(out, AUC, auc);
  confusionMetrics(tp, fp, fn, tn, out);
}

export function realizedMetrics(pos: usize, np: i32, neg: usize, nn: i32, threshold: f64, out: usize): void {
  weightedMetrics(pos, np, neg, nn, 0, threshold, out);
}

// For each of `resamples` rounds: `size` events drawn with replacement from the labelled events (positives
// and negatives together, index floor(random · (np + nn) / 2^32), the positives first), and their realized
// metrics in out[5b .. 5b + 4]. The spread is the realized metrics' for a window of `size` events.
// `weights` is scratch of bootstrapScratch doubles (src/kernel/bootstrapScratch.ts): the events' draws, then
// nn + 1 running sums and the events' merged runs (weightedMetrics).
export function bootstrapRealizedMetrics(
  pos: usize,
  np: i32,
  neg: usize,
  nn: i32,
  size: i32,
  threshold: f64,
  seed: u32,
  weights: usize,
  out: usize,
  resamples: i32,
): void {
  const state = STATE;
  store<u32>(state, seed);
  const n = np + nn;
  const below = weights + (<usize>n << 3);
  const runs = below + ((<usize>nn + 1) << 3);
  const count = mergeRuns(pos, np, neg, nn, runs);
  for (let b = 0; b < resamples; b++) {
    memory.fill(weights, 0, <usize>n << 3);
    for (let k = 0; k < size; k++) {
      const slot = weights + (<usize>((<u64>nextRandom(state) * <u64>n) >> 32) << 3);
      store<f64>(slot, load<f64>(slot) + 1);
    }
    weightedMetrics(pos, np, neg, nn, weights, threshold, out + (<usize>(b * 5) << 3), runs, count, below);
  }
}
