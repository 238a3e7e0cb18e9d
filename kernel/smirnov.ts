// The generic sum of the one-sided Kolmogorov-Smirnov survival function P(D+_n >= x) (Smirnov 1944,
// Birnbaum & Tingey 1951), the same operations in the same order as src/stats/smirnovSum.ts, whose
// comments derive it:
//
//   (1-x)^n + sum_{v>=1} nx / (nx + v) * Binomial(n, x + v/n){v},  stopping as the TypeScript does.
//
// At n = 500,000 (1M against 1M) the sum runs over some 4.5·10^5 terms of about 20 divisions each, so the
// terms are formed four at a time, two pairs in f64x2 lanes (a lane divides as fast as a scalar, and two
// pairs keep twice the chains of dependent divisions in flight: 18 -> 13 ms at n = 500,000 here), and added
// one by one, in order, each followed by the stopping test; the ends of the range take pairs or single
// terms. exp and log are the host's (see hostMath.ts).
import { exp, log, log1p } from './hostMath';

@inline
function stirlingSeries(a: f64): f64 {
  const r = 1.0 / (a * a);
  return (1.0 / 12.0 - (1.0 / 360.0 - (1.0 / 1260.0 - (1.0 / 1680.0 - r / 1188.0) * r) * r) * r) / a;
}

// Loader's Stirling error; below 16 the argument is shifted up, as src/stats/stirlingError.ts does.
function stirlingError(a: f64): f64 {
  if (a >= 16) return stirlingSeries(a);
  const shift = Math.ceil(16 - a);
  const b = a + shift;
  let rising: f64 = 1;
  for (let i: f64 = 1; i <= shift; i++) rising *= a + i;
  return stirlingSeries(b) + (b + 0.5) * log(b) - (a + 0.5) * log(a) - shift - log(rising);
}

// Loader's bd0, as src/stats/binomialDeviance.ts.
function binomialDeviance(x: f64, mean: f64): f64 {
  if (abs<f64>(x - mean) < 0.1 * (x + mean)) {
    const v = (x - mean) / (x + mean);
    const v2 = v * v;
    let sum = (x - mean) * v;
    let power = 2 * x * v;
    for (let j = 1; ; j++) {
      power *= v2;
      const next = sum + power / <f64>(2 * j + 1);
      if (next == sum) return sum;
      sum = next;
    }
  }
  return x * log(x / mean) + mean - x;
}

// The sum's term v: binomialPmf(v, n, nx + v, n - v - nx) * nx / (nx + v), with stirlingError(n) given.
function term(v: f64, n: f64, nx: f64, stirlingN: f64): f64 {
  const exponent =
    stirlingN -
    stirlingError(v) -
    stirlingError(n - v) -
    binomialDeviance(v, nx + v) -
    binomialDeviance(n - v, n - v - nx);
  const pmf = exp(exponent) * Math.sqrt(n / (2 * Math.PI * v * (n - v)));
  return (pmf * nx) / (nx + v);
}

@inline
function stirlingSeries2(a: v128): v128 {
  const r = f64x2.div(f64x2.splat(1), f64x2.mul(a, a));
  let s = f64x2.sub(f64x2.splat(1.0 / 1680.0), f64x2.div(r, f64x2.splat(1188)));
  s = f64x2.sub(f64x2.splat(1.0 / 1260.0), f64x2.mul(s, r));
  s = f64x2.sub(f64x2.splat(1.0 / 360.0), f64x2.mul(s, r));
  s = f64x2.sub(f64x2.splat(1.0 / 12.0), f64x2.mul(s, r));
  return f64x2.div(s, a);
}

// The second answer of binomialDeviances (a function returns one value).
let secondDeviance: v128 = f64x2.splat(0);

