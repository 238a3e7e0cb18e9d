/** A database the run cannot use at all (missing, locked, not a DuckDB file); the message says which. */
export class StoreError extends Error {
  override name = 'StoreError';
}

/** One model that cannot be analysed (missing table or column, unsupported type, no rows). */
export class ModelError extends Error {
  override name = 'ModelError';
}
