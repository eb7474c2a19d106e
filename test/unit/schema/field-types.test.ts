// The schema type at a pointer, for typed interpolation (issue 22 item 4).
import { describe, expect, it } from 'vitest';
import { scalarTypeAt } from '../../../src/schema/field-types.js';
import { createSchemaRegistry } from '../../../src/schema/registry.js';

describe('scalarTypeAt', () => {
  const registry = createSchemaRegistry(undefined, { lazy: true });
  const redis = registry.schema('Redis')!;
  const cases: Record<string, { reason: string; pointer: string; want: string | undefined }> = {
    Integer: { reason: 'serviceId is an integer', pointer: '/spec/serviceId', want: 'integer' },
    Boolean: { reason: 'monitoringEnabled is a boolean', pointer: '/spec/monitoringEnabled', want: 'boolean' },
    ThroughRef: { reason: 'patchParty.excluded is reached through a $ref', pointer: '/spec/patchParty/excluded', want: 'boolean' },
    StringOrNumber: { reason: 'patchGroup takes a string too: left alone', pointer: '/spec/patchParty/patchGroup', want: undefined },
    String: { reason: 'a string field is never converted', pointer: '/spec/nodeSizing', want: undefined },
    TagValue: { reason: 'tag values are strings', pointer: '/spec/tags/team', want: undefined },
    Unknown: { reason: 'a field the schema does not have', pointer: '/spec/nope', want: undefined },
  };
  it.each(Object.entries(cases))('%s', (_n, c) => expect(scalarTypeAt(redis, c.pointer), c.reason).toBe(c.want));
});
