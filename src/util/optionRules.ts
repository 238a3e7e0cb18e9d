import { OptionsError } from './optionsError.js';

/**
 * Options are checked against a table of rules, one line per option, kept beside their defaults: adding an
 * option is adding its line there. A rule lists what is wrong with one value (nothing when it is fine), so
 * every problem of a call is reported at once, in one line.
 */
export type Rule = ((value: unknown, name: string) => string[]) & {
  /** What the rule accepts as JSON Schema, for a configuration file's editor (service-c.config.schema.json). */
  readonly json?: JsonSchema;
};

export type JsonSchema = Readonly<Record<string, unknown>>;

/** The rule, with what it accepts as JSON Schema. */
export function described(rule: (value: unknown, name: string) => string[], json: JsonSchema): Rule {
  return Object.assign(rule, { json });
}

/** Throws an OptionsError naming every problem `rule` finds in `value`, after `label` (a file's name). */
export function checkOptions(value: unknown, rule: Rule, name = '', label = 'invalid options'): void {
  const problems = rule(value, name);
  if (problems.length > 0) throw new OptionsError(`${label}: ${problems.join('; ')}`);
}

/** A value `test` accepts; `what` completes "NAME must be ..."; `json` says it as JSON Schema. */
export function valid(
  test: (value: unknown) => boolean,
  what: string,
  json: JsonSchema = { description: `must be ${what}` },
): Rule {
  return described(
    (value, name) => (test(value) ? [] : [`${name} must be ${what}, got ${show(value)}`]),
    json,
  );
}

export function integer(min: number, max = Number.MAX_SAFE_INTEGER): Rule {
  const what = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
  return valid(
    (v) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max,
    `an integer ${what}`,
    { type: 'integer', minimum: min, ...(max === Number.MAX_SAFE_INTEGER ? {} : { maximum: max }) },
  );
}

/** A finite number in [min, max]. */
export function number(min = -Number.MAX_VALUE, max = Number.MAX_VALUE): Rule {
  const what = max === Number.MAX_VALUE ? `of at least ${min}` : `from ${min} to ${max}`;
  return valid((v) => typeof v === 'number' && v >= min && v <= max, `a number ${what}`, {
    type: 'number',
    ...(min === -Number.MAX_VALUE ? {} : { minimum: min }),
    ...(max === Number.MAX_VALUE ? {} : { maximum: max }),
  });
}

export const finite = valid((v) => typeof v === 'number' && Number.isFinite(v), 'a finite number', {
  type: 'number',
});
export const positive = valid((v) => typeof v === 'number' && v > 0 && v < Infinity, 'a positive number', {
  type: 'number',
  exclusiveMinimum: 0,
});
export const boolean = valid((v) => typeof v === 'boolean', 'true or false', { type: 'boolean' });
export const text = valid((v) => typeof v === 'string' && v !== '', 'a non-empty string', {
  type: 'string',
  minLength: 1,
});
export const func = valid((v) => typeof v === 'function', 'a function');
// In a configuration file, a date is an ISO 8601 text (read as a Date before the check).
export const date = valid((v) => v instanceof Date && !Number.isNaN(v.getTime()), 'a valid Date', {
  type: 'string',
  format: 'date-time',
});

/** A number at most `max`; `unit` completes the message ("at most 36500 days"). */
export function atMost(max: number, unit: string): Rule {
  return valid((v) => typeof v === 'number' && v <= max, `at most ${max} ${unit}`, { maximum: max });
}

/** What both rules accept: the second is asked only once the first holds, so one problem is named. */
export function both(first: Rule, second: Rule): Rule {
  return described(
    (value, name) => {
      const problems = first(value, name);
      return problems.length > 0 ? problems : second(value, name);
    },
    { ...first.json, ...second.json },
  );
}

export function oneOf(...values: readonly unknown[]): Rule {
  return valid((v) => values.includes(v), values.map(show).join(' or '), { enum: values });
}

/** An array whose every item `rule` accepts. */
export function list(rule: Rule): Rule {
  return described(
    (value, name) =>
      Array.isArray(value)
        ? value.flatMap((item, i) => rule(item, `${name}[${i}]`))
        : [`${name} must be an array, got ${show(value)}`],
    { type: 'array', items: rule.json ?? {} },
  );
}

/** A plain object whose every value `rule` accepts, each named by its key. */
export function record(rule: Rule): Rule {
  return described(
    (value, name) =>
      isRecord(value)
        ? Object.entries(value).flatMap(([key, item]) => rule(item, `${name}.${key}`))
        : [`${name} must be an object, got ${show(value)}`],
    { type: 'object', additionalProperties: rule.json ?? {} },
  );
}

export function optional(rule: Rule): Rule {
  return described((value, name) => (value === undefined ? [] : rule(value, name)), rule.json ?? {});
}

/** null (a rule turned off), or what `rule` accepts. */
export function nullable(rule: Rule): Rule {
  return described((value, name) => (value === null ? [] : rule(value, name)), {
    anyOf: [{ type: 'null' }, rule.json ?? {}],
  });
}

/** Holds when the fields it reads are valid; answers the problem or nothing. */
export type Relation<T> = (options: T) => string | undefined;

/**
 * A plain object with exactly these fields (names not in `rules` are typos), then `relations` between
 * fields, checked only when every field is valid.
 */
export function shape<T>(rules: { readonly [K in keyof T]-?: Rule }, ...relations: Relation<T>[]): Rule {
  const properties = Object.fromEntries(
    Object.entries<Rule>(rules).map(([key, rule]) => [key, rule.json ?? {}]),
  );
  // Every field has a default: a file gives only what it changes, so none is required.
  return described(
    (value, name) => {
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
    },
    { type: 'object', properties, additionalProperties: false },
  );
}

/** An object whose `key` field picks its shape, as a tagged union. */
export function variant(key: string, shapes: Readonly<Record<string, Rule>>): Rule {
  const kinds = oneOf(...Object.keys(shapes));
  return described(
    (value, name) => {
      if (!isRecord(value)) return [`${name} must be an object, got ${show(value)}`];
      const kind = value[key];
      const pick = typeof kind === 'string' && Object.hasOwn(shapes, kind) ? shapes[kind] : undefined;
      return pick ? pick(value, name) : kinds(kind, name ? `${name}.${key}` : key);
    },
    { anyOf: Object.values(shapes).map((rule) => rule.json ?? {}) },
  );
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
