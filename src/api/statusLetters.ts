// A history's statuses are one letter per run (see HistoryResponse): shared by the server and the page.

export const statusLetters: Readonly<Record<string, string>> = Object.freeze({
  ok: 'o',
  warning: 'w',
  alert: 'a',
  insufficient_data: 'i',
  error: 'e',
});

/** The letter of a status; a status this build does not know counts as an error, none is '-'. */
export const letterOf = (status: string | null) => (status === null ? '-' : (statusLetters[status] ?? 'e'));

/** The status of a letter; null for '-' (no row in that run). */
export const statusOfLetter = (letter: string | undefined): string | null =>
  Object.entries(statusLetters).find(([, l]) => l === letter)?.[0] ?? null;
