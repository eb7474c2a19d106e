// The Tags governance kind's reads with a fake ITCare: target lookup by id, by (serviceId, name) and
// by ref, running actions, and observeAll's shared lookups.
import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../../../../../src/core/errors.js';
import type { DesiredResource} from '../../../../../../src/engine/provider.js';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { fakeHttp, page, type FakeRoutes } from '../../../../../support/fake-http.js';
import { SID, tagList } from '../../fixtures.js';

const VM = 500079802;
const TAGS = `/itcare/compute/resources/${VM}/tags`;

const desired = (resource: Record<string, unknown>, tags: Record<string, string> = { app: 'orders', owner: 'team-checkout' }): DesiredResource => ({
  address: 'Tags/legacy-app-vm', kind: 'Tags', name: 'legacy-app-vm', spec: { resource, tags },
});

const item = (over: Record<string, unknown> = {}) => ({
  id: VM, name: 'PEB4APP01', serviceId: SID, path: '/compute/instances', type: 'LINUX',
  tags: tagList({ app: 'orders', env: 'qa' }), ...over,
});

function handler(routes: FakeRoutes = {}) {
  // No running action unless a test says otherwise (read only when a write would follow).
  const http = fakeHttp({ 'GET /itcare/actions': { body: [] }, ...routes });
  return { http, tags: createItcareProvider({ http }).handler('Tags')! };
}

describe('Tags observe', () => {
  it('reads {id} with one GET of its tags; the ownership tag becomes the owner', async () => {
    const { http, tags } = handler({ [`GET ${TAGS}`]: { body: tagList({ 'caretaker-stack': 'other', app: 'orders' }) } });
    const o = await tags.observe(desired({ id: VM }));
    expect(o).toMatchObject({ exists: true, id: VM, owner: 'other', spec: { resource: { id: VM }, tags: { app: 'orders' } } });
    // The tags differ, so the running actions on the target are read too (issue 13 item 12).
    expect(http.callKeys()).toEqual([`GET ${TAGS}`, 'GET /itcare/actions']);
    expect(http.calls[1]!.query).toMatchObject({ resourceId: String(VM), statuses: 'IN_PROGRESS' });
  });

  it('waits for an action already running on the target; a converged target costs no actions read', async () => {
    const running = handler({
      [`GET ${TAGS}`]: { body: tagList({ app: 'old' }) },
      'GET /itcare/actions': { body: [{ id: 900011, status: 'IN_PROGRESS', serviceId: SID, resourceName: 'PEB4APP01' }] },
    });
    expect((await running.tags.observe(desired({ id: VM }))).pending).toEqual([{ id: '900011', resourceId: VM, serviceId: SID, resourceName: 'PEB4APP01' }]);
    const same = handler({ [`GET ${TAGS}`]: { body: tagList({ app: 'orders', owner: 'team-checkout' }) } });
    const o = await same.tags.observe(desired({ id: VM }));
    expect(o.pending).toBeUndefined();
    expect(same.http.callKeys()).toEqual([`GET ${TAGS}`]);
  });

  it('refuses an {id} that ITCare does not know', async () => {
    const { tags } = handler({ [`GET ${TAGS}`]: { status: 404 } });
    const err = await tags.observe(desired({ id: VM })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedError);
    expect(err).toMatchObject({ code: 'ERR_REFUSED', message: `no ITCare resource has id ${VM}` });
  });

  it('finds {serviceId, name} by exact name in the service and uses the tags of the list item (1 request)', async () => {
    const { http, tags } = handler({ 'GET /itcare/compute/resources': page([item({ name: 'PEB4APP011', id: 1 }), item()]) });
    const o = await tags.observe(desired({ serviceId: SID, name: 'PEB4APP01' }));
    expect(o).toMatchObject({ exists: true, id: VM, spec: { resource: { serviceId: SID, name: 'PEB4APP01' }, tags: { app: 'orders', env: 'qa' } } });
    expect(http.calls.map((c) => [c.path, c.query?.services, c.query?.names])).toEqual([
      ['/itcare/compute/resources', SID, ['PEB4APP01']], ['/itcare/actions', undefined, undefined],
    ]);
  });

  it('refuses an unknown {serviceId, name}, naming it, and two resources sharing the name', async () => {
    const none = handler({ 'GET /itcare/compute/resources': page([]) }).tags;
    await expect(none.observe(desired({ serviceId: SID, name: 'PEB4APP01' }))).rejects.toThrow(/no resource named PEB4APP01 in service 46922/);
    const two = handler({ 'GET /itcare/compute/resources': page([item(), item({ id: 7, path: '/databases/redis' })]) }).tags;
    await expect(two.observe(desired({ serviceId: SID, name: 'PEB4APP01' }))).rejects.toBeInstanceOf(RefusedError);
  });

  it('finds a {ref} target by name and kind path; a missing one is to be created (exists: false)', async () => {
    const redis = { id: 42, name: 'orderscache', serviceId: SID, path: '/databases/redis', tags: tagList({ 'caretaker-stack': 'orders-qa', a: 'b' }) };
    const pg = { ...redis, id: 43, path: '/databases/postgresql' };
    const { http, tags } = handler({ 'GET /itcare/compute/resources': page([pg, redis]) });
    const o = await tags.observe(desired({ ref: 'Redis/orderscache' }));
    expect(o).toMatchObject({ exists: true, id: 42, owner: 'orders-qa', spec: { resource: 42, tags: { a: 'b' } } });
    expect(http.calls[0]!.query).toMatchObject({ names: ['orderscache'] });
    const missing = handler({ 'GET /itcare/compute/resources': page([pg]) }).tags;
    expect(await missing.observe(desired({ ref: 'Redis/orderscache' }))).toEqual({ exists: false, spec: {} });
  });

  it('refuses a {ref} whose name exists for that kind in two services', async () => {
    const r = (id: number, serviceId: number) => ({ id, name: 'orderscache', serviceId, path: '/databases/redis', tags: [] });
    const { tags } = handler({ 'GET /itcare/compute/resources': page([r(1, 1), r(2, 2)]) });
    await expect(tags.observe(desired({ ref: 'Redis/orderscache' }))).rejects.toThrow(/2 live resources match Redis orderscache/);
  });
});

