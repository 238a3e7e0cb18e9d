import { DriftInputError } from '../compare/driftInputError.js';
import { QueueError } from '../queue/queueError.js';
import { StoreError } from '../store/storeError.js';
import { MissingPeerError } from '../util/optionalPeers.js';
import { OptionsError } from '../util/optionsError.js';
import { UsageError } from './usageError.js';

/**
 * Whether an error is the user's input (one line, exit code 2) rather than a fault (a stack trace). Chosen by
 * type only: a RangeError that is not an OptionsError is a fault like any other.
 */
export function isBadInput(error: unknown): error is Error {
  return (
    error instanceof UsageError ||
    error instanceof OptionsError ||
    error instanceof DriftInputError ||
    error instanceof StoreError ||
    error instanceof QueueError ||
    error instanceof MissingPeerError ||
    (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
  );
}
