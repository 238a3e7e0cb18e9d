import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { DataRoot } from '../store/dataRoot.js';
import { ModelError } from '../store/storeError.js';

// What DuckDB's glob expands; `{` too, to be safe: only the part before it is taken literally.
const WILDCARD = /[*?[{]/;

/** The data root of a run on this machine's file system. */
export function localDataRoot(folder: string): DataRoot {
  const root = resolve(folder);
  const realRoot = () => {
    try {
      return realpathSync(root);
    } catch {
      throw new ModelError(`the data root ${JSON.stringify(root)} does not exist`);
    }
  };
  const leaves = (path: string) =>
    new ModelError(`Parquet path ${JSON.stringify(path)} leaves the data root`);
  return {
    pattern(path) {
      if (path.includes('\0')) throw new ModelError('a Parquet path cannot contain a NUL character');
      const absolute = resolve(root, path);
      if (!isInside(root, absolute)) throw leaves(path);
      // The folders before the first wildcard are read as they are: resolve their links.
      const wildcard = absolute.search(WILDCARD);
      const fixed = wildcard < 0 ? absolute : absolute.slice(0, absolute.lastIndexOf(sep, wildcard)) || sep;
      let real: string;
      try {
        real = realpathSync(fixed);
      } catch {
        throw new ModelError(`no Parquet file matches ${JSON.stringify(path)}`);
      }
      if (!isInside(realRoot(), real)) throw leaves(path);
      return wildcard < 0 && statSync(real).isDirectory() ? join(absolute, '**', '*.parquet') : absolute;
    },
    confine(files) {
      const base = realRoot();
      for (const file of files) {
        const real = realpathSync(file);
        if (!isInside(base, real)) {
          throw new ModelError(
            `Parquet file ${JSON.stringify(relative(root, file))} links out of the data root`,
          );
        }
        // A FIFO or a device would block the run in open(), or never end.
        if (!statSync(real).isFile()) {
          throw new ModelError(`Parquet path ${JSON.stringify(relative(root, file))} is not a regular file`);
        }
      }
    },
  };
}

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}
