/** Values put in as they come, taken in order: a take waits for the next, at most `ms` or until `signal` aborts. */
export interface Mailbox<T> {
  readonly size: number;
  put(value: T): void;
  take(ms: number, signal: AbortSignal): Promise<T | undefined>;
}

export function mailbox<T>(): Mailbox<T> {
  const values: T[] = [];
  let wake = () => {};
  return {
    get size() {
      return values.length;
    },
    put(value) {
      values.push(value);
      wake();
    },
    async take(ms, signal) {
      if (values.length === 0 && !signal.aborted) {
        await new Promise<void>((resolve) => {
          const woken = () => {
            clearTimeout(timer);
            signal.removeEventListener('abort', woken);
            wake = () => {};
            resolve();
          };
          const timer = setTimeout(woken, ms);
          signal.addEventListener('abort', woken);
          wake = woken;
        });
      }
      return values.shift();
    },
  };
}