// binomialDeviance of (x, mean) and of (y, yMean), both lanes each: a term's two deviances are independent,
// and one loop running both series side by side keeps two chains of divisions in flight (about 9% of the
// sum at n = 500,000). Each lane's series runs until that lane's sum stops changing, exactly as the scalar
// loop; a lane outside the series' range takes the logarithm instead. Returns the first, the second goes
// to secondDeviance.
function binomialDeviances(x: v128, mean: v128, y: v128, yMean: v128): v128 {
  const difference = f64x2.sub(x, mean);
  const total = f64x2.add(x, mean);
  const series = f64x2.lt(f64x2.abs(difference), f64x2.mul(f64x2.splat(0.1), total));
  const yDifference = f64x2.sub(y, yMean);
  const yTotal = f64x2.add(y, yMean);
  const ySeries = f64x2.lt(f64x2.abs(yDifference), f64x2.mul(f64x2.splat(0.1), yTotal));
  let sum = difference;
  let ySum = yDifference;
  if (v128.any_true(v128.or(series, ySeries))) {
    const v = f64x2.div(difference, total);
    const v2 = f64x2.mul(v, v);
    sum = f64x2.mul(difference, v);
    let power = f64x2.mul(f64x2.mul(f64x2.splat(2), x), v);
    const w = f64x2.div(yDifference, yTotal);
    const w2 = f64x2.mul(w, w);
    ySum = f64x2.mul(yDifference, w);
    let yPower = f64x2.mul(f64x2.mul(f64x2.splat(2), y), w);
    let active = series;
    let yActive = ySeries;
    for (let j = 1; v128.any_true(v128.or(active, yActive)); j++) {
      const odd = f64x2.splat(<f64>(2 * j + 1));
      power = f64x2.mul(power, v2);
      yPower = f64x2.mul(yPower, w2);
      const next = f64x2.add(sum, f64x2.div(power, odd));
      const yNext = f64x2.add(ySum, f64x2.div(yPower, odd));
      active = v128.andnot(active, f64x2.eq(next, sum));
      yActive = v128.andnot(yActive, f64x2.eq(yNext, ySum));
      sum = v128.bitselect(next, sum, active);
      ySum = v128.bitselect(yNext, ySum, yActive);
    }
  }
  secondDeviance = logged(y, yMean, ySum, ySeries);
  return logged(x, mean, sum, series);
}

// The lanes outside the series' range by the logarithm.
@inline
function logged(x: v128, mean: v128, sum: v128, series: v128): v128 {
  if (v128.all_true<i64>(series)) return sum;
  const ratio = f64x2.div(x, mean);
  const logs = f64x2(log(f64x2.extract_lane(ratio, 0)), log(f64x2.extract_lane(ratio, 1)));
  const direct = f64x2.sub(f64x2.add(f64x2.mul(x, logs), mean), x);
  return v128.bitselect(sum, direct, series);
}

// Terms v and v + 1 in two lanes, for v >= 16 and n - v - 1 >= 16 (no shifted Stirling error).
function termPair(v: f64, n: f64, nx: f64, stirlingN: f64): v128 {
  const k = f64x2(v, v + 1);
  const total = f64x2.splat(n);
  const mean = f64x2.splat(nx);
  const rest = f64x2.sub(total, k);
  let exponent = f64x2.sub(f64x2.splat(stirlingN), stirlingSeries2(k));
  exponent = f64x2.sub(exponent, stirlingSeries2(rest));
  const shifted = f64x2.add(mean, k);
  const first = binomialDeviances(k, shifted, rest, f64x2.sub(rest, mean));
  exponent = f64x2.sub(exponent, first);
  exponent = f64x2.sub(exponent, secondDeviance);
  const exps = f64x2(exp(f64x2.extract_lane(exponent, 0)), exp(f64x2.extract_lane(exponent, 1)));
  const spread = f64x2.mul(f64x2.mul(f64x2.splat(2 * Math.PI), k), rest);
  const pmf = f64x2.mul(exps, f64x2.sqrt(f64x2.div(total, spread)));
  return f64x2.div(f64x2.mul(pmf, mean), shifted);
}

// The other three answers of binomialDeviances4.
let devianceYA: v128 = f64x2.splat(0);
let devianceXB: v128 = f64x2.splat(0);
let devianceYB: v128 = f64x2.splat(0);

