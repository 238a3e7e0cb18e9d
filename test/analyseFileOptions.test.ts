// analyseFile's own options go through the rules table before anything is read or loaded: the checks need no
// page, so they run here in Node.
import { describe, expect, it } from 'vitest';
import { analyseFile } from '../src/browser/index.js';
import { OptionsError } from '../src/util/optionsError.js';

const file = new File(['a,b\n'], 'events.csv');

describe('analyseFile', () => {
  it('names a misspelt option and a value of the wrong kind, all at once, before reading the file', async () => {
    const call = analyseFile(file, { duckdbFile: '/duckdb/', driftWorker: 7, run: [] } as never);
    await expect(call).rejects.toThrow(OptionsError);
    await expect(call).rejects.toThrow(
      'invalid options: unknown option duckdbFile; driftWorker must be a non-empty string, got 7; run must be an object of run options, got an array',
    );
  });

  it('refuses an empty folder for duckdb-wasm', async () => {
    await expect(analyseFile(file, { duckdbFiles: '' })).rejects.toThrow(
      new OptionsError('invalid options: duckdbFiles must be a non-empty string, got ""'),
    );
  });
});
