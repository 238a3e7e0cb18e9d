// Realized performance from labels: ROC AUC as the Mann-Whitney statistic over the sorted scores of the
// positives and the negatives, and bootstrap resamples of the change between two windows. A resample is
// held as a weight per event (how often it was drawn), so no resample is ever sorted again.

@inline
function at(values: usize, i: i32): f64 {
  return load<f64>(values + (<usize>i << 3));
}

// Weight of event i, or 1 when there are no weights (pointer 0).
@inline
function weightAt(weights: usize, i: i32): f64 {
  return weights == 0 ? 1 : at(weights, i);
}

// The weighted Mann-Whitney U of the positives over the negatives, divided by W+ · W-: each (positive,
// negative) pair counts 1 when the positive scores higher and 1/2 on a tie. Both samples sorted ascending.
export function weightedAuc(pos: usize, np: i32, posWeights: usize, neg: usize, nn: i32, negWeights: usize): f64 {
  let j = 0;
  let negativesBelow: f64 = 0;
  let pairs: f64 = 0;
  let positives: f64 = 0;
  let i = 0;
  while (i < np) {
    const value = at(pos, i);
    while (j < nn && at(neg, j) < value) {
      negativesBelow += weightAt(negWeights, j);
      j++;
    }
    let tiedNegatives: f64 = 0;
    for (let k = j; k < nn && at(neg, k) == value; k++) tiedNegatives += weightAt(negWeights, k);
    let tiedPositives: f64 = 0;
    for (; i < np && at(pos, i) == value; i++) tiedPositives += weightAt(posWeights, i);
    pairs += tiedPositives * (negativesBelow + 0.5 * tiedNegatives);
    positives += tiedPositives;
  }
  let negatives: f64 = 0;
  for (let k = 0; k < nn; k++) negatives += weightAt(negWeights, k);
  return pairs / (positives * negatives);
}

export function rocAuc(pos: usize, np: i32, neg: usize, nn: i32): f64 {
  return weightedAuc(pos, np, 0, neg, nn, 0);
}

// Mulberry32: a 32-bit state, cheap, and replayable exactly in numpy and in TypeScript with Math.imul.
// Its state lives in a scratch word that every bootstrap call seeds first, as sort's counters do.
const STATE = memory.data(4, 4);

@inline
export function nextRandom(state: usize): u32 {
  const s = load<u32>(state) + 0x6d2b79f5;
  store<u32>(state, s);
  let t = (s ^ (s >> 15)) * (s | 1);
  t ^= t + (t ^ (t >> 7)) * (t | 61);
  return t ^ (t >> 14);
}

// Draws n events with replacement: weights[i] becomes how often event i was drawn, the index taken as
// floor(random · n / 2^32).
function resample(state: usize, n: i32, weights: usize): void {
  memory.fill(weights, 0, <usize>n << 3);
  for (let k = 0; k < n; k++) {
    const i = <i32>((<u64>nextRandom(state) * <u64>n) >> 32);
    const slot = weights + (<usize>i << 3);
    store<f64>(slot, load<f64>(slot) + 1);
  }
}

// A window's positives merged with its negatives once for all its resamples (a resample changes the weights,
// not the scores): per run of equal positive scores, three doubles at `runs`: the index after the run among
// the positives, the negatives below its score and the negatives up to and including it. Returns the runs.
export function mergeRuns(pos: usize, np: i32, neg: usize, nn: i32, runs: usize): i32 {
  let count = 0;
  let j = 0;
  let i = 0;
  while (i < np) {
    const value = at(pos, i);
    while (j < nn && at(neg, j) < value) j++;
    let k = j;
    while (k < nn && at(neg, k) == value) k++;
    while (i < np && at(pos, i) == value) i++;
    const run = runs + ((<usize>count * 3) << 3);
    store<f64>(run, <f64>i);
    store<f64>(run, <f64>j, 8);
    store<f64>(run, <f64>k, 16);
    count++;
  }
  return count;
}

