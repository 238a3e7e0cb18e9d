// The end-to-end benchmarks' platform store (bench/makeStore.ts), generated once per size in its own process
// and cached in bench/.data.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';

export async function cachedStore(models: number, features: number, rows: number): Promise<string> {
  const dir = new URL('./.data/', import.meta.url).pathname;
  const store = `${dir}store-${models}x${features}x${rows}.duckdb`;
  if (existsSync(store)) return store;
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  execFileSync(
    'npx',
    [
      'tsx',
      new URL('./makeStore.ts', import.meta.url).pathname,
      `${store}.partial`,
      `${models}`,
      `${features}`,
      `${rows}`,
    ],
    { stdio: 'inherit' },
  );
  renameSync(`${store}.partial`, store);
  console.log(
    `store generated in ${((performance.now() - started) / 1000).toFixed(0)} s (cached in bench/.data)`,
  );
  return store;
}
