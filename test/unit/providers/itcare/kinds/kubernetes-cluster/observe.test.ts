import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../../../../../src/core/errors.js';
import { diffSpec } from '../../../../../../src/engine/diff.js';
import type { DesiredResource } from '../../../../../../src/engine/provider.js';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { createSchemaRegistry } from '../../../../../../src/schema/registry.js';
import { fakeHttp, page, type FakeRoutes } from '../../../../../support/fake-http.js';

const SID = 46922;
const K8S_ID = 500070001;
const BASE = '/itcare/compute/containers/kubernetes';
const policy = createSchemaRegistry().policy('KubernetesCluster');

const desired = (spec: Record<string, unknown> = {}, name = 'web'): DesiredResource => ({
  address: `KubernetesCluster/${name}`, kind: 'KubernetesCluster', name,
  spec: { serviceId: SID, region: 'EB', area: 'EB-QA', networkId: 1234511, ingressProvider: 'NGINX', nodeSizing: '4cpu16gb', instanceCount: 3, ...spec },
});

/** A `/nodes` item shaped like the docs' Node (001:17842-18057), with realistic values. */
const knode = (id: number, az: string, cpu: number, ram: number, over: Record<string, unknown> = {}) => ({
  id, name: `pweb${id}`, cpu, ram, availabilityZone: { id: az }, network: { id: 1234511 }, region: { id: 'EB' }, area: { id: 'EB-QA' },
  isExternalIngressNode: false, isInternalIngressNode: false, ...over,
});

const detail = (over: Record<string, unknown> = {}) => ({
  id: K8S_ID, name: 'web', serviceId: SID, path: '/compute/containers/kubernetes', status: 'ACTIVE', ingressProvider: 'NGINX',
  version: '1.29', versionDetailed: 'v1.29.3', topology: 'Standard', supportsHAMode: true, nodeCount: 4,
  monitoringEnabled: true, monitoringAlerting: false, monitoringOnCallEnabled: false,
  patchParty: { excluded: false, patchGroup: '', exclusionReason: '' },
  ...over,
});

const NODES = [
  knode(11113, 'EB-A', 4, 16, { isInternalIngressNode: true }),
  knode(11114, 'EB-B', 4, 16, { isExternalIngressNode: true }),
  knode(11115, 'EB-A', 4, 16),
  knode(11116, 'EB-B', 8, 32),
];

function world(routes: FakeRoutes = {}) {
  return fakeHttp({
    [`GET ${BASE}`]: page([
      { id: K8S_ID, name: 'web', serviceId: SID, path: '/compute/containers/kubernetes' },
      { id: 500070002, name: 'web-2', serviceId: SID, path: '/compute/containers/kubernetes' },
    ]),
    [`GET ${BASE}/${K8S_ID}`]: { body: detail() },
    [`GET ${BASE}/${K8S_ID}/nodes`]: { body: NODES },
    [`GET /itcare/compute/resources/${K8S_ID}/tags`]: { body: [{ tagKey: 'caretaker-stack', tagValue: 'web-qa' }, { tagKey: 'app', tagValue: 'web' }] },
    'GET /itcare/actions': { body: [] },
    ...routes,
  });
}

