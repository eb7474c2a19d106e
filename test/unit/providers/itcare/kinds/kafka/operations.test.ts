// The Kafka operation builders (pure): reconfigure, one call per changed key, irreversible as the docs
// say (001:18607-18621); the refusals at plan time (a platform key, a removed key, a patch group on a
// 3-broker farm); the create with its parameters as follow-ups.
import { describe, expect, it } from 'vitest';
import type { FieldDiff } from '../../../../../../src/engine/plan.js';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { fakeHttp } from '../../../../../support/fake-http.js';
import { refusal } from '../../../../../support/refusal.js';
import { SID, ctx, observed } from '../../fixtures.js';
import { KF_ID, KF_PATH, kfDesired } from './fixtures.js';

const kafka = createItcareProvider({ http: fakeHttp() }).handler('Kafka')!;
const d = (path: string, value?: unknown, op: FieldDiff['op'] = 'replace'): FieldDiff => ({ op, path, value });
const live = observed(KF_ID, { nodeSizing: '2cpu4gb', state: 'running', overloadedParams: { 'log.retention.hours': '168', 'num.partitions': '3' } });

describe('Kafka createOperations', () => {
  it('posts the create body without the parameters, then one reconfigure per parameter, sorted', () => {
    const ops = kafka.createOperations(kfDesired({ kafkaVersion: 3.6, overloadedParams: { 'num.partitions': 6, 'log.retention.hours': 72 } }), ctx());
    expect(ops[0]).toMatchObject({ method: 'POST', path: '/itcare/message-brokers/apache-kafka', summary: 'create Kafka orders_events (2cpu4gb, 3 brokers, 40 GB, v3.6)' });
    expect(ops[0]!.body).toMatchObject({ name: 'orders_events', kafkaVersion: '3.6', nodePrefix: 'ORDKF', brokerCount: 3 });
    expect(ops[0]!.body).not.toHaveProperty('overloadedParams');
    expect(ops.slice(2).map((o) => [o.path, o.body, o.summary, o.irreversible])).toEqual([
      ['/itcare/message-brokers/apache-kafka/${ref:self}', { operation: 'reconfigure', options: { 'log.retention.hours': '72' } }, 'reconfigure log.retention.hours: 72', true],
      ['/itcare/message-brokers/apache-kafka/${ref:self}', { operation: 'reconfigure', options: { 'num.partitions': '6' } }, 'reconfigure num.partitions: 6', true],
    ]);
  });

  it('refuses a key the platform wires at create, naming it, before anything is built', () => {
    const err = refusal(() => kafka.createOperations(kfDesired({ overloadedParams: { 'log.dirs': '/x', 'ssl.keystore.location': '/k' } }), ctx()));
    expect(err.message).toContain('overloadedParams.log.dirs: the platform sets log.dirs when it is created');
    expect(err.message).toContain('overloadedParams.ssl.keystore.location');
  });

  it('refuses any patch group: a Kafka farm has at least 3 brokers (001:18232)', () => {
    expect(refusal(() => kafka.createOperations(kfDesired({ patchParty: { excluded: false, patchGroup: '1' } }), ctx())).message).toContain('this farm has 3 members');
  });
});

describe('Kafka updateOperations', () => {
  it('reconfigures each changed or added key with its own call, after a resize and before monitoring', () => {
    const desired = kfDesired({ nodeSizing: '4cpu8gb', monitoringEnabled: false, overloadedParams: { 'log.retention.hours': 72, 'num.partitions': 3, 'message.max.bytes': 2097152 } });
    const diff = [d('/monitoringEnabled', false), d('/nodeSizing', '4cpu8gb'), d('/overloadedParams/log.retention.hours', 72), d('/overloadedParams/message.max.bytes', 2097152, 'add')];
    const ops = kafka.updateOperations(desired, live, diff, ctx());
    expect(ops.map((o) => o.summary)).toEqual([
      'resize 2cpu4gb -> 4cpu8gb',
      'reconfigure log.retention.hours: 168 -> 72',
      'reconfigure message.max.bytes: 2097152',
      'update monitoring: disabled',
    ]);
    expect(ops[1]).toMatchObject({ method: 'PATCH', path: KF_PATH, irreversible: true, serviceId: SID, body: { operation: 'reconfigure', options: { 'log.retention.hours': '72' } } });
  });

  it('refuses a live key left out of the spec: no operation unsets a parameter', () => {
    const err = refusal(() => kafka.updateOperations(kfDesired({ overloadedParams: { 'log.retention.hours': 168 } }), live, [d('/overloadedParams/num.partitions', undefined, 'remove')], ctx()));
    expect(err.message).toContain('overloadedParams: num.partitions is set live but not desired; no ITCare operation unsets a Kafka parameter');
  });

  it('refuses a platform key added to a live platform', () => {
    const desired = kfDesired({ overloadedParams: { 'log.retention.hours': 168, 'num.partitions': 3, 'broker.id': 9 } });
    expect(refusal(() => kafka.updateOperations(desired, live, [d('/overloadedParams/broker.id', 9, 'add')], ctx())).message).toContain('overloadedParams.broker.id');
  });

  it('leaves brokerCount, diskSize and kafkaVersion to the engine (no operation: a replace)', () => {
    const diff: FieldDiff[] = ['/brokerCount', '/diskSize', '/kafkaVersion'].map((path) => ({ op: 'replace', path, value: 1, forcesReplace: true }));
    expect(kafka.updateOperations(kfDesired(), live, diff, ctx())).toEqual([]);
  });
});
