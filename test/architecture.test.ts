// Enforces the one-way layers of DESIGN §7 / STYLE habit 1 by reading every import in src/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '..', 'src');

/** module -> modules it may import (besides itself). `engine:...` restricts to given files. */
const ALLOWED: Record<string, string[]> = {
  core: [],
  manifest: ['core'],
  schema: ['core', 'manifest/types.ts'],
  http: ['core'],
  engine: ['core', 'manifest', 'schema'],
  providers: ['core', 'http', 'engine/provider.ts', 'engine/plan.ts'],
  views: ['core', 'engine/plan.ts', 'engine/events.ts', 'engine/export.ts', 'engine/drift.ts', 'engine/fleet.ts', 'engine/accept.ts', 'manifest/types.ts'],
  simulator: ['core'],
  cli: ['*'],
  'index.ts': ['core', 'manifest', 'schema', 'http', 'engine', 'providers', 'views', 'simulator'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function moduleOf(rel: string): string {
  return rel.includes('/') ? rel.split('/')[0]! : rel;
}

describe('architecture', () => {
  const violations: string[] = [];
  for (const file of files(SRC)) {
    const rel = relative(SRC, file);
    const from = moduleOf(rel);
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
      const target = relative(SRC, resolve(dirname(file), m[1]!)).replace(/\.js$/, '.ts');
      const to = moduleOf(target);
      if (to === from) continue;
      const allowed = ALLOWED[from] ?? [];
      const ok = allowed.includes('*') || allowed.some((a) => a === to || a === target);
      if (!ok) violations.push(`${rel} imports ${target}`);
    }
  }

  it('has no upward or sideways imports between layers', () => {
    expect(violations).toEqual([]);
  });

  it('keeps the simulator apart from the providers', () => {
    expect(violations.filter((v) => v.startsWith('simulator/'))).toEqual([]);
  });
});
