// The PatchPolicy governance kind's reads with a fake ITCare: one read of the service's policies,
// names resolved in one call, live entries shaped like the desired ones; observeAll shares them.
import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../../../../../src/core/errors.js';
import type { DesiredResource} from '../../../../../../src/engine/provider.js';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { fakeHttp, page, type FakeRoutes } from '../../../../../support/fake-http.js';
import { SID} from '../../fixtures.js';

const POLICIES = `/itcare/compute/services/${SID}/patch-policies`;
const pp = (id: number, name: string, over: Record<string, unknown> = {}) => ({
  id, name, excluded: false, exclusionReason: '', excludedBy: '', patchGroup: '', patchTag: '2024-Q1', ...over,
});
const res = (id: number, name: string, path = '/compute/instances') => ({ id, name, serviceId: SID, path, tags: [] });

const desired = (resources: unknown[]): DesiredResource => ({
  address: 'PatchPolicy/orders-patching', kind: 'PatchPolicy', name: 'orders-patching', spec: { serviceId: SID, resources },
});

function handler(routes: FakeRoutes = {}) {
  // No running action unless a test says otherwise (read only when a write would follow).
  const http = fakeHttp({ 'GET /itcare/actions': { body: [] }, ...routes });
  return { http, pp: createItcareProvider({ http }).handler('PatchPolicy')! };
}

describe('PatchPolicy observe', () => {
  it('reads the policies and resolves every name with one list call; live entries carry excluded and the written fields', async () => {
    const { http, pp: h } = handler({
      [`GET ${POLICIES}`]: { body: [pp(1, 'rhutsql20', { patchGroup: '2' }), pp(2, 'vm2', { excluded: true, exclusionReason: 'vendor' }), pp(3, 'vm3', { excluded: true, exclusionReason: 'x' })] },
      'GET /itcare/compute/resources': page([res(1, 'rhutsql20', '/databases/sqlserver'), res(3, 'vm3')]),
    });
    const o = await h.observe(desired([
      { resource: { name: 'rhutsql20' }, patchGroup: '2' },
      { resource: { id: 2 }, excluded: true, exclusionReason: 'patched by the DBA team' },
      { resource: { name: 'vm3' } },
    ]));
    expect(o).toMatchObject({ exists: true, id: SID });
    expect(o.spec).toEqual({ serviceId: SID, resources: [
      { resource: { name: 'rhutsql20' }, excluded: false, patchGroup: '2' },
      { resource: { id: 2 }, excluded: true, exclusionReason: 'vendor' },
      { resource: { name: 'vm3' }, excluded: true },
    ] });
    expect(o.lookups).toMatchObject({ ids: [1, 2, 3], names: ['rhutsql20', 'vm2', 'vm3'] });
    // vm2's reason and vm3's exclusion differ: the running actions on those two are read (issue 13 item 12).
    expect(http.callKeys().sort()).toEqual(['GET /itcare/actions', 'GET /itcare/actions', 'GET /itcare/compute/resources', `GET ${POLICIES}`]);
    expect(http.calls.filter((c) => c.path === '/itcare/actions').map((c) => c.query?.resourceId).sort()).toEqual(['2', '3']);
    expect(http.calls.find((c) => c.path === '/itcare/compute/resources')!.query).toMatchObject({ services: SID, names: ['rhutsql20', 'vm3'] });
  });

  it('reads ids only with one request, and a resource the service list lacks with its own GET', async () => {
    const { http, pp: h } = handler({
      [`GET ${POLICIES}`]: { body: [pp(1, 'a')] },
      'GET /itcare/compute/resources/9/patch-policy': { body: pp(9, 'b', { patchGroup: '3' }) },
    });
    const o = await h.observe(desired([{ resource: { id: 1 }, excluded: false }, { resource: { id: 9 }, patchGroup: '3' }]));
    expect(o.spec.resources).toEqual([{ resource: { id: 1 }, excluded: false }, { resource: { id: 9 }, excluded: false, patchGroup: '3' }]);
    expect(http.callKeys().sort()).toEqual(['GET /itcare/compute/resources/9/patch-policy', `GET ${POLICIES}`]);
  });

  it('refuses every unknown resource at once, naming each', async () => {
    const { pp: h } = handler({
      [`GET ${POLICIES}`]: { body: [] },
      'GET /itcare/compute/resources': page([]),
      'GET /itcare/compute/resources/5/patch-policy': { status: 404 },
    });
    const err = await h.observe(desired([{ resource: { name: 'ghost' } }, { resource: { id: 5 } }])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedError);
    expect((err as RefusedError).message).toBe('no resource named ghost in service 46922; no ITCare resource has id 5');
  });

  it('refuses an unknown service', async () => {
    const { pp: h } = handler({ [`GET ${POLICIES}`]: { status: 404 } });
    await expect(h.observe(desired([{ resource: { id: 1 } }]))).rejects.toThrow(/service 46922 not found/);
  });

  it('reads farm sizes only when a patch group must change', async () => {
    const routes: FakeRoutes = {
      [`GET ${POLICIES}`]: { body: [pp(7, 'pmariadb01', { patchGroup: '1' })] },
      'GET /itcare/compute/resources': page([res(7, 'pmariadb01', '/databases/mariadb')]),
      [`GET /itcare/compute/services/${SID}/managed-databases`]: { body: [{ id: 7, name: 'pmariadb01', nodeCount: 3 }] },
    };
    const same = handler(routes);
    await same.pp.observe(desired([{ resource: { name: 'pmariadb01' }, patchGroup: '1' }]));
    expect(same.http.callKeys()).not.toContain(`GET /itcare/compute/services/${SID}/managed-databases`);
    const changing = handler(routes);
    const o = await changing.pp.observe(desired([{ resource: { name: 'pmariadb01' }, patchGroup: '2' }]));
    expect(o.lookups).toMatchObject({ nodeCounts: { 7: 3 } });
  });

  it('resolves a {ref} by name and kind; a target not created yet shows as the engine marker', async () => {
    const { pp: h } = handler({
      [`GET ${POLICIES}`]: { body: [pp(42, 'orderscache', { patchGroup: '1' })] },
      'GET /itcare/compute/resources': page([res(42, 'orderscache', '/databases/redis')]),
    });
    const o = await h.observe(desired([{ resource: { ref: 'Redis/orderscache' }, patchGroup: '1' }, { resource: { ref: 'PostgreSQL/orderscache' }, patchGroup: '1' }]));
    expect(o.spec.resources).toEqual([{ resource: 42, excluded: false, patchGroup: '1' }, { resource: '(id of PostgreSQL/orderscache)', excluded: false }]);
  });
});

