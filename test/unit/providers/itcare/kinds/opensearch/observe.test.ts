// OpenSearch observe and observeAll with a fake ITCare answering like the docs' samples: found by name
// and sign in /itcare/databases, sizing, disk and network from the nodes (the sizing a partly resized
// cluster still lacks shows), instanceCount from nodeCount, and the requests per cluster.
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../../../../src/core/secret.js';
import { createReadScope, type DesiredResource } from '../../../../../../src/engine/provider.js';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { fakeHttp, page, type FakeRoutes } from '../../../../../support/fake-http.js';
import { SID, node, tagList } from '../../fixtures.js';

const ID = 500100002;
const BASE = `/itcare/databases/opensearch/${ID}`;

const desired = (spec: Record<string, unknown> = {}): DesiredResource => ({
  address: 'OpenSearch/orders-search', kind: 'OpenSearch', name: 'orders-search',
  spec: {
    serviceId: SID, region: 'EB', area: 'EB-QA', nodeSizing: '2cpu4gb', diskSize: 40, networkId: 1234511, instanceCount: '3',
    clusterVersion: '2.11', nodePrefix: 'ORDSRCH', admPassword: new Secret('Orders#Search2026'), ...spec,
  },
});

const item = (over: Record<string, unknown> = {}) => ({
  id: ID, name: 'orders-search', serviceId: SID, path: '/databases/opensearch', family: 'OPENSEARCH', status: 'ACTIVE',
  sizing: '2cpu4gb', cpu: 2, ram: 4, nodeCount: 3, version: '2.11.1', monitoringEnabled: true, monitoringAlerting: false, monitoringOnCallEnabled: false,
  patchParty: { excluded: false, patchGroup: '' }, ...over,
});
const osNode = (i: number, over: Record<string, unknown> = {}) => node({ id: 70 + i, name: `ORDSRCH0${i}`, cpu: 2, ram: 4, roles: ['data', 'master'], ...over });

function world(routes: FakeRoutes = {}) {
  const http = fakeHttp({
    'GET /itcare/databases': page([item()]),
    [`GET ${BASE}`]: { body: item() },
    [`GET ${BASE}/nodes`]: { body: [osNode(1), osNode(2), osNode(3)] },
    [`GET /itcare/compute/resources/${ID}/tags`]: { body: tagList({ 'caretaker-stack': 'orders-qa' }) },
    'GET /itcare/compute/resources': page([{ id: ID, name: 'orders-search', serviceId: SID, path: '/databases/opensearch', tags: tagList({ 'caretaker-stack': 'orders-qa' }) }]),
    'GET /itcare/actions': { body: [] },
    ...routes,
  });
  return { http, h: createItcareProvider({ http }).handler('OpenSearch')! };
}

describe('OpenSearch observe', () => {
  it('normalises the cluster: sizing, disk and network from the nodes, the count from nodeCount', async () => {
    const obs = await world().h.observe(desired());
    expect(obs).toMatchObject({ exists: true, id: ID, owner: 'orders-qa' });
    expect(obs.spec).toEqual({
      serviceId: SID, nodeSizing: '2cpu4gb', instanceCount: 3, clusterVersion: '2.11', diskSize: 40, networkId: 1234511,
      region: 'EB', area: 'EB-QA', az: 'EB-QA-A', monitoringEnabled: true, monitoringAlerting: false, onCallSupervision: false,
      state: 'running', patchParty: { excluded: false }, tags: {},
    });
  });

  it('shows the sizing a partly resized cluster still lacks, so that resize_nodes is planned for the rest', async () => {
    const { h } = world({ [`GET ${BASE}/nodes`]: { body: [osNode(1, { cpu: 4, ram: 8 }), osNode(2), osNode(3)] } });
    expect((await h.observe(desired({ nodeSizing: '4cpu8gb' }))).spec.nodeSizing).toBe('2cpu4gb');
    const all = world({ [`GET ${BASE}/nodes`]: { body: [osNode(1, { cpu: 4, ram: 8 }), osNode(2, { cpu: 4, ram: 8 })] } });
    expect((await all.h.observe(desired({ nodeSizing: '4cpu8gb' }))).spec.nodeSizing).toBe('4cpu8gb');
  });

  it('is not fooled by a MariaDB of the same name', async () => {
    const { h } = world({ 'GET /itcare/databases': page([item({ path: '/databases/mariadb' })]) });
    expect((await h.observe(desired())).exists).toBe(false);
  });
});

describe('OpenSearch observeAll (refresh from lists)', () => {
  it('reads three service-wide lists and the nodes of each cluster, no detail GET, and observes what observe does', async () => {
    const { http, h } = world();
    const all = await h.observeAll!([desired()], createReadScope());
    expect(all.get('OpenSearch/orders-search')!.spec).toEqual((await world().h.observe(desired())).spec);
    expect(http.callKeys().sort()).toEqual(['GET /itcare/actions', 'GET /itcare/compute/resources', 'GET /itcare/databases', `GET ${BASE}/nodes`]);
  });
});

describe('OpenSearch inventory', () => {
  it('lists every cluster of the service from the generic list, owned or not, and nothing of another kind', async () => {
    const { http, h } = world({
      'GET /itcare/compute/resources': page([
        { id: ID, name: 'orders-search', serviceId: SID, path: '/databases/opensearch', tags: tagList({ 'caretaker-stack': 'orders-qa' }) },
        { id: ID + 1, name: 'legacy-search', serviceId: SID, path: '/databases/opensearch', tags: [] },
        { id: ID + 2, name: 'orders-maria', serviceId: SID, path: '/databases/mariadb', tags: [] },
      ]),
    });
    const all = await h.inventory!({ serviceIds: [SID] });
    expect(all.map((o) => [o.kind, o.name, o.owner])).toEqual([['OpenSearch', 'orders-search', 'orders-qa'], ['OpenSearch', 'legacy-search', undefined]]);
    expect(http.calls.map((c) => c.path)).toEqual(['/itcare/compute/resources']);
  });
});
