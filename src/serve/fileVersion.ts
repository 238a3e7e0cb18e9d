import { stat } from 'node:fs/promises';

/**
 * What changes whenever DuckDB writes a database file: the inode, size and modification time of the file
 * and of its write-ahead log. A commit changes the log; a checkpoint, the file.
 */
export async function fileVersion(path: string): Promise<string> {
  const of = (file: string) =>
    stat(file).then(
      ({ ino, size, mtimeMs }) => `${ino}:${size}:${mtimeMs}`,
      () => '-',
    );
  const [file, wal] = await Promise.all([of(path), of(`${path}.wal`)]);
  return `${file}|${wal}`;
}
