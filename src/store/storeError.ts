/** A database the run cannot use at all (missing, locked, not a DuckDB file); the message says which. */
export class StoreError extends Error {
  override name = 'StoreError';
}

/** A database file another process holds: DuckDB allows one writer, and no writer while a reader has it. */
export class DatabaseLockedError extends StoreError {
  override name = 'DatabaseLockedError';
}

/** One model that cannot be analysed (missing table or column, unsupported type, no rows). */
export class ModelError extends Error {
  override name = 'ModelError';
}

/** A model's source table (or the events table) that is not in the database. */
export class MissingTableError extends ModelError {
  override name = 'MissingTableError';
}
