// The simulated Apache Kafka (`001:18221-19000`): create and its 400s, GET (bootstrapServer,
// overloadedParams…), nodes, networks, the shared operations plus reconfigure, DELETE without body,
// and the lists it appears in (`/itcare/message-brokers`, `/compute/services/{id}/brokers`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../../../../src/simulator/start.js';
import { client, createAndWait, finishActions, start, waitAction, type Client } from '../../../support.js';

const BASE = '/itcare/message-brokers/apache-kafka';

/** The docs' example (`001:18241-18253`) with the schema's `region`. */
function body(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kafkaVersion: '2.7.0', area: 'EB-QA', region: 'EB', name: 'testkafka', nodePrefix: 'DM123', nodeSizing: '2cpu4gb', brokerCount: 3,
    diskSize: 40, networkId: 1234511, serviceId: 46922, admPassword: 'Test123@2022', ...over,
  };
}

describe('simulator Apache Kafka', () => {
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

  it('creates asynchronously: 202 action, PREPARATION, then SUCCESS and ACTIVE with the documented fields', async () => {
    const res = await slowC.post(BASE, body({ name: 'lifecycle01', brokerCount: 4 }));
    expect(res).toMatchObject({ status: 202, body: { status: 'IN_PROGRESS', resourceType: 'APACHE_KAFKA', process: 'CREATE', message: 'Create Apache Kafka lifecycle01' } });
    const id = res.body.internalId;
    expect((await slowC.get(`${BASE}/${id}`)).body.status).toBe('PREPARATION');
    finishActions(slow);
    expect(await waitAction(slowC, res.body.id)).toMatchObject({ status: 'SUCCESS' });
    const live = (await slowC.get(`${BASE}/${id}`)).body;
    expect(live).toMatchObject({
      id, name: 'lifecycle01', status: 'ACTIVE', nodeCount: 4, nodeSizing: '2cpu4gb', cpu: 2, ram: 4, version: '2.7.0', overloadedParams: '{}',
      category: 'MESSAGE_BROKERS', type: 'APACHE_KAFKA', path: '/message-brokers/apache-kafka', allowMonitoringDisplay: true,
      restEndpoint: 'https://lifecycle01.eb-qa.kafka.cegedim.cloud:8082',
    });
    expect(live.bootstrapServer.split(',')).toEqual(['dm12301', 'dm12302', 'dm12303', 'dm12304'].map((n) => `${n}.eb-qa.kafka.cegedim.cloud:9092`));
    expect(live.zooKeeper.split(',')).toHaveLength(3);
    const nodes = (await slowC.get(`${BASE}/${id}/nodes`)).body;
    expect(nodes.map((n: any) => [n.name, n.availabilityZone.id, n.storage])).toEqual([
      ['DM12301', 'EB-QA-A', 40], ['DM12302', 'EB-QA-B', 40], ['DM12303', 'EB-QA-C', 40], ['DM12304', 'EB-QA-A', 40],
    ]);
    expect(nodes[3]).toMatchObject({ brokerNodes: ['DM12301', 'DM12302', 'DM12303', 'DM12304'], controllerNodes: ['DM12301', 'DM12302', 'DM12303'] });
    expect((await slowC.get(`${BASE}/${id}/networks`)).body).toEqual([expect.objectContaining({ id: 1234511 })]);
  });

  it('accepts the docs\' example as it is (no region, no platform) and numeric strings for counts', async () => {
    expect((await c.post(BASE, body({ name: 'example01', region: undefined, brokerCount: '5', diskSize: '1024' }))).status).toBe(202);
    expect((await c.post(BASE, body({ name: 'with_underscore', nodePrefix: 'ABCDEFGHIJ12' }))).status).toBe(202);
  });

  it('never stores or echoes the password', async () => {
    const res = await c.post(BASE, body({ name: 'secret01', admPassword: 'Weak-password-1' }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain('Weak-password-1');
    await c.post(BASE, body({ name: 'secret02', admPassword: 'Str0ng@Passw0rd' }));
    expect(JSON.stringify(sim.state)).not.toContain('Str0ng@Passw0rd');
  });

  it.each(Object.entries({
    'two brokers': { reason: 'brokerCount min 3 (001:18269)', over: { brokerCount: 2 }, field: 'brokerCount' },
    'six brokers': { reason: 'brokerCount max 5 (001:18269)', over: { brokerCount: 6 }, field: 'brokerCount' },
    'disk too small': { reason: 'diskSize min 40 (001:18278)', over: { diskSize: 39 }, field: 'diskSize' },
    'disk too large': { reason: 'diskSize max 1024 (001:18278)', over: { diskSize: 1025 }, field: 'diskSize' },
    'name cluster': { reason: "the pattern refuses 'cluster' (001:18295)", over: { name: 'cluster' }, field: 'name' },
    'uppercase name': { reason: '[a-z0-9_] only', over: { name: 'TestKafka' }, field: 'name' },
    'dashed name': { reason: '[a-z0-9_] only: no dash', over: { name: 'test-kafka' }, field: 'name' },
    'short name': { reason: '5..60 characters', over: { name: 'kfk1' }, field: 'name' },
    'long name': { reason: '5..60 characters', over: { name: 'k'.repeat(61) }, field: 'name' },
    'missing prefix': { reason: 'nodePrefix is Required (001:18312)', over: { nodePrefix: undefined }, field: 'nodePrefix' },
    'short prefix': { reason: 'nodePrefix min 5', over: { nodePrefix: 'DM12' }, field: 'nodePrefix' },
    'long prefix': { reason: 'nodePrefix max 12', over: { nodePrefix: 'ABCDEFGHIJKLM' }, field: 'nodePrefix' },
    'lowercase prefix': { reason: '[A-Z0-9] only', over: { nodePrefix: 'dm123' }, field: 'nodePrefix' },
    'missing version': { reason: 'kafkaVersion is Required', over: { kafkaVersion: undefined }, field: 'kafkaVersion' },
    'ascii dash only': { reason: 'the special class holds an EN DASH (001:18260)', over: { admPassword: 'Test123-2022' }, field: 'admPassword' },
    'password without uppercase': { reason: 'one uppercase at least', over: { admPassword: 'test123@2022' }, field: 'admPassword' },
    'missing area': { reason: 'area is Required', over: { area: undefined }, field: 'area' },
    'bad sizing': { reason: 'sizing looks like 2cpu4gb', over: { nodeSizing: '2cpu' }, field: 'nodeSizing' },
    'unknown service': { reason: 'serviceId must exist', over: { serviceId: 1 }, field: 'serviceId' },
    'unknown network': { reason: 'networkId must exist', over: { networkId: 1 }, field: 'networkId' },
  }))('answers 400 on %s', async (_name, { over, field }) => {
    const res = await c.post(BASE, body({ name: 'invalid01', ...over }));
    expect(res).toMatchObject({ status: 400, body: { status: 'BAD_REQUEST', errorCode: 'INVALID_FIELD_VALUE', errorDesc: field } });
  });

  it('refuses a duplicate name in the same service (400 on name, as every kind)', async () => {
    await createAndWait(c, BASE, body({ name: 'dupname01' }));
    expect(await c.post(BASE, body({ name: 'dupname01' }))).toMatchObject({ status: 400, body: { errorDesc: 'name' } });
  });

  it('applies each documented PATCH operation when its action completes, with a history entry each', async () => {
    const id = await createAndWait(c, BASE, body({ name: 'patchme01' }));
    const cases: Array<[unknown, string, (live: any) => void]> = [
      [{ operation: 'resize', options: { sizing: '4cpu8gb' } }, 'Resize Apache Kafka patchme01', (l) => expect(l).toMatchObject({ cpu: 4, ram: 8, nodeSizing: '4cpu8gb' })],
      [{ operation: 'reconfigure', options: { 'log.retention.hours': '72' } }, 'Reconfigure Apache Kafka patchme01', (l) => expect(JSON.parse(l.overloadedParams)).toEqual({ 'log.retention.hours': '72' })],
      [{ operation: 'reconfigure', options: { 'num.partitions': 6, 'auto.create.topics.enable': false } }, 'Reconfigure Apache Kafka patchme01', (l) => expect(l.overloadedParams).toBe('{"auto.create.topics.enable":"false","log.retention.hours":"72","num.partitions":"6"}')],
      [{ operation: 'reconfigure', options: { 'log.retention.hours': '168' } }, 'Reconfigure Apache Kafka patchme01', (l) => expect(JSON.parse(l.overloadedParams)['log.retention.hours']).toBe('168')],
      [{ operation: 'update_monitoring', options: { state: true, on_call: false } }, 'Update monitoring Apache Kafka patchme01', (l) => expect(l).toMatchObject({ monitoringEnabled: true, monitoringOnCallEnabled: false })],
      [{ operation: 'update_patch_party', options: { patchParty: { excluded: true, exclusionReason: 'I want to handle this by myself' } } }, 'Exclude PatchParty APACHE_KAFKA patchme01', (l) => expect(l.patchParty).toMatchObject({ excluded: true })],
      [{ operation: 'stop' }, 'Stop Apache Kafka patchme01', (l) => expect(l.status).toBe('INACTIVE')],
      [{ operation: 'start' }, 'Start Apache Kafka patchme01', (l) => expect(l.status).toBe('ACTIVE')],
    ];
    for (const [req, message, check] of cases) {
      const res = await c.patch(`${BASE}/${id}`, req);
      expect(res).toMatchObject({ status: 202, body: { status: 'IN_PROGRESS', message, internalId: id } });
      expect((await waitAction(c, res.body.id)).status).toBe('SUCCESS');
      check((await c.get(`${BASE}/${id}`)).body);
    }
    const history = (await c.get(`/itcare/compute/resources/${id}/history`)).body.map((a: any) => a.process);
    expect(history).toEqual(['CREATE', 'RESIZE', 'RECONFIGURE', 'RECONFIGURE', 'RECONFIGURE', 'UPDATE_MONITORING', 'EXCLUDE_PATCHPARTY', 'STOP', 'START']);
  });

  it.each(Object.entries({
    'reconfigure without parameter': { reason: 'at least one parameter', body: { operation: 'reconfigure' }, field: 'options' },
    'reconfigure with empty options': { reason: 'at least one parameter', body: { operation: 'reconfigure', options: {} }, field: 'options' },
    'reconfigure with an empty name': { reason: 'a parameter has a name', body: { operation: 'reconfigure', options: { '': '1' } }, field: 'options' },
    'reconfigure with an object value': { reason: 'values are scalars', body: { operation: 'reconfigure', options: { 'log.retention.hours': { v: 1 } } }, field: 'options.log.retention.hours' },
    'reconfigure with a null value': { reason: 'values are scalars', body: { operation: 'reconfigure', options: { 'log.retention.hours': null } }, field: 'options.log.retention.hours' },
    'reconfigure with an empty value': { reason: 'values are not empty', body: { operation: 'reconfigure', options: { 'log.retention.hours': '' } }, field: 'options.log.retention.hours' },
    'options not an object': { reason: 'options is a map', body: { operation: 'reconfigure', options: ['a'] }, field: 'options' },
    'unknown operation': { reason: 'only documented operations', body: { operation: 'add_nodes' }, field: 'operation' },
    'start while ACTIVE': { reason: 'start needs INACTIVE', body: { operation: 'start' }, field: 'operation' },
    'group on a cluster': { reason: 'patchGroup only when the farm has one member (001:18645)', body: { operation: 'update_patch_party', options: { patchParty: { excluded: false, patchGroup: '2' } } }, field: 'options.patchParty.patchGroup' },
  }))('refuses PATCH on %s', async (_name, { body: req, field }) => {
    const id = sim.state.resources.find((r) => r.name === 'dupname01')!.id;
    expect(await c.patch(`${BASE}/${id}`, req)).toMatchObject({ status: 400, body: { errorDesc: field } });
  });

  it('answers 409 while an action is in progress', async () => {
    const res = await slowC.post(BASE, body({ name: 'busy00001' }));
    const id = res.body.internalId;
    expect(await slowC.patch(`${BASE}/${id}`, { operation: 'reconfigure', options: { 'num.partitions': '3' } })).toMatchObject({ status: 409 });
    expect((await slowC.delete(`${BASE}/${id}`)).status).toBe(409);
    finishActions(slow);
    await waitAction(slowC, res.body.id);
    expect((await slowC.patch(`${BASE}/${id}`, { operation: 'reconfigure', options: { 'num.partitions': '3' } })).status).toBe(202);
  });

  it('deletes asynchronously without body; a body is refused (001:18510-18547)', async () => {
    const id = await createAndWait(c, BASE, body({ name: 'deleteme1' }));
    expect((await c.delete(`${BASE}/${id}`, { changeReference: 'RFC1' })).status).toBe(400);
    const res = await c.delete(`${BASE}/${id}`);
    expect(res).toMatchObject({ status: 202, body: { process: 'DELETE', internalId: id } });
    await waitAction(c, res.body.id);
    expect((await c.get(`${BASE}/${id}`)).status).toBe(404);
  });

  it('appears in /itcare/message-brokers and /services/{id}/brokers beside RabbitMQ, and in /itcare/operations', async () => {
    const id = await createAndWait(c, BASE, body({ name: 'listed001', serviceId: 46923 }));
    const page = (await c.get('/itcare/message-brokers?services=46923&types=APACHE_KAFKA')).body;
    expect(page.content).toEqual([expect.objectContaining({ id, name: 'listed001', nodeCount: 3, sizing: '2cpu4gb', version: '2.7.0', topology: 'Cluster', tags: [] })]);
    // A production service: monitoring defaults to on (§3.1), as the list's filter shows.
    expect((await c.get('/itcare/message-brokers?services=46923&monitoringStatus=true')).body.content.map((r: any) => r.id)).toEqual([id]);
    expect((await c.get('/itcare/compute/services/46923/brokers?names=listed001')).body).toEqual([expect.objectContaining({ id })]);
    const ops = (await c.get(`/itcare/operations?resourceId=${id}`)).body.map((o: any) => o.operation);
    expect(ops).toEqual(['start', 'stop', 'resize', 'update_monitoring', 'update_patch_party', 'reconfigure', 'delete']);
  });
});
