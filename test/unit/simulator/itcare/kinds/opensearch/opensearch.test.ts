// The simulator's OpenSearch kind (`/itcare/databases/opensearch`, `001:4538-5335`): create, GET, nodes
// (roles, per-node sizing and disk), networks, every 400 rule of the create, add_nodes and resize_nodes
// with their rules, the shared operations, DELETE, and the lists it appears in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../../../../src/simulator/start.js';
import { client, createAndWait, finishActions, start, waitAction, type Client } from '../../../support.js';

const BASE = '/itcare/databases/opensearch';

/** The documented example (`001:4560-4574`) with a valid lowercase name. */
function osBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    clusterVersion: '1.2.3', region: 'EB', area: 'EB-QA', az: 'az', name: 'orders-search', nodeSizing: '2cpu4gb', diskSize: 40,
    networkId: 1234511, serviceId: 46922, admPassword: 'Test123@2022', instanceCount: '3', nodePrefix: 'OPESTC', ...over,
  };
}

describe('simulator OpenSearch', () => {
  let sim: RunningSimulator;
  let c: Client;
  beforeAll(async () => {
    sim = await start();
    c = client(sim);
  });
  afterAll(() => sim.close());

  async function patchAndWait(id: number, body: unknown): Promise<any> {
    const res = await c.patch(`${BASE}/${id}`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect((await waitAction(c, res.body.id)).status).toBe('SUCCESS');
    return (await c.get(`${BASE}/${id}`)).body;
  }
  const nodesOf = async (id: number): Promise<any[]> => (await c.get(`${BASE}/${id}/nodes`)).body;

  it('creates a three-node cluster: 202, PREPARATION, then ACTIVE; all masters, two hold data', async () => {
    const slow = await start({ actionMs: 600_000 });
    try {
      const s = client(slow);
      const res = await s.post(BASE, osBody());
      expect(res).toMatchObject({ status: 202, body: { status: 'IN_PROGRESS', process: 'CREATE', resourceType: 'OPENSEARCH', resourceName: 'orders-search' } });
      const id = res.body.internalId;
      expect((await s.get(`${BASE}/${id}`)).body.status).toBe('PREPARATION');
      finishActions(slow);
      await waitAction(s, res.body.id);
      expect((await s.get(`${BASE}/${id}`)).body).toMatchObject({
        id, name: 'orders-search', status: 'ACTIVE', cpu: 2, ram: 4, nodeCount: 3, version: '1.2.3', elsType: 'OPENSEARCH',
        dedicatedIngest: false, allowMonitoringDisplay: true, path: '/databases/opensearch', monitoringEnabled: false,
        managementUrls: [expect.stringContaining('orders-search.eb-qa.opensearch.cegedim.cloud'), expect.any(String)],
      });
      const nodes = (await s.get(`${BASE}/${id}/nodes`)).body;
      expect(nodes.map((n: any) => [n.name, n.availabilityZone.id, n.roles])).toEqual([
        ['OPESTC01', 'EB-QA-A', ['master', 'data']], ['OPESTC02', 'EB-QA-B', ['master', 'data']], ['OPESTC03', 'EB-QA-C', ['master']],
      ]);
      expect(nodes[0]).toMatchObject({ storage: 40, cpu: 2, ram: 4, masters: ['OPESTC01', 'OPESTC02', 'OPESTC03'], network: { id: 1234511 }, version: '1.2.3' });
      expect((await s.get(`${BASE}/${id}/networks`)).body).toEqual([expect.objectContaining({ id: 1234511 })]);
    } finally {
      await slow.close();
    }
  });

  it('gives five nodes or more three dedicated masters; instanceCount may be a number', async () => {
    const id = await createAndWait(c, BASE, osBody({ name: 'five_nodes', instanceCount: 5, nodePrefix: 'OS5.A-' }));
    const nodes = await nodesOf(id);
    expect(nodes.map((n: any) => [n.name, n.availabilityZone.id, n.roles.join('+')])).toEqual([
      ['OS5.A-01', 'EB-QA-A', 'master'], ['OS5.A-02', 'EB-QA-B', 'master'], ['OS5.A-03', 'EB-QA-C', 'master'],
      ['OS5.A-04', 'EB-QA-A', 'data'], ['OS5.A-05', 'EB-QA-B', 'data'],
    ]);
  });

  it('never stores or echoes the password', async () => {
    const res = await c.post(BASE, osBody({ name: 'secret01', admPassword: 'weak-password' }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain('weak-password');
    await createAndWait(c, BASE, osBody({ name: 'secret02', admPassword: 'Str0ng@Passw0rd' }));
    expect(JSON.stringify(sim.state)).not.toContain('Str0ng@Passw0rd');
  });

  it.each(Object.entries({
    'uppercase name': { reason: 'pattern [a-z0-9_\\-]{4,60}', over: { name: 'Test123' }, field: 'name' },
    'short name': { reason: '4..60 characters', over: { name: 'abc' }, field: 'name' },
    'reserved name': { reason: "must not be the keyword 'cluster'", over: { name: 'cluster' }, field: 'name' },
    'bad password': { reason: 'password pattern', over: { admPassword: 'Test123-2022' }, field: 'admPassword' },
    'missing area': { reason: 'area is Required', over: { area: undefined }, field: 'area' },
    'missing region': { reason: 'region is Required', over: { region: undefined }, field: 'region' },
    'unknown service': { reason: 'serviceId must exist', over: { serviceId: 1 }, field: 'serviceId' },
    'unknown network': { reason: 'networkId must exist', over: { networkId: 1 }, field: 'networkId' },
    'missing version': { reason: 'clusterVersion is Required', over: { clusterVersion: undefined }, field: 'clusterVersion' },
    'bad version': { reason: 'a version looks like 1.2.3', over: { clusterVersion: 'two' }, field: 'clusterVersion' },
    'disk 39': { reason: 'diskSize 40..1024', over: { diskSize: 39 }, field: 'diskSize' },
    'disk 1025': { reason: 'diskSize 40..1024', over: { diskSize: 1025 }, field: 'diskSize' },
    'missing instanceCount': { reason: 'instanceCount is Required', over: { instanceCount: undefined }, field: 'instanceCount' },
    'even instanceCount': { reason: 'pattern [13579]$: odd', over: { instanceCount: '4' }, field: 'instanceCount' },
    'one instance': { reason: 'at least 3', over: { instanceCount: '1' }, field: 'instanceCount' },
    '53 instances': { reason: 'maximum 51', over: { instanceCount: '53' }, field: 'instanceCount' },
    'instanceCount not a number': { reason: 'a count', over: { instanceCount: 'three' }, field: 'instanceCount' },
    'missing nodePrefix': { reason: 'nodePrefix is Required', over: { nodePrefix: undefined }, field: 'nodePrefix' },
    'lowercase nodePrefix': { reason: 'pattern [A-Z0-9-.]{4,60}', over: { nodePrefix: 'opestc' }, field: 'nodePrefix' },
    'short nodePrefix': { reason: '4..60 characters', over: { nodePrefix: 'OPE' }, field: 'nodePrefix' },
    'missing sizing': { reason: 'nodeSizing is Required', over: { nodeSizing: undefined }, field: 'nodeSizing' },
    'bad sizing': { reason: 'a sizing looks like 2cpu4gb', over: { nodeSizing: 'large' }, field: 'nodeSizing' },
  }))('answers 400 on %s', async (_name, { over, field }) => {
    const res = await c.post(BASE, osBody({ name: 'invalid01', ...over }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 'BAD_REQUEST', errorCode: 'INVALID_FIELD_VALUE', errorDesc: field });
  });

  it('refuses a duplicate name in the same service', async () => {
    await createAndWait(c, BASE, osBody({ name: 'dupname01' }));
    expect(await c.post(BASE, osBody({ name: 'dupname01' }))).toMatchObject({ status: 400, body: { errorDesc: 'name' } });
  });

  it('adds an even number of nodes: the total stays odd, within 51, and roles follow the size', async () => {
    const id = await createAndWait(c, BASE, osBody({ name: 'growing01' }));
    const grown = await patchAndWait(id, { operation: 'add_nodes', options: { diskSize: 10, nodeSize: '4cpu8gb', nodesCount: 2 } });
    expect(grown).toMatchObject({ nodeCount: 5, cpu: 2, ram: 4 });
    const nodes = await nodesOf(id);
    expect(nodes.map((n: any) => [n.name, n.roles.join('+'), n.storage, n.cpu])).toEqual([
      ['OPESTC01', 'master', 40, 2], ['OPESTC02', 'master', 40, 2], ['OPESTC03', 'master', 40, 2], ['OPESTC04', 'data', 10, 4], ['OPESTC05', 'data', 10, 4],
    ]);
    expect(nodes.slice(3).map((n: any) => n.availabilityZone.id)).toEqual(['EB-QA-A', 'EB-QA-B']);
    for (const [options, field] of [
      [{ diskSize: 10, nodeSize: '2cpu4gb', nodesCount: 1 }, 'options.nodesCount'],
      [{ diskSize: 10, nodeSize: '2cpu4gb', nodesCount: 3 }, 'options.nodesCount'],
      [{ diskSize: 10, nodeSize: '2cpu4gb', nodesCount: 0 }, 'options.nodesCount'],
      [{ diskSize: 10, nodeSize: '2cpu4gb', nodesCount: 48 }, 'options.nodesCount'],
      [{ diskSize: 10, nodeSize: '2cpu4gb' }, 'options.nodesCount'],
      [{ diskSize: 10, nodesCount: 2 }, 'options.nodeSize'],
      [{ diskSize: 10, nodeSize: 'big', nodesCount: 2 }, 'options.nodeSize'],
      [{ nodeSize: '2cpu4gb', nodesCount: 2 }, 'options.diskSize'],
      [{ diskSize: 9, nodeSize: '2cpu4gb', nodesCount: 2 }, 'options.diskSize'],
      [{ diskSize: 1025, nodeSize: '2cpu4gb', nodesCount: 2 }, 'options.diskSize'],
    ] as const) {
      expect(await c.patch(`${BASE}/${id}`, { operation: 'add_nodes', options }), JSON.stringify(options)).toMatchObject({ status: 400, body: { errorDesc: field } });
    }
    // 5 + 46 = 51 is the maximum; the next node numbers continue.
    expect((await patchAndWait(id, { operation: 'add_nodes', options: { diskSize: '40', nodeSize: '2cpu4gb', nodesCount: '46' } })).nodeCount).toBe(51);
    expect((await nodesOf(id)).at(-1).name).toBe('OPESTC51');
  });

  it('resizes the named nodes; the cluster sizing is the one most nodes have', async () => {
    const id = await createAndWait(c, BASE, osBody({ name: 'resizing01' }));
    const nodes = await nodesOf(id);
    const one = await patchAndWait(id, { operation: 'resize_nodes', options: { nodeSize: '8cpu16gb', nodes: ['OPESTC01'] } });
    expect(one).toMatchObject({ cpu: 2, ram: 4 });
    expect((await nodesOf(id)).map((n: any) => n.cpu)).toEqual([8, 2, 2]);
    // Node ids are accepted too.
    const all = await patchAndWait(id, { operation: 'resize_nodes', options: { nodeSize: '8cpu16gb', nodes: [String(nodes[1].id), nodes[2].id] } });
    expect(all).toMatchObject({ cpu: 8, ram: 16 });
    expect((await c.get(`/itcare/databases?names=resizing01`)).body.content[0]).toMatchObject({ sizing: '8cpu16gb' });
    for (const [options, field] of [
      [{ nodeSize: '2cpu4gb', nodes: ['node1'] }, 'options.nodes[0]'],
      [{ nodeSize: '2cpu4gb', nodes: ['OPESTC01', 'OPESTC09'] }, 'options.nodes[1]'],
      [{ nodeSize: '2cpu4gb', nodes: [] }, 'options.nodes'],
      [{ nodeSize: '2cpu4gb' }, 'options.nodes'],
      [{ nodes: ['OPESTC01'] }, 'options.nodeSize'],
      [{ nodeSize: '2 cpu', nodes: ['OPESTC01'] }, 'options.nodeSize'],
    ] as const) {
      expect(await c.patch(`${BASE}/${id}`, { operation: 'resize_nodes', options }), JSON.stringify(options)).toMatchObject({ status: 400, body: { errorDesc: field } });
    }
  });

  it('applies start, stop, update_monitoring and update_patch_party; has no resize of its own', async () => {
    const id = await createAndWait(c, BASE, osBody({ name: 'opsearch01' }));
    expect(await c.patch(`${BASE}/${id}`, { operation: 'start' })).toMatchObject({ status: 400, body: { errorDesc: 'operation' } });
    expect(await c.patch(`${BASE}/${id}`, { operation: 'resize', options: { sizing: '2cpu4gb' } })).toMatchObject({ status: 400, body: { errorDesc: 'operation' } });
    expect(await patchAndWait(id, { operation: 'update_monitoring', options: { state: true, on_call: true } })).toMatchObject({ monitoringEnabled: true, monitoringOnCallEnabled: true });
    expect((await patchAndWait(id, { operation: 'update_patch_party', options: { patchParty: { excluded: true, exclusionReason: 'I want to handle this by myself' } } })).patchParty)
      .toMatchObject({ excluded: true });
    // A cluster has several members: no patch group.
    expect(await c.patch(`${BASE}/${id}`, { operation: 'update_patch_party', options: { patchParty: { excluded: false, patchGroup: '3' } } }))
      .toMatchObject({ status: 400, body: { errorDesc: 'options.patchParty.patchGroup' } });
    expect((await patchAndWait(id, { operation: 'stop' })).status).toBe('INACTIVE');
    expect((await patchAndWait(id, { operation: 'start' })).status).toBe('ACTIVE');
    expect((await c.get(`/itcare/operations?resourceId=${id}`)).body.map((o: any) => o.operation))
      .toEqual(['start', 'stop', 'add_nodes', 'resize_nodes', 'update_monitoring', 'update_patch_party', 'delete']);
  });

  it('answers 409 while an action is in progress', async () => {
    const slow = await start({ actionMs: 600_000 });
    try {
      const s = client(slow);
      const res = await s.post(BASE, osBody({ name: 'busy0001' }));
      expect((await s.patch(`${BASE}/${res.body.internalId}`, { operation: 'add_nodes', options: { diskSize: 40, nodeSize: '2cpu4gb', nodesCount: 2 } })).status).toBe(409);
      expect((await s.delete(`${BASE}/${res.body.internalId}`)).status).toBe(409);
    } finally {
      await slow.close();
    }
  });

  it('deletes without a body (the docs show none)', async () => {
    const id = await createAndWait(c, BASE, osBody({ name: 'deleteme1' }));
    expect((await c.delete(`${BASE}/${id}`, { changeReference: 'RFC1' })).status).toBe(400);
    const res = await c.delete(`${BASE}/${id}`);
    expect(res).toMatchObject({ status: 202, body: { process: 'DELETE', message: 'Delete OpenSearch deleteme1' } });
    await waitAction(c, res.body.id);
    expect((await c.get(`${BASE}/${id}`)).status).toBe(404);
  });

  it('appears in the databases lists and the generic list with its tags, and in its history', async () => {
    const id = await createAndWait(c, BASE, osBody({ name: 'listed01', serviceId: 46923 }));
    await c.post(`/itcare/compute/resources/${id}/tags`, { tagKey: 'app', tagValue: 'search' });
    expect((await c.get('/itcare/databases?types=OPENSEARCH&services=46923')).body.content)
      .toEqual([expect.objectContaining({ id, name: 'listed01', nodeCount: 3, version: '1.2.3', monitoringEnabled: true, tags: [{ tagKey: 'app', tagValue: 'search' }] })]);
    expect((await c.get('/itcare/compute/services/46923/managed-databases?names=listed01')).body).toHaveLength(1);
    expect((await c.get('/itcare/compute/resources?tags=app:search')).body.content.map((i: any) => i.id)).toEqual([id]);
    await patchAndWait(id, { operation: 'add_nodes', options: { diskSize: 40, nodeSize: '2cpu4gb', nodesCount: 2 } });
    expect((await c.get(`/itcare/compute/resources/${id}/history`)).body.map((e: any) => [e.process, e.message]))
      .toEqual([['CREATE', 'Create OpenSearch listed01'], ['ADD_TAG', expect.any(String)], ['ADD_NODES', 'Add nodes OpenSearch listed01']]);
  });
});
