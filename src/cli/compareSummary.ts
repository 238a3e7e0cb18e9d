import type { DriftResult } from '../compare/result.js';

const figure = (value: number | null | undefined, digits = 4) =>
  value === null || value === undefined ? '-' : Number(value.toPrecision(digits)).toString();

/** One line for a terminal: `alert: PSI 0.4123, KS D 0.1833 (p 1.2e-05), 200 vs 150 values, numeric`. */
export function compareSummaryLine(result: DriftResult): string {
  const ks = result.ks ? `, KS D ${figure(result.ks.statistic)} (p ${figure(result.ks.pvalue, 2)})` : '';
  const chi2 = result.chi2
    ? `, chi2 ${figure(result.chi2.statistic)} (p ${figure(result.chi2.pvalue, 2)})`
    : '';
  const counts = `${result.reference.count} vs ${result.current.count} values`;
  return `${result.status}: PSI ${figure(result.psi)}${ks}${chi2}, ${counts}, ${result.kind}`;
}

/** `--format table`: the summary line, then each statistic and both windows' summaries, aligned. */
export function compareTable(result: DriftResult): string {
  const rows: [string, string, string][] = [
    ['', 'reference', 'current'],
    ['count', String(result.reference.count), String(result.current.count)],
    ['missing', String(result.reference.missing), String(result.current.missing)],
    ['mean', figure(result.reference.mean), figure(result.current.mean)],
    ['min', figure(result.reference.min), figure(result.current.min)],
    ['max', figure(result.reference.max), figure(result.current.max)],
  ];
  const statistics: [string, number | null | undefined][] = [
    ['psi', result.psi],
    ['kl', result.kl],
    ['js', result.js],
    ['wasserstein', result.wasserstein],
    ['ks_statistic', result.ks?.statistic],
    ['ks_pvalue', result.ks?.pvalue],
    ['chi2_pvalue', result.chi2?.pvalue],
  ];
  const width = Math.max(...rows.map(([name]) => name.length), ...statistics.map(([name]) => name.length));
  const column = Math.max(...rows.flatMap(([, a, b]) => [a.length, b.length]));
  return [
    compareSummaryLine(result),
    '',
    ...rows.map(([name, a, b]) => `${name.padEnd(width)}  ${a.padStart(column)}  ${b.padStart(column)}`),
    '',
    ...statistics
      .filter(([, value]) => value !== null && value !== undefined)
      .map(([name, value]) => `${name.padEnd(width)}  ${figure(value, 6)}`),
  ].join('\n');
}
