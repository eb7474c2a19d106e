import { describe, expect, it } from 'vitest';
import { resolvePlaceholders } from '../../../../src/engine/apply/placeholders.js';
import { InternalError } from '../../../../src/core/errors.js';
import type { Operation } from '../../../../src/engine/plan.js';

const op = (path: string, body?: unknown): Operation => ({ method: 'PATCH', path, body, async: false, irreversible: false, summary: 's', role: 'update' });
const ids = new Map<string, string | number>([['Thing/a', 7], ['Cluster/k', 'k-1']]);

describe('resolvePlaceholders', () => {
  it('puts the resource\'s own id for ${ref:self} and another\'s for ${ref:Kind/name} in the path', () => {
    expect(resolvePlaceholders(op('/things/${ref:self}/on/${ref:Cluster/k}'), 'Thing/a', ids).path).toBe('/things/7/on/k-1');
  });

  it('keeps a number a number when a body value is one whole placeholder, and walks arrays and objects', () => {
    const resolved = resolvePlaceholders(op('/x', { id: '${ref:self}', list: [{ c: '${ref:Cluster/k}' }, 'at ${ref:self}'], n: 1 }), 'Thing/a', ids);
    expect(resolved.body).toEqual({ id: 7, list: [{ c: 'k-1' }, 'at 7'], n: 1 });
  });

  it('leaves the operation\'s other fields and an absent body as they were', () => {
    const resolved = resolvePlaceholders(op('/plain'), 'Thing/a', ids);
    expect(resolved).toEqual(op('/plain'));
    expect(resolved.body).toBeUndefined();
  });

  it('refuses an address whose id is not known yet, naming it', () => {
    expect(() => resolvePlaceholders(op('/x/${ref:Thing/b}'), 'Thing/a', ids)).toThrow(InternalError);
    expect(() => resolvePlaceholders(op('/x/${ref:self}'), 'Thing/b', ids)).toThrow('the id of Thing/b is not known yet');
  });
});