// binomialDeviances for two pairs of terms at once: four series side by side, each lane exactly as the
// scalar loop (a lane's series stops when its own sum stops changing). A term's work is a chain of dependent
// divisions that waits on latency, not on the divider: four chains in flight instead of two nearly halve
// the sum's time. Returns (x_a, mean_a)'s; the others go to devianceYA, devianceXB and devianceYB.
function binomialDeviances4(
  xa: v128,
  meanA: v128,
  ya: v128,
  yMeanA: v128,
  xb: v128,
  meanB: v128,
  yb: v128,
  yMeanB: v128,
): v128 {
  const tenth = f64x2.splat(0.1);
  const differenceXA = f64x2.sub(xa, meanA);
  const totalXA = f64x2.add(xa, meanA);
  const seriesXA = f64x2.lt(f64x2.abs(differenceXA), f64x2.mul(tenth, totalXA));
  const differenceYA = f64x2.sub(ya, yMeanA);
  const totalYA = f64x2.add(ya, yMeanA);
  const seriesYA = f64x2.lt(f64x2.abs(differenceYA), f64x2.mul(tenth, totalYA));
  const differenceXB = f64x2.sub(xb, meanB);
  const totalXB = f64x2.add(xb, meanB);
  const seriesXB = f64x2.lt(f64x2.abs(differenceXB), f64x2.mul(tenth, totalXB));
  const differenceYB = f64x2.sub(yb, yMeanB);
  const totalYB = f64x2.add(yb, yMeanB);
  const seriesYB = f64x2.lt(f64x2.abs(differenceYB), f64x2.mul(tenth, totalYB));
  let sumXA = differenceXA;
  let sumYA = differenceYA;
  let sumXB = differenceXB;
  let sumYB = differenceYB;
  if (v128.any_true(v128.or(v128.or(seriesXA, seriesYA), v128.or(seriesXB, seriesYB)))) {
    const two = f64x2.splat(2);
    const vXA = f64x2.div(differenceXA, totalXA);
    const vYA = f64x2.div(differenceYA, totalYA);
    const vXB = f64x2.div(differenceXB, totalXB);
    const vYB = f64x2.div(differenceYB, totalYB);
    const v2XA = f64x2.mul(vXA, vXA);
    const v2YA = f64x2.mul(vYA, vYA);
    const v2XB = f64x2.mul(vXB, vXB);
    const v2YB = f64x2.mul(vYB, vYB);
    sumXA = f64x2.mul(differenceXA, vXA);
    sumYA = f64x2.mul(differenceYA, vYA);
    sumXB = f64x2.mul(differenceXB, vXB);
    sumYB = f64x2.mul(differenceYB, vYB);
    let powerXA = f64x2.mul(f64x2.mul(two, xa), vXA);
    let powerYA = f64x2.mul(f64x2.mul(two, ya), vYA);
    let powerXB = f64x2.mul(f64x2.mul(two, xb), vXB);
    let powerYB = f64x2.mul(f64x2.mul(two, yb), vYB);
    let activeXA = seriesXA;
    let activeYA = seriesYA;
    let activeXB = seriesXB;
    let activeYB = seriesYB;
    for (
      let j = 1;
      v128.any_true(v128.or(v128.or(activeXA, activeYA), v128.or(activeXB, activeYB)));
      j++
    ) {
      const odd = f64x2.splat(<f64>(2 * j + 1));
      powerXA = f64x2.mul(powerXA, v2XA);
      powerYA = f64x2.mul(powerYA, v2YA);
      powerXB = f64x2.mul(powerXB, v2XB);
      powerYB = f64x2.mul(powerYB, v2YB);
      const nextXA = f64x2.add(sumXA, f64x2.div(powerXA, odd));
      const nextYA = f64x2.add(sumYA, f64x2.div(powerYA, odd));
      const nextXB = f64x2.add(sumXB, f64x2.div(powerXB, odd));
      const nextYB = f64x2.add(sumYB, f64x2.div(powerYB, odd));
      activeXA = v128.andnot(activeXA, f64x2.eq(nextXA, sumXA));
      activeYA = v128.andnot(activeYA, f64x2.eq(nextYA, sumYA));
      activeXB = v128.andnot(activeXB, f64x2.eq(nextXB, sumXB));
      activeYB = v128.andnot(activeYB, f64x2.eq(nextYB, sumYB));
      sumXA = v128.bitselect(nextXA, sumXA, activeXA);
      sumYA = v128.bitselect(nextYA, sumYA, activeYA);
      sumXB = v128.bitselect(nextXB, sumXB, activeXB);
      sumYB = v128.bitselect(nextYB, sumYB, activeYB);
    }
  }
  devianceYA = logged(ya, yMeanA, sumYA, seriesYA);
  devianceXB = logged(xb, meanB, sumXB, seriesXB);
  devianceYB = logged(yb, yMeanB, sumYB, seriesYB);
  return logged(xa, meanA, sumXA, seriesXA);
}

// The second pair of termQuad.
let secondPair: v128 = f64x2.splat(0);

