import { readFileSync } from 'node:fs';

/** A golden JSON file of test/fixtures/, made by the Python script of the same name. */
export function scipyFixture<T>(
  name: 'pvalues' | 'compare' | 'performance' | 'estimate' | 'betabinom' | 'mood',
): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8')) as T;
}

/** The agreement the project promises for p-values: within max(1e-6·p, 1e-12) of SciPy's. */
export function closeToScipy(ours: number, scipy: number): boolean {
  return Math.abs(ours - scipy) <= Math.max(1e-6 * Math.abs(scipy), 1e-12);
}
