import { describe, expect, it } from 'vitest';
import { isBadInput } from '../src/cli/isBadInput.js';
import { UsageError } from '../src/cli/usageError.js';
import { resolveCompareOptions } from '../src/compare/options.js';
import { QueueError } from '../src/queue/queueError.js';
import { DatabaseLockedError, ModelError, StoreError } from '../src/store/storeError.js';
import { OptionsError } from '../src/util/optionsError.js';

/** What `run` throws; fails the test when it throws nothing. */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('threw nothing');
}

describe('isBadInput', () => {
  it('takes options the rules refuse for bad input, and they stay RangeErrors', () => {
    const error = thrown(() => resolveCompareOptions({ bins: 1 }));
    expect(error).toBeInstanceOf(OptionsError);
    expect(error).toBeInstanceOf(RangeError);
    expect(isBadInput(error)).toBe(true);
  });

  it('takes a RangeError that is not an options error for a fault, not for bad input', () => {
    expect(isBadInput(new RangeError('Invalid time value'))).toBe(false);
    expect(isBadInput(thrown(() => new Date(Number.NaN).toISOString()))).toBe(false);
  });

  it('takes each kind of input error by its type', () => {
    for (const error of [
      new UsageError('u'),
      new StoreError('s'),
      new DatabaseLockedError('l'),
      new QueueError('q'),
    ]) {
      expect(isBadInput(error), error.name).toBe(true);
    }
    for (const error of [new Error('e'), new TypeError('t'), new ModelError('m'), 'a string']) {
      expect(isBadInput(error), String(error)).toBe(false);
    }
  });
});