// weightedAuc over a window's merged runs: the same value bit for bit (every weight is a whole count of
// draws, so every sum below is an exact whole or half number whatever its order), without the merge's
// data-dependent turns, which a walk over random scores mispredicts about once an event. `below` has room
// for nn + 1 running sums of the negatives' weights.
export function runsAuc(
  runs: usize,
  count: i32,
  np: i32,
  nn: i32,
  posWeights: usize,
  negWeights: usize,
  below: usize,
): f64 {
  let negatives: f64 = 0;
  store<f64>(below, 0);
  for (let j = 0; j < nn; j++) {
    negatives += at(negWeights, j);
    store<f64>(below + ((<usize>j + 1) << 3), negatives);
  }
  let pairs: f64 = 0;
  let positives: f64 = 0;
  let i = 0;
  for (let r = 0; r < count; r++) {
    const run = runs + ((<usize>r * 3) << 3);
    const end = <i32>load<f64>(run);
    let tiedPositives: f64 = 0;
    for (; i < end; i++) tiedPositives += at(posWeights, i);
    const negativesBelow = at(below, <i32>load<f64>(run, 8));
    const tiedNegatives = at(below, <i32>load<f64>(run, 16)) - negativesBelow;
    pairs += tiedPositives * (negativesBelow + 0.5 * tiedNegatives);
    positives += tiedPositives;
  }
  return pairs / (positives * negatives);
}

// Resampled AUC of one window, stratified: its positives and its negatives are drawn separately, so every
// resample keeps the window's class counts (as pROC's default bootstrap does).
function resampledAuc(
  state: usize,
  runs: usize,
  count: i32,
  np: i32,
  nn: i32,
  weights: usize,
  below: usize,
): f64 {
  const negWeights = weights + (<usize>np << 3);
  resample(state, np, weights);
  resample(state, nn, negWeights);
  return runsAuc(runs, count, np, nn, weights, negWeights, below);
}

// For each of `resamples` rounds: the reference window resampled, then the current one, and out[b] the
// current AUC minus the reference AUC. `weights` is scratch of bootstrapScratch doubles
// (src/kernel/kernel.ts): the larger window's events, then nn + 1 running sums for the larger nn, then the
// two windows' merged runs (three a positive at most).
export function bootstrapAucChange(
  refPos: usize,
  refNp: i32,
  refNeg: usize,
  refNn: i32,
  curPos: usize,
  curNp: i32,
  curNeg: usize,
  curNn: i32,
  seed: u32,
  weights: usize,
  out: usize,
  resamples: i32,
): void {
  const state = STATE;
  store<u32>(state, seed);
  const below = weights + (<usize>max(refNp + refNn, curNp + curNn) << 3);
  const refRuns = below + ((<usize>max(refNn, curNn) + 1) << 3);
  const curRuns = refRuns + ((<usize>refNp * 3) << 3);
  const refCount = mergeRuns(refPos, refNp, refNeg, refNn, refRuns);
  const curCount = mergeRuns(curPos, curNp, curNeg, curNn, curRuns);
  for (let b = 0; b < resamples; b++) {
    const reference = resampledAuc(state, refRuns, refCount, refNp, refNn, weights, below);
    const current = resampledAuc(state, curRuns, curCount, curNp, curNn, weights, below);
    store<f64>(out + (<usize>b << 3), current - reference);
  }
}

// Root mean of the squared errors, each weighted by how often it was drawn.
function resampledRmse(state: usize, squaredErrors: usize, n: i32, weights: usize): f64 {
  resample(state, n, weights);
  let sum: f64 = 0;
  for (let i = 0; i < n; i++) sum += at(weights, i) * at(squaredErrors, i);
  return Math.sqrt(sum / <f64>n);
}

// As bootstrapAucChange, for the RMSE of two windows given their squared errors.
export function bootstrapRmseChange(
  refSquared: usize,
  nr: i32,
  curSquared: usize,
  nc: i32,
  seed: u32,
  weights: usize,
  out: usize,
  resamples: i32,
): void {
  const state = STATE;
  store<u32>(state, seed);
  for (let b = 0; b < resamples; b++) {
    const reference = resampledRmse(state, refSquared, nr, weights);
    const current = resampledRmse(state, curSquared, nc, weights);
    store<f64>(out + (<usize>b << 3), current - reference);
  }
}
