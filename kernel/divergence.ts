// Divergences between two histograms given as shares (k bins each). PSI and KL replace an empty bin's
// share by `epsilon` without renormalising, so a bin that empties or appears costs a bounded amount.

@inline
function smoothed(share: f64, epsilon: f64): f64 {
  return share == 0 ? epsilon : share;
}

// Population stability index: sum of (current - reference) * ln(current / reference).
export function psi(reference: usize, current: usize, k: i32, epsilon: f64): f64 {
  let sum: f64 = 0;
  for (let i = 0; i < k; i++) {
    const r = smoothed(load<f64>(reference + (<usize>i << 3)), epsilon);
    const c = smoothed(load<f64>(current + (<usize>i << 3)), epsilon);
    sum += (c - r) * Math.log(c / r);
  }
  return sum;
}

// Kullback-Leibler divergence KL(reference || current), natural log.
export function kl(reference: usize, current: usize, k: i32, epsilon: f64): f64 {
  let sum: f64 = 0;
  for (let i = 0; i < k; i++) {
    const r = smoothed(load<f64>(reference + (<usize>i << 3)), epsilon);
    const c = smoothed(load<f64>(current + (<usize>i << 3)), epsilon);
    sum += r * Math.log(r / c);
  }
  return sum;
}

@inline
function relativeEntropy(x: f64, y: f64): f64 {
  return x > 0 ? x * Math.log(x / y) : 0;
}

// Jensen-Shannon distance (the square root of the divergence), natural log, on unsmoothed shares, each
// histogram normalised to sum 1 first as SciPy's jensenshannon does.
export function jsDistance(reference: usize, current: usize, k: i32): f64 {
  let referenceTotal: f64 = 0;
  let currentTotal: f64 = 0;
  for (let i = 0; i < k; i++) {
    referenceTotal += load<f64>(reference + (<usize>i << 3));
    currentTotal += load<f64>(current + (<usize>i << 3));
  }
  let sum: f64 = 0;
  for (let i = 0; i < k; i++) {
    const p = load<f64>(reference + (<usize>i << 3)) / referenceTotal;
    const q = load<f64>(current + (<usize>i << 3)) / currentTotal;
    const m = (p + q) / 2;
    sum += relativeEntropy(p, m) + relativeEntropy(q, m);
  }
  return Math.sqrt(sum / 2);
}
