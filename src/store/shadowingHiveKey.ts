/** The columns DuckDB's Parquet reader adds, which a Parquet source orders and joins its rows by. */
const READER_COLUMNS = ['file_row_number', 'file_index', 'filename'];

/**
 * A folder of these paths named `key=value` whose key is one of the reader's own columns, if any: DuckDB
 * reads such a folder as a hive partition column that hides the reader's (a folder `file_row_number=3/`
 * joined every row to every row). Keys are compared as DuckDB compares names, ignoring case.
 */
export function shadowingHiveKey(files: readonly string[]): string | null {
  for (const file of files) {
    const folders = file.split(/[\\/]/).slice(0, -1);
    const shadowing = folders.find((folder) =>
      READER_COLUMNS.includes(folder.split('=')[0]?.toLowerCase() ?? ''),
    );
    if (shadowing?.includes('=')) return shadowing;
  }
  return null;
}
