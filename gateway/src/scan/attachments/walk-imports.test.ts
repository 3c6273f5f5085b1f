/**
 * The attachment walk is split by format (walk.ts the core, walk-*.ts one family each, walk-base.ts
 * what they share). Its modules' runtime imports run one way — walk.ts → walk-*.ts → walk-base.ts —
 * so none of them is loaded half-evaluated through a cycle; type-only imports do not count.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = import.meta.dirname;

/** The walk modules' runtime imports of other walk modules (`import type` and `type X` names left out). */
function walkImports(read: (file: string) => string, files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const deps: string[] = [];
    for (const m of read(file).matchAll(/^import\s+(type\s+)?\{([^}]*)\}\s+from\s+'\.\/(walk[\w-]*)\.js';/gm)) {
      const names = m[2]!.split(',').map((n) => n.trim()).filter(Boolean);
      if (m[1] || names.every((n) => n.startsWith('type '))) continue;
      deps.push(`${m[3]}.ts`);
    }
    graph.set(file, deps);
  }
  return graph;
}

/** The first import cycle found, as a path of files; undefined when there is none. */
function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const done = new Set<string>();
  const visit = (file: string, stack: string[]): string[] | undefined => {
    if (stack.includes(file)) return [...stack.slice(stack.indexOf(file)), file];
    if (done.has(file)) return undefined;
    for (const dep of graph.get(file) ?? []) {
      const cycle = visit(dep, [...stack, file]);
      if (cycle) return cycle;
    }
    done.add(file);
    return undefined;
  };
  for (const file of graph.keys()) {
    const cycle = visit(file, []);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('the attachment walk modules', () => {
  const files = readdirSync(DIR).filter((f) => /^walk(-[\w-]+)?\.ts$/.test(f) && !f.endsWith('.test.ts'));
  const graph = walkImports((f) => readFileSync(path.join(DIR, f), 'utf8'), files);

  it('are the core, the shared base and one module per format family', () => {
    expect(files).toEqual(expect.arrayContaining(['walk.ts', 'walk-base.ts', 'walk-zip.ts', 'walk-pdf.ts', 'walk-office.ts', 'walk-streams.ts']));
  });

  it('never import the core at runtime: walk.ts is imported by the rest of the gateway only', () => {
    const importers = [...graph].filter(([, deps]) => deps.includes('walk.ts')).map(([file]) => file);
    expect(importers).toEqual([]);
  });

  it('have no runtime import cycle', () => {
    expect(findCycle(graph)).toBeUndefined();
  });

  it('would see a cycle and skip type-only imports (the check can fail)', () => {
    const sources: Record<string, string> = {
      'walk-a.ts': "import { b } from './walk-b.js';\nimport type { X } from './walk-c.js';\n",
      'walk-b.ts': "import { a, type Y } from './walk-a.js';\n",
      'walk-c.ts': "import { type Z } from './walk-a.js';\n",
    };
    const g = walkImports((f) => sources[f]!, Object.keys(sources));
    expect(g.get('walk-a.ts')).toEqual(['walk-b.ts']);
    expect(g.get('walk-c.ts')).toEqual([]);
    expect(findCycle(g)).toEqual(['walk-a.ts', 'walk-b.ts', 'walk-a.ts']);
  });
});
