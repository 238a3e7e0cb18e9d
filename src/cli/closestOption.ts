/** The edit distance (insertions, deletions, substitutions) between two strings. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(
        (previous[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = row;
  }
  return previous[b.length] as number;
}

/**
 * The known option nearest to an unknown one (`--max-row` → `--max-rows`), when it is near enough to be a
 * typo: at most a third of its letters off, or the unknown one a prefix of it.
 */
export function closestOption(unknown: string, known: readonly string[]): string | undefined {
  const name = unknown.replace(/^-+/, '').split('=')[0] ?? '';
  let best: { option: string; cost: number } | undefined;
  for (const option of known) {
    const cost = option.startsWith(name) && name.length >= 2 ? 0 : distance(name, option);
    if (cost <= Math.max(1, Math.floor(option.length / 3)) && (best === undefined || cost < best.cost)) {
      best = { option, cost };
    }
  }
  return best && `--${best.option}`;
}