describe('PatchPolicy observeAll (refresh from lists)', () => {
  const doc = (name: string, resources: unknown[]): DesiredResource => ({ ...desired(resources), address: `PatchPolicy/${name}`, name });
  const routes: FakeRoutes = {
    [`GET ${POLICIES}`]: { body: [pp(1, 'rhutsql20', { patchGroup: '2' }), pp(3, 'vm3', { excluded: true, exclusionReason: 'x' })] },
    'GET /itcare/compute/resources': (req) => page([res(1, 'rhutsql20', '/databases/sqlserver'), res(3, 'vm3')].filter((r) => (req.query!.names as string[]).includes(r.name))),
  };

  it('reads the policies and the names of every document of a service once; results equal observe', async () => {
    const docs = [doc('a', [{ resource: { name: 'rhutsql20' }, patchGroup: '2' }]), doc('b', [{ resource: { name: 'vm3' }, excluded: true, exclusionReason: 'x' }])];
    const { http, pp: h } = handler(routes);
    const all = await h.observeAll!(docs);
    expect(http.callKeys().sort()).toEqual(['GET /itcare/compute/resources', `GET ${POLICIES}`]);
    expect(http.calls.find((c) => c.path === '/itcare/compute/resources')!.query).toMatchObject({ services: SID, names: ['rhutsql20', 'vm3'] });
    for (const d of docs) expect(all.get(d.address)).toEqual(await handler(routes).pp.observe(d));
  });

  it('refuses every document of an unknown service, each naming itself', async () => {
    const { pp: h } = handler({ [`GET ${POLICIES}`]: { status: 404 } });
    const err = await h.observeAll!([doc('a', [{ resource: { id: 1 } }])]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedError);
    expect(err).toMatchObject({ address: 'PatchPolicy/a', message: `service ${SID} not found` });
  });
});
