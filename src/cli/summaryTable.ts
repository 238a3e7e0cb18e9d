import type { RunSummary } from '../run/outcome.js';

const fixed = (value: number | null | undefined, digits = 4) =>
  value === null || value === undefined ? '-' : value.toFixed(digits);

/** The run as a plain-text table: one line per model, its worst features by PSI. */
export function summaryTable(summary: RunSummary, worstFeatures = 3): string {
  const rows = summary.models.map((model) => {
    const worst = [...model.features]
      .sort((a, b) => (b.result.psi ?? -1) - (a.result.psi ?? -1))
      .slice(0, worstFeatures)
      .map((f) => `${f.feature} (PSI ${fixed(f.result.psi, 3)}, KS ${fixed(f.result.ks?.statistic, 3)})`)
      .join(', ');
    return [model.model, model.status, fixed(model.score), model.error ?? worst];
  });
  const header = ['model', 'status', 'score', 'worst features'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  const seconds = (summary.finishedAt.getTime() - summary.startedAt.getTime()) / 1000;
  return [
    line(header),
    ...rows.map(line),
    '',
    `run ${summary.runId}: ${summary.outcome}, ${summary.models.length} models in ${seconds.toFixed(1)} s`,
  ].join('\n');
}
