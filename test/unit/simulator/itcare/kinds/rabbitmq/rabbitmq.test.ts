// The simulated RabbitMQ (`001:14166-14934`): create and its 400s, GET, nodes, networks, the shared
// PaaS operations and their preconditions, DELETE without body, and the lists it appears in
// (`/itcare/message-brokers`, `/compute/services/{id}/brokers`, `/compute/resources` with tags).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../../../../src/simulator/start.js';
import { client, createAndWait, finishActions, start, waitAction, type Client } from '../../../support.js';

const BASE = '/itcare/message-brokers/rabbitmq';

/** The docs' example (`001:14191-14203`), with a valid name and the schema's `region`. */
function body(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    rabbitMqVersion: '3.8.9', area: 'EB-QA', region: 'EB', name: 'ordersmq', nodeSizing: '2cpu4gb', brokerCount: 3, diskSize: 40,
    networkId: 1234511, serviceId: 46922, admPassword: 'Test123@2022', vmPrefix: 'ORDMQ', ...over,
  };
}

describe('simulator RabbitMQ', () => {
  let sim: RunningSimulator;
  let c: Client;
  /** Actions stay IN_PROGRESS until finishActions(slow). */
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

  it('creates asynchronously: 202 action, PREPARATION, then SUCCESS and ACTIVE with the documented fields', async () => {
    const res = await slowC.post(BASE, body({ name: 'lifecycle01', tlsEnabled: true }));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'IN_PROGRESS', resourceName: 'lifecycle01', resourceType: 'RABBITMQ', process: 'CREATE', message: 'Create RabbitMQ lifecycle01' });
    const id = res.body.internalId;
    expect((await slowC.get(`${BASE}/${id}`)).body.status).toBe('PREPARATION');
    finishActions(slow);
    expect(await waitAction(slowC, res.body.id)).toMatchObject({ status: 'SUCCESS' });
    const live = (await slowC.get(`${BASE}/${id}`)).body;
    expect(live).toMatchObject({
      id, name: 'lifecycle01', status: 'ACTIVE', brokerCount: 3, brokerSize: '2cpu4gb', cpu: 2, ram: 4, tlsEnabled: true, version: '3.8.9',
      category: 'MESSAGE_BROKERS', type: 'RABBITMQ', path: '/message-brokers/rabbitmq', serviceId: 46922, environment: 'QA',
      managementUrl: 'https://lifecycle01.eb-qa.rabbitmq.cegedim.cloud:15671', allowMonitoringDisplay: true,
      patchParty: { excluded: false, id, name: 'lifecycle01' },
    });
    const nodes = (await slowC.get(`${BASE}/${id}/nodes`)).body;
    expect(nodes.map((n: any) => [n.name, n.availabilityZone.id, n.storage, n.nodesNumber])).toEqual([
      ['ORDMQ01', 'EB-QA-A', 40, '3'], ['ORDMQ02', 'EB-QA-B', 40, '3'], ['ORDMQ03', 'EB-QA-C', 40, '3'],
    ]);
    expect(nodes[0]).toMatchObject({ erlangVersion: expect.any(String), network: { id: 1234511 }, parentResourceType: 'RABBITMQ' });
    expect((await slowC.get(`${BASE}/${id}/networks`)).body).toEqual([expect.objectContaining({ id: 1234511, area: 'EB-QA' })]);
  });

  it('accepts what the docs contradict: no vmPrefix, no region, no platform, two brokers; one broker goes to its az', async () => {
    const res = await c.post(BASE, body({ name: 'singlemq1', vmPrefix: undefined, region: undefined, brokerCount: 1, az: 'EB-QA-B' }));
    expect(res.status).toBe(202);
    await waitAction(c, res.body.id);
    const nodes = (await c.get(`${BASE}/${res.body.internalId}/nodes`)).body;
    expect(nodes.map((n: any) => [n.name, n.availabilityZone.id])).toEqual([['SINGLEMQ101', 'EB-QA-B']]);
    expect((await c.post(BASE, body({ name: 'twomq0001', brokerCount: 2 }))).status).toBe(202);
    expect((await c.post(BASE, body({ name: 'Upper-Case_Name', brokerCount: 1 }))).status).toBe(202);
  });

  it('never stores or echoes the password', async () => {
    const res = await c.post(BASE, body({ name: 'secret01', admPassword: 'Weak-password-1' }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain('Weak-password-1');
    await c.post(BASE, body({ name: 'secret02', admPassword: 'Str0ng@Passw0rd' }));
    expect(JSON.stringify(sim.state)).not.toContain('Str0ng@Passw0rd');
  });

  it.each(Object.entries({
    'no broker': { reason: 'brokerCount min 1 (001:14223)', over: { brokerCount: 0 }, field: 'brokerCount' },
    'six brokers': { reason: 'brokerCount max 5 (001:14223)', over: { brokerCount: 6 }, field: 'brokerCount' },
    'fractional brokers': { reason: 'brokerCount is an int32', over: { brokerCount: 2.5 }, field: 'brokerCount' },
    'disk too small': { reason: 'diskSize min 10 (001:14232)', over: { diskSize: 9 }, field: 'diskSize' },
    'disk too large': { reason: 'diskSize max 2048 (001:14232)', over: { diskSize: 2049 }, field: 'diskSize' },
    'missing disk': { reason: 'diskSize is Required', over: { diskSize: undefined }, field: 'diskSize' },
    'ascii dash only': { reason: 'the special class holds an EN DASH, not "-"', over: { admPassword: 'Test123-2022' }, field: 'admPassword' },
    'password too short': { reason: 'minimum 12', over: { admPassword: 'Te1@abc' }, field: 'admPassword' },
    'password too long': { reason: 'the pattern caps at 20', over: { admPassword: 'Test123@2022Test123@2' }, field: 'admPassword' },
    'password without digit': { reason: 'one digit at least', over: { admPassword: 'Testtest@abcd' }, field: 'admPassword' },
    'missing name': { reason: 'name is Required', over: { name: undefined }, field: 'name' },
    'missing area': { reason: 'area is Required', over: { area: undefined }, field: 'area' },
    'missing version': { reason: 'rabbitMqVersion is Required', over: { rabbitMqVersion: undefined }, field: 'rabbitMqVersion' },
    'numeric version': { reason: 'rabbitMqVersion is a string', over: { rabbitMqVersion: 3.8 }, field: 'rabbitMqVersion' },
    'missing sizing': { reason: 'nodeSizing is Required', over: { nodeSizing: undefined }, field: 'nodeSizing' },
    'bad sizing': { reason: 'sizing looks like 2cpu4gb', over: { nodeSizing: 'large' }, field: 'nodeSizing' },
    'unknown service': { reason: 'serviceId must exist', over: { serviceId: 1 }, field: 'serviceId' },
    'unknown network': { reason: 'networkId must exist', over: { networkId: 1 }, field: 'networkId' },
    'tls as a string': { reason: 'tlsEnabled is a boolean', over: { tlsEnabled: 'yes' }, field: 'tlsEnabled' },
  }))('answers 400 on %s', async (_name, { over, field }) => {
    const res = await c.post(BASE, body({ name: 'invalid01', ...over }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 'BAD_REQUEST', errorCode: 'INVALID_FIELD_VALUE', errorDesc: field });
    expect(res.body.errorMessage).toEqual(expect.any(String));
  });

  it('refuses a duplicate name in the same service (400 on name, as every kind)', async () => {
    await createAndWait(c, BASE, body({ name: 'dupname01' }));
    expect(await c.post(BASE, body({ name: 'dupname01' }))).toMatchObject({ status: 400, body: { errorDesc: 'name' } });
    expect(await c.post(BASE, body({ name: 'DupName01' }))).toMatchObject({ status: 400, body: { errorDesc: 'name' } });
  });

  it('applies each documented PATCH operation when its action completes, with a history entry each', async () => {
    const id = await createAndWait(c, BASE, body({ name: 'patchme01', brokerCount: 1 }));
    const cases: Array<[unknown, string, (live: any) => void]> = [
      [{ operation: 'resize', options: { sizing: '4cpu8gb' } }, 'Resize RabbitMQ patchme01', (l) => expect(l).toMatchObject({ cpu: 4, ram: 8, brokerSize: '4cpu8gb' })],
      [{ operation: 'update_monitoring', options: { state: true, on_call: true } }, 'Update monitoring RabbitMQ patchme01', (l) => expect(l).toMatchObject({ monitoringEnabled: true, monitoringOnCallEnabled: true })],
      [{ operation: 'update_patch_party', options: { patchParty: { excluded: false, patchGroup: '3' } } }, 'Include PatchParty RABBITMQ patchme01', (l) => expect(l.patchParty).toMatchObject({ excluded: false, patchGroup: '3' })],
      [{ operation: 'update_patch_party', options: { patchParty: { excluded: true, exclusionReason: 'I want to handle this by myself' } } }, 'Exclude PatchParty RABBITMQ patchme01', (l) => expect(l.patchParty).toMatchObject({ excluded: true, excludedBy: 'static-token' })],
      [{ operation: 'stop' }, 'Stop RabbitMQ patchme01', (l) => expect(l.status).toBe('INACTIVE')],
      [{ operation: 'start' }, 'Start RabbitMQ patchme01', (l) => expect(l.status).toBe('ACTIVE')],
    ];
    for (const [req, message, check] of cases) {
      const res = await c.patch(`${BASE}/${id}`, req);
      expect(res).toMatchObject({ status: 202, body: { status: 'IN_PROGRESS', message, internalId: id } });
      expect((await waitAction(c, res.body.id)).status).toBe('SUCCESS');
      check((await c.get(`${BASE}/${id}`)).body);
    }
    const history = (await c.get(`/itcare/compute/resources/${id}/history`)).body.map((a: any) => a.process);
    expect(history).toEqual(['CREATE', 'RESIZE', 'UPDATE_MONITORING', 'INCLUDE_PATCHPARTY', 'EXCLUDE_PATCHPARTY', 'STOP', 'START']);
  });

  it.each(Object.entries({
    'unknown operation': { reason: 'reconfigure is Kafka\'s, not RabbitMQ\'s', body: { operation: 'reconfigure', options: { a: 'b' } }, field: 'operation' },
    'start while ACTIVE': { reason: 'start needs INACTIVE', body: { operation: 'start' }, field: 'operation' },
    'resize without sizing': { reason: 'sizing is required', body: { operation: 'resize', options: {} }, field: 'options.sizing' },
    'resize to a t-shirt size': { reason: 'sizing looks like 2cpu4gb', body: { operation: 'resize', options: { sizing: 'M' } }, field: 'options.sizing' },
    'monitoring without state': { reason: 'state is required', body: { operation: 'update_monitoring', options: { on_call: true } }, field: 'options.state' },
    'exclusion without reason': { reason: 'an exclusion needs a reason', body: { operation: 'update_patch_party', options: { patchParty: { excluded: true } } }, field: 'options.patchParty.exclusionReason' },
    'group on a cluster': { reason: 'patchGroup only when the farm has one member (001:14582)', body: { operation: 'update_patch_party', options: { patchParty: { excluded: false, patchGroup: '1' } } }, field: 'options.patchParty.patchGroup' },
  }))('refuses PATCH on %s', async (_name, { body: req, field }) => {
    const id = sim.state.resources.find((r) => r.name === 'dupname01')!.id;
    expect(await c.patch(`${BASE}/${id}`, req)).toMatchObject({ status: 400, body: { errorDesc: field } });
  });

  it('refuses stop while INACTIVE', async () => {
    const id = await createAndWait(c, BASE, body({ name: 'stopped01' }));
    await waitAction(c, (await c.patch(`${BASE}/${id}`, { operation: 'stop' })).body.id);
    expect(await c.patch(`${BASE}/${id}`, { operation: 'stop' })).toMatchObject({ status: 400, body: { errorDesc: 'operation' } });
  });

  it('answers 409 while an action is in progress, then accepts again', async () => {
    const res = await slowC.post(BASE, body({ name: 'busy00001' }));
    const id = res.body.internalId;
    expect(await slowC.patch(`${BASE}/${id}`, { operation: 'resize', options: { sizing: '4cpu8gb' } })).toMatchObject({ status: 409, body: { status: 'CONFLICT' } });
    expect((await slowC.delete(`${BASE}/${id}`)).status).toBe(409);
    finishActions(slow);
    await waitAction(slowC, res.body.id);
    expect((await slowC.patch(`${BASE}/${id}`, { operation: 'resize', options: { sizing: '4cpu8gb' } })).status).toBe(202);
  });

  it('deletes asynchronously; the documented DELETE has no body, so one is refused (001:14463-14498)', async () => {
    const id = await createAndWait(c, BASE, body({ name: 'deleteme1' }));
    expect((await c.delete(`${BASE}/${id}`, { changeReference: 'RFC1234' })).status).toBe(400);
    const res = await c.delete(`${BASE}/${id}`);
    expect(res).toMatchObject({ status: 202, body: { process: 'DELETE', internalId: id, message: 'Delete RabbitMQ deleteme1' } });
    await waitAction(c, res.body.id);
    expect((await c.get(`${BASE}/${id}`)).status).toBe(404);
    expect((await c.get(`${BASE}/${id}/nodes`)).status).toBe(404);
  });

  it('appears in /itcare/message-brokers, /services/{id}/brokers and /compute/resources with its tags', async () => {
    const id = await createAndWait(c, BASE, body({ name: 'listedmq1', serviceId: 46924, nodeSizing: '4cpu8gb' }));
    expect((await c.post(`/itcare/compute/resources/${id}/tags`, { tagKey: 'team', tagValue: 'orders' })).status).toBe(200);
    const page = (await c.get('/itcare/message-brokers?names=listedmq1&types=RABBITMQ')).body;
    expect(page.content).toEqual([expect.objectContaining({
      id, name: 'listedmq1', type: 'RABBITMQ', category: 'MESSAGE_BROKERS', nodeCount: 3, sizing: '4cpu8gb', cpu: 4, ram: 8, version: '3.8.9',
      topology: 'Cluster', tags: [{ tagKey: 'team', tagValue: 'orders' }],
    })]);
    expect((await c.get('/itcare/message-brokers?names=listedmq1&types=APACHE_KAFKA')).body.content).toEqual([]);
    expect((await c.get('/itcare/message-brokers?services=46924&tags=team:orders')).body.content.map((r: any) => r.id)).toEqual([id]);
    expect((await c.get('/itcare/compute/services/46924/brokers?sizes=4cpu8gb')).body.map((r: any) => r.id)).toEqual([id]);
    expect((await c.get('/itcare/compute/services/46924/brokers?sizes=2cpu4gb')).body).toEqual([]);
    const resources = (await c.get('/itcare/compute/resources?names=listedmq1')).body.content;
    expect(resources).toEqual([expect.objectContaining({ id, path: '/message-brokers/rabbitmq', tags: [{ tagKey: 'team', tagValue: 'orders' }] })]);
    expect((await c.head('/itcare/compute/resources/listedmq1?type=RABBITMQ')).status).toBe(200);
  });

  it('lists its operations in GET /itcare/operations', async () => {
    const id = sim.state.resources.find((r) => r.name === 'dupname01')!.id;
    const ops = (await c.get(`/itcare/operations?resourceId=${id}`)).body;
    expect(ops.map((o: any) => o.operation)).toEqual(['start', 'stop', 'resize', 'update_monitoring', 'update_patch_party', 'delete']);
    expect(ops.find((o: any) => o.operation === 'start')).toMatchObject({ available: false });
    expect(ops.find((o: any) => o.operation === 'stop')).toMatchObject({ available: true });
  });
});
