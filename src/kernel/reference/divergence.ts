function smoothed(share: number, epsilon: number): number {
  return share === 0 ? epsilon : share;
}

export function psi(reference: Float64Array, current: Float64Array, epsilon: number): number {
  let sum = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = smoothed(reference[i] as number, epsilon);
    const c = smoothed(current[i] as number, epsilon);
    sum += (c - r) * Math.log(c / r);
  }
  return sum;
}

export function kl(reference: Float64Array, current: Float64Array, epsilon: number): number {
  let sum = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = smoothed(reference[i] as number, epsilon);
    const c = smoothed(current[i] as number, epsilon);
    sum += r * Math.log(r / c);
  }
  return sum;
}

function relativeEntropy(x: number, y: number): number {
  return x > 0 ? x * Math.log(x / y) : 0;
}

export function jsDistance(reference: Float64Array, current: Float64Array): number {
  let referenceTotal = 0;
  let currentTotal = 0;
  for (let i = 0; i < reference.length; i++) {
    referenceTotal += reference[i] as number;
    currentTotal += current[i] as number;
  }
  let sum = 0;
  for (let i = 0; i < reference.length; i++) {
    const p = (reference[i] as number) / referenceTotal;
    const q = (current[i] as number) / currentTotal;
    const m = (p + q) / 2;
    sum += relativeEntropy(p, m) + relativeEntropy(q, m);
  }
  return Math.sqrt(sum / 2);
}
