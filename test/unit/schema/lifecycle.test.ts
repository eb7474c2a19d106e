// Every resource kind accepts the same `lifecycle` (DESIGN §2): each schema carries its own copy of the
// definition, and CacheStore's had none, so an exported cluster's preventDestroy was refused as an
// unknown field. Governance kinds (Tags, PatchPolicy) keep their own reduced lifecycle.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSchemaDir } from '../../../src/schema/registry.js';

interface KindSchema {
  'x-provider'?: string;
  properties: { kind: { const: string }; lifecycle?: { $ref?: string } };
  $defs?: { lifecycle?: { properties: Record<string, { type?: unknown; items?: unknown; required?: unknown }> } };
}

const schemas = readdirSync(defaultSchemaDir())
  .filter((f) => f.endsWith('.schema.json'))
  .map((f) => JSON.parse(readFileSync(path.join(defaultSchemaDir(), f), 'utf8')) as KindSchema)
  .filter((s) => s['x-provider'] !== undefined && !['Tags', 'PatchPolicy'].includes(s.properties.kind.const));

/** The definition without its prose: the keys, their types and item rules. */
const shape = (s: KindSchema) => JSON.stringify(s.$defs?.lifecycle?.properties ?? {}, (k, v: unknown) => (k === 'description' || k === 'x-message' || k === 'pattern' ? undefined : v));

describe('lifecycle of every resource kind', () => {
  const redis = schemas.find((s) => s.properties.kind.const === 'Redis')!;
  it.each(schemas.map((s) => [s.properties.kind.const, s] as const))('%s accepts the lifecycle every kind has', (_kind, s) => {
    expect(s.properties.lifecycle).toEqual({ $ref: '#/$defs/lifecycle' });
    expect(shape(s)).toBe(shape(redis));
  });
  it('covers the ITCare kinds and CacheStore', () => {
    expect(schemas.map((s) => s.properties.kind.const)).toContain('CacheStore');
    expect(schemas.length).toBeGreaterThanOrEqual(14);
  });
});