// Terms v … v + 3 as termPair forms v, v + 1 and v + 2, v + 3, the two pairs interleaved; for v >= 16 and
// n - v - 3 >= 16. Returns terms v and v + 1, the others go to secondPair.
function termQuad(v: f64, n: f64, nx: f64, stirlingN: f64): v128 {
  const ka = f64x2(v, v + 1);
  const kb = f64x2(v + 2, v + 3);
  const total = f64x2.splat(n);
  const mean = f64x2.splat(nx);
  const restA = f64x2.sub(total, ka);
  const restB = f64x2.sub(total, kb);
  let exponentA = f64x2.sub(f64x2.splat(stirlingN), stirlingSeries2(ka));
  let exponentB = f64x2.sub(f64x2.splat(stirlingN), stirlingSeries2(kb));
  exponentA = f64x2.sub(exponentA, stirlingSeries2(restA));
  exponentB = f64x2.sub(exponentB, stirlingSeries2(restB));
  const shiftedA = f64x2.add(mean, ka);
  const shiftedB = f64x2.add(mean, kb);
  const firstA = binomialDeviances4(
    ka,
    shiftedA,
    restA,
    f64x2.sub(restA, mean),
    kb,
    shiftedB,
    restB,
    f64x2.sub(restB, mean),
  );
  exponentA = f64x2.sub(exponentA, firstA);
  exponentB = f64x2.sub(exponentB, devianceXB);
  exponentA = f64x2.sub(exponentA, devianceYA);
  exponentB = f64x2.sub(exponentB, devianceYB);
  const expsA = f64x2(exp(f64x2.extract_lane(exponentA, 0)), exp(f64x2.extract_lane(exponentA, 1)));
  const expsB = f64x2(exp(f64x2.extract_lane(exponentB, 0)), exp(f64x2.extract_lane(exponentB, 1)));
  const twoPi = f64x2.splat(2 * Math.PI);
  const pmfA = f64x2.mul(expsA, f64x2.sqrt(f64x2.div(total, f64x2.mul(f64x2.mul(twoPi, ka), restA))));
  const pmfB = f64x2.mul(expsB, f64x2.sqrt(f64x2.div(total, f64x2.mul(f64x2.mul(twoPi, kb), restB))));
  secondPair = f64x2.div(f64x2.mul(pmfB, mean), shiftedB);
  return f64x2.div(f64x2.mul(pmfA, mean), shiftedA);
}

// Adds one term; true when the sum is to stop after it.
@inline
function stops(v: f64, term: f64, sum: f64, n: f64, lastV: f64): bool {
  if (term != 0) return 4 * (lastV - v + 1) * term < f64.EPSILON * sum;
  return v > n / 2;
}

// The sum for 1/n < x < 1 - 1/n and n * x * x not negligible (smirnovSf handles the rest), before the
// final min(sum, 1).
export function smirnovSum(n: f64, x: f64): f64 {
  const nx = n * x;
  const lastV = n - Math.floor(nx) - 1;
  const stirlingN = stirlingError(n);
  let sum = exp(n * log1p(-x));
  let v: f64 = 1;
  while (v <= lastV) {
    if (v >= 16 && v + 3 <= lastV && n - v - 3 >= 16) {
      const first = termQuad(v, n, nx, stirlingN);
      const second = secondPair;
      const t0 = f64x2.extract_lane(first, 0);
      sum += t0;
      if (stops(v, t0, sum, n, lastV)) break;
      const t1 = f64x2.extract_lane(first, 1);
      sum += t1;
      if (stops(v + 1, t1, sum, n, lastV)) break;
      const t2 = f64x2.extract_lane(second, 0);
      sum += t2;
      if (stops(v + 2, t2, sum, n, lastV)) break;
      const t3 = f64x2.extract_lane(second, 1);
      sum += t3;
      if (stops(v + 3, t3, sum, n, lastV)) break;
      v += 4;
    } else if (v >= 16 && v + 1 <= lastV && n - v - 1 >= 16) {
      const pair = termPair(v, n, nx, stirlingN);
      const first = f64x2.extract_lane(pair, 0);
      sum += first;
      if (stops(v, first, sum, n, lastV)) break;
      const second = f64x2.extract_lane(pair, 1);
      sum += second;
      if (stops(v + 1, second, sum, n, lastV)) break;
      v += 2;
    } else {
      const single = term(v, n, nx, stirlingN);
      sum += single;
      if (stops(v, single, sum, n, lastV)) break;
      v += 1;
    }
  }
  return sum;
}
