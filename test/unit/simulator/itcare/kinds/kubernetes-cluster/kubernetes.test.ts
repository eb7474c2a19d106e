import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../../../../src/simulator/start.js';
import { client, createAndWait, finishActions, start, waitAction, type Client } from '../../../support.js';

const BASE = '/itcare/compute/containers/kubernetes';

function k8sBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'orders-k8s', area: 'EB-QA', region: 'EB', networkId: 1234512, serviceId: 46922, nodeSizing: '4cpu16gb',
    instanceCount: 3, ingressProvider: 'NGINX', ...over,
  };
}

function lbBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { url: 'apps.orders-k8s.cegedim.cloud', serviceId: 46922, region: 'EB', area: 'EB-QA', healthcheck: 'http', portMembers: '80', profileName: 'HTTP', ...over };
}

describe('simulator Kubernetes', () => {
  let sim: RunningSimulator;
  let c: Client;
  beforeAll(async () => {
    sim = await start();
    c = client(sim);
  });
  afterAll(() => sim.close());

  /** PATCH and wait; returns the final action. */
  async function patch(id: number, body: unknown): Promise<any> {
    const res = await c.patch(`${BASE}/${id}`, body);
    if (res.status !== 202) throw new Error(`PATCH answered ${res.status}: ${JSON.stringify(res.body)}`);
    return waitAction(c, res.body.id);
  }

  it('serves the ingress providers', async () => {
    expect((await c.get(`${BASE}/ingress-providers`)).body).toEqual(['NGINX', 'TRAEFIK', 'ISTIO']);
  });

  it('creates a cluster with its nodes spread over the area AZs, the first two as ingress nodes', async () => {
    const res = await c.post(BASE, k8sBody({ name: 'create-k8s', ingressProvider: 'traefik' }));
    expect(res).toMatchObject({ status: 202, body: { status: 'IN_PROGRESS', process: 'CREATE', resourceName: 'create-k8s', resourceType: 'KUBERNETES' } });
    const id = res.body.internalId;
    expect((await waitAction(c, res.body.id)).status).toBe('SUCCESS');
    const live = (await c.get(`${BASE}/${id}`)).body;
    expect(live).toMatchObject({
      id, name: 'create-k8s', status: 'ACTIVE', version: '1.29', versionDetailed: 'v1.29.10', topology: 'Standard',
      supportsHAMode: true, nodeCount: 3, ingressProvider: 'TRAEFIK', path: '/compute/containers/kubernetes', serviceId: 46922,
      availableAZs: ['EB-QA-A', 'EB-QA-B', 'EB-QA-C'], labelRegion: 'EB', monitoringEnabled: false, monitoringOnCallEnabled: false,
      patchParty: { excluded: false, id },
    });
    const nodes = (await c.get(`${BASE}/${id}/nodes`)).body;
    expect(nodes.map((n: any) => n.availabilityZone.id)).toEqual(['EB-QA-A', 'EB-QA-B', 'EB-QA-C']);
    expect(nodes.map((n: any) => n.isInternalIngressNode)).toEqual([true, true, false]);
    expect(nodes.map((n: any) => n.isExternalIngressNode)).toEqual([true, true, false]);
    expect(nodes[0]).toMatchObject({ cpu: 4, ram: 16, name: 'CREATEK8S01', network: { id: 1234512 } });
    expect((await c.get(`${BASE}/${id}/networks`)).body).toEqual([expect.objectContaining({ id: 1234512 })]);
    expect((await c.get(`${BASE}/${id}/metrics?type=az-distribution`)).body['EB-QA-A']).toEqual({ cpuCount: 4, nodeCount: 1, ramCount: 16 });
    expect((await c.get(`${BASE}/${id}/metrics?type=dc-distribution`)).body).toEqual({
      EB4: { cpuCount: 8, nodeCount: 2, ramCount: 32 }, EB5: { cpuCount: 4, nodeCount: 1, ramCount: 16 },
    });
    expect((await c.get(`${BASE}/${id}/metrics`)).status).toBe(400);
  });

  it.each(Object.entries({
    'uppercase name': { reason: 'pattern [a-z0-9\\-]+', over: { name: 'PCLUSTER01' }, field: 'name' },
    'one node': { reason: 'instanceCount 2..12', over: { instanceCount: 1 }, field: 'instanceCount' },
    'thirteen nodes': { reason: 'instanceCount 2..12', over: { instanceCount: 13 }, field: 'instanceCount' },
    'unknown ingress': { reason: 'must be listed by /ingress-providers', over: { ingressProvider: 'HAPROXY' }, field: 'ingressProvider' },
    'missing ingress': { reason: 'ingressProvider is Required', over: { ingressProvider: undefined }, field: 'ingressProvider' },
    'missing region': { reason: 'region is Required', over: { region: undefined }, field: 'region' },
    'unknown network': { reason: 'networkId must exist', over: { networkId: 1 }, field: 'networkId' },
    'unknown service': { reason: 'serviceId must exist', over: { serviceId: 1 }, field: 'serviceId' },
    'bad sizing': { reason: 'sizing looks like 2cpu4gb', over: { nodeSizing: 'big' }, field: 'nodeSizing' },
  }))('refuses a create with %s', async (_name, { over, field }) => {
    const res = await c.post(BASE, k8sBody({ name: 'invalid-k8s', ...over }));
    expect(res).toMatchObject({ status: 400, body: { status: 'BAD_REQUEST', errorCode: 'INVALID_FIELD_VALUE', errorDesc: field } });
  });

  it('grows with create_nodes in a given or the least used AZ, and checks the AZ and sizing', async () => {
    const id = await createAndWait(c, BASE, k8sBody({ name: 'grow-k8s', instanceCount: 2 }));
    await patch(id, { operation: 'create_nodes', options: { nodes: [{ nodesNb: 1, nodeSizing: '2cpu4gb', az: 'eb-qa-b' }, { nodesNb: 2, nodeSizing: '8cpu32gb' }] } });
    const nodes = (await c.get(`${BASE}/${id}/nodes`)).body;
    expect(nodes.map((n: any) => [n.name, n.availabilityZone.id, n.cpu, n.isInternalIngressNode])).toEqual([
      ['GROWK8S01', 'EB-QA-A', 4, true], ['GROWK8S02', 'EB-QA-B', 4, true], ['GROWK8S03', 'EB-QA-B', 2, false],
      ['GROWK8S04', 'EB-QA-C', 8, false], ['GROWK8S05', 'EB-QA-A', 8, false],
    ]);
    expect((await c.get(`${BASE}/${id}`)).body.nodeCount).toBe(5);
    for (const [options, field] of [
      [{ nodes: [{ nodesNb: 1, nodeSizing: '2cpu4gb', az: 'EB-A' }] }, 'options.nodes[0].az'],
      [{ nodes: [{ nodesNb: 1, nodeSizing: '2cpus' }] }, 'options.nodes[0].nodeSizing'],
      [{ nodes: [{ nodesNb: 0, nodeSizing: '2cpu4gb' }] }, 'options.nodes[0].nodesNb'],
      [{ nodes: [] }, 'options.nodes'],
    ] as const) {
      expect(await c.patch(`${BASE}/${id}`, { operation: 'create_nodes', options })).toMatchObject({ status: 400, body: { errorDesc: field } });
    }
  });

  it('shrinks with delete_nodes and DELETE /nodes/{id}, never all nodes nor all ingress nodes', async () => {
    const id = await createAndWait(c, BASE, k8sBody({ name: 'shrink-k8s', instanceCount: 4 }));
    const ids = (await c.get(`${BASE}/${id}/nodes`)).body.map((n: any) => String(n.id));
    const refuse = async (nodes: unknown[]) => (await c.patch(`${BASE}/${id}`, { operation: 'delete_nodes', options: { nodes } })).status;
    expect(await refuse(ids)).toBe(400);
    expect(await refuse(ids.slice(0, 2))).toBe(400);
    expect(await refuse(['123'])).toBe(400);
    expect(await refuse([])).toBe(400);
    await patch(id, { operation: 'delete_nodes', options: { nodes: [ids[3]] } });
    expect((await c.get(`${BASE}/${id}/nodes`)).body.map((n: any) => String(n.id))).toEqual(ids.slice(0, 3));
    expect((await c.delete(`${BASE}/${id}/nodes/123`)).status).toBe(404);
    const one = await c.delete(`${BASE}/${id}/nodes/${ids[2]}`);
    expect(one).toMatchObject({ status: 202, body: { process: 'DELETE_NODE', internalId: id } });
    await waitAction(c, one.body.id);
    await patch(id, { operation: 'delete_nodes', options: { nodes: [Number(ids[0])] } });
    const last = await c.delete(`${BASE}/${id}/nodes/${ids[1]}`);
    expect(last).toMatchObject({ status: 400, body: { errorDesc: 'nodeId' } });
    expect((await c.get(`${BASE}/${id}`)).body.nodeCount).toBe(1);
  });

  it('upgrades one minor step at a time, never down, up to the newest', async () => {
    const id = await createAndWait(c, BASE, k8sBody({ name: 'upgrade-k8s' }));
    const msg = async (version: unknown) => (await c.patch(`${BASE}/${id}`, { operation: 'upgrade', options: { version } })).body.errorMessage;
    expect(await msg('1.31')).toContain('step by step upgrade only');
    expect(await msg('1.28')).toContain('no downgrade');
    expect(await msg('1.29')).toContain('already');
    expect(await msg('one')).toContain('1.30');
    await patch(id, { operation: 'upgrade', options: { version: '1.30' } });
    expect((await c.get(`${BASE}/${id}`)).body).toMatchObject({ version: '1.30', versionDetailed: 'v1.30.6' });
    await patch(id, { operation: 'upgrade', options: { version: 'v1.31' } });
    expect(await msg('1.32')).toContain('newest');
  });

  it('enables HA once, only when supported', async () => {
    const id = await createAndWait(c, BASE, k8sBody({ name: 'ha-k8s' }));
    await patch(id, { operation: 'enable_ha' });
    expect((await c.get(`${BASE}/${id}`)).body.topology).toBe('HA');
    expect((await c.patch(`${BASE}/${id}`, { operation: 'enable_ha' })).status).toBe(400);
    const other = await createAndWait(c, BASE, k8sBody({ name: 'noha-k8s' }));
    sim.state.resources.find((r) => r.id === other)!.attrs.supportsHAMode = false;
    expect((await c.get(`${BASE}/${other}`)).body.supportsHAMode).toBe(false);
    expect((await c.patch(`${BASE}/${other}`, { operation: 'enable_ha' })).status).toBe(400);
    expect((await c.patch(`${BASE}/${other}`, { operation: 'stop' })).status).toBe(400);
  });

  it('updates monitoring and patch party, and is listed with its tags', async () => {
    const id = await createAndWait(c, BASE, k8sBody({ name: 'ops-k8s' }));
    await patch(id, { operation: 'update_monitoring', options: { state: true, on_call: true } });
    await patch(id, { operation: 'update_patch_party', options: { patchParty: { excluded: true, exclusionReason: 'mine' } } });
    expect((await c.get(`${BASE}/${id}`)).body).toMatchObject({ monitoringEnabled: true, monitoringOnCallEnabled: true, patchParty: { excluded: true } });
    await c.put(`/itcare/compute/resources/${id}/tags`, [{ tagKey: 'stack', tagValue: 'orders' }]);
    const all = (await c.get('/itcare/compute/resources?names=ops-k8s')).body.content;
    expect(all).toEqual([expect.objectContaining({ id, path: '/compute/containers/kubernetes', type: 'KUBERNETES', tags: [{ tagKey: 'stack', tagValue: 'orders' }] })]);
    expect((await c.get('/itcare/compute/services/46922/patch-policies')).body.some((p: any) => p.id === id)).toBe(true);
  });

  it('filters the paged list and the service sub-list', async () => {
    const fresh = await start();
    try {
      const f = client(fresh);
      const a = await createAndWait(f, BASE, k8sBody({ name: 'list-a' }));
      await createAndWait(f, BASE, k8sBody({ name: 'list-b', serviceId: 46923 }));
      const ha = await f.patch(`${BASE}/${a}`, { operation: 'enable_ha' });
      await waitAction(f, ha.body.id);
      await f.post(`/itcare/compute/resources/${a}/tags`, { tagKey: 'team', tagValue: 'k8s' });
      const names = async (q: string) => (await f.get(`${BASE}?${q}`)).body.content.map((x: any) => x.name);
      expect(await names('')).toEqual(['list-a', 'list-b']);
      expect(await names('services=46923')).toEqual(['list-b']);
      expect(await names('topologies=ha')).toEqual(['list-a']);
      expect(await names('versions=v1.29.10')).toEqual(['list-a', 'list-b']);
      expect(await names('versions=1.30')).toEqual([]);
      expect(await names('regions=ET')).toEqual([]);
      expect(await names('tags=team:k8s')).toEqual(['list-a']);
      expect(await names('environments=PRODUCTION')).toEqual(['list-b']);
      expect(await names('names=!list-a')).toEqual(['list-b']);
      expect((await f.get(`${BASE}?size=1`)).body).toMatchObject({ totalElements: 2, totalPages: 2, numberOfElements: 1 });
      expect((await f.get('/itcare/compute/services/46922/kubernetes')).body.map((x: any) => x.name)).toEqual(['list-a']);
      expect((await f.get('/itcare/compute/services/46922/kubernetes?versions=1.31')).body).toEqual([]);
      expect((await f.get('/itcare/compute/services/1/kubernetes')).status).toBe(404);
    } finally {
      await fresh.close();
    }
  });

  it('creates a custom load balancer for the cluster, removed with the cluster', async () => {
    const id = await createAndWait(c, BASE, k8sBody({ name: 'lb-k8s' }));
    expect((await c.post(`${BASE}/${id}/loadbalancers`, lbBody({ serviceId: 46923 }))).status).toBe(400);
    expect((await c.post(`${BASE}/${id}/loadbalancers`, lbBody({ url: '1bad' }))).status).toBe(400);
    const res = await c.post(`${BASE}/${id}/loadbalancers`, lbBody({ members: [{ id: 500079802 }] }));
    expect(res).toMatchObject({ status: 202, body: { process: 'CREATE', resourceName: 'apps.orders-k8s.cegedim.cloud' } });
    await waitAction(c, res.body.id);
    const lbId = res.body.internalId;
    const list = (await c.get(`${BASE}/${id}/loadbalancers`)).body;
    expect(list).toEqual([expect.objectContaining({ id: lbId, name: 'apps.orders-k8s.cegedim.cloud', nodeCount: 0, members: [] })]);
    const lb = (await c.get(`/itcare/networking/loadbalancers/${lbId}`)).body;
    expect(lb).toMatchObject({ status: 'ACTIVE', parentResource: { id, name: 'lb-k8s', path: '/compute/containers/kubernetes' } });
    expect((await c.get('/itcare/networking/loadbalancers?names=apps.orders-k8s.cegedim.cloud')).body.totalElements).toBe(1);
    const del = await c.delete(`${BASE}/${id}`, { changeReference: 'RFC1' });
    expect(del).toMatchObject({ status: 202, body: { process: 'DELETE' } });
    await waitAction(c, del.body.id);
    expect((await c.get(`${BASE}/${id}`)).status).toBe(404);
    expect((await c.get(`/itcare/networking/loadbalancers/${lbId}`)).status).toBe(404);
  });

  it('answers 409 while an action runs and checks changeReference on delete', async () => {
    const slow = await start({ actionMs: 600_000 });
    try {
      const s = client(slow);
      const res = await s.post(BASE, k8sBody({ name: 'busy-k8s' }));
      const id = res.body.internalId;
      expect((await s.get(`${BASE}/${id}`)).body.status).toBe('PREPARATION');
      expect((await s.patch(`${BASE}/${id}`, { operation: 'enable_ha' })).status).toBe(409);
      finishActions(slow);
      await waitAction(s, res.body.id);
      expect((await s.delete(`${BASE}/${id}`, { changeReference: 'rfc nunmber 456' })).status).toBe(400);
    } finally {
      await slow.close();
    }
  });
});
