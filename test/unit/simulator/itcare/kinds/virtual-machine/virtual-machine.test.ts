// The simulator's VirtualMachine kind (`/itcare/compute/instances`, `001:2760-4134`): create, reads,
// every 400 rule of the create, each PATCH operation with its state rule, DELETE only when INACTIVE,
// snapshots, the paged list, the service sub-list and the shared lists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../../../../src/simulator/start.js';
import { client, createAndWait, finishActions, start, waitAction, type Client } from '../../../support.js';

const BASE = '/itcare/compute/instances';
const SEEDED = 500079802; // PEB4APP01, ACTIVE, 10.20.11.2
const SEEDED_INACTIVE = 500057033; // PEB4APP03

function vmBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'PEB4ORD01', region: 'EB', area: 'EB-QA', serviceId: 46922, platform: 'deb12', resourceId: '1cpu2gb', ...over };
}

describe('simulator VirtualMachine', () => {
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

  async function patchAndWait(id: number, body: unknown): Promise<any> {
    const res = await c.patch(`${BASE}/${id}`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect((await waitAction(c, res.body.id)).status).toBe('SUCCESS');
    return (await c.get(`${BASE}/${id}`)).body;
  }

  it('creates asynchronously with the documented defaults: 202, PREPARATION, then ACTIVE', async () => {
    const res = await slowC.post(BASE, vmBody({ name: 'PEB4LIFE01' }));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'IN_PROGRESS', process: 'CREATE', resourceName: 'PEB4LIFE01', resourceType: 'LINUX', family: 'DEBIAN' });
    const id = res.body.internalId;
    expect((await slowC.get(`${BASE}/${id}`)).body.status).toBe('PREPARATION');
    finishActions(slow);
    expect((await waitAction(slowC, res.body.id)).status).toBe('SUCCESS');
    const live = (await slowC.get(`${BASE}/${id}`)).body;
    expect(live).toMatchObject({
      id, name: 'PEB4LIFE01', status: 'ACTIVE', category: 'INSTANCES', path: '/compute/instances', type: 'LINUX', family: 'DEBIAN',
      osType: 'LINUX', osName: 'Debian 12', imageCode: 'deb12', cpu: 1, ram: 2, serviceId: 46922, environment: 'QA',
      // QA service: no backup, replication or monitoring by default (§3.1).
      backupStatus: false, replicationStatus: false, monitoringEnabled: false, monitoringAlerting: false,
      availabilityZone: { id: 'EB-QA-A' }, labelArea: 'EB-QA', labelRegion: 'EB', ipAddress: '10.20.11.10',
      network: { id: 1234511, ipAddress: '10.20.11.10' }, storage: 20, snapshot: null, isMemberOFLoadBalancer: false,
      loadbalancers: [], patchParty: { excluded: false, patchGroup: '', id, name: 'PEB4LIFE01' },
    });
  });

  it('turns backup, replication and monitoring on in a production service', async () => {
    const id = await createAndWait(c, BASE, vmBody({ name: 'PEB5ORD01', serviceId: 46923 }));
    expect((await c.get(`${BASE}/${id}`)).body).toMatchObject({ backupStatus: true, replicationStatus: true, monitoringEnabled: true, environment: 'PRODUCTION' });
  });

  it('places the instance as asked and reads its storage and network', async () => {
    const id = await createAndWait(c, BASE, vmBody({
      name: 'PEB4DISK01', availabilityZone: 'eb-qa-c', networkId: 1234512, resourceId: '2cpu4gb', platform: 'win2022',
      volumes: [{ id: 'system', sizeGb: 60, mandatory: true }, { id: 'data', sizeGb: 100 }], properties: [{ key: 'timezone', value: 'UTC' }],
    }));
    const live = (await c.get(`${BASE}/${id}`)).body;
    expect(live).toMatchObject({ type: 'WINDOWS', family: 'WINDOWS', availabilityZone: { id: 'EB-QA-C' }, network: { id: 1234512 }, ipAddress: '10.20.12.10', storage: 160 });
    expect((await c.get(`${BASE}/${id}/storage`)).body).toEqual({
      fileSystems: [
        { free: 60, mountingPoint: 'C:', sizeOf: 60, type: 'NTFS' },
        { free: 100, mountingPoint: 'D:', sizeOf: 100, type: 'NTFS' },
      ],
      totalSizeDisks: 160, totalSizeFileSystems: 160,
    });
    expect((await c.get(`${BASE}/${id}/networks`)).body).toMatchObject({ id: 1234512, ipAddress: '10.20.12.10', area: 'EB-QA' });
    // The next instance on that network gets the next free address.
    const next = await createAndWait(c, BASE, vmBody({ name: 'PEB4DISK02', networkId: 1234512 }));
    expect((await c.get(`${BASE}/${next}`)).body.ipAddress).toBe('10.20.12.11');
  });

  it('serves the seeded VMs as they are', async () => {
    const live = (await c.get(`${BASE}/${SEEDED}`)).body;
    expect(live).toMatchObject({ name: 'PEB4APP01', status: 'ACTIVE', ipAddress: '10.20.11.2', storage: 20, patchParty: { patchGroup: '1' } });
    expect((await c.get(`${BASE}/${SEEDED}/networks`)).body).toMatchObject({ id: 1234511, ipAddress: '10.20.11.2' });
  });

  it('shows the load balancers whose pools hold it, in the GET and the lists', async () => {
    const sim2 = await start();
    try {
      const c2 = client(sim2);
      const vm = await createAndWait(c2, BASE, vmBody({ name: 'PEB4POOL01' }));
      const ip = (await c2.get(`${BASE}/${vm}`)).body.ipAddress;
      const lb = await createAndWait(c2, '/itcare/networking/loadbalancers', {
        url: 'pool.cegedim.cloud', serviceId: 46922, region: 'EB', area: 'EB-QA', networkId: 1234511, healthcheck: 'http', persistence: true,
        portMembers: 80, profileName: 'HTTP', redirectToHttps: false, setUpDNSEnabled: false, members: [{ id: vm, network: { id: 1234511, ipAddress: ip } }],
      });
      expect((await c2.post(`/itcare/networking/loadbalancers/${lb}/members`, { resourceId: vm, port: 8080 })).status).toBe(200);
      const pools = [{ id: lb, name: 'pool.cegedim.cloud', memberCount: 2, serviceId: 46922, status: 'ACTIVE', monitoringEnabled: false }];
      expect((await c2.get(`${BASE}/${vm}`)).body).toMatchObject({ isMemberOFLoadBalancer: true, loadbalancers: pools });
      expect((await c2.get(`${BASE}?names=PEB4POOL01`)).body.content[0]).toMatchObject({ isMemberOFLoadBalancer: true, loadbalancers: pools });
      expect((await c2.get(`${BASE}?names=PEB4POOL01&sort=name,desc`)).body.content[0].loadbalancers).toEqual(pools);
      expect((await c2.get('/itcare/compute/services/46922/instances?names=PEB4POOL01')).body[0].loadbalancers).toEqual(pools);
      expect((await c2.get(`${BASE}/${SEEDED}`)).body).toMatchObject({ isMemberOFLoadBalancer: false, loadbalancers: [] });
    } finally {
      await sim2.close();
    }
  });

  it.each(Object.entries({
    'missing name': { reason: 'name is Required', over: { name: undefined }, field: 'name' },
    'name with a dot': { reason: 'a hostname label has letters, digits and inner hyphens', over: { name: 'PEB4.APP' }, field: 'name' },
    'name ending with a hyphen': { reason: 'hostname rule', over: { name: 'PEB4APP-' }, field: 'name' },
    'missing region': { reason: 'region is Required', over: { region: undefined }, field: 'region' },
    'missing area': { reason: 'area is Required', over: { area: undefined }, field: 'area' },
    'missing platform': { reason: 'platform is Required', over: { platform: undefined }, field: 'platform' },
    'missing resourceId': { reason: 'resourceId (the sizing) is Required', over: { resourceId: undefined }, field: 'resourceId' },
    'bad resourceId': { reason: 'a sizing looks like 1cpu2gb', over: { resourceId: 'small' }, field: 'resourceId' },
    'missing serviceId': { reason: 'serviceId is Required', over: { serviceId: undefined }, field: 'serviceId' },
    'unknown service': { reason: 'serviceId must exist', over: { serviceId: 1 }, field: 'serviceId' },
    'unknown network': { reason: 'networkId must exist when given', over: { networkId: 1 }, field: 'networkId' },
    'area without network': { reason: 'no default network in that area', over: { area: 'ET-PROD' }, field: 'networkId' },
    'AZ of another area': { reason: 'availabilityZone is one of the area', over: { availabilityZone: 'EB-A' }, field: 'availabilityZone' },
    'bad regulation': { reason: 'HDS or STANDARD', over: { regulation: 'GDPR' }, field: 'regulation' },
    'empty volumes': { reason: 'volumes is a non-empty list', over: { volumes: [] }, field: 'volumes' },
    'volume without id': { reason: 'a volume has an id', over: { volumes: [{ sizeGb: 10 }] }, field: 'volumes[0].id' },
    'volume without size': { reason: 'a volume has a sizeGb', over: { volumes: [{ id: 'data' }] }, field: 'volumes[0].sizeGb' },
    'volume of 0 GB': { reason: 'sizeGb >= 1', over: { volumes: [{ id: 'data', sizeGb: 0 }] }, field: 'volumes[0].sizeGb' },
    'volume twice': { reason: 'volume ids are unique', over: { volumes: [{ id: 'data', sizeGb: 5 }, { id: 'data', sizeGb: 6 }] }, field: 'volumes[1].id' },
    'properties not a list': { reason: 'properties is a list', over: { properties: { key: 'a' } }, field: 'properties' },
    'backupEnabled not a boolean': { reason: 'booleans are booleans', over: { backupEnabled: 'yes' }, field: 'backupEnabled' },
  }))('answers 400 on %s', async (_name, { over, field }) => {
    const res = await c.post(BASE, vmBody({ name: 'PEB4BAD01', ...over }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 'BAD_REQUEST', errorCode: 'INVALID_FIELD_VALUE', errorDesc: field });
  });

  it('refuses a hostname already used, in the same service or another (case-insensitive)', async () => {
    await createAndWait(c, BASE, vmBody({ name: 'PEB4DUP01' }));
    expect(await c.post(BASE, vmBody({ name: 'PEB4DUP01' }))).toMatchObject({ status: 400, body: { errorDesc: 'name' } });
    expect(await c.post(BASE, vmBody({ name: 'peb4dup01', serviceId: 46924 }))).toMatchObject({ status: 400, body: { errorDesc: 'name' } });
    expect(await c.post(BASE, vmBody({ name: 'PEB4APP01', serviceId: 46924 }))).toMatchObject({ status: 400, body: { errorDesc: 'name' } });
  });

  it('stops, starts, resets and resizes under the documented state rules', async () => {
    const id = await createAndWait(c, BASE, vmBody({ name: 'PEB4OPS01' }));
    const refused = async (body: unknown, field = 'operation'): Promise<void> => {
      expect(await c.patch(`${BASE}/${id}`, body), JSON.stringify(body)).toMatchObject({ status: 400, body: { errorDesc: field } });
    };
    // ACTIVE: start and resize are refused, reset keeps it ACTIVE.
    await refused({ operation: 'start' });
    await refused({ operation: 'resize', options: { sizing: '2cpu4gb' } });
    expect((await patchAndWait(id, { operation: 'reset', options: { comment: 'OS is frozen' } })).status).toBe('ACTIVE');
    await refused({ operation: 'stop', options: { changeReference: 'RFC_1234567' } }, 'options.changeReference');
    expect((await patchAndWait(id, { operation: 'stop', options: { changeReference: 'RFC_123' } })).status).toBe('INACTIVE');
    // INACTIVE: stop and reset are refused, resize is allowed.
    await refused({ operation: 'stop' });
    await refused({ operation: 'reset' });
    await refused({ operation: 'resize', options: {} }, 'options.sizing');
    await refused({ operation: 'resize', options: { sizing: 'huge' } }, 'options.sizing');
    expect(await patchAndWait(id, { operation: 'resize', options: { sizing: '2cpu4gb', changeReference: '' } })).toMatchObject({ cpu: 2, ram: 4, status: 'INACTIVE' });
    expect((await patchAndWait(id, { operation: 'start', options: { changeReference: 'RFC_124' } })).status).toBe('ACTIVE');
    await refused({ operation: 'explode' });
  });

  it('updates monitoring with {state, alerting}; on_call is not an instance option', async () => {
    const id = await createAndWait(c, BASE, vmBody({ name: 'PEB4MON01' }));
    expect(await patchAndWait(id, { operation: 'update_monitoring', options: { state: true, alerting: true, on_call: true } }))
      .toMatchObject({ monitoringEnabled: true, monitoringAlerting: true, monitoringOnCallEnabled: false });
    expect(await patchAndWait(id, { operation: 'update_monitoring', options: { state: false } })).toMatchObject({ monitoringEnabled: false, monitoringAlerting: true });
    expect(await c.patch(`${BASE}/${id}`, { operation: 'update_monitoring', options: { alerting: false } })).toMatchObject({ status: 400, body: { errorDesc: 'options.state' } });
    expect(await c.patch(`${BASE}/${id}`, { operation: 'update_monitoring', options: { state: true, alerting: 'no' } })).toMatchObject({ status: 400, body: { errorDesc: 'options.alerting' } });
  });

  it('takes a numeric patch group 1..3 (or its string), and clears it when including without one', async () => {
    const id = await createAndWait(c, BASE, vmBody({ name: 'PEB4PP01' }));
    const pp = async (patchParty: unknown): Promise<any> => (await patchAndWait(id, { operation: 'update_patch_party', options: { patchParty } })).patchParty;
    expect(await pp({ excluded: false, patchGroup: 3 })).toMatchObject({ excluded: false, patchGroup: '3' });
    expect(await pp({ excluded: false, patchGroup: '2' })).toMatchObject({ patchGroup: '2' });
    expect(await pp({ excluded: true, exclusionReason: 'I want to handle this App. by myself' }))
      .toMatchObject({ excluded: true, exclusionReason: 'I want to handle this App. by myself', excludedBy: 'static-token', patchGroup: '2' });
    expect(await pp({ excluded: false })).toMatchObject({ excluded: false, exclusionReason: '', patchGroup: '' });
    for (const [patchParty, field] of [
      [{ excluded: false, patchGroup: 4 }, 'patchGroup'], [{ excluded: false, patchGroup: 0 }, 'patchGroup'],
      [{ excluded: false, patchGroup: 1.5 }, 'patchGroup'], [{ excluded: true }, 'exclusionReason'], [{ patchGroup: 1 }, 'excluded'],
    ] as const) {
      const res = await c.patch(`${BASE}/${id}`, { operation: 'update_patch_party', options: { patchParty } });
      expect(res, JSON.stringify(patchParty)).toMatchObject({ status: 400, body: { errorDesc: `options.patchParty.${field}` } });
    }
  });

  it.each([
    ['update_storage_replication', 'replicationStatus'],
    ['update_backup', 'backupStatus'],
  ])('%s needs a reason to deactivate on a production service only', async (operation, flag) => {
    const qa = await createAndWait(c, BASE, vmBody({ name: `PEB4${operation.length}Q` }));
    expect((await patchAndWait(qa, { operation, options: { state: true } }))[flag]).toBe(true);
    expect((await patchAndWait(qa, { operation, options: { state: false } }))[flag]).toBe(false);
    const prod = await createAndWait(c, BASE, vmBody({ name: `PEB5${operation.length}P`, serviceId: 46923 }));
    expect(await c.patch(`${BASE}/${prod}`, { operation, options: { state: false } })).toMatchObject({ status: 400, body: { errorDesc: 'options.deactivationReason' } });
    expect(await c.patch(`${BASE}/${prod}`, { operation, options: {} })).toMatchObject({ status: 400, body: { errorDesc: 'options.state' } });
    const off = await patchAndWait(prod, { operation, options: { state: false, deactivationReason: 'Because..' } });
    expect(off[flag]).toBe(false);
    if (operation === 'update_storage_replication') expect(off.replication).toMatchObject({ noStoRplExplanation: 'Because..', storageReplicationClass: 'NOT_REPLICATED' });
    // The documented example sends a reason with state: true; it is accepted.
    expect((await patchAndWait(prod, { operation, options: { state: true, deactivationReason: 'I want it ...' } }))[flag]).toBe(true);
  });

  it('deletes only an INACTIVE instance, with an optional changeReference', async () => {
    const id = await createAndWait(c, BASE, vmBody({ name: 'PEB4DEL01' }));
    expect(await c.delete(`${BASE}/${id}`)).toMatchObject({ status: 400, body: { errorDesc: 'status' } });
    await patchAndWait(id, { operation: 'stop' });
    expect(await c.delete(`${BASE}/${id}`, { changeReference: 'RFC_1234567' })).toMatchObject({ status: 400, body: { errorDesc: 'changeReference' } });
    const res = await c.delete(`${BASE}/${id}`, { changeReference: 'RFC_123' });
    expect(res).toMatchObject({ status: 202, body: { process: 'DELETE', internalId: id, message: 'Delete Instance PEB4DEL01' } });
    await waitAction(c, res.body.id);
    expect((await c.get(`${BASE}/${id}`)).status).toBe(404);
    // The seeded INACTIVE VM is deletable without a body.
    const seeded = await c.delete(`${BASE}/${SEEDED_INACTIVE}`);
    expect(seeded.status).toBe(202);
    await waitAction(c, seeded.body.id);
  });

  it('answers 409 while an action is in progress', async () => {
    const res = await slowC.post(BASE, vmBody({ name: 'PEB4BUSY01' }));
    const id = res.body.internalId;
    expect(await slowC.patch(`${BASE}/${id}`, { operation: 'update_monitoring', options: { state: true } })).toMatchObject({ status: 409 });
    expect((await slowC.post(`${BASE}/${id}/snapshots`, {})).status).toBe(409);
    finishActions(slow);
    await waitAction(slowC, res.body.id);
    expect((await slowC.patch(`${BASE}/${id}`, { operation: 'update_monitoring', options: { state: true } })).status).toBe(202);
  });

  it('keeps one snapshot at a time: create, recover, delete', async () => {
    const id = await createAndWait(c, BASE, vmBody({ name: 'PEB4SNAP01' }));
    expect((await c.get(`${BASE}/${id}/snapshots`)).status).toBe(404);
    expect((await c.patch(`${BASE}/${id}/snapshots`)).status).toBe(400);
    expect(await c.post(`${BASE}/${id}/snapshots`, { description: 'x'.repeat(101) })).toMatchObject({ status: 400, body: { errorDesc: 'description' } });
    expect(await c.post(`${BASE}/${id}/snapshots`, { changeReference: 'RFC_1234567' })).toMatchObject({ status: 400, body: { errorDesc: 'changeReference' } });
    const made = await c.post(`${BASE}/${id}/snapshots`, { description: 'before upgrade', changeReference: 'RFC_9' });
    expect(made).toMatchObject({ status: 202, body: { process: 'CREATE_SNAPSHOT', internalId: id } });
    await waitAction(c, made.body.id);
    const snap = (await c.get(`${BASE}/${id}/snapshots`)).body;
    expect(snap).toMatchObject({ id: `${id}-snap-1`, description: 'before upgrade', changeReference: 'RFC_9', createdBy: 'static-token', recoveredAt: null, snapshotSize: 20 });
    expect(Date.parse(snap.expiresAt) - Date.parse(snap.createdAt)).toBe(3 * 24 * 3600 * 1000);
    expect((await c.get(`${BASE}/${id}`)).body.snapshot).toMatchObject({ id: `${id}-snap-1` });
    expect(await c.post(`${BASE}/${id}/snapshots`, {})).toMatchObject({ status: 400, body: { errorDesc: 'snapshot' } });
    const recovered = await c.patch(`${BASE}/${id}/snapshots`);
    expect(recovered.body.process).toBe('RECOVER_SNAPSHOT');
    await waitAction(c, recovered.body.id);
    expect((await c.get(`${BASE}/${id}/snapshots`)).body.recoveredAt).toEqual(expect.any(String));
    expect((await c.delete(`${BASE}/${id}/snapshots/${id}-snap-9`)).status).toBe(404);
    const removed = await c.delete(`${BASE}/${id}/snapshots/${id}-snap-1`);
    expect(removed.body.process).toBe('DELETE_SNAPSHOT');
    await waitAction(c, removed.body.id);
    expect((await c.get(`${BASE}/${id}/snapshots`)).status).toBe(404);
    // The next snapshot gets a new number.
    await waitAction(c, (await c.post(`${BASE}/${id}/snapshots`)).body.id);
    expect((await c.get(`${BASE}/${id}/snapshots`)).body.id).toBe(`${id}-snap-2`);
  });

  it('records every write in the resource history', async () => {
    const id = await createAndWait(c, BASE, vmBody({ name: 'PEB4HIST01' }));
    await patchAndWait(id, { operation: 'stop' });
    await patchAndWait(id, { operation: 'update_backup', options: { state: true } });
    await waitAction(c, (await c.post(`${BASE}/${id}/snapshots`)).body.id);
    const h = (await c.get(`/itcare/compute/resources/${id}/history`)).body;
    expect(h.map((e: any) => e.process)).toEqual(['CREATE', 'STOP', 'UPDATE_BACKUP', 'CREATE_SNAPSHOT']);
    expect(h[1]).toMatchObject({ status: 'SUCCESS', message: 'Stop Instance PEB4HIST01' });
  });

  it('lists instances in pages with the documented filters', async () => {
    const sim2 = await start();
    try {
      const c2 = client(sim2);
      const a = await createAndWait(c2, BASE, vmBody({ name: 'PEB4LST01', availabilityZone: 'EB-QA-B', backupEnabled: true }));
      await createAndWait(c2, BASE, vmBody({ name: 'PEB4LST02', networkId: 1234512, platform: 'ubu22' }));
      const names = async (q: string): Promise<string[]> => {
        const res = await c2.get(`${BASE}?${q}`);
        expect(res.status, q).toBe(200);
        return res.body.content.map((i: any) => i.name);
      };
      expect(await names('services=46922')).toEqual(['PEB4APP03', 'PEB4APP01', 'PEB4APP02', 'PEB4LST01', 'PEB4LST02']);
      expect(await names('names=PEB4LST01,PEB5PRD01')).toEqual(['PEB5PRD01', 'PEB4LST01']);
      expect(await names('services=46922&sort=name,desc')).toEqual(['PEB4LST02', 'PEB4LST01', 'PEB4APP03', 'PEB4APP02', 'PEB4APP01']);
      expect(await names('services=46922&statuses=INACTIVE')).toEqual(['PEB4APP03']);
      expect(await names('families=ubuntu')).toEqual(['PEB4LST02']);
      expect(await names('az=EB-QA-B')).toEqual(['PEB4LST01']);
      expect(await names('ip=10.20.11.2,10.20.12.10')).toEqual(['PEB4APP01', 'PEB4LST02']);
      expect(await names('services=46922&vlan=VLAN-1234512')).toEqual(['PEB4LST02']);
      expect(await names('backupStatus=true')).toEqual(['PEB4LST01']);
      expect(await names('services=46922&includedInPatchParty=false')).toEqual(['PEB4APP02']);
      expect(await names('tags=app:orders,env:qa')).toEqual(['PEB4APP01']);
      const page = (await c2.get(`${BASE}?size=2&page=1&services=46922`)).body;
      expect(page).toMatchObject({ totalElements: 5, totalPages: 3, number: 1, size: 2, numberOfElements: 2 });
      expect((await c2.get(`${BASE}?backupStatus=maybe`)).status).toBe(400);
      const item = (await c2.get(`${BASE}?names=PEB4LST01`)).body.content[0];
      expect(item).toEqual((await c2.get(`${BASE}/${a}`)).body);
      // The service sub-list: an array sorted by id, with its own filters.
      const sub = async (q: string): Promise<string[]> => (await c2.get(`/itcare/compute/services/46922/instances?${q}`)).body.map((i: any) => i.name);
      expect(await sub('')).toEqual(['PEB4APP03', 'PEB4APP01', 'PEB4APP02', 'PEB4LST01', 'PEB4LST02']);
      expect(await sub('statuses=INACTIVE,PREPARATION')).toEqual(['PEB4APP03']);
      expect(await sub('backup=true&withManagedNodes=true')).toEqual(['PEB4LST01']);
      expect(await sub('drp=true')).toEqual([]);
      expect((await c2.get('/itcare/compute/services/46922/instances?withOracleDbs=maybe')).status).toBe(400);
      expect((await c2.get('/itcare/compute/services/1/instances')).status).toBe(404);
    } finally {
      await sim2.close();
    }
  });

  it('appears in the generic resource list with its tags, not in the databases list, and lists its operations', async () => {
    const id = await createAndWait(c, BASE, vmBody({ name: 'PEB4GEN01' }));
    expect((await c.post(`/itcare/compute/resources/${id}/tags`, { tagKey: 'app', tagValue: 'orders' })).status).toBeLessThan(300);
    const item = (await c.get('/itcare/compute/resources?names=PEB4GEN01')).body.content[0];
    expect(item).toMatchObject({ id, category: 'INSTANCES', type: 'LINUX', family: 'DEBIAN', path: '/compute/instances', tags: [{ tagKey: 'app', tagValue: 'orders' }] });
    expect((await c.get('/itcare/databases?names=PEB4GEN01')).body.content).toEqual([]);
    const ops = (await c.get(`/itcare/operations?resourceId=${id}`)).body.map((o: any) => o.operation);
    expect(ops).toEqual([
      'stop', 'start', 'reset', 'resize', 'update_monitoring', 'update_patch_party', 'update_storage_replication', 'update_backup', 'delete',
    ]);
  });
});
