// The build's precompiled validators (dist/schema/validators/*.cjs, scripts/build-validators.mjs) answer
// exactly as the schemas compiled at run time: same verdict, same ajv error objects, on every example
// document and on broken copies of each. A validator built from other schema text is never used.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createAjv, defaultSchemaDir, precompiled, readKindSchemas } from '../../../src/schema/registry.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BUILT = join(ROOT, 'dist', 'schema', 'validators');
const sources = readKindSchemas(defaultSchemaDir());
const runtime = createAjv(sources.map((s) => s.schema), { checkSchemas: true });

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : []);
}

type Doc = Record<string, unknown> & { kind?: unknown; spec?: Record<string, unknown> };
const examples: Doc[] = yamlFiles(join(ROOT, 'examples'))
  .flatMap((f) => parseAllDocuments(readFileSync(f, 'utf8')).map((d) => d.toJS() as Doc))
  .filter((d) => d && typeof d === 'object' && typeof d.kind === 'string');

/** Broken copies: a wrong type, an unknown field, a missing field and a bad value in each spec. */
function broken(d: Doc): Doc[] {
  const spec = d.spec ?? {};
  const keys = Object.keys(spec);
  const out: Doc[] = [{ ...d, spec: { ...spec, notAField: 1 } }, { ...d, metadata: {} }, { ...d, apiVersion: 'v0' }];
  if (keys[0]) out.push({ ...d, spec: { ...spec, [keys[0]]: { wrong: [true] } } });
  if (keys[1]) {
    const { [keys[1]]: _dropped, ...rest } = spec;
    out.push({ ...d, spec: rest });
  }
  if (keys[2]) out.push({ ...d, spec: { ...spec, [keys[2]]: 'not-a-valid-value-!!' } });
  return out;
}

describe('precompiled schema validators', () => {
  it('exist for every kind schema after the build', () => {
    for (const s of sources) expect(precompiled(s, BUILT), s.file).toBeTypeOf('function');
  });

  it('give the verdict and the errors of the run-time compiled schema on examples and broken copies', () => {
    expect(examples.length).toBeGreaterThan(10);
    let compared = 0;
    for (const source of sources) {
      const kind = (source.schema.properties as { kind: { const: string } }).kind.const;
      const built = precompiled(source, BUILT)!;
      const compiled = runtime.compile(source.schema);
      for (const doc of examples.filter((d) => d.kind === kind).flatMap((d) => [d, ...broken(d)])) {
        const ok = compiled(doc);
        expect(built(doc), `${kind} ${JSON.stringify(doc).slice(0, 80)}`).toBe(ok);
        expect(built.errors ?? null).toEqual(compiled.errors ?? null);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('are ignored when the schema text differs from the one they were built from', () => {
    const redis = sources.find((s) => s.file === 'redis.schema.json')!;
    expect(precompiled(redis, BUILT)).toBeTypeOf('function');
    expect(precompiled({ ...redis, digest: '0'.repeat(64) }, BUILT)).toBeUndefined();
    expect(precompiled(redis, join(BUILT, 'nowhere'))).toBeUndefined();
  });
});

describe('the CLI registry (lazy, over the shipped schemas)', () => {
  it('validates with the precompiled validators without loading ajv', async () => {
    const { execFileSync } = await import('node:child_process');
    const script = `
      import { createRequire } from 'node:module';
      const { createSchemaRegistry } = await import(${JSON.stringify(join(ROOT, 'dist', 'schema', 'registry.js'))});
      const r = createSchemaRegistry(undefined, { lazy: true });
      const issues = r.validate('Redis', { apiVersion: 'caretaker/v1', kind: 'Redis', metadata: { name: 'x' }, spec: { diskSize: 'big' } });
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((f) => /node_modules\\/ajv\\/dist\\/(core|compile)/.test(f));
      console.log(JSON.stringify({ issues: issues.length, loaded: loaded.length }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as { issues: number; loaded: number };
    expect(out.issues).toBeGreaterThan(0);
    expect(out.loaded).toBe(0);
  });
});
