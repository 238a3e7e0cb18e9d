/**
 * Pelz & Good (1976) asymptotic expansion of P(D_n <= d) for small z = sqrt(n) * d:
 *
 *   P ~ K0(z) + K1(z)/sqrt(n) + K2(z)/n + K3(z)/n^(3/2),
 *
 * the Li-Chien / Korolyuk series rewritten through Jacobi's theta transformation so that it
 * converges fast for small z. The sums over odd m = 2k - 1 (weights e^(-pi^2 m^2 / (8 z^2))) and
 * over k (weights e^(-pi^2 k^2 / (2 z^2))) are cut at k = ceil(16 z / pi), where the next weight is
 * below e^(-128); the odd-m sums are evaluated Horner-style in q = e^(-pi^2 / (8 z^2)).
 */
export function kolmogorovCdfPelzGood(n: number, d: number): number {
  const pi2 = Math.PI ** 2;
  const pi4 = pi2 ** 2;
  const pi6 = pi4 * pi2;
  const z = Math.sqrt(n) * d;
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const terms = Math.ceil((16 * z) / Math.PI);

  const q = Math.exp(-pi2 / 8 / z2);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let k = terms; k >= 1; k--) {
    const m2 = (2 * k - 1) ** 2;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const step = q ** (8 * k);
    s0 = 1 + step * s0;
    s1 = -z2 + (pi2 / 4) * m2 + step * s1;
    s2 = 6 * z6 + 2 * z4 + ((2 * z4 - 5 * z2) * pi2 * m2) / 4 + (pi4 * (1 - 2 * z2) * m4) / 16 + step * s2;
    s3 =
      -30 * z6 -
      90 * z4 * z4 +
      (pi2 * (135 * z4 - 96 * z6) * m2) / 4 +
      (pi4 * (212 * z4 - 60 * z2) * m4) / 16 +
      (pi6 * (5 - 30 * z2) * m6) / 64 +
      step * s3;
  }

  const q2 = Math.exp(-pi2 / 2 / z2);
  let e2 = 0;
  let e3 = 0;
  for (let k = terms; k >= 1; k--) {
    const weight = k * k * q2 ** (k * k);
    e2 += weight;
    e3 += (3 * z2 - pi2 * k * k) * weight;
  }

  const root2pi = Math.sqrt(2 * Math.PI);
  const k0 = (root2pi * q * s0) / z;
  const k1 = (root2pi * q * s1) / (6 * z4);
  const k2 = (root2pi * q * s2) / (72 * z6 * z) - (pi2 * root2pi * e2) / (36 * z2 * z);
  const k3 = (root2pi * q * s3) / (6480 * z4 * z6) + (pi2 * root2pi * e3) / (216 * z6);
  return k0 + k1 / Math.sqrt(n) + k2 / n + k3 / (n * Math.sqrt(n));
}
