// The PatchPolicy governance kind's operation with a fake ITCare: ONE bulk PATCH of the changed
// entries, the patch-group rule, and the names in a FAILED answer.
import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../../../../../src/core/errors.js';
import type { FieldDiff } from '../../../../../../src/engine/plan.js';
import type { DesiredResource, Observation } from '../../../../../../src/engine/provider.js';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { fakeHttp, type FakeRoutes } from '../../../../../support/fake-http.js';
import { SID, ctx } from '../../fixtures.js';

const POLICIES = `/itcare/compute/services/${SID}/patch-policies`;

const desired = (resources: unknown[]): DesiredResource => ({
  address: 'PatchPolicy/orders-patching', kind: 'PatchPolicy', name: 'orders-patching', spec: { serviceId: SID, resources },
});

function handler(routes: FakeRoutes = {}) {
  // No running action unless a test says otherwise (read only when a write would follow).
  const http = fakeHttp({ 'GET /itcare/actions': { body: [] }, ...routes });
  return { http, pp: createItcareProvider({ http }).handler('PatchPolicy')! };
}

describe('PatchPolicy operations', () => {
  const { pp: h } = handler();
  const observed = (over: Partial<Observation> = {}): Observation => ({
    exists: true, id: SID, spec: {}, lookups: { ids: [1, 2, 3], names: ['rhutsql20', 'vm2', undefined], nodeCounts: {} }, ...over,
  });
  const entries = [
    { resource: { name: 'rhutsql20' }, patchGroup: 2 },
    { resource: { id: 2 }, excluded: true, exclusionReason: 'patched by the DBA team' },
    { resource: { id: 3 } },
  ];

  it('sends ONE PATCH with only the changed entries, shaped as ITCare documents them', () => {
    const diff: FieldDiff[] = [
      { op: 'replace', path: '/resources/rhutsql20/patchGroup', from: '1', value: 2 },
      { op: 'replace', path: '/resources/3/excluded', from: true, value: false },
    ];
    const ops = h.updateOperations(desired(entries), observed(), diff, ctx());
    expect(ops).toEqual([{
      method: 'PATCH', path: POLICIES, async: true, irreversible: false, role: 'update', serviceId: SID,
      body: [{ resourceId: 1, excluded: false, patchGroup: '2' }, { resourceId: 3, excluded: false }],
      summary: 'update patch policies of service 46922: rhutsql20 (1) include, group 2; id 3 include',
    }]);
  });

  it('excludes with the reason and never a group', () => {
    const ops = h.updateOperations(desired(entries), observed(), [{ op: 'add', path: '/resources/2/exclusionReason', value: 'x' }], ctx());
    expect(ops[0]!.body).toEqual([{ resourceId: 2, excluded: true, exclusionReason: 'patched by the DBA team' }]);
  });

  it('finds the changed entries by their resource, wherever they are in the list (an entry inserted in the middle changes nothing else)', () => {
    const inserted = [entries[0], { resource: { name: 'new01' }, patchGroup: '1' }, entries[1], entries[2]];
    const obs = observed({ lookups: { ids: [1, 9, 2, 3], names: ['rhutsql20', 'new01', 'vm2', undefined], nodeCounts: {} } });
    const ops = h.updateOperations(desired(inserted), obs, [{ op: 'replace', path: '/resources/new01/patchGroup', from: '2', value: '1' }], ctx());
    expect(ops[0]!.body).toEqual([{ resourceId: 9, excluded: false, patchGroup: '1' }]);
  });

  it('plans nothing for a difference of identity only', () => {
    expect(h.updateOperations(desired(entries), observed(), [{ op: 'replace', path: '/resources/rhutsql20/resource', value: 1 }], ctx())).toEqual([]);
  });

  it('addresses a {ref} target by its resolved id, or by a placeholder when it is created by this plan', () => {
    const e = [{ resource: { ref: 'Redis/orderscache' }, patchGroup: '1' }];
    // The engine keys a {ref} entry by its target's live id, else by its marker (as the diff shows it).
    const obs = observed({ lookups: { ids: [undefined], names: [undefined], nodeCounts: {} } });
    const missing: FieldDiff[] = [{ op: 'add', path: '/resources/(id of Redis~1orderscache)/patchGroup', value: '1' }];
    expect(h.updateOperations(desired(e), obs, missing, ctx())[0]!.body).toEqual([{ resourceId: '${ref:Redis/orderscache}', excluded: false, patchGroup: '1' }]);
    const live: FieldDiff[] = [{ op: 'add', path: '/resources/77/patchGroup', value: '1' }];
    expect(h.updateOperations(desired(e), obs, live, ctx({ resolveRef: () => 77 }))[0]!.body).toEqual([{ resourceId: 77, excluded: false, patchGroup: '1' }]);
  });

  it('refuses a patch group on a farm known to have several members, naming the resource', () => {
    const e = [{ resource: { name: 'pmariadb01' }, patchGroup: '2' }];
    const obs = observed({ lookups: { ids: [7], names: ['pmariadb01'], nodeCounts: { 7: 3 } } });
    const run = () => h.updateOperations(desired(e), obs, [{ op: 'replace', path: '/resources/pmariadb01/patchGroup', value: '2' }], ctx());
    expect(run).toThrow(RefusedError);
    expect(run).toThrow('pmariadb01 (7): a patch group is only allowed when the farm has one member (it has 3); remove its patchGroup');
  });
});

describe('PatchPolicy apply answer', () => {
  it('names the resource of each FAILED item (name and id) with ITCare message; IN_PROGRESS items are tracked', async () => {
    const body = [
      { status: 'FAILED', message: 'The patch group is only allowed when the farm has one member', id: -1, internalId: 7 },
      { status: 'IN_PROGRESS', message: 'Include PatchParty', id: 900, internalId: 1 },
      { status: 'FAILED', message: 'Wrong patch party group set', id: -1, internalId: 3 },
    ];
    const http = fakeHttp({ [`PATCH ${POLICIES}`]: { body } });
    const op = {
      method: 'PATCH' as const, path: POLICIES, async: true, irreversible: false, role: 'update' as const, serviceId: SID,
      body: [], summary: 'update patch policies of service 46922: pmariadb01 (7) include, group 2; rhutsql20 (1) include; id 3 include',
    };
    const r = await createItcareProvider({ http }).execute(op);
    expect(r.actions).toEqual([{ id: '900', serviceId: SID, resourceId: 1 }]);
    expect(r.finished).toEqual([
      { id: '-1:7', state: 'ERROR', message: 'pmariadb01 (7): The patch group is only allowed when the farm has one member' },
      { id: '-1:3', state: 'ERROR', message: 'Wrong patch party group set' },
    ]);
    expect(http.calls[0]!.contentType).toBe('application/vnd.cegedim-it.v1+json');
  });
});
