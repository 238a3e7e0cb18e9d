// DOM helpers of the page. Text always goes in through textContent, never as markup.

type Attributes = Readonly<Record<string, string | number | undefined>>;
type Child = Node | string | null | undefined | false;

function fill<E extends Element>(element: E, attributes: Attributes, children: readonly Child[]): E {
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) element.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/** An HTML element; string children become text nodes. */
export function html<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  return fill(document.createElement(tag), attributes, children);
}

const svgNs = 'http://www.w3.org/2000/svg';

/** An SVG element; string children become text nodes. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): SVGElementTagNameMap[K] {
  return fill(document.createElementNS(svgNs, tag), attributes, children);
}

/** A number for people: '–' for none, 3 significant digits below 1, more above, exponents for tiny ones. */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (value === 0) return '0';
  const size = Math.abs(value);
  if (size < 10 ** -digits) return value.toExponential(1);
  if (size >= 1e6) return value.toExponential(2);
  return size < 1 ? value.toFixed(digits) : String(Number(value.toPrecision(Math.max(digits + 1, 4))));
}

/**
 * A p-value for people: one that underflowed to 0 is below anything a double holds near it, not zero.
 */
export const formatPValue = (value: number | null | undefined) =>
  value === 0 ? '< 1e-300' : formatNumber(value);

/** A count with thousands separators. */
export const formatCount = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : Math.round(value).toLocaleString('en-US');

/** A status as people read it. */
export const statusLabel = (status: string | null) =>
  status === null ? 'no run yet' : status.replaceAll('_', ' ');

/** The CSS class of a status: one of a known few, so data never chooses an arbitrary class. */
export function statusClass(status: string | null): string {
  const known = ['ok', 'warning', 'alert', 'insufficient_data', 'error'];
  return `status-${status !== null && known.includes(status) ? status : 'none'}`;
}

/** A small pill naming a status. */
export const statusBadge = (status: string | null, text = statusLabel(status)) =>
  html('span', { class: `badge ${statusClass(status)}` }, text);

/** "5 min ago" for an ISO time, with the exact time in the title. */
export function timeAgo(iso: string | null, now = Date.now()): HTMLElement {
  if (iso === null) return html('span', { class: 'muted' }, 'never');
  const seconds = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (seconds < 60) return html('time', { datetime: iso, title: iso }, 'just now');
  const [amount, unit] =
    seconds < 3600
      ? [seconds / 60, 'min']
      : seconds < 86_400
        ? [seconds / 3600, 'h']
        : [seconds / 86_400, 'd'];
  return html('time', { datetime: iso, title: iso }, `${Math.floor(amount)} ${unit} ago`);
}
