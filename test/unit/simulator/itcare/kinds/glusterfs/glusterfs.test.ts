// The simulated GlusterFS (`001:23251-24300`): create (201) and its 400s with both spellings of the
// user name, GET, nodes, networks, volumes and the volume operations, start/stop with a change
// reference, DELETE without body, its paged list with its filters and `/compute/services/{id}/storage`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../../../../src/simulator/start.js';
import { client, finishActions, start, waitAction, type Client } from '../../../support.js';

const BASE = '/itcare/storage/glusterfs';

/** The docs' example (`001:23345-23353`) on a seeded network and area, with the schema's `region`. */
function body(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'mygluster01', diskSize: '15', admPassword: 'mySuperPassword123!!', userName: 'dda', networkId: 1234512, area: 'EB-QA', region: 'EB',
    serviceId: 46922, ...over,
  };
}

async function createAndWait(c: Client, over: Record<string, unknown>): Promise<number> {
  const res = await c.post(BASE, body(over));
  if (res.status !== 201) throw new Error(`create answered ${res.status}: ${JSON.stringify(res.body)}`);
  expect((await waitAction(c, res.body.id)).status).toBe('SUCCESS');
  return res.body.internalId as number;
}

async function patchAndWait(c: Client, id: number, req: unknown): Promise<any> {
  const res = await c.patch(`${BASE}/${id}`, req);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  expect((await waitAction(c, res.body.id)).status).toBe('SUCCESS');
  return res.body;
}