describe('KubernetesCluster observe', () => {
  it('finds the cluster by exact name in the service and normalises it to spec shape', async () => {
    const http = world();
    const obs = await createItcareProvider({ http }).handler('KubernetesCluster')!.observe(desired({ nodePools: [] }));
    expect(http.calls[0]).toMatchObject({ method: 'GET', path: BASE, query: { services: SID, names: 'web' } });
    expect(obs).toMatchObject({ exists: true, id: K8S_ID, owner: 'web-qa' });
    expect(obs.spec).toEqual({
      serviceId: SID, ingressProvider: 'NGINX', version: '1.29', topology: 'STANDARD', networkId: 1234511,
      nodePools: [
        { az: 'EB-A', nodeSizing: '4cpu16gb', count: 2 },
        { az: 'EB-B', nodeSizing: '4cpu16gb', count: 1 },
        { az: 'EB-B', nodeSizing: '8cpu32gb', count: 1 },
      ],
      monitoringEnabled: true, monitoringAlerting: false, onCallSupervision: false,
      patchParty: { excluded: false }, tags: { app: 'web' },
    });
    expect(obs.spec).not.toHaveProperty('state');
    expect(obs.lookups).toEqual({
      supportsHAMode: true,
      nodes: [
        { id: '11113', name: 'pweb11113', az: 'EB-A', nodeSizing: '4cpu16gb', ingress: true },
        { id: '11114', name: 'pweb11114', az: 'EB-B', nodeSizing: '4cpu16gb', ingress: true },
        { id: '11115', name: 'pweb11115', az: 'EB-A', nodeSizing: '4cpu16gb', ingress: false },
        { id: '11116', name: 'pweb11116', az: 'EB-B', nodeSizing: '8cpu32gb', ingress: false },
      ],
    });
  });

  it('plans no change for a converged cluster written in another order and case', async () => {
    const obs = await createItcareProvider({ http: world() }).handler('KubernetesCluster')!.observe(desired());
    const want = desired({
      ingressProvider: 'nginx', version: '1.29', topology: 'standard', tags: { app: 'web' }, patchParty: { excluded: false },
      nodePools: [
        { az: 'eb-b', nodeSizing: '8cpu32gb', count: 1 },
        { az: 'EB-A', nodeSizing: '4cpu16gb', count: 2 },
        { az: 'EB-B', nodeSizing: '4cpu16gb', count: 1 },
      ],
    });
    expect(diffSpec(want.spec, obs.spec, { policy })).toEqual([]);
  });

  const versions: Record<string, { reason: string; live: Record<string, unknown>; want: Record<string, unknown> }> = {
    Detailed: { reason: 'versionDetailed is the fallback, reduced to the minor', live: { version: undefined, versionDetailed: 'v1.28.13' }, want: { version: '1.28' } },
    PatchInVersion: { reason: 'a full version in `version` is reduced to the minor', live: { version: 'v1.30.2' }, want: { version: '1.30' } },
    HighAvailability: { reason: 'topology spellings map to STANDARD | HA', live: { topology: 'High Availability' }, want: { topology: 'HA' } },
    LowerIngress: { reason: 'ingress provider upper-cased', live: { ingressProvider: 'traefik' }, want: { ingressProvider: 'TRAEFIK' } },
  };
  it.each(Object.entries(versions))('%s', async (_n, c) => {
    const http = world({ [`GET ${BASE}/${K8S_ID}`]: { body: detail(c.live) } });
    const obs = await createItcareProvider({ http }).handler('KubernetesCluster')!.observe(desired());
    expect(obs.spec, c.reason).toMatchObject(c.want);
  });

  it('observeAll reads no detail GET: the list items carry its fields, and the observation is the same', async () => {
    const listed = world({
      [`GET ${BASE}`]: page([detail(), { ...detail({ id: 500070002, name: 'web-2' }) }]),
      'GET /itcare/compute/resources': page([{ id: K8S_ID, name: 'web', serviceId: SID, tags: [{ tagKey: 'caretaker-stack', tagValue: 'web-qa' }, { tagKey: 'app', tagValue: 'web' }] }]),
    });
    const h = createItcareProvider({ http: listed }).handler('KubernetesCluster')!;
    const all = await h.observeAll!([desired({ nodePools: [] })]);
    expect(listed.callKeys()).not.toContain(`GET ${BASE}/${K8S_ID}`);
    const one = await createItcareProvider({ http: world() }).handler('KubernetesCluster')!.observe(desired({ nodePools: [] }));
    const obs = all.get('KubernetesCluster/web')!;
    expect(obs.spec).toEqual(one.spec);
    expect(obs.lookups).toEqual(one.lookups);
    expect(obs.owner).toBe('web-qa');
  });

  it('reads no nodes when the spec manages neither nodePools nor networkId', async () => {
    const http = world();
    const d = desired();
    delete d.spec.networkId;
    const obs = await createItcareProvider({ http }).handler('KubernetesCluster')!.observe(d);
    expect(http.callKeys()).not.toContain(`GET ${BASE}/${K8S_ID}/nodes`);
    expect(obs.spec).not.toHaveProperty('nodePools');
    expect(obs.lookups).toEqual({ supportsHAMode: true });
  });

  it('reports a missing cluster after one request (plus the ingress catalogue its create needs), and running actions of an existing one', async () => {
    const none = world({ [`GET ${BASE}`]: page([{ id: 1, name: 'webx', serviceId: SID }]), [`GET ${BASE}/ingress-providers`]: { body: ['NGINX'] } });
    expect(await createItcareProvider({ http: none }).handler('KubernetesCluster')!.observe(desired())).toEqual({ exists: false, spec: {} });
    expect(none.calls.map((c) => c.path)).toEqual([BASE, `${BASE}/ingress-providers`]);

    const busy = world({ 'GET /itcare/actions': { body: [{ id: 77, status: 'IN_PROGRESS' }] } });
    const obs = await createItcareProvider({ http: busy }).handler('KubernetesCluster')!.observe(desired());
    expect(obs.pending).toEqual([{ id: '77', serviceId: SID, resourceId: K8S_ID, resourceName: 'web' }]);
  });

  it('refuses to guess between two live clusters of the same name in the service', async () => {
    const http = world({ [`GET ${BASE}`]: page([{ id: 1, name: 'web', serviceId: SID }, { id: 2, name: 'web', serviceId: SID }]) });
    const err = await createItcareProvider({ http }).handler('KubernetesCluster')!.observe(desired()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedError);
    expect((err as RefusedError).code).toBe('ERR_REFUSED');
  });

  it('lists owned clusters by their resource path, ignoring other kinds', async () => {
    const http = world({
      'GET /itcare/compute/resources': page([
        { id: K8S_ID, name: 'web', serviceId: SID, path: '/compute/containers/kubernetes' },
        { id: 500059535, name: 'orders-cache', serviceId: SID, path: '/databases/redis' },
      ]),
    });
    const owned = await createItcareProvider({ http }).handler('KubernetesCluster')!.listOwned('web-qa', { serviceIds: [SID] });
    expect(owned.map((o) => [o.kind, o.name, o.id, o.serviceId])).toEqual([['KubernetesCluster', 'web', K8S_ID, SID]]);
    // These items carry no tags[]: the ownership tag is then asked of the server's tags= filter.
    const lists = http.calls.filter((c) => c.path === '/itcare/compute/resources').map((c) => c.query);
    expect(lists).toContainEqual(expect.objectContaining({ services: [SID], tags: 'caretaker-stack:web-qa' }));
    expect(http.callKeys()).not.toContain(`GET ${BASE}/${K8S_ID}/nodes`);
  });
});
