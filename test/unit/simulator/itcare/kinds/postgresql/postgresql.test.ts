import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../../../../src/simulator/start.js';
import { client, createAndWait, pgBody, start, waitAction, type Client } from '../../../support.js';

const BASE = '/itcare/databases/postgresql';
const HA = { topology: 'ha', nodePrefix: 'PGORD', az: 'EB-QA-A', tls: true };

describe('simulator PostgreSQL', () => {
  let sim: RunningSimulator;
  let c: Client;
  beforeAll(async () => {
    sim = await start();
    c = client(sim);
  });
  afterAll(() => sim.close());

  async function patchAndWait(id: number, body: unknown): Promise<void> {
    const res = await c.patch(`${BASE}/${id}`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect((await waitAction(c, res.body.id)).status).toBe('SUCCESS');
  }

  it('creates a standalone instance with one database named after it', async () => {
    const id = await createAndWait(c, BASE, pgBody({ name: 'standalone1', tls: true }));
    const live = (await c.get(`${BASE}/${id}`)).body;
    expect(live).toMatchObject({
      name: 'standalone1', status: 'ACTIVE', topology: 'STANDALONE', instanceCount: 1, nodeCount: 1, nodeSizing: '2cpu4gb',
      storage: 40, tlsEnabled: true, trigram: 'ord', version: '15', allowedReplicationLag: 10, networkId: 1234512, area: 'EB-QA',
    });
    expect((await c.get(`${BASE}/${id}/databases`)).body).toEqual([{ name: 'standalone1', extensions: [] }]);
    expect((await c.get(`${BASE}/${id}/versions`)).body).toEqual([16]);
    expect((await c.get(`${BASE}/${id}/extensions`)).body.map((e: any) => e.name)).toContain('pgcrypto');
    expect((await c.get(`${BASE}/${id}/nodes`)).body).toHaveLength(1);
  });

  it('creates an HA instance (topology is case-insensitive)', async () => {
    const id = await createAndWait(c, BASE, pgBody({ name: 'hainstance1', ...HA }));
    expect((await c.get(`${BASE}/${id}`)).body).toMatchObject({ topology: 'HA', instanceCount: 2, nodeCount: 2 });
    const nodes = (await c.get(`${BASE}/${id}/nodes`)).body;
    expect(nodes.map((n: any) => n.name)).toEqual(['PGORD01', 'PGORD02']);
  });

  it.each(Object.entries({
    'disk too small': { reason: 'diskSize 40..1024', over: { diskSize: 20 }, field: 'diskSize' },
    'lag zero': { reason: 'allowedReplicationLag 1..10240', over: { allowedReplicationLag: 0 }, field: 'allowedReplicationLag' },
    'lag too big': { reason: 'allowedReplicationLag 1..10240', over: { allowedReplicationLag: 10241 }, field: 'allowedReplicationLag' },
    'unknown topology': { reason: 'STANDALONE or HA', over: { topology: 'cluster' }, field: 'topology' },
    'HA without nodePrefix': { reason: 'HA requires nodePrefix', over: { ...HA, nodePrefix: undefined }, field: 'nodePrefix' },
    'HA short nodePrefix': { reason: 'nodePrefix 5..12', over: { ...HA, nodePrefix: 'PG1' }, field: 'nodePrefix' },
    'HA lowercase nodePrefix': { reason: 'nodePrefix is uppercase', over: { ...HA, nodePrefix: 'pgorders' }, field: 'nodePrefix' },
    'HA without az': { reason: 'HA requires az', over: { ...HA, az: undefined }, field: 'az' },
    'HA without tls': { reason: 'HA requires tls', over: { ...HA, tls: undefined }, field: 'tls' },
    'HA on version 11': { reason: 'HA from version 12', over: { ...HA, postgreVersion: '11' }, field: 'postgreVersion' },
    'tls on version 12': { reason: 'TLS from version 13', over: { postgreVersion: '12', tls: true }, field: 'tls' },
    'no trigram': { reason: 'trigram is required', over: { trigram: undefined }, field: 'trigram' },
    'uppercase name': { reason: 'name rule as Redis', over: { name: 'NEWPOSTGRE01' }, field: 'name' },
    'bad password': { reason: 'password rule', over: { admPassword: 'password' }, field: 'admPassword' },
    'version 17': { reason: 'supported 10..16', over: { postgreVersion: '17' }, field: 'postgreVersion' },
  }))('answers 400 on %s', async (_name, { over, field }) => {
    const res = await c.post(BASE, pgBody({ name: 'invalidpg1', ...over }));
    expect(res).toMatchObject({ status: 400, body: { status: 'BAD_REQUEST', errorDesc: field } });
  });

  it('enables HA, upgrades and installs extensions', async () => {
    const id = await createAndWait(c, BASE, pgBody({ name: 'evolving01', postgreVersion: '14' }));
    await patchAndWait(id, { operation: 'enable_ha', options: { replicationLag: 50, changeReference: '000' } });
    expect((await c.get(`${BASE}/${id}`)).body).toMatchObject({ topology: 'HA', instanceCount: 2, nodeCount: 2 });
    expect((await c.patch(`${BASE}/${id}`, { operation: 'enable_ha', options: { replicationLag: 50 } })).status).toBe(400);

    expect((await c.patch(`${BASE}/${id}`, { operation: 'upgrade', options: { targetVersion: '13' } })).status).toBe(400);
    await patchAndWait(id, { operation: 'upgrade', options: { targetVersion: '15', changeReference: 'RFC 1234' } });
    expect((await c.get(`${BASE}/${id}`)).body.version).toBe('15');
    expect((await c.get(`${BASE}/${id}/versions`)).body).toEqual([16]);

    await patchAndWait(id, { operation: 'install_extension', options: { dbname: 'evolving01', extensions_list: [{ name: 'pgcrypto' }, { name: 'citext' }] } });
    await patchAndWait(id, { operation: 'install_extension', options: { dbname: 'evolving01', extensions_list: [{ name: 'pgcrypto' }] } });
    const dbs = (await c.get(`${BASE}/${id}/databases`)).body;
    expect(dbs[0].extensions.map((e: any) => e.name)).toEqual(['pgcrypto', 'citext']);
  });

  it.each(Object.entries({
    'replicationLag 501': { reason: 'enable_ha lag 1..500', body: { operation: 'enable_ha', options: { replicationLag: 501 } }, field: 'options.replicationLag' },
    'long changeReference': { reason: 'changeReference <= 10', body: { operation: 'enable_ha', options: { replicationLag: 5, changeReference: 'RFC-12345678' } }, field: 'options.changeReference' },
    'unknown database': { reason: 'the db must exist', body: { operation: 'install_extension', options: { dbname: 'nope', extensions_list: [{ name: 'citext' }] } }, field: 'options.dbname' },
    'unsupported extension': { reason: 'documented list only', body: { operation: 'install_extension', options: { dbname: 'standalone1', extensions_list: [{ name: 'plv8' }] } }, field: 'options.extensions_list[0].name' },
    'restore': { reason: 'not supported by the simulator', body: { operation: 'restore', options: { sourceId: 1, stop: 'BEFORE', timestamp: '2022-11-02T09:32:02.000+00:00' } }, field: 'operation' },
    'upgrade beyond 16': { reason: 'targets come from /versions', body: { operation: 'upgrade', options: { targetVersion: 17 } }, field: 'options.targetVersion' },
  }))('refuses PATCH on %s', async (_name, { body, field }) => {
    const id = sim.state.resources.find((r) => r.name === 'standalone1')!.id;
    const res = await c.patch(`${BASE}/${id}`, body);
    expect(res).toMatchObject({ status: 400, body: { errorDesc: field } });
  });

  it('refuses extensions below version 15 and enable_ha below 12', async () => {
    const id = await createAndWait(c, BASE, pgBody({ name: 'oldversion1', postgreVersion: 11 }));
    const ext = await c.patch(`${BASE}/${id}`, { operation: 'install_extension', options: { dbname: 'oldversion1', extensions_list: [{ name: 'citext' }] } });
    expect(ext).toMatchObject({ status: 400, body: { errorDesc: 'operation' } });
    const ha = await c.patch(`${BASE}/${id}`, { operation: 'enable_ha', options: { replicationLag: 5 } });
    expect(ha).toMatchObject({ status: 400, body: { errorDesc: 'operation' } });
  });
});
