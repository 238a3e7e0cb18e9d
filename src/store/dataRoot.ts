/**
 * The folder Parquet sources are read from, checked against the file system (links resolved). The run's
 * core has no file system of its own: the Node wrapper gives one (`localDataRoot`), a browser none.
 * Both methods throw a ModelError with a one-line message when a path leaves the folder.
 */
export interface DataRoot {
  /**
   * A path or glob, relative to the folder or absolute inside it, as an absolute glob for DuckDB; a folder
   * becomes every `.parquet` file under it (a hive-partitioned directory).
   */
  pattern(path: string): string;
  /** Checks that each file, links resolved, is inside the folder and a regular file. */
  confine(files: readonly string[]): void;
}