describe('simulator GlusterFS', () => {
  let sim: RunningSimulator;
  let c: Client;
  let slow: RunningSimulator;
  let slowC: Client;
  beforeAll(async () => {
    sim = await start();
    c = client(sim);
    slow = await start({ actionMs: 600_000 });
    slowC = client(slow);
  });
  afterAll(async () => {
    await sim.close();
    await slow.close();
  });

  it('creates with 201 Created as its schema says (001:23442), an action IN_PROGRESS, then ACTIVE', async () => {
    const res = await slowC.post(BASE, body({ name: 'lifecycle01' }));
    expect(res).toMatchObject({ status: 201, body: { status: 'IN_PROGRESS', resourceName: 'lifecycle01', resourceType: 'GLUSTERFS', process: 'CREATE', message: 'Create GlusterFS lifecycle01' } });
    const id = res.body.internalId;
    expect((await slowC.get(`${BASE}/${id}`)).body.status).toBe('PREPARATION');
    finishActions(slow);
    expect(await waitAction(slowC, res.body.id)).toMatchObject({ status: 'SUCCESS' });
    const live = (await slowC.get(`${BASE}/${id}`)).body;
    expect(live).toMatchObject({
      id, name: 'lifecycle01', status: 'ACTIVE', nodeCount: '2', sizing: '2cpu4gb', cpu: 2, ram: 4, topology: 'Cluster', version: '10.2',
      category: 'STORAGE', type: 'GLUSTERFS', path: '/storage/glusterfs', url: 'lifecycle01.eb-qa.glusterfs.cegedim.cloud', allowMonitoringDisplay: true,
    });
    expect(live.virtualIp).toMatch(/^10\.20\.12\.\d+$/);
    expect((await slowC.get(`${BASE}/${id}/volumes`)).body).toEqual([{ free: 15, mountingPoint: 'dda', sizeOf: 15, type: 'glusterfs' }]);
    const nodes = (await slowC.get(`${BASE}/${id}/nodes`)).body;
    expect(nodes.map((n: any) => [n.name, n.availabilityZone.id, n.storage, n.glfsType, n.version])).toEqual([
      ['LIFECYCLE001', 'EB-QA-A', 15, 'replicated', '10.2'], ['LIFECYCLE002', 'EB-QA-B', 15, 'replicated', '10.2'],
    ]);
    expect((await slowC.get(`${BASE}/${id}/networks`)).body).toEqual([expect.objectContaining({ id: 1234512 })]);
  });

  it('accepts both spellings of the user name, a numeric diskSize and no nodeSizing, region or platform', async () => {
    const snake = await createAndWait(c, { name: 'snake-case_1', userName: undefined, user_name: 'app_user', diskSize: 10, region: undefined });
    expect((await c.get(`${BASE}/${snake}/volumes`)).body.map((v: any) => v.mountingPoint)).toEqual(['app_user']);
    const both = await createAndWait(c, { name: 'bothnames1', user_name: 'dda', nodeSizing: '4cpu8gb' });
    expect((await c.get(`${BASE}/${both}`)).body).toMatchObject({ sizing: '4cpu8gb', cpu: 4 });
  });

  it('never stores or echoes a password (admPassword, userPass)', async () => {
    const res = await c.post(BASE, body({ name: 'secret01', admPassword: 'Weak-password-1' }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain('Weak-password-1');
    const id = await createAndWait(c, { name: 'secret02', admPassword: 'Str0ng@Passw0rd' });
    await patchAndWait(c, id, { operation: 'add_volume', options: { diskSize: '42', userName: 'other', userPass: 'mySuperPassw0rd42' } });
    const dump = JSON.stringify(sim.state);
    expect(dump).not.toContain('Str0ng@Passw0rd');
    expect(dump).not.toContain('mySuperPassw0rd42');
  });

  it.each(Object.entries({
    'short name': { reason: '[a-z0-9_\\-]{5,60} (001:23391)', over: { name: 'glfs' }, field: 'name' },
    'uppercase name': { reason: 'lowercase only', over: { name: 'MyGluster01' }, field: 'name' },
    'dotted name': { reason: 'letters, digits, dashes, underscores only', over: { name: 'my.gluster' }, field: 'name' },
    'missing user': { reason: 'user_name is Required (001:23440)', over: { userName: undefined }, field: 'user_name' },
    'uppercase user': { reason: '[a-z0-9_\\-]{1,32} (001:23440)', over: { userName: 'Dda' }, field: 'userName' },
    'long user': { reason: 'at most 32 characters (001:23339)', over: { userName: 'u'.repeat(33) }, field: 'userName' },
    'empty user': { reason: 'at least 1 character', over: { userName: undefined, user_name: '' }, field: 'user_name' },
    'two different users': { reason: 'user_name and userName must agree', over: { user_name: 'one' }, field: 'user_name' },
    'disk too small': { reason: 'at least 10 (001:23337)', over: { diskSize: '9' }, field: 'diskSize' },
    'disk too large': { reason: 'at most 1024 (001:23337)', over: { diskSize: 1025 }, field: 'diskSize' },
    'disk not a number': { reason: 'diskSize is an int32', over: { diskSize: 'fifteen' }, field: 'diskSize' },
    'missing disk': { reason: 'diskSize is Required', over: { diskSize: undefined }, field: 'diskSize' },
    'bad sizing': { reason: 'nodeSizing looks like 2cpu4gb when given', over: { nodeSizing: 'XS' }, field: 'nodeSizing' },
    'password without special': { reason: 'the admin pattern (001:23361)', over: { admPassword: 'mySuperPassword123' }, field: 'admPassword' },
    'missing area': { reason: 'area is Required', over: { area: undefined }, field: 'area' },
    'unknown service': { reason: 'serviceId must exist', over: { serviceId: 1 }, field: 'serviceId' },
    'unknown network': { reason: 'networkId must exist', over: { networkId: 123 }, field: 'networkId' },
  }))('answers 400 on %s', async (_name, { over, field }) => {
    const res = await c.post(BASE, body({ name: 'invalid01', ...over }));
    expect(res).toMatchObject({ status: 400, body: { status: 'BAD_REQUEST', errorCode: 'INVALID_FIELD_VALUE', errorDesc: field } });
  });

  it('refuses a duplicate name in the same service (400 on name, as every kind)', async () => {
    await createAndWait(c, { name: 'dupname01' });
    expect(await c.post(BASE, body({ name: 'dupname01' }))).toMatchObject({ status: 400, body: { errorDesc: 'name' } });
  });

  it('adds, resizes and deletes volumes by name, each an action with its history entry', async () => {
    const id = await createAndWait(c, { name: 'volumes01' });
    const volumes = async (): Promise<unknown[]> => (await c.get(`${BASE}/${id}/volumes`)).body.map((v: any) => [v.mountingPoint, v.sizeOf]);
    expect((await patchAndWait(c, id, { operation: 'add_volume', options: { diskSize: '42', userName: 'app', userPass: 'mySuperPassw0rd42' } })).message).toBe('Add volume app to GlusterFS volumes01');
    await patchAndWait(c, id, { operation: 'add_volume', options: { diskSize: 20, user_name: 'logs', name: 'logs-vol', userPass: 'x' } });
    expect(await volumes()).toEqual([['dda', 15], ['app', 42], ['logs-vol', 20]]);
    expect((await patchAndWait(c, id, { operation: 'resize_volume', options: { name: 'app', diskSize: '100', userName: 'app' } })).message).toBe('Resize volume app of GlusterFS volumes01');
    // The docs state no direction for a resize: a smaller size is accepted (README "Choices").
    await patchAndWait(c, id, { operation: 'resize_volume', options: { name: 'logs-vol', diskSize: 10 } });
    expect(await volumes()).toEqual([['dda', 15], ['app', 100], ['logs-vol', 10]]);
    expect((await patchAndWait(c, id, { operation: 'delete_volume', options: { name: 'dda' } })).message).toBe('Delete volume dda of GlusterFS volumes01');
    expect(await volumes()).toEqual([['app', 100], ['logs-vol', 10]]);
    const nodes = (await c.get(`${BASE}/${id}/nodes`)).body;
    expect(nodes[0].storage).toBe(110);
    const history = (await c.get(`/itcare/compute/resources/${id}/history`)).body.map((a: any) => a.process);
    expect(history).toEqual(['CREATE', 'ADD_VOLUME', 'ADD_VOLUME', 'RESIZE_VOLUME', 'RESIZE_VOLUME', 'DELETE_VOLUME']);
    expect((await c.get(`/itcare/compute/services/46922/storage?names=volumes01`)).body[0].volumeCount).toBe('2');
  });

  it('stops and starts with an optional changeReference (001:23493-23525), resizes, updates monitoring and patch party', async () => {
    const id = await createAndWait(c, { name: 'states001' });
    await patchAndWait(c, id, { operation: 'stop', options: { changeReference: 'RFC_123' } });
    expect((await c.get(`${BASE}/${id}`)).body.status).toBe('INACTIVE');
    await patchAndWait(c, id, { operation: 'start', options: { changeReference: 'RFC_123' } });
    expect((await c.get(`${BASE}/${id}`)).body.status).toBe('ACTIVE');
    await patchAndWait(c, id, { operation: 'stop' });
    await patchAndWait(c, id, { operation: 'start' });
    await patchAndWait(c, id, { operation: 'resize', options: { sizing: '4cpu8gb' } });
    await patchAndWait(c, id, { operation: 'update_monitoring', options: { state: true, on_call: true } });
    await patchAndWait(c, id, { operation: 'update_patch_party', options: { patchParty: { excluded: true, exclusionReason: 'I want to handle this by myself' } } });
    expect((await c.get(`${BASE}/${id}`)).body).toMatchObject({
      status: 'ACTIVE', sizing: '4cpu8gb', ram: 8, monitoringEnabled: true, monitoringOnCallEnabled: true, patchParty: { excluded: true },
    });
  });

  it.each(Object.entries({
    'change reference too long': { reason: 'changeReference max 10', body: { operation: 'stop', options: { changeReference: 'RFC_1234567' } }, field: 'options.changeReference' },
    'start while ACTIVE': { reason: 'start needs INACTIVE', body: { operation: 'start', options: { changeReference: 'RFC_123' } }, field: 'operation' },
    'add without user': { reason: 'userName is required', body: { operation: 'add_volume', options: { diskSize: 42, userPass: 'p' } }, field: 'options.userName' },
    'add without password': { reason: 'userPass is required', body: { operation: 'add_volume', options: { diskSize: 42, userName: 'app' } }, field: 'options.userPass' },
    'add without size': { reason: 'diskSize is required', body: { operation: 'add_volume', options: { userName: 'app', userPass: 'p' } }, field: 'options.diskSize' },
    'add too small': { reason: 'a volume is 10..1024 GB', body: { operation: 'add_volume', options: { diskSize: 9, userName: 'app', userPass: 'p' } }, field: 'options.diskSize' },
    'add a used name': { reason: 'volume names are unique', body: { operation: 'add_volume', options: { diskSize: 42, userName: 'dda', userPass: 'p' } }, field: 'options.name' },
    'add a bad user': { reason: '[a-z0-9_\\-]{1,32}', body: { operation: 'add_volume', options: { diskSize: 42, userName: 'App User', userPass: 'p' } }, field: 'options.userName' },
    'add a bad name': { reason: 'a volume name follows the user-name rule', body: { operation: 'add_volume', options: { diskSize: 42, userName: 'app', name: 'App/1', userPass: 'p' } }, field: 'options.name' },
    'resize an unknown volume': { reason: 'the volume must exist', body: { operation: 'resize_volume', options: { name: 'nope', diskSize: 42 } }, field: 'options.name' },
    'resize without size': { reason: 'diskSize is required', body: { operation: 'resize_volume', options: { name: 'dda' } }, field: 'options.diskSize' },
    'resize too large': { reason: 'a volume is 10..1024 GB', body: { operation: 'resize_volume', options: { name: 'dda', diskSize: 2048 } }, field: 'options.diskSize' },
    'resize without name': { reason: 'name is required', body: { operation: 'resize_volume', options: { diskSize: 42 } }, field: 'options.name' },
    'delete an unknown volume': { reason: 'the volume must exist', body: { operation: 'delete_volume', options: { name: 'nope' } }, field: 'options.name' },
    'group on two nodes': { reason: 'patchGroup only when the farm has one member (001:23617)', body: { operation: 'update_patch_party', options: { patchParty: { excluded: false, patchGroup: '1' } } }, field: 'options.patchParty.patchGroup' },
    'unknown operation': { reason: 'only documented operations', body: { operation: 'extend', options: { sizing: 'M' } }, field: 'operation' },
  }))('refuses PATCH on %s', async (_name, { body: req, field }) => {
    const id = sim.state.resources.find((r) => r.name === 'dupname01')!.id;
    expect(await c.patch(`${BASE}/${id}`, req)).toMatchObject({ status: 400, body: { errorDesc: field } });
  });

  it('answers 409 while an action is in progress', async () => {
    const res = await slowC.post(BASE, body({ name: 'busy00001' }));
    const id = res.body.internalId;
    expect(await slowC.patch(`${BASE}/${id}`, { operation: 'delete_volume', options: { name: 'dda' } })).toMatchObject({ status: 409 });
    expect((await slowC.delete(`${BASE}/${id}`)).status).toBe(409);
    finishActions(slow);
    await waitAction(slowC, res.body.id);
    expect((await slowC.patch(`${BASE}/${id}`, { operation: 'delete_volume', options: { name: 'dda' } })).status).toBe(202);
  });

  it('deletes asynchronously without body; a body is refused', async () => {
    const id = await createAndWait(c, { name: 'deleteme1' });
    expect((await c.delete(`${BASE}/${id}`, { changeReference: 'RFC1' })).status).toBe(400);
    const res = await c.delete(`${BASE}/${id}`);
    expect(res).toMatchObject({ status: 202, body: { process: 'DELETE', internalId: id } });
    await waitAction(c, res.body.id);
    expect((await c.get(`${BASE}/${id}`)).status).toBe(404);
    expect((await c.get(`${BASE}/${id}/volumes`)).status).toBe(404);
  });

  it('lists itself paged with the documented filters', async () => {
    const prod = await createAndWait(c, { name: 'listed-prod', serviceId: 46923, networkId: 1234511 });
    const qa = await createAndWait(c, { name: 'listed-qa', serviceId: 46924, networkId: 1234511, monitoringEnabled: true });
    await c.post(`/itcare/compute/resources/${qa}/tags`, { tagKey: 'team', tagValue: 'storage' });
    const ids = async (query: string): Promise<number[]> => (await c.get(`${BASE}?${query}`)).body.content.map((r: any) => r.id);
    const page = (await c.get(`${BASE}?names=listed-prod`)).body;
    expect(page).toMatchObject({ totalElements: 1, number: 0, first: true, last: true });
    expect(page.content[0]).toMatchObject({ id: prod, name: 'listed-prod', nodeCount: '2', url: expect.any(String), virtualIp: expect.any(String) });
    expect(await ids('services=46923,46924')).toEqual([prod, qa]);
    expect(await ids('services=46923,46924&environments=PRODUCTION')).toEqual([prod]);
    expect(await ids('services=46923,46924&tags=team:storage')).toEqual([qa]);
    expect(await ids('services=46924&monitoringStatus=true')).toEqual([qa]);
    expect(await ids('services=46923,46924&topologies=cluster&versions=10.2&statuses=ACTIVE')).toEqual([prod, qa]);
    expect(await ids('services=46923,46924&recoveryStatus=true')).toEqual([]);
    expect(await ids('services=46923,46924&clouds=1')).toEqual([prod, qa]);
    expect(await ids('services=46923,46924&clouds=2')).toEqual([]);
    const vip = sim.state.resources.find((r) => r.id === prod)!.attrs.virtualIp as string;
    expect(await ids(`services=46923&virtualIps=${vip}`)).toEqual([prod]);
    expect(await ids('services=46923&virtualIps=10.20')).toEqual([prod]);
    expect(await ids('services=46923&virtualIps=10.%25.11')).toEqual([prod]);
    expect(await ids('services=46923&virtualIps=10.2')).toEqual([]);
    expect(await ids('services=46923,46924&size=1&page=1')).toEqual([qa]);
    expect((await c.get(`${BASE}?monitoringStatus=maybe`)).status).toBe(400);
    expect((await c.get('/itcare/compute/resources?names=listed-qa')).body.content).toEqual([
      expect.objectContaining({ id: qa, path: '/storage/glusterfs', category: 'STORAGE', tags: [{ tagKey: 'team', tagValue: 'storage' }] }),
    ]);
  });

  it('answers /compute/services/{id}/storage with its filters (001:9800-9927)', async () => {
    const id = await createAndWait(c, { name: 'storage01', serviceId: 46924, nodeSizing: '4cpu8gb' });
    const vip = sim.state.resources.find((r) => r.id === id)!.attrs.virtualIp as string;
    const ids = async (query: string): Promise<number[]> => (await c.get(`/itcare/compute/services/46924/storage?${query}`)).body.map((r: any) => r.id);
    const [item] = (await c.get('/itcare/compute/services/46924/storage?names=storage01')).body;
    expect(item).toMatchObject({ id, name: 'storage01', nodeCount: '2', volumeCount: '1', sizing: '4cpu8gb', topology: 'Cluster', version: '10.2', virtualIp: vip });
    expect(await ids('sizes=4cpu8gb&names=storage01')).toEqual([id]);
    expect(await ids('sizes=2cpu4gb&names=storage01')).toEqual([]);
    expect(await ids(`vip=${vip}`)).toEqual([id]);
    expect(await ids('nodeCount=2&names=storage01')).toEqual([id]);
    expect(await ids('nodeCount=3')).toEqual([]);
    expect(await ids('statuses=INACTIVE')).toEqual([]);
    expect((await c.get('/itcare/compute/services/46924/storage?nodeCount=two')).status).toBe(400);
    expect((await c.get('/itcare/compute/services/1/storage')).status).toBe(404);
  });

  it('lists its operations in GET /itcare/operations', async () => {
    const id = sim.state.resources.find((r) => r.name === 'dupname01')!.id;
    const ops = (await c.get(`/itcare/operations?resourceId=${id}`)).body.map((o: any) => o.operation);
    expect(ops).toEqual(['start', 'stop', 'resize', 'add_volume', 'resize_volume', 'delete_volume', 'update_monitoring', 'update_patch_party', 'delete']);
  });
});
