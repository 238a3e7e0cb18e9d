import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** Each source file and the source files it imports (relative imports, types included). */
function importGraph(): Map<string, string[]> {
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(join(src, file), 'utf8');
    const targets = [...text.matchAll(/(?:import|export)[^;]*?from\s+'(\.[^']+)'/gs)].map((m) =>
      normalize(join(dirname(file), (m[1] as string).replace(/\.js$/, '.ts'))),
    );
    graph.set(normalize(file), targets);
  }
  return graph;
}

/** Every import path that comes back to where it started, as the files in order. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const walk = (file: string, path: string[]) => {
    const at = path.indexOf(file);
    if (at >= 0) {
      found.push(path.slice(at));
      return;
    }
    if (done.has(file)) return;
    for (const next of graph.get(file) ?? []) walk(next, [...path, file]);
    done.add(file);
  };
  for (const file of graph.keys()) walk(file, []);
  return found;
}

describe('the source imports', () => {
  it('every import arrow points one way: no file imports itself back through others', () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(100);
    expect(cycles(graph).map((cycle) => cycle.map((f) => relative('.', f)).join(' -> '))).toEqual([]);
  });

  it('the layers below the page never import it: store, run, compare and the kernel know nothing of src/web', () => {
    const lower = ['store', 'run', 'compare', 'kernel', 'performance', 'signal', 'stats', 'pool', 'engine'];
    const upward = [...importGraph()].flatMap(([file, targets]) =>
      lower.includes(file.split('/')[0] as string)
        ? targets.filter((t) => t.startsWith('web/') || t.startsWith('serve/')).map((t) => `${file} -> ${t}`)
        : [],
    );
    expect(upward).toEqual([]);
  });
});
