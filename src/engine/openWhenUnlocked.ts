import { setTimeout as sleep } from 'node:timers/promises';
import { DatabaseLockedError } from '../store/storeError.js';
import type { Engine } from './engine.js';

/**
 * Opens with `open`, trying again while another process holds the file (DuckDB's lock is not waited on: an
 * open that finds it taken fails at once), waiting 10 ms, 20 ms … up to 250 ms in between, each wait
 * shortened or lengthened at random so that processes waiting on one file do not try in step. Gives up with
 * the lock's error once `waitMs` has passed. `onWait` hears of the first refusal, when it waits.
 */
export async function openWhenUnlocked(
  open: () => Promise<Engine>,
  waitMs: number,
  onWait: () => void = () => {},
): Promise<Engine> {
  const deadline = performance.now() + waitMs;
  for (let delay = 10; ; delay = Math.min(2 * delay, 250)) {
    try {
      return await open();
    } catch (error) {
      if (!(error instanceof DatabaseLockedError) || performance.now() + delay > deadline) throw error;
      if (delay === 10) onWait();
      await sleep(delay * (0.5 + Math.random()));
    }
  }
}
