/** Rows of ranks [start, end) among the ordered rows, keeping every `stride`-th from `start`. */
export interface RankWindow {
  start: number;
  end: number;
  stride: number;
}

const PARTS = 1_000_000_000n;

/**
 * The window [floor(from·N), floor(to·N)) of N ordered rows, thinned to at most `cap` rows by keeping every
 * k-th, k = ceil(rows / cap). Fractions are taken to parts per billion and multiplied exactly, so that
 * floor(0.7·N) is never off by one through binary rounding.
 */
export function rankWindow(rows: number, from: number, to: number, cap: number): RankWindow {
  checkWindowFractions(from, to);
  const at = (fraction: number) => Number((BigInt(Math.round(fraction * 1e9)) * BigInt(rows)) / PARTS);
  const start = at(from);
  const end = at(to);
  return { start, end, stride: Math.max(1, Math.ceil((end - start) / cap)) };
}

export function checkWindowFractions(from: number, to: number): void {
  if (!(from >= 0 && from <= to && to <= 1)) {
    throw new RangeError(`a window needs 0 <= from <= to <= 1, got from ${from} and to ${to}`);
  }
}
