/** A stream entry that is not one service-c writes: the message names the field. */
export class DriftEventError extends TypeError {
  override name = 'DriftEventError';
}
