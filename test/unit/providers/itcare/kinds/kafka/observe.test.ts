// Kafka observe with a fake ITCare: the message-brokers list, the live -> spec table, overloadedParams
// read from the GET's text in either form, and the GET left unread when the spec does not manage them.
import { describe, expect, it } from 'vitest';
import { createReadScope } from '../../../../../../src/engine/provider.js';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { paramsOf } from '../../../../../../src/providers/itcare/kinds/kafka/params.js';
import { page } from '../../../../../support/fake-http.js';
import { SID, tagList } from '../../fixtures.js';
import { KF_ID, KF_PATH, kfDesired, kfDetail, kfItem, kfWorld } from './fixtures.js';

const handler = (http: ReturnType<typeof kfWorld>) => createItcareProvider({ http }).handler('Kafka')!;

describe('Kafka observe', () => {
  it('finds the platform in GET /itcare/message-brokers and normalises it, parameters included', async () => {
    const http = kfWorld();
    const obs = await handler(http).observe(kfDesired({ overloadedParams: { 'log.retention.hours': 168, 'auto.create.topics.enable': false } }));
    expect(obs).toMatchObject({ exists: true, id: KF_ID, owner: 'orders-qa' });
    expect(obs.spec).toEqual({
      serviceId: SID, nodeSizing: '2cpu4gb', brokerCount: 3, kafkaVersion: '3.6.0',
      overloadedParams: { 'auto.create.topics.enable': false, 'log.retention.hours': 168 },
      region: 'EB', area: 'EB-QA', diskSize: 40, networkId: 1234511,
      monitoringEnabled: true, monitoringAlerting: false, onCallSupervision: true, state: 'running',
      patchParty: { excluded: false }, tags: {},
    });
  });

  it('ignores a RabbitMQ of the same name', async () => {
    const http = kfWorld({ 'GET /itcare/message-brokers': page([kfItem({ path: '/message-brokers/rabbitmq', family: 'RABBITMQ', technology: 'RABBITMQ' })]) });
    expect((await handler(http).observe(kfDesired())).exists).toBe(false);
  });

  it('observeAll reads the GET only for a platform whose spec manages overloadedParams', async () => {
    const other = 500080002;
    const http = kfWorld({
      'GET /itcare/message-brokers': page([kfItem(), kfItem({ id: other, name: 'audit_events' })]),
      'GET /itcare/compute/resources': page([{ id: KF_ID, tags: tagList({ 'caretaker-stack': 'orders-qa' }) }, { id: other, tags: [] }]),
      [`GET /itcare/message-brokers/apache-kafka/${other}/nodes`]: { body: [] },
    });
    const out = await handler(http).observeAll!([kfDesired({ overloadedParams: {} }), kfDesired({}, 'audit_events')], createReadScope());
    expect(out.get('Kafka/orders_events')!.spec.overloadedParams).toEqual({ 'auto.create.topics.enable': 'false', 'log.retention.hours': '168' });
    expect(out.get('Kafka/audit_events')!.spec).not.toHaveProperty('overloadedParams');
    expect(http.callKeys().filter((k) => k.startsWith('GET /itcare/message-brokers/apache-kafka/') && !k.endsWith('/nodes'))).toEqual([`GET ${KF_PATH}`]);
  });

  it('reads an empty or null overloadedParams as no parameter', async () => {
    for (const v of ['', null]) {
      const http = kfWorld({ [`GET ${KF_PATH}`]: { body: kfDetail({ overloadedParams: v }) } });
      expect((await handler(http).observe(kfDesired({ overloadedParams: {} }))).spec.overloadedParams).toEqual({});
    }
  });
});

describe('paramsOf (the GET types overloadedParams as text, 001:18477, and shows no sample value)', () => {
  const cases: Record<string, { reason: string; live: unknown; desired?: unknown; want: unknown }> = {
    json: { reason: 'a JSON object as text', live: '{"a.b":"1","c":"x"}', want: { 'a.b': '1', c: 'x' } },
    object: { reason: 'a JSON object as is', live: { 'a.b': 2 }, want: { 'a.b': '2' } },
    properties: { reason: 'key=value pairs separated by commas, semicolons or lines', live: 'a.b=1, c=x;\nd = y', want: { 'a.b': '1', c: 'x', d: 'y' } },
    colon: { reason: 'key:value pairs too', live: 'a.b: 1', want: { 'a.b': '1' } },
    typedLikeDesired: { reason: 'a value equal as text reads as the desired YAML number or boolean', live: 'n=7,f=false,s=x', desired: { n: 7, f: false, s: 'y' }, want: { n: 7, f: false, s: 'x' } },
    nested: { reason: 'a nested value is not a parameter', live: '{"a":{"b":1},"c":"1"}', want: { c: '1' } },
    absent: { reason: 'no such field: absent, not empty', live: undefined, want: undefined },
    brokenJson: { reason: 'text that looks like JSON but is not reads as pairs', live: '{a=1', want: { '{a': '1' } },
  };
  it.each(Object.entries(cases))('%s', (_n, c) => {
    expect(paramsOf(c.live, c.desired), c.reason).toEqual(c.want);
  });
});
