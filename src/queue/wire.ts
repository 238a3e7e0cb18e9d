// A job's payload and result as JSON that gives back every value exactly: JSON alone would turn NaN and
// ±Infinity into null, -0 into 0 and a Date into a string. Finite doubles survive JSON bit for bit.

/** `value` as JSON text, exact for every number and Date in it. */
export function toWire(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, item: unknown) {
    const raw = this[key];
    if (raw instanceof Date) return { $date: raw.getTime() };
    if (typeof item === 'number' && (!Number.isFinite(item) || Object.is(item, -0))) {
      return { $number: Object.is(item, -0) ? '-0' : String(item) };
    }
    return item;
  });
}

/** The value `toWire` wrote. */
export function fromWire<T>(text: string): T {
  return JSON.parse(text, (_, item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    const keys = Object.keys(item);
    if (keys.length !== 1) return item;
    const tagged = item as { $date?: number; $number?: string };
    if (typeof tagged.$date === 'number') return new Date(tagged.$date);
    if (typeof tagged.$number === 'string') return Number(tagged.$number);
    return item;
  }) as T;
}
