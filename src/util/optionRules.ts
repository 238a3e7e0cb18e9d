import { OptionsError } from './optionsError.js';

/**
 * Options are checked against a table of rules, one line per option, kept beside their defaults: adding an
 * option is adding its line there. A rule lists what is wrong with one value (nothing when it is fine), so
 * every problem of a call is reported at once, in one line.
 */
export type Rule = (value: unknown, name: string) => string[];

/** Throws an OptionsError naming every problem `rule` finds in `value`. */
export function checkOptions(value: unknown, rule: Rule, name = ''): void {
  const problems = rule(value, name);
  if (problems.length > 0) throw new OptionsError(`invalid options: ${problems.join('; ')}`);
}

/** A value `test` accepts; `what` completes "NAME must be ...". */
export function valid(test: (value: unknown) => boolean, what: string): Rule {
  return (value, name) => (test(value) ? [] : [`${name} must be ${what}, got ${show(value)}`]);
}

export function integer(min: number, max = Number.MAX_SAFE_INTEGER): Rule {
  const what = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
  return valid(
    (v) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max,
    `an integer ${what}`,
  );
}

/** A finite number in [min, max]. */
export function number(min = -Number.MAX_VALUE, max = Number.MAX_VALUE): Rule {
  const what = max === Number.MAX_VALUE ? `of at least ${min}` : `from ${min} to ${max}`;
  return valid((v) => typeof v === 'number' && v >= min && v <= max, `a number ${what}`);
}

export const finite = valid((v) => typeof v === 'number' && Number.isFinite(v), 'a finite number');
export const positive = valid((v) => typeof v === 'number' && v > 0 && v < Infinity, 'a positive number');
export const boolean = valid((v) => typeof v === 'boolean', 'true or false');
export const text = valid((v) => typeof v === 'string' && v !== '', 'a non-empty string');
export const func = valid((v) => typeof v === 'function', 'a function');
export const date = valid((v) => v instanceof Date && !Number.isNaN(v.getTime()), 'a valid Date');

/** A number at most `max`; `unit` completes the message ("at most 36500 days"). */
export function atMost(max: number, unit: string): Rule {
  return valid((v) => typeof v === 'number' && v <= max, `at most ${max} ${unit}`);
}

/** What both rules accept: the second is asked only once the first holds, so one problem is named. */
export function both(first: Rule, second: Rule): Rule {
  return (value, name) => {
    const problems = first(value, name);
    return problems.length > 0 ? problems : second(value, name);
  };
}

export function oneOf(...values: readonly unknown[]): Rule {
  return valid((v) => values.includes(v), values.map(show).join(' or '));
}

/** An array whose every item `rule` accepts. */
export function list(rule: Rule): Rule {
  return (value, name) =>
    Array.isArray(value)
      ? value.flatMap((item, i) => rule(item, `${name}[${i}]`))
      : [`${name} must be an array, got ${show(value)}`];
}

export function optional(rule: Rule): Rule {
  return (value, name) => (value === undefined ? [] : rule(value, name));
}

/** null (a rule turned off), or what `rule` accepts. */
export function nullable(rule: Rule): Rule {
  return (value, name) => (value === null ? [] : rule(value, name));
}

/** Holds when the fields it reads are valid; answers the problem or nothing. */
export type Relation<T> = (options: T) => string | undefined;

/**
 * A plain object with exactly these fields (names not in `rules` are typos), then `relations` between
 * fields, checked only when every field is valid.
 */
export function shape<T>(rules: { readonly [K in keyof T]-?: Rule }, ...relations: Relation<T>[]): Rule {
  return (value, name) => {
    if (!isRecord(value)) return [`${name || 'options'} must be an object, got ${show(value)}`];
    const record = value;
    const field = (key: string) => (name ? `${name}.${key}` : key);
    const problems = Object.keys(record)
      .filter((key) => !Object.hasOwn(rules, key))
      .map((key) => `unknown option ${field(key)}`);
    for (const [key, rule] of Object.entries<Rule>(rules)) problems.push(...rule(record[key], field(key)));
    if (problems.length > 0) return problems;
    return relations
      .flatMap((relation) => relation(value as T) ?? [])
      .map((problem) => (name ? `${name}: ${problem}` : problem));
  };
}

/** An object whose `key` field picks its shape, as a tagged union. */
export function variant(key: string, shapes: Readonly<Record<string, Rule>>): Rule {
  const kinds = oneOf(...Object.keys(shapes));
  return (value, name) => {
    if (!isRecord(value)) return [`${name} must be an object, got ${show(value)}`];
    const kind = value[key];
    const pick = typeof kind === 'string' && Object.hasOwn(shapes, kind) ? shapes[kind] : undefined;
    return pick ? pick(value, name) : kinds(kind, name ? `${name}.${key}` : key);
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as a message shows it: strings quoted, so that '2' and 2 differ. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (value instanceof Date) return `Date ${String(value)}`;
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}
