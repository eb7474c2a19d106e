// MariaDB observe and observeAll with a fake ITCare answering like the docs' samples: found by name and
// sign in /itcare/databases, the live -> spec table (topology in the create's words, disk and network
// from the nodes), the requests per resource, and listOwned.
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../../../../src/core/secret.js';
import { createReadScope, type DesiredResource } from '../../../../../../src/engine/provider.js';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { fakeHttp, page, type FakeRoutes } from '../../../../../support/fake-http.js';
import { SID, node, tagList } from '../../fixtures.js';

const ID = 500057055;
const BASE = `/itcare/databases/mariadb/${ID}`;

const desired = (spec: Record<string, unknown> = {}, name = 'orders-maria'): DesiredResource => ({
  address: `MariaDB/${name}`, kind: 'MariaDB', name,
  spec: {
    serviceId: SID, region: 'EB', area: 'EB-QA', nodeSizing: '2cpu4gb', diskSize: 40, networkId: 1234511,
    instanceCount: 1, topology: 'SINGLE', version: '10.6', admPassword: new Secret('Orders#Maria2026'), ...spec,
  },
});

/** A `/itcare/databases` item of the MariaDB, with the fields of the MariaDB GET (`001:11994-12083`). */
const item = (over: Record<string, unknown> = {}) => ({
  id: ID, name: 'orders-maria', serviceId: SID, path: '/databases/mariadb', family: 'MARIADB', technology: 'MariaDB',
  status: 'ACTIVE', sizing: '2cpu4gb', cpu: 2, ram: 4, nodeCount: 1, topology: 'Standalone', version: '10.6.12',
  monitoringEnabled: true, monitoringAlerting: false, monitoringOnCallEnabled: false,
  patchParty: { excluded: false, patchGroup: '2', exclusionReason: '' }, ...over,
});

function world(routes: FakeRoutes = {}) {
  const http = fakeHttp({
    'GET /itcare/databases': page([item()]),
    [`GET ${BASE}`]: { body: item() },
    [`GET ${BASE}/nodes`]: { body: [node({ id: 11, name: 'pmaria01', storage: 40 })] },
    [`GET /itcare/compute/resources/${ID}/tags`]: { body: tagList({ 'caretaker-stack': 'orders-qa', app: 'orders' }) },
    'GET /itcare/compute/resources': page([{ id: ID, name: 'orders-maria', serviceId: SID, path: '/databases/mariadb', tags: tagList({ 'caretaker-stack': 'orders-qa', app: 'orders' }) }]),
    'GET /itcare/actions': { body: [] },
    ...routes,
  });
  return { http, h: createItcareProvider({ http }).handler('MariaDB')! };
}

const SPEC = {
  serviceId: SID, nodeSizing: '2cpu4gb', instanceCount: 1, topology: 'SINGLE', version: '10.6',
  diskSize: 40, networkId: 1234511, region: 'EB', area: 'EB-QA', az: 'EB-QA-A',
  monitoringEnabled: true, monitoringAlerting: false, onCallSupervision: false, state: 'running',
  patchParty: { excluded: false, patchGroup: '2' }, tags: { app: 'orders' },
};

describe('MariaDB observe', () => {
  it('finds the instance by name and sign in /itcare/databases and normalises it to spec shape', async () => {
    const { http, h } = world();
    const obs = await h.observe(desired());
    expect(obs).toMatchObject({ exists: true, id: ID, owner: 'orders-qa' });
    expect(obs.spec).toEqual(SPEC);
    expect(http.calls[0]).toMatchObject({ path: '/itcare/databases', query: { services: SID, names: 'orders-maria' } });
    expect(JSON.stringify(obs)).not.toContain('Orders#Maria2026');
  });

  it('ignores a Redis or an OpenSearch of the same name in the aggregate list', async () => {
    const { h } = world({ 'GET /itcare/databases': page([item({ path: '/databases/redis', id: 1 }), item({ path: '/databases/opensearch', id: 2 })]) });
    expect((await h.observe(desired())).exists).toBe(false);
  });

  const cases: Record<string, { reason: string; item: Record<string, unknown>; want: Record<string, unknown> }> = {
    galera: { reason: 'the GET answers Galera for a cluster (the list filter\'s word, 001:11966): CLUSTER', item: { topology: 'Galera', nodeCount: 3 }, want: { topology: 'CLUSTER', instanceCount: 3 } },
    cluster: { reason: 'the create\'s own word reads as itself', item: { topology: 'cluster' }, want: { topology: 'CLUSTER' } },
    standalone: { reason: 'Standalone is the create\'s SINGLE', item: { topology: 'STANDALONE' }, want: { topology: 'SINGLE' } },
    other: { reason: 'an undocumented topology is kept (upper-cased), so the difference shows', item: { topology: 'Replica Set' }, want: { topology: 'REPLICA SET' } },
    sizingFromCpuRam: { reason: 'without a list sizing, cpu + ram make it', item: { sizing: undefined, cpu: 4, ram: 8 }, want: { nodeSizing: '4cpu8gb' } },
    version: { reason: 'a more precise live version matching the spec reads as the spec', item: { version: '10.6.12' }, want: { version: '10.6' } },
    otherVersion: { reason: 'another version stays as returned', item: { version: '10.11.2' }, want: { version: '10.11.2' } },
    stopped: { reason: 'INACTIVE is stopped', item: { status: 'INACTIVE' }, want: { state: 'stopped' } },
  };
  it.each(Object.entries(cases))('%s', async (_n, c) => {
    const { h } = world({ 'GET /itcare/databases': page([item(c.item)]), [`GET ${BASE}`]: { body: item(c.item) } });
    const obs = await h.observe(desired());
    for (const [k, v] of Object.entries(c.want)) expect(obs.spec[k], c.reason).toEqual(v);
  });
});

describe('MariaDB observeAll (refresh from lists)', () => {
  it('observes what observe does from three service-wide lists plus the nodes of each instance, with no detail GET', async () => {
    const { http, h } = world();
    const all = await h.observeAll!([desired()], createReadScope());
    const one = await world().h.observe(desired());
    expect(all.get('MariaDB/orders-maria')!.spec).toEqual(one.spec);
    expect(http.callKeys().sort()).toEqual(['GET /itcare/actions', 'GET /itcare/compute/resources', 'GET /itcare/databases', `GET ${BASE}/nodes`]);
  });

  it('reads no nodes when the spec manages neither disk, network nor placement', async () => {
    const { http, h } = world();
    const { diskSize: _d, networkId: _n, region: _r, area: _a, ...spec } = desired().spec;
    await h.observeAll!([{ ...desired(), spec }], createReadScope());
    expect(http.callKeys()).not.toContain(`GET ${BASE}/nodes`);
  });
});

describe('MariaDB listOwned', () => {
  it('lists the instances tagged with the stack, from the generic list', async () => {
    const { h } = world();
    const owned = await h.listOwned('orders-qa', { serviceIds: [SID] });
    expect(owned.map((o) => [o.kind, o.name, o.id])).toEqual([['MariaDB', 'orders-maria', ID]]);
    expect(await h.listOwned('other-stack', { serviceIds: [SID] })).toEqual([]);
  });
});
