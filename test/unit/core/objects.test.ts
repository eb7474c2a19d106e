import { describe, expect, it } from 'vitest';
import { isObject, isSpecObject } from '../../../src/core/objects.js';
import { Secret } from '../../../src/core/secret.js';

describe('object tests', () => {
  const cases: Record<string, { reason: string; value: unknown; object: boolean; spec: boolean }> = {
    plain: { reason: 'a JSON object', value: { a: 1 }, object: true, spec: true },
    array: { reason: 'arrays are lists, not objects', value: [1], object: false, spec: false },
    nil: { reason: 'null is absent', value: null, object: false, spec: false },
    text: { reason: 'a scalar', value: 'x', object: false, spec: false },
    secret: { reason: 'a Secret is an object, never read into as a spec object', value: new Secret('pw'), object: true, spec: false },
  };
  it.each(Object.entries(cases))('%s', (_n, c) => {
    expect(isObject(c.value), c.reason).toBe(c.object);
    expect(isSpecObject(c.value), c.reason).toBe(c.spec);
  });
});
