// VirtualMachine observe and observeAll with a fake ITCare answering like the docs' samples: found by
// name in its own paged list (001:2760-3097), whose Node-shaped items carry every managed field (no
// detail GET, no /storage or /networks in refresh), the live -> spec table, and listOwned.
import { describe, expect, it } from 'vitest';
import { createReadScope, type DesiredResource } from '../../../../../../src/engine/provider.js';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { fakeHttp, page, type FakeRoutes } from '../../../../../support/fake-http.js';
import { SID, tagList } from '../../fixtures.js';

const ID = 500079802;
const LIST = '/itcare/compute/instances';

const desired = (spec: Record<string, unknown> = {}, name = 'PEB4APP01'): DesiredResource => ({
  address: `VirtualMachine/${name}`, kind: 'VirtualMachine', name,
  spec: { serviceId: SID, region: 'EB', area: 'EB-QA', platform: 'deb12', resourceId: '2cpu4gb', availabilityZone: 'eb-qa-a', networkId: 1234511, ...spec },
});

/** A Node-shaped instance (001:2850-3097). */
const item = (over: Record<string, unknown> = {}) => ({
  id: ID, name: 'PEB4APP01', serviceId: SID, path: '/compute/instances', category: 'Instance', type: 'LINUX', family: 'DEBIAN',
  status: 'ACTIVE', cpu: 2, ram: 4, imageCode: 'deb12', environment: 'QA',
  region: { id: 'EB' }, area: { id: 'EB-QA' }, availabilityZone: { id: 'EB-QA-A' }, network: { id: 1234511 },
  backupStatus: true, replicationStatus: false, monitoringEnabled: true, monitoringAlerting: true, monitoringOnCallEnabled: false,
  patchParty: { excluded: false, patchGroup: '1' }, ...over,
});

function world(routes: FakeRoutes = {}) {
  const http = fakeHttp({
    [`GET ${LIST}`]: page([item()]),
    [`GET ${LIST}/${ID}`]: { body: item() },
    [`GET /itcare/compute/resources/${ID}/tags`]: { body: tagList({ 'caretaker-stack': 'orders-qa', app: 'orders' }) },
    'GET /itcare/compute/resources': page([{ id: ID, name: 'PEB4APP01', serviceId: SID, path: '/compute/instances', tags: tagList({ 'caretaker-stack': 'orders-qa', app: 'orders' }) }]),
    'GET /itcare/actions': { body: [] },
    ...routes,
  });
  return { http, h: createItcareProvider({ http }).handler('VirtualMachine')! };
}

const SPEC = {
  serviceId: SID, resourceId: '2cpu4gb', availabilityZone: 'eb-qa-a', networkId: 1234511, backupEnabled: true, replicationEnabled: false,
  region: 'EB', area: 'EB-QA', monitoringEnabled: true, monitoringAlerting: true, onCallSupervision: false, state: 'running',
  patchParty: { excluded: false, patchGroup: '1' }, tags: { app: 'orders' },
};

describe('VirtualMachine observe', () => {
  it('finds the instance by name in its own list and normalises it to spec shape', async () => {
    const { http, h } = world();
    const obs = await h.observe(desired());
    expect(obs).toMatchObject({ exists: true, id: ID, owner: 'orders-qa' });
    expect(obs.spec).toEqual(SPEC);
    expect(http.calls[0]).toMatchObject({ path: LIST, query: { services: SID, names: 'PEB4APP01' } });
  });

  const cases: Record<string, { reason: string; item: Record<string, unknown>; want: Record<string, unknown> }> = {
    stopped: { reason: 'INACTIVE is stopped', item: { status: 'INACTIVE' }, want: { state: 'stopped' } },
    sizing: { reason: 'the sizing is cpu + ram, as resourceId spells it', item: { cpu: 4, ram: 16 }, want: { resourceId: '4cpu16gb' } },
    otherAz: { reason: 'another zone stays as returned, so the difference (a replace) shows', item: { availabilityZone: { id: 'EB-QA-B' } }, want: { availabilityZone: 'EB-QA-B' } },
    noFlags: { reason: 'backup and replication statuses the GET does not give stay unknown', item: { backupStatus: undefined, replicationStatus: 'yes' }, want: { backupEnabled: undefined, replicationEnabled: undefined } },
  };
  it.each(Object.entries(cases))('%s', async (_n, c) => {
    const { h } = world({ [`GET ${LIST}`]: page([item(c.item)]), [`GET ${LIST}/${ID}`]: { body: item(c.item) } });
    const obs = await h.observe(desired());
    for (const [k, v] of Object.entries(c.want)) expect(obs.spec[k], c.reason).toEqual(v);
  });
});

describe('VirtualMachine observeAll (refresh from lists)', () => {
  it('observes what observe does from three service-wide lists, with no request per instance', async () => {
    const { http, h } = world();
    const all = await h.observeAll!([desired(), desired({}, 'PEB4APP99')], createReadScope());
    expect(all.get('VirtualMachine/PEB4APP01')!.spec).toEqual((await world().h.observe(desired())).spec);
    expect(all.get('VirtualMachine/PEB4APP99')).toEqual({ exists: false, spec: {} });
    expect(http.callKeys().sort()).toEqual(['GET /itcare/actions', 'GET /itcare/compute/instances', 'GET /itcare/compute/resources']);
  });
});

describe('VirtualMachine listOwned', () => {
  it('lists the instances tagged with the stack, recognised by their path', async () => {
    const { h } = world();
    expect((await h.listOwned('orders-qa', { serviceIds: [SID] })).map((o) => [o.kind, o.name, o.id])).toEqual([['VirtualMachine', 'PEB4APP01', ID]]);
  });

  it('inventories every instance of the service from the generic list, owned or not (drift --unmanaged)', async () => {
    const { http, h } = world({
      'GET /itcare/compute/resources': page([
        { id: ID, name: 'PEB4APP01', serviceId: SID, path: '/compute/instances', tags: tagList({ 'caretaker-stack': 'orders-qa' }) },
        { id: ID + 1, name: 'PEB4APP02', serviceId: SID, path: '/compute/instances', tags: [] },
        { id: ID + 2, name: 'shopcache', serviceId: SID, path: '/databases/redis', tags: [] },
      ]),
    });
    expect(h.inventory).toBeTypeOf('function');
    const all = await h.inventory!({ serviceIds: [SID] });
    expect(all.map((o) => [o.kind, o.name, o.owner])).toEqual([['VirtualMachine', 'PEB4APP01', 'orders-qa'], ['VirtualMachine', 'PEB4APP02', undefined]]);
    expect(http.calls.map((c) => c.path)).toEqual(['/itcare/compute/resources']);
  });
});