describe('Tags observeAll (refresh from lists)', () => {
  const doc = (name: string, resource: Record<string, unknown>, tags: Record<string, string> = { app: 'orders', env: 'qa' }): DesiredResource => ({
    address: `Tags/${name}`, kind: 'Tags', name, spec: { resource, tags },
  });
  const vm = (id: number, name: string, over: Record<string, unknown> = {}) => item({ id, name, ...over });
  const redis = { id: 42, name: 'orderscache', serviceId: SID, path: '/databases/redis', tags: tagList({ 'caretaker-stack': 'orders-qa', app: 'orders', env: 'qa' }) };

  it('looks every {serviceId, name} target of a service up with ONE list and every {ref} with ONE; results equal observe', async () => {
    const docs = [
      doc('a', { serviceId: SID, name: 'PEB4APP01' }), doc('b', { serviceId: SID, name: 'PEB4APP02' }),
      doc('c', { ref: 'Redis/orderscache' }), doc('d', { id: VM }), doc('e', { ref: 'Redis/notyet' }),
    ];
    const routes: FakeRoutes = {
      'GET /itcare/compute/resources': (req) => {
        const names = req.query!.names as string[];
        const all = [vm(VM, 'PEB4APP01'), vm(7, 'PEB4APP02'), vm(8, 'PEB4APP03'), redis];
        return page(all.filter((i) => names.includes(i.name) && (req.query!.services === undefined || i.serviceId === req.query!.services)));
      },
      [`GET ${TAGS}`]: { body: tagList({ app: 'orders', env: 'qa' }) },
    };
    const batch = handler(routes);
    const all = await batch.tags.observeAll!(docs);
    expect(batch.http.calls.filter((c) => c.path === '/itcare/compute/resources').map((c) => [c.query?.services, c.query?.names])).toEqual([
      [SID, ['PEB4APP01', 'PEB4APP02']], [undefined, ['notyet', 'orderscache']],
    ]);
    // Converged targets: no running-actions read; the {id} target costs its tags GET.
    expect(batch.http.callKeys().sort()).toEqual(['GET /itcare/compute/resources', 'GET /itcare/compute/resources', `GET ${TAGS}`]);
    for (const d of docs) {
      const one = handler(routes);
      expect(all.get(d.address)).toEqual(await one.tags.observe(d));
    }
    expect(all.get('Tags/e')).toEqual({ exists: false, spec: {} });
    expect(all.get('Tags/c')).toMatchObject({ exists: true, id: 42, owner: 'orders-qa' });
  });

  it('asks for at most 50 names a request', async () => {
    const docs = Array.from({ length: 120 }, (_, i) => doc(`t${i}`, { serviceId: SID, name: `VM${String(i).padStart(3, '0')}` }));
    const { http, tags } = handler({
      'GET /itcare/compute/resources': (req) => page((req.query!.names as string[]).map((n, i) => vm(1000 + Number(n.slice(2)) + i * 0, n))),
    });
    const all = await tags.observeAll!(docs);
    expect(all.size).toBe(120);
    expect(http.calls.filter((c) => c.path === '/itcare/compute/resources').map((c) => (c.query!.names as string[]).length)).toEqual([50, 50, 20]);
  });

  it('refuses a name shared by two resources of the service, naming the document, as observe does', async () => {
    const { tags } = handler({ 'GET /itcare/compute/resources': page([item(), item({ id: 7, path: '/databases/redis' })]) });
    const err = await tags.observeAll!([doc('x', { serviceId: SID, name: 'PEB4APP01' })]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedError);
    expect((err as RefusedError).address).toBe('Tags/x');
  });
});
