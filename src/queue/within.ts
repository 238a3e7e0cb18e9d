import { setTimeout as sleep } from 'node:timers/promises';

/**
 * What `promise` gives if it does within `ms` (and before `signal` aborts), else `late`: a call to a Redis
 * that went away waits in ioredis's queue until it comes back, and a run or a worker must not wait forever.
 */
export async function within<T>(promise: Promise<T>, ms: number, late: T, signal?: AbortSignal): Promise<T> {
  const timer = new AbortController();
  const stop = signal ? AbortSignal.any([timer.signal, signal]) : timer.signal;
  try {
    return await Promise.race([promise, sleep(ms, late, { signal: stop }).catch(() => late)]);
  } finally {
    timer.abort();
  }
}
