/**
 * Holm's step-down adjustment of a family's p-values (null: no test, left out of the family):
 * p_(i) sorted ascending becomes max over j <= i of min(1, (m − j) · p_(j)), j counted from 0.
 */
export function holm(pvalues: readonly (number | null)[]): (number | null)[] {
  const tested = pvalues
    .map((p, i) => [p, i] as const)
    .filter((entry): entry is readonly [number, number] => entry[0] !== null)
    .sort(([a], [b]) => a - b);
  const adjusted: (number | null)[] = pvalues.map(() => null);
  let running = 0;
  tested.forEach(([p, i], j) => {
    running = Math.max(running, Math.min(1, (tested.length - j) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
