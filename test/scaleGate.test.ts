import { beforeAll, describe, expect, it } from 'vitest';
import { compare } from '../src/compare/compare.js';
import type { DriftResult } from '../src/compare/result.js';
import type { Kernel } from '../src/kernel/kernel.js';
import { loadWasmKernel } from '../src/kernel/wasmKernel.js';
import { gatePValue } from '../src/signal/gatePValue.js';
import { uniforms } from './support/uniforms.js';

// compare() on two arrays gates with a = 1 and a family of one: the gate keeps a status when the gate's
// p-value is below gateAlpha (0.01). The sizes are the signal bench's low-traffic hour against its phase.
const [hourRows, phaseRows, gateAlpha] = [60, 1680, 0.01];

let kernel: Kernel;
beforeAll(async () => {
  kernel = await loadWasmKernel();
});

/** n standard normal draws times `scale`, by Box–Muller over the tests' seeded uniforms. */
function normals(n: number, scale: number, seed: number): number[] {
  const u = uniforms(seed);
  return Array.from(
    { length: n },
    () => scale * Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()),
  );
}

async function hours(scale: number, pairs: number): Promise<DriftResult[]> {
  const results: DriftResult[] = [];
  for (let seed = 1; seed <= pairs; seed++) {
    results.push(
      await compare(normals(phaseRows, 1, 2 * seed), normals(hourRows, scale, 2 * seed + 1), { kernel }),
    );
  }
  return results;
}

const share = (results: DriftResult[], kept: (r: DriftResult) => boolean) =>
  results.filter(kept).length / results.length;

describe('the gate reads a change of scale (Mood’s test)', () => {
  it('a ×1.5 scale change of 60 rows against a phase of 1,680 passes the gate (4 hours in 5)', async () => {
    const results = await hours(1.5, 200);
    const passes = (r: DriftResult) => (r.gate?.pvalue as number) < gateAlpha;
    const withoutMood = (r: DriftResult) =>
      (2 / 3) * (gatePValue({ ...r, status: r.driftStatus, mood: null }, 1) as number) < gateAlpha;
    // About 80% of the hours pass (1.5σ on 60 rows is near what can be shown); 2·min(p_KS, p_χ) passed 39%.
    expect(share(results, passes)).toBeGreaterThan(0.75);
    expect(share(results, withoutMood)).toBeLessThan(0.5);
    // Whatever the seed's rules said stays: every flagged hour that passes keeps its status.
    for (const r of results.filter(passes)) expect(r.driftStatus).toBe(r.gate?.statusBeforeGate);
  });

  it('60 rows drawn like the reference stay ok (false passes at most gateAlpha)', async () => {
    const results = await hours(1, 400);
    expect(share(results, (r) => r.driftStatus !== 'ok')).toBeLessThanOrEqual(gateAlpha);
    expect(share(results, (r) => (r.gate?.pvalue as number) < gateAlpha)).toBeLessThanOrEqual(gateAlpha);
    // The seed's rules alone flag many of them: the gate is what keeps them ok.
    expect(share(results, (r) => r.gate?.statusBeforeGate !== 'ok')).toBeGreaterThan(0.2);
  });

  it('stores Mood’s z (current against reference, > 0 when the current is wider) with the battery', async () => {
    const [wider] = await hours(1.5, 1);
    const narrower = await compare(normals(phaseRows, 1, 2), normals(hourRows, 0.5, 3), { kernel });
    expect(wider?.mood?.statistic).toBeGreaterThan(0);
    expect(narrower.mood?.statistic).toBeLessThan(0);
    expect((await compare(['a', 'b', 'a'], ['b', 'b', 'a'], { kernel })).mood).toBeNull();
  });
});
