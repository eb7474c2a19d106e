// The simulator's MariaDB kind (`/itcare/databases/mariadb`, `001:12123-12880`): create (standalone or
// Galera), GET, nodes, networks, every 400 rule of the create, the shared operations, DELETE, the
// databases list and the generic resource list, and the seeded farm.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../../../../src/simulator/start.js';
import { client, createAndWait, finishActions, start, waitAction, type Client } from '../../../support.js';

const BASE = '/itcare/databases/mariadb';
const SEEDED = 500057055; // pmariadb01, Galera, 3 nodes, 46922

/** The documented example (`001:12146-12160`) with a valid lowercase name. */
function mariadbBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: '10.6', region: 'EB', area: 'EB-QA', az: 'EB-QA-B', name: 'ordersdb', nodeSizing: '2cpu2gb', diskSize: 40,
    networkId: 1234511, serviceId: 46922, admPassword: 'Test123@2022', instanceCount: 1, topology: 'SINGLE', ...over,
  };
}

describe('simulator MariaDB', () => {
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

  it('creates a standalone instance: 202, PREPARATION, then ACTIVE, with its node and network', async () => {
    const slow = await start({ actionMs: 600_000 });
    try {
      const s = client(slow);
      const res = await s.post(BASE, mariadbBody({ name: 'standalone1' }));
      expect(res).toMatchObject({ status: 202, body: { status: 'IN_PROGRESS', process: 'CREATE', resourceType: 'MARIADB', resourceName: 'standalone1' } });
      const id = res.body.internalId;
      expect((await s.get(`${BASE}/${id}`)).body.status).toBe('PREPARATION');
      expect((await s.get(`${BASE}/${id}/nodes`)).body[0].initialized).toBe(false);
      finishActions(slow);
      await waitAction(s, res.body.id);
      expect((await s.get(`${BASE}/${id}`)).body).toMatchObject({
        id, name: 'standalone1', status: 'ACTIVE', cpu: 2, ram: 2, nodeCount: 1, topology: 'Standalone', version: '10.6',
        url: 'standalone1.eb-qa.mariadb.cegedim.cloud:3306', allowMonitoringDisplay: true, path: '/databases/mariadb',
        monitoringEnabled: false, backupStatus: false, patchParty: { excluded: false, id, name: 'standalone1' },
      });
      const nodes = (await s.get(`${BASE}/${id}/nodes`)).body;
      expect(nodes).toHaveLength(1);
      expect(nodes[0]).toMatchObject({ name: 'STANDALONE01', availabilityZone: { id: 'EB-QA-B' }, storage: 40, initialized: true, version: '10.6', network: { id: 1234511 } });
      expect((await s.get(`${BASE}/${id}/networks`)).body).toEqual([expect.objectContaining({ id: 1234511, area: 'EB-QA' })]);
    } finally {
      await slow.close();
    }
  });

  it('creates a three-node Galera cluster over the area\'s AZs (topology in any case)', async () => {
    const id = await createAndWait(c, BASE, mariadbBody({ name: 'galera-01', topology: 'cluster', instanceCount: 3, serviceId: 46923, version: 11 }));
    expect((await c.get(`${BASE}/${id}`)).body).toMatchObject({ topology: 'Galera', nodeCount: 3, version: '11', monitoringEnabled: true, backupStatus: true });
    const nodes = (await c.get(`${BASE}/${id}/nodes`)).body;
    expect(nodes.map((n: any) => [n.name, n.availabilityZone.id])).toEqual([['GALERA0101', 'EB-QA-A'], ['GALERA0102', 'EB-QA-B'], ['GALERA0103', 'EB-QA-C']]);
  });

  it('never stores or echoes the password', async () => {
    const res = await c.post(BASE, mariadbBody({ name: 'secret01', admPassword: 'weak-password' }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain('weak-password');
    await createAndWait(c, BASE, mariadbBody({ name: 'secret02', admPassword: 'Str0ng@Passw0rd' }));
    expect(JSON.stringify(sim.state)).not.toContain('Str0ng@Passw0rd');
  });

  it.each(Object.entries({
    'uppercase name': { reason: 'pattern [a-z0-9\\-]{4,60}', over: { name: 'Test123' }, field: 'name' },
    'short name': { reason: '4..60 characters', over: { name: 'abc' }, field: 'name' },
    'long name': { reason: '4..60 characters', over: { name: 'a'.repeat(61) }, field: 'name' },
    'underscore in name': { reason: 'dashes only', over: { name: 'orders_db' }, field: 'name' },
    'reserved name': { reason: "must not be the keyword 'cluster'", over: { name: 'cluster' }, field: 'name' },
    'missing password': { reason: 'admPassword is Required', over: { admPassword: undefined }, field: 'admPassword' },
    'password without special': { reason: 'one special character', over: { admPassword: 'Test1234abcd' }, field: 'admPassword' },
    'password too short': { reason: 'minimum 12', over: { admPassword: 'Te1@abc' }, field: 'admPassword' },
    'missing area': { reason: 'area is Required', over: { area: undefined }, field: 'area' },
    'missing region': { reason: 'region is Required', over: { region: undefined }, field: 'region' },
    'unknown service': { reason: 'serviceId must exist', over: { serviceId: 1 }, field: 'serviceId' },
    'missing network': { reason: 'networkId is Required', over: { networkId: undefined }, field: 'networkId' },
    'unknown network': { reason: 'networkId must exist', over: { networkId: 1 }, field: 'networkId' },
    'missing sizing': { reason: 'nodeSizing is Required', over: { nodeSizing: undefined }, field: 'nodeSizing' },
    'bad sizing': { reason: 'a sizing looks like 2cpu2gb', over: { nodeSizing: 'medium' }, field: 'nodeSizing' },
    'disk 39': { reason: 'diskSize 40..1024', over: { diskSize: 39 }, field: 'diskSize' },
    'disk 1025': { reason: 'diskSize 40..1024', over: { diskSize: 1025 }, field: 'diskSize' },
    'disk not an integer': { reason: 'diskSize is int32', over: { diskSize: 40.5 }, field: 'diskSize' },
    'no instance': { reason: 'instanceCount 1..3', over: { instanceCount: 0 }, field: 'instanceCount' },
    'four instances': { reason: 'instanceCount 1..3', over: { instanceCount: 4 }, field: 'instanceCount' },
    'missing topology': { reason: 'topology is Required', over: { topology: undefined }, field: 'topology' },
    'unknown topology': { reason: 'single or cluster', over: { topology: 'HA' }, field: 'topology' },
    'single with three': { reason: 'a standalone instance is one node', over: { instanceCount: 3 }, field: 'instanceCount' },
    'cluster with two': { reason: 'a Galera cluster has 3 nodes (001:978)', over: { topology: 'CLUSTER', instanceCount: 2 }, field: 'instanceCount' },
    'bad version': { reason: 'a version looks like 10.6', over: { version: 'latest' }, field: 'version' },
    'tlsEnabled not a boolean': { reason: 'booleans are booleans', over: { tlsEnabled: 'yes' }, field: 'tlsEnabled' },
  }))('answers 400 on %s', async (_name, { over, field }) => {
    const res = await c.post(BASE, mariadbBody({ name: 'invalid01', ...over }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 'BAD_REQUEST', errorCode: 'INVALID_FIELD_VALUE', errorDesc: field });
  });

  it('accepts a 4-character name with dashes and no version (default 10.6)', async () => {
    const id = await createAndWait(c, BASE, mariadbBody({ name: 'a-b1', version: undefined, az: undefined }));
    expect((await c.get(`${BASE}/${id}`)).body.version).toBe('10.6');
    expect((await c.get(`${BASE}/${id}/nodes`)).body[0].availabilityZone.id).toBe('EB-QA-A');
  });

  it('refuses a duplicate name in the same service', async () => {
    await createAndWait(c, BASE, mariadbBody({ name: 'dupname01' }));
    expect(await c.post(BASE, mariadbBody({ name: 'dupname01' }))).toMatchObject({ status: 400, body: { errorDesc: 'name' } });
  });

  it('applies start, stop, resize, update_monitoring and update_patch_party, with their rules', async () => {
    const id = await createAndWait(c, BASE, mariadbBody({ name: 'patchme01' }));
    expect(await c.patch(`${BASE}/${id}`, { operation: 'start' })).toMatchObject({ status: 400, body: { errorDesc: 'operation' } });
    expect(await patchAndWait(id, { operation: 'resize', options: { sizing: '2cpu4gb' } })).toMatchObject({ cpu: 2, ram: 4 });
    expect((await c.get(`${BASE}/${id}/nodes`)).body[0]).toMatchObject({ cpu: 2, ram: 4 });
    expect(await patchAndWait(id, { operation: 'update_monitoring', options: { state: true, on_call: true } })).toMatchObject({ monitoringEnabled: true, monitoringOnCallEnabled: true });
    expect((await patchAndWait(id, { operation: 'update_patch_party', options: { patchParty: { excluded: false, patchGroup: '3' } } })).patchParty).toMatchObject({ patchGroup: '3' });
    expect((await patchAndWait(id, { operation: 'update_patch_party', options: { patchParty: { excluded: true, exclusionReason: 'I want to handle this by myself' } } })).patchParty)
      .toMatchObject({ excluded: true, exclusionReason: 'I want to handle this by myself' });
    expect((await patchAndWait(id, { operation: 'stop' })).status).toBe('INACTIVE');
    expect(await c.patch(`${BASE}/${id}`, { operation: 'stop' })).toMatchObject({ status: 400, body: { errorDesc: 'operation' } });
    expect((await patchAndWait(id, { operation: 'start' })).status).toBe('ACTIVE');
    for (const [body, field] of [
      [{ operation: 'resize', options: {} }, 'options.sizing'], [{ operation: 'resize', options: { sizing: 'big' } }, 'options.sizing'],
      [{ operation: 'update_monitoring', options: { on_call: true } }, 'options.state'], [{ operation: 'upgrade' }, 'operation'],
      [{ operation: 'update_patch_party', options: { patchParty: { excluded: true } } }, 'options.patchParty.exclusionReason'],
    ] as const) {
      expect(await c.patch(`${BASE}/${id}`, body), JSON.stringify(body)).toMatchObject({ status: 400, body: { errorDesc: field } });
    }
  });

  it('answers 409 while an action is in progress', async () => {
    const slow = await start({ actionMs: 600_000 });
    try {
      const s = client(slow);
      const res = await s.post(BASE, mariadbBody({ name: 'busy0001' }));
      expect((await s.patch(`${BASE}/${res.body.internalId}`, { operation: 'stop' })).status).toBe(409);
      expect((await s.delete(`${BASE}/${res.body.internalId}`)).status).toBe(409);
    } finally {
      await slow.close();
    }
  });

  it('deletes without a body (the docs show none, 001:12423-12470)', async () => {
    const id = await createAndWait(c, BASE, mariadbBody({ name: 'deleteme1' }));
    expect((await c.delete(`${BASE}/${id}`, { changeReference: 'RFC1' })).status).toBe(400);
    const res = await c.delete(`${BASE}/${id}`);
    expect(res).toMatchObject({ status: 202, body: { process: 'DELETE', internalId: id, message: 'Delete MariaDB deleteme1' } });
    await waitAction(c, res.body.id);
    expect((await c.get(`${BASE}/${id}`)).status).toBe(404);
  });

  it('serves the seeded Galera farm as it is stored', async () => {
    expect((await c.get(`${BASE}/${SEEDED}`)).body).toMatchObject({ name: 'pmariadb01', topology: 'Galera', nodeCount: 3, version: '10.6', cpu: 4, ram: 16 });
    expect((await c.get(`${BASE}/${SEEDED}/nodes`)).body.map((n: { name: string; storage: unknown }) => [n.name, n.storage])).toEqual([['PMARIADB01', 40], ['PMARIADB02', 40], ['PMARIADB03', 40]]);
    expect((await c.get(`${BASE}/${SEEDED}/networks`)).body[0]).toMatchObject({ id: 1234512 });
    const group = await c.patch(`${BASE}/${SEEDED}`, { operation: 'update_patch_party', options: { patchParty: { excluded: false, patchGroup: '1' } } });
    expect(group.body.errorMessage).toBe('The patch group is only allowed when the farm has one member');
    expect((await patchAndWait(SEEDED, { operation: 'update_monitoring', options: { state: false } })).monitoringEnabled).toBe(false);
    expect((await c.get('/itcare/databases/sqlserver/500057055')).status).toBe(404);
  });

  it('appears in the databases lists and the generic list with its tags, and lists its operations', async () => {
    const id = await createAndWait(c, BASE, mariadbBody({ name: 'listed01', topology: 'CLUSTER', instanceCount: 3 }));
    await c.post(`/itcare/compute/resources/${id}/tags`, { tagKey: 'app', tagValue: 'orders' });
    const db = (await c.get('/itcare/databases?names=listed01')).body.content;
    expect(db).toEqual([expect.objectContaining({ id, type: 'MARIADB', technology: 'MARIADB', topology: 'Galera', nodeCount: 3, sizing: '2cpu2gb', tags: [{ tagKey: 'app', tagValue: 'orders' }] })]);
    expect((await c.get('/itcare/databases?types=MARIADB&topologies=Galera&services=46922')).body.content.map((i: any) => i.name)).toEqual(['pmariadb01', 'listed01']);
    expect((await c.get('/itcare/compute/services/46922/managed-databases?names=listed01')).body).toHaveLength(1);
    expect((await c.get('/itcare/compute/resources?names=listed01')).body.content[0]).toMatchObject({ id, path: '/databases/mariadb', tags: [{ tagKey: 'app', tagValue: 'orders' }] });
    expect((await c.get(`/itcare/operations?resourceId=${id}`)).body.map((o: any) => o.operation))
      .toEqual(['start', 'stop', 'resize', 'update_monitoring', 'update_patch_party', 'delete']);
    const h = (await c.get(`/itcare/compute/resources/${id}/history`)).body;
    expect(h.map((e: any) => e.process)).toEqual(['CREATE', 'ADD_TAG']);
  });
});
