// The simulator's SQLServer kind (`/itcare/databases/sqlserver`, `001:12894-14150`): create (standalone or
// Always On), GET, nodes, networks, every 400 rule of the create, each operation, DELETE with its body,
// its own paged list and HEAD, the databases and generic lists, and the seeded farm.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../../../../src/simulator/start.js';
import { client, createAndWait, finishActions, start, waitAction, type Client } from '../../../support.js';

const BASE = '/itcare/databases/sqlserver';
const SEEDED = 500079545; // rhutsql20, Standalone, 2022 EE, 46922
const VOLUMES = [{ id: 'disk3', sizeGb: 10 }, { id: 'disk4', sizeGb: 10 }, { id: 'disk2', sizeGb: 30 }, { id: 'disk1', sizeGb: 30 }, { id: 'disk0', sizeGb: 70 }];

/** The documented example (`001:13176-13209`) with a valid name, service and network. */
function sqlBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'rsql22', nodeSizing: '2cpu8gb', volumes: VOLUMES, area: 'EB-QA', customerPassword: 'P@ssw0rd', collation: 'French_BIN',
    edition: 'STD', serviceId: 46922, networkId: 1234512, ...over,
  };
}

describe('simulator SQLServer', () => {
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

  it('creates a standalone farm from the documented example: 202, PREPARATION, then ACTIVE', async () => {
    const slow = await start({ actionMs: 600_000 });
    try {
      const s = client(slow);
      const res = await s.post(BASE, sqlBody());
      expect(res).toMatchObject({ status: 202, body: { status: 'IN_PROGRESS', process: 'CREATE', resourceType: 'SQLSERVER', resourceName: 'rsql22' } });
      const id = res.body.internalId;
      expect((await s.get(`${BASE}/${id}`)).body.status).toBe('PREPARATION');
      finishActions(slow);
      await waitAction(s, res.body.id);
      expect((await s.get(`${BASE}/${id}`)).body).toMatchObject({
        id, name: 'rsql22', status: 'ACTIVE', cpu: 2, ram: 8, sizing: '2cpu8gb', nodeCount: 1, topology: 'Standalone', version: '2022 SE',
        area: { id: 'EB-QA' }, region: { id: 'EB' }, availabilityZone: { id: 'EB-QA-A' }, network: { id: 1234512 },
        agOptions: { agListener: '', agListenerIp: '', agName: '', agWitness: '' }, path: '/databases/sqlserver', monitoringEnabled: false,
      });
      const nodes = (await s.get(`${BASE}/${id}/nodes`)).body;
      expect(nodes.map((n: any) => [n.name, n.availabilityZone.id, n.storage])).toEqual([['RSQL2201', 'EB-QA-A', 150]]);
      expect((await s.get(`${BASE}/${id}/networks`)).body).toEqual([expect.objectContaining({ id: 1234512 })]);
    } finally {
      await slow.close();
    }
  });

  it('creates an Always On cluster in the Enterprise edition: three nodes, the passive one on the second site', async () => {
    const id = await createAndWait(c, BASE, sqlBody({
      name: 'rhusqlao1', edition: 'ent', alwaysOn: true, nodeCount: 3, listenerName: 'rhusqllsnr01', witness: 'fsw01', readableSecondary: 'read_only',
      availabilityMode: 'Synchronous_commit', failoverMode: 'Read-intent_only', region: 'EB', az: 'EB-QA-B', serviceId: 46923, prefix: 'RHUSQL',
      volumes: [...VOLUMES, { id: 'disk5', sizeGb: 100 }],
    }));
    const live = (await c.get(`${BASE}/${id}`)).body;
    expect(live).toMatchObject({ topology: 'AlwaysOn', nodeCount: 3, version: '2022 EE', monitoringEnabled: true, agOptions: { agListener: 'rhusqllsnr01', agName: 'rhusqlao1ag', agWitness: 'fsw01' } });
    expect(live.agOptions.agListenerIp).toMatch(/^10\.20\.12\.\d+$/);
    const nodes = (await c.get(`${BASE}/${id}/nodes`)).body;
    expect(nodes.map((n: any) => [n.name, n.availabilityZone.id, n.storage])).toEqual([['RHUSQL01', 'EB-QA-A', 250], ['RHUSQL02', 'EB-QA-B', 250], ['RHUSQL03', 'EB-QA-C', 250]]);
    // HEAD by name and by Always On listener.
    expect((await c.head(`${BASE}/rhusqlao1`)).status).toBe(200);
    expect((await c.head(`${BASE}/rhusqllsnr01?property=AG_LISTENER`)).status).toBe(200);
    expect((await c.head(`${BASE}/rhusqllsnr01`)).status).toBe(404);
    expect((await c.head(`${BASE}/rhusqlao1?property=ag_listener`)).status).toBe(404);
    expect((await c.head(`${BASE}/rhutsql20?property=NAME`)).status).toBe(200);
    expect((await c.head(`${BASE}/rhutsql20?property=DNS`)).status).toBe(400);
  });

  it('never stores or echoes the password', async () => {
    const res = await c.post(BASE, sqlBody({ name: 'secret01', customerPassword: 'weakpassword' }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain('weakpassword');
    await createAndWait(c, BASE, sqlBody({ name: 'secret02', customerPassword: 'Str0ng#Pass' }));
    expect(JSON.stringify(sim.state)).not.toContain('Str0ng#Pass');
  });

  const without = (id: string) => VOLUMES.filter((v) => v.id !== id);
  it.each(Object.entries({
    'uppercase name': { reason: 'lowercase letters or digits, 5..60 (the example RSQL22 breaks it)', over: { name: 'RSQL22' }, field: 'name' },
    'short name': { reason: '5..60 characters', over: { name: 'rsql' }, field: 'name' },
    'reserved name': { reason: "must not be the keyword 'cluster'", over: { name: 'cluster' }, field: 'name' },
    'missing password': { reason: 'customerPassword is Required', over: { customerPassword: undefined }, field: 'customerPassword' },
    'password of 7': { reason: 'minimum length 8', over: { customerPassword: 'P@ssw0r' }, field: 'customerPassword' },
    'password without special': { reason: 'one special character', over: { customerPassword: 'Passw0rdd' }, field: 'customerPassword' },
    'password without uppercase': { reason: 'one uppercase', over: { customerPassword: 'p@ssw0rd' }, field: 'customerPassword' },
    'missing area': { reason: 'area is Required', over: { area: undefined }, field: 'area' },
    'unknown service': { reason: 'serviceId must exist', over: { serviceId: 1 }, field: 'serviceId' },
    'missing network': { reason: 'networkId is Required', over: { networkId: undefined }, field: 'networkId' },
    'missing collation': { reason: 'collation is Required', over: { collation: undefined }, field: 'collation' },
    'missing edition': { reason: 'edition is Required', over: { edition: undefined }, field: 'edition' },
    'unknown edition': { reason: 'STD or ENT', over: { edition: 'EXPRESS' }, field: 'edition' },
    'missing sizing': { reason: 'nodeSizing is Required', over: { nodeSizing: undefined }, field: 'nodeSizing' },
    '1 vCPU': { reason: '2..16 vCPU (001:2553)', over: { nodeSizing: '1cpu8gb' }, field: 'nodeSizing' },
    '4 GB': { reason: '8..384 GB (001:2559)', over: { nodeSizing: '2cpu4gb' }, field: 'nodeSizing' },
    '32 vCPU': { reason: '2..16 vCPU', over: { nodeSizing: '32cpu64gb' }, field: 'nodeSizing' },
    'no volumes': { reason: 'the disks are part of the minimum', over: { volumes: undefined }, field: 'volumes' },
    'four disks': { reason: 'disk0..disk4 are required', over: { volumes: without('disk4') }, field: 'volumes' },
    'disk0 of 71': { reason: 'C: System 1..70', over: { volumes: [...without('disk0'), { id: 'disk0', sizeGb: 71 }] }, field: 'volumes[4].sizeGb' },
    'disk0 of 0': { reason: 'C: System 1..70', over: { volumes: [...without('disk0'), { id: 'disk0', sizeGb: 0 }] }, field: 'volumes[4].sizeGb' },
    'disk2 of 9': { reason: 'data disks 10..4096', over: { volumes: [...without('disk2'), { id: 'disk2', sizeGb: 9 }] }, field: 'volumes[4].sizeGb' },
    'disk1 of 4097': { reason: 'data disks 10..4096', over: { volumes: [...without('disk1'), { id: 'disk1', sizeGb: 4097 }] }, field: 'volumes[4].sizeGb' },
    'a seventh disk': { reason: 'five disks and one more', over: { volumes: [...VOLUMES, { id: 'disk6', sizeGb: 10 }] }, field: 'volumes[5].id' },
    'a disk twice': { reason: 'each disk once', over: { volumes: [...VOLUMES, { id: 'disk0', sizeGb: 10 }] }, field: 'volumes[5].id' },
    'a disk without size': { reason: 'sizeGb is required', over: { volumes: [...without('disk3'), { id: 'disk3' }] }, field: 'volumes[4].sizeGb' },
    'Always On in Standard': { reason: 'only the Enterprise edition is self-service in Always On (001:2538)', over: { alwaysOn: true }, field: 'edition' },
    'Always On of 2 nodes': { reason: 'an Always On cluster has 3 nodes', over: { alwaysOn: true, edition: 'ENT', nodeCount: 2 }, field: 'nodeCount' },
    'standalone of 3 nodes': { reason: 'a standalone server has 1 node', over: { nodeCount: 3 }, field: 'nodeCount' },
    'bad readableSecondary': { reason: 'YES, NO or READ_ONLY', over: { readableSecondary: 'MAYBE' }, field: 'readableSecondary' },
    'ssis not a boolean': { reason: 'booleans are booleans', over: { ssis: 'true' }, field: 'ssis' },
  }))('answers 400 on %s', async (_name, { over, field }) => {
    const res = await c.post(BASE, sqlBody({ name: 'invalid01', ...over }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 'BAD_REQUEST', errorCode: 'INVALID_FIELD_VALUE', errorDesc: field });
  });

  it('accepts the analysis-services collation in both spellings', async () => {
    await createAndWait(c, BASE, sqlBody({ name: 'ssasprose1', ssas: true, asCollation: 'French_CI_AS', asServerModeStd: 'TABULAR' }));
    await createAndWait(c, BASE, sqlBody({ name: 'ssasschema1', ssas: true, asCollaction: 'French_CI_AS' }));
    const stored = sim.state.resources.filter((r) => r.name.startsWith('ssas')).map((r) => r.attrs.asCollation);
    expect(stored).toEqual(['French_CI_AS', 'French_CI_AS']);
  });

  it('refuses a duplicate name in the same service', async () => {
    await createAndWait(c, BASE, sqlBody({ name: 'dupname01' }));
    expect(await c.post(BASE, sqlBody({ name: 'dupname01' }))).toMatchObject({ status: 400, body: { errorDesc: 'name' } });
  });

  it('applies each operation with its rules; PATCH takes the vendor media type', async () => {
    const id = await createAndWait(c, BASE, sqlBody({ name: 'patchme01' }));
    const refused = async (body: unknown, field: string): Promise<void> => {
      expect(await c.patch(`${BASE}/${id}`, body), JSON.stringify(body)).toMatchObject({ status: 400, body: { errorDesc: field } });
    };
    await refused({ operation: 'start' }, 'operation');
    await refused({ options: {} }, 'operation');
    expect((await patchAndWait(id, { operation: 'reset' })).status).toBe('ACTIVE');
    expect(await patchAndWait(id, { operation: 'resize', options: { sizing: '4cpu16gb' } })).toMatchObject({ cpu: 4, ram: 16, sizing: '4cpu16gb' });
    await refused({ operation: 'resize', options: { sizing: '2cpu4gb' } }, 'options.sizing');
    await refused({ operation: 'resize', options: {} }, 'options.sizing');
    expect(await patchAndWait(id, { operation: 'update_monitoring', options: { state: true, on_call: true } })).toMatchObject({ monitoringEnabled: true, monitoringOnCallEnabled: true });
    expect((await patchAndWait(id, { operation: 'update_patch_party', options: { patchParty: { excluded: false, patchGroup: '3' } } })).patchParty).toMatchObject({ patchGroup: '3' });
    await refused({ operation: 'update_patch_party', options: { patchParty: { excluded: true } } }, 'options.patchParty.exclusionReason');
    await refused({ operation: 'stop', options: { changeReference: '12345678901' } }, 'options.changeReference');
    expect((await patchAndWait(id, { operation: 'stop', options: { changeReference: '56789' } })).status).toBe('INACTIVE');
    await refused({ operation: 'reset' }, 'operation');
    await refused({ operation: 'stop' }, 'operation');
    expect((await patchAndWait(id, { operation: 'start' })).status).toBe('ACTIVE');
    // The client sends the vendor type; application/json is accepted too.
    const plain = await fetch(`${sim.url}${BASE}/${id}`, {
      method: 'PATCH', headers: { authorization: 'Bearer sim-token', 'content-type': 'application/json' }, body: JSON.stringify({ operation: 'reset' }),
    });
    expect(plain.status).toBe(202);
  });

  it('answers 409 while an action is in progress', async () => {
    const slow = await start({ actionMs: 600_000 });
    try {
      const s = client(slow);
      const res = await s.post(BASE, sqlBody({ name: 'busy0001' }));
      expect((await s.patch(`${BASE}/${res.body.internalId}`, { operation: 'reset' })).status).toBe(409);
      expect((await s.delete(`${BASE}/${res.body.internalId}`, { changeReference: '56789' })).status).toBe(409);
    } finally {
      await slow.close();
    }
  });

  it('deletes with or without its documented body {changeReference}', async () => {
    const a = await createAndWait(c, BASE, sqlBody({ name: 'deleteme1' }));
    const b = await createAndWait(c, BASE, sqlBody({ name: 'deleteme2' }));
    expect(await c.delete(`${BASE}/${a}`, { changeReference: '12345678901' })).toMatchObject({ status: 400, body: { errorDesc: 'changeReference' } });
    const withBody = await c.delete(`${BASE}/${a}`, { changeReference: '56789' });
    expect(withBody).toMatchObject({ status: 202, body: { process: 'DELETE', internalId: a, message: 'Delete SQLServer deleteme1' } });
    const bare = await c.delete(`${BASE}/${b}`);
    expect(bare.status).toBe(202);
    await waitAction(c, withBody.body.id);
    await waitAction(c, bare.body.id);
    expect((await c.get(`${BASE}/${a}`)).status).toBe(404);
    expect((await c.get(`${BASE}/${b}`)).status).toBe(404);
  });

  it('serves the seeded farm as it is stored', async () => {
    expect((await c.get(`${BASE}/${SEEDED}`)).body).toMatchObject({
      name: 'rhutsql20', topology: 'Standalone', version: '2022 EE', nodeCount: 1, cpu: 4, ram: 16, network: { id: 1234512 }, availabilityZone: { id: 'EB-QA-A' },
    });
    expect((await c.get(`${BASE}/${SEEDED}/nodes`)).body).toEqual([]);
    expect((await patchAndWait(SEEDED, { operation: 'update_monitoring', options: { state: true, on_call: false } })).monitoringEnabled).toBe(true);
  });

  it('lists farms in pages with its filters, in the databases lists and the generic list with tags', async () => {
    const id = await createAndWait(c, BASE, sqlBody({ name: 'listed01', serviceId: 46924 }));
    await c.post(`/itcare/compute/resources/${id}/tags`, { tagKey: 'app', tagValue: 'billing' });
    const names = async (q: string): Promise<string[]> => {
      const res = await c.get(`${BASE}?${q}`);
      expect(res.status, q).toBe(200);
      return res.body.content.map((i: any) => i.name);
    };
    expect(await names('services=46924')).toEqual(['listed01']);
    expect(await names('environments=DEV')).toEqual(['listed01']);
    expect(await names('names=rhutsql20,listed01')).toEqual(['rhutsql20', 'listed01']);
    expect(await names('tags=app:billing')).toEqual(['listed01']);
    expect(await names('services=46922&statuses=INACTIVE')).toEqual([]);
    const page = (await c.get(`${BASE}?names=listed01`)).body;
    expect(page).toMatchObject({ totalElements: 1, number: 0, first: true, last: true });
    expect(page.content[0]).toEqual((await c.get(`${BASE}/${id}`)).body);
    expect((await c.get(`${BASE}?services=abc`)).status).toBe(400);
    expect((await c.get('/itcare/databases?types=SQLSERVER&services=46924')).body.content).toEqual([
      expect.objectContaining({ id, name: 'listed01', topology: 'Standalone', version: '2022 SE', tags: [{ tagKey: 'app', tagValue: 'billing' }] }),
    ]);
    expect((await c.get('/itcare/compute/services/46924/managed-databases?names=listed01')).body).toHaveLength(1);
    expect((await c.get('/itcare/compute/resources?names=listed01')).body.content[0]).toMatchObject({ id, path: '/databases/sqlserver', tags: [{ tagKey: 'app', tagValue: 'billing' }] });
    expect((await c.get(`/itcare/operations?resourceId=${id}`)).body.map((o: any) => o.operation))
      .toEqual(['start', 'stop', 'reset', 'resize', 'update_monitoring', 'update_patch_party', 'delete']);
    await patchAndWait(id, { operation: 'reset' });
    expect((await c.get(`/itcare/compute/resources/${id}/history`)).body.map((e: any) => e.process)).toEqual(['CREATE', 'ADD_TAG', 'RESET']);
  });
});
