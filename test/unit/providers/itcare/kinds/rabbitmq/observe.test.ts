// RabbitMQ observe with a fake ITCare: found in the message-brokers list by name and sign, the live ->
// spec table (list item, GET only for tlsEnabled, nodes for placement and disk), observeAll's shared reads.
import { describe, expect, it } from 'vitest';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { createReadScope } from '../../../../../../src/engine/provider.js';
import { page } from '../../../../../support/fake-http.js';
import { PASSWORD, SID, node, tagList } from '../../fixtures.js';
import { MQ_ID, MQ_PATH, mqDesired, mqDetail, mqItem, mqWorld } from './fixtures.js';

const handler = (http: ReturnType<typeof mqWorld>) => createItcareProvider({ http }).handler('RabbitMQ')!;

describe('RabbitMQ observe', () => {
  it('finds the broker in GET /itcare/message-brokers by name within the service and normalises it', async () => {
    const http = mqWorld();
    const obs = await handler(http).observe(mqDesired({ tlsEnabled: true }));
    expect(obs).toMatchObject({ exists: true, id: MQ_ID, owner: 'orders-qa' });
    expect(obs.spec).toEqual({
      serviceId: SID, nodeSizing: '2cpu4gb', brokerCount: 3, rabbitMqVersion: '3.13', tlsEnabled: true,
      region: 'EB', area: 'EB-QA', az: 'EB-QA-A', diskSize: 40, networkId: 1234511,
      monitoringEnabled: true, monitoringAlerting: false, onCallSupervision: false, state: 'running',
      patchParty: { excluded: true, exclusionReason: 'ops' }, tags: { app: 'orders' },
    });
    expect(http.calls[0]).toMatchObject({ method: 'GET', path: '/itcare/message-brokers', query: { services: SID, names: 'ordersmq' } });
    expect(JSON.stringify(obs)).not.toContain(PASSWORD);
  });

  it('ignores a Kafka of the same name in the aggregate list, and one of another service', async () => {
    const http = mqWorld({
      'GET /itcare/message-brokers': page([
        mqItem({ id: 1, path: '/message-brokers/apache-kafka', family: 'KAFKA', technology: 'APACHE_KAFKA' }),
        mqItem({ id: 2, serviceId: SID + 1 }),
      ]),
    });
    expect((await handler(http).observe(mqDesired())).exists).toBe(false);
  });

  it('recognises the kind by technology when the item has no path', async () => {
    const http = mqWorld({ 'GET /itcare/message-brokers': page([mqItem({ path: undefined, family: undefined, technology: 'RabbitMQ' })]) });
    expect((await handler(http).observe(mqDesired())).exists).toBe(true);
  });

  const cases: Record<string, { reason: string; item?: Record<string, unknown>; detail?: Record<string, unknown>; spec?: Record<string, unknown>; want: Record<string, unknown> }> = {
    brokerCountFromGet: { reason: "the GET's brokerCount wins over the list's nodeCount", detail: { brokerCount: '5' }, want: { brokerCount: 5 } },
    sizingFromBrokerSize: { reason: 'without a list sizing, the GET brokerSize (2cpu4gb form) is the sizing', item: { sizing: undefined }, detail: { brokerSize: '4CPU8GB' }, want: { nodeSizing: '4cpu8gb' } },
    sizingFromCpuRam: { reason: 'without any sizing text, cpu + ram make it', item: { sizing: undefined }, detail: { brokerSize: 'large', cpu: 8, ram: 16 }, want: { nodeSizing: '8cpu16gb' } },
    versionOther: { reason: 'another version reads as returned (a replace: no upgrade operation)', detail: { version: '3.12.1' }, want: { rabbitMqVersion: '3.12.1' } },
    stopped: { reason: 'INACTIVE is stopped', detail: { status: 'INACTIVE' }, item: { status: 'INACTIVE' }, want: { state: 'stopped' } },
  };
  it.each(Object.entries(cases))('%s', async (_n, c) => {
    const http = mqWorld({ 'GET /itcare/message-brokers': page([mqItem(c.item)]), [`GET ${MQ_PATH}`]: { body: mqDetail(c.detail) } });
    const obs = await handler(http).observe(mqDesired({ tlsEnabled: true, ...c.spec }));
    for (const [k, v] of Object.entries(c.want)) expect(obs.spec[k], c.reason).toEqual(v);
  });
});

describe('RabbitMQ observeAll', () => {
  it('reads the list, the generic list and the actions once per service; the GET only for tlsEnabled; nodes per broker', async () => {
    const second = 500070002;
    const http = mqWorld({
      'GET /itcare/message-brokers': page([mqItem(), mqItem({ id: second, name: 'auditmq', nodeCount: 1 })]),
      'GET /itcare/compute/resources': page([
        { id: MQ_ID, name: 'ordersmq', tags: tagList({ 'caretaker-stack': 'orders-qa' }) },
        { id: second, name: 'auditmq', tags: [] },
      ]),
      [`GET /itcare/message-brokers/rabbitmq/${second}/nodes`]: { body: [node({ storage: 20 })] },
    });
    const desired = [mqDesired({ tlsEnabled: true }), mqDesired({ brokerCount: 1 }, 'auditmq')];
    const out = await handler(http).observeAll!(desired, createReadScope());
    expect(out.get('RabbitMQ/ordersmq')).toMatchObject({ exists: true, owner: 'orders-qa', spec: { tlsEnabled: true, brokerCount: 3 } });
    expect(out.get('RabbitMQ/auditmq')).toMatchObject({ exists: true, spec: { brokerCount: 1, diskSize: 20 } });
    expect(out.get('RabbitMQ/auditmq')!.spec).not.toHaveProperty('tlsEnabled');
    expect(http.callKeys().sort()).toEqual([
      'GET /itcare/actions',
      'GET /itcare/compute/resources',
      'GET /itcare/message-brokers',
      `GET ${MQ_PATH}`,
      `GET ${MQ_PATH}/nodes`,
      `GET /itcare/message-brokers/rabbitmq/${second}/nodes`,
    ].sort());
  });
});
