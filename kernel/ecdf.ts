// The two statistics that compare whole empirical CDFs, from one walk over both sorted samples in merged
// order, one value per step and without branches: which sample the next value comes from is as
// unpredictable as a coin, so a branch would be mispredicted half the time. The CDF gap is kept as the
// integer i·m - j·n, so the walk needs no division.
import { toKey } from './keys';

// The sample's value at i, or +Infinity once it is exhausted (the clamped load stays inside the array).
@inline
function head(sample: usize, i: i32, n: i32): f64 {
  return select<f64>(load<f64>(sample + (<usize>min(i, n - 1) << 3)), Infinity, i < n);
}

// Writes to `out` the Kolmogorov-Smirnov statistic (the largest gap, measured only where the merged value
// changes, so every copy of a tied value is counted first) and the Wasserstein-1 distance (the area
// between the CDFs: each step adds the gap times the distance to the next merged value, 0 between ties).
// Near ±1.8e308 a distance or the area can overflow although the result is finite: then the walk runs
// again with every value times a power of two (exact) that keeps them within ±2, and scales the area back.
// The same walk gives Mood's scale test its untied sum (moodUntiedSum(b, a) of src/stats/moodScaleTest.ts,
// bit for bit, at no cost here where that walk of its own takes a few ms per million values): out[2] the sum over b's values of
// (rank - (n + m + 1)/2)^2, rank counted from 1 in merged order, each square added in b's order (a value of
// a adds 0, which changes nothing); out[3] 1 when two values of the merged order are equal (the sum is then
// not Mood's), else 0.
export function ecdfDistances(a: usize, n: i32, b: usize, m: i32, out: usize): void {
  walk(a, n, b, m, out, 1);
  if (isFinite<f64>(load<f64>(out, 8))) return;
  let largest = max<f64>(max<f64>(abs<f64>(head(a, 0, n)), abs<f64>(head(a, n - 1, n))), abs<f64>(head(b, 0, m)));
  largest = max<f64>(largest, abs<f64>(head(b, m - 1, m)));
  let scale: f64 = 1;
  while (scale < largest / 2) scale *= 2;
  walk(a, n, b, m, out, 1 / scale);
  store<f64>(out, load<f64>(out, 8) * scale, 8);
}

// The walk selects the doubles' bits and compares their order-preserving keys (keys.ts): V8 compiles a
// select of doubles into a branch, which the coin-like choice of sample mispredicts half the time, while a
// select of integers becomes a conditional move. In key order -0 comes before +0 where the doubles tie;
// both orders give the same gaps where the merged value changes and add only zeros to the area in
// between, so the results are those of the double comparison.
const INFINITY_BITS: u64 = 0x7ff0000000000000;

// The sample's bits at i, or +Infinity's once it is exhausted (the clamped load stays inside the array).
@inline
function bitsAt(sample: usize, i: i32, n: i32): u64 {
  return select<u64>(load<u64>(sample + (<usize>min(i, n - 1) << 3)), INFINITY_BITS, i < n);
}

function walk(a: usize, n: i32, b: usize, m: i32, out: usize, unit: f64): void {
  let i = 0;
  let gap: i64 = 0;
  let largest: i64 = 0;
  let area: f64 = 0;
  const center = (<f64>(n + m) + 1) / 2;
  let mood: f64 = 0;
  let tie = false;
  // x and y are the heads of the samples, xNext and yNext the values behind them. The loads for the step
  // after next do not wait for this step's comparison, so each step waits for one compare and a select,
  // not for a load.
  let x = bitsAt(a, 0, n);
  let xNext = bitsAt(a, 1, n);
  let y = bitsAt(b, 0, m);
  let yNext = bitsAt(b, 1, m);
  let fromA = toKey(x) <= toKey(y);
  for (let done = 0; done < n + m; done++) {
    // i values of a and done - i of b are behind the heads.
    const xAfter = bitsAt(a, i + 2, n);
    const yAfter = bitsAt(b, done - i + 2, m);
    const value = reinterpret<f64>(select<u64>(x, y, fromA));
    const offset = <f64>(done + 1) - center;
    const square = offset * offset;
    mood += reinterpret<f64>(select<i64>(0, reinterpret<i64>(square), fromA));
    gap += select<i64>(<i64>m, -(<i64>n), fromA);
    i += <i32>fromA;
    x = select<u64>(xNext, x, fromA);
    xNext = select<u64>(xAfter, xNext, fromA);
    y = select<u64>(y, yNext, fromA);
    yNext = select<u64>(yNext, yAfter, fromA);
    fromA = toKey(x) <= toKey(y);
    const next = reinterpret<f64>(select<u64>(x, y, fromA));
    largest = select<i64>(max(largest, abs(gap)), largest, next != value);
    tie |= next == value;
    // After the last value the gap is 0 and next is +Infinity: skip that 0·Infinity.
    const piece = <f64>abs(gap) * (next * unit - value * unit);
    area += reinterpret<f64>(select<i64>(reinterpret<i64>(piece), 0, gap != 0));
  }
  const scale = <f64>n * <f64>m;
  store<f64>(out, <f64>largest / scale);
  store<f64>(out, area / scale, 8);
  store<f64>(out, mood, 16);
  store<f64>(out, tie ? 1 : 0, 24);
}
