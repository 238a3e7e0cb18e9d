/**
 * Options a caller passed that the rules refuse; the message names every problem. A RangeError still, for
 * callers that caught that before; the CLI tells it from other RangeErrors (faults, not usage) by this type.
 */
export class OptionsError extends RangeError {
  override name = 'OptionsError';
}
