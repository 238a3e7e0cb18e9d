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

// Sorts n doubles ascending in place (heapsort: no scratch; the drawn events' indices, whole numbers).
function heapSort(a: usize, n: i32): void {
  for (let start = (n >> 1) - 1; start >= 0; start--) siftDown(a, start, n);
  for (let end = n - 1; end > 0; end--) {
    const top = at(a, 0);
    put(a, 0, at(a, end));
    put(a, end, top);
    siftDown(a, 0, end);
  }
}

function siftDown(a: usize, root: i32, n: i32): void {
  let parent = root;
  for (let child = 2 * parent + 1; child < n; child = 2 * parent + 1) {
    if (child + 1 < n && at(a, child + 1) > at(a, child)) child++;
    if (at(a, parent) >= at(a, child)) return;
    const value = at(a, parent);
    put(a, parent, at(a, child));
    put(a, child, value);
    parent = child;
  }
}

// weightedMetrics over the d events drawn (their indices ascending at `drawn`, positives' before
// negatives', each one's draws in `weights`): a resample of a few events out of many reads only those. The
// same bits as the pass over every event: every weight is a whole count, so every sum (and the AUC's pairs,
// whole or half numbers) is exact in any order, and an event not drawn adds 0.
function drawnMetrics(
  pos: usize,
  np: i32,
  neg: usize,
  weights: usize,
  drawn: usize,
  d: i32,
  threshold: f64,
  out: usize,
): void {
  let tp: f64 = 0;
  let fn: f64 = 0;
  let fp: f64 = 0;
  let tn: f64 = 0;
  let firstNegative = d;
  for (let k = 0; k < d; k++) {
    const index = <i32>at(drawn, k);
    const weight = at(weights, index);
    if (index < np) {
      if (at(pos, index) >= threshold) tp += weight;
      else fn += weight;
    } else {
      if (firstNegative == d) firstNegative = k;
      if (at(neg, index - np) >= threshold) fp += weight;
      else tn += weight;
    }
  }
  let auc: f64 = NaN;
  if (tp + fn > 0 && fp + tn > 0) {
    // weightedAuc's merge over the drawn positives (drawn[0, firstNegative)) and negatives (the rest).
    let j = firstNegative;
    let negativesBelow: f64 = 0;
    let pairs: f64 = 0;
    let i = 0;
    while (i < firstNegative) {
      const value = at(pos, <i32>at(drawn, i));
      for (; j < d && at(neg, <i32>at(drawn, j) - np) < value; j++) negativesBelow += at(weights, <i32>at(drawn, j));
      let tiedNegatives: f64 = 0;
      for (let k = j; k < d && at(neg, <i32>at(drawn, k) - np) == value; k++)
        tiedNegatives += at(weights, <i32>at(drawn, k));
      let tiedPositives: f64 = 0;
      for (; i < firstNegative && at(pos, <i32>at(drawn, i)) == value; i++)
        tiedPositives += at(weights, <i32>at(drawn, i));
      pairs += tiedPositives * (negativesBelow + 0.5 * tiedNegatives);
    }
    auc = pairs / ((tp + fn) * (fp + tn));
  }
  put(out, AUC, auc);
  confusionMetrics(tp, fp, fn, tn, out);
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
  if (<i64>size * 16 < <i64>n) {
    // Few draws among many events (an hour's window against a month): the events drawn, sorted, at `below`
    // (n > 16 · size, so they fit where the runs would go), their counts in `weights`, zeroed after each.
    memory.fill(weights, 0, <usize>n << 3);
    for (let b = 0; b < resamples; b++) {
      let d = 0;
      for (let k = 0; k < size; k++) {
        const index = <i32>((<u64>nextRandom(state) * <u64>n) >> 32);
        const count = at(weights, index);
        if (count == 0) put(below, d++, <f64>index);
        put(weights, index, count + 1);
      }
      heapSort(below, d);
      drawnMetrics(pos, np, neg, weights, below, d, threshold, out + (<usize>(b * 5) << 3));
      for (let k = 0; k < d; k++) put(weights, <i32>at(below, k), 0);
    }
    return;
  }
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
