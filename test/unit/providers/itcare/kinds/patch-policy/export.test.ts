// The PatchPolicy export: one document per service (against the simulator), written with its
// serviceId, and settled against the rest of the export: the entries of resources whose own
// spec.patchParty the export writes are dropped, and the document with them when none is left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportedResource } from '../../../../../../src/engine/provider.js';
import { simLibrary, type SimLibrary } from '../../../../../support/sim-library.js';
import { exportOf } from '../../export-support.js';

const policy = (resources: unknown[]): ExportedResource => ({ kind: 'PatchPolicy', name: 'service-1-patching', id: 1, spec: { serviceId: 1, resources }, notes: { 'spec.resources.0.exclusionReason': 'x' } });
const redis = (name: string, id: number): ExportedResource => ({ kind: 'Redis', name, id, spec: { patchParty: { excluded: false } } });

describe('PatchPolicy export', () => {
  let lib: SimLibrary;
  beforeAll(async () => {
    lib = await simLibrary();
  });
  afterAll(async () => lib?.close());

  it('reads one policy of the service, an entry per resource, named when the name is unique', async () => {
    const { rules, resources } = await exportOf(lib, 'PatchPolicy');
    expect(rules).toMatchObject({ fileStem: 'patch-policy', keepsServiceId: true });
    expect(resources.map((r) => [r.kind, r.name, r.id])).toEqual([['PatchPolicy', 'service-46922-patching', 46922]]);
    expect(resources[0]!.spec.resources).toContainEqual({ resource: { name: 'PEB4APP01' }, excluded: false, patchGroup: '1' });
    expect((await exportOf(lib, 'PatchPolicy', 46924)).resources[0]!.spec.serviceId).toBe(46924);
  });

  it('drops the entries of exported resources that carry their own patch party, by name or id', async () => {
    const { rules } = await exportOf(lib, 'PatchPolicy');
    const p = policy([{ resource: { name: 'cache' }, excluded: false }, { resource: { id: 7 }, excluded: false }, { resource: { name: 'vm' }, excluded: false }]);
    expect(rules.settle!(p, [p, redis('cache', 5), redis('other', 7)])).toEqual({ ...p, spec: { serviceId: 1, resources: [{ resource: { name: 'vm' }, excluded: false }] }, notes: {} });
    expect(rules.settle!(p, [p, redis('cache', 5), redis('vm', 7)])).toBeUndefined();
    expect(rules.settle!(p, [p])).toEqual({ ...p, notes: {} });
  });
});
