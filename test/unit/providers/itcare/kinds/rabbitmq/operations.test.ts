// The RabbitMQ operation builders (pure): the create body as the API names it, the shared updates it
// reaches (start/stop, resize, monitoring, patch party), the patch-group rule on a 3-broker farm, and
// the immutable fields left to the engine's replace.
import { describe, expect, it } from 'vitest';
import type { FieldDiff } from '../../../../../../src/engine/plan.js';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { fakeHttp } from '../../../../../support/fake-http.js';
import { refusal } from '../../../../../support/refusal.js';
import { SID, ctx, observed } from '../../fixtures.js';
import { MQ_ID, MQ_PATH, mqDesired } from './fixtures.js';

const mq = createItcareProvider({ http: fakeHttp() }).handler('RabbitMQ')!;
const d = (path: string, value?: unknown): FieldDiff => ({ op: 'replace', path, value });

describe('RabbitMQ createOperations', () => {
  it('posts the create body with the version as text, then the tags, patch party and a final stop', () => {
    const ops = mq.createOperations(mqDesired({ rabbitMqVersion: 3.13, brokerCount: 1, patchParty: { excluded: false, patchGroup: '1' }, state: 'stopped', tags: { app: 'orders' } }), ctx());
    expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual([
      'POST /itcare/message-brokers/rabbitmq',
      'PUT /itcare/compute/resources/${ref:self}/tags',
      'PATCH /itcare/message-brokers/rabbitmq/${ref:self}',
      'PATCH /itcare/message-brokers/rabbitmq/${ref:self}',
    ]);
    expect(ops[0]).toMatchObject({ role: 'create', async: true, serviceId: SID, summary: 'create RabbitMQ ordersmq (2cpu4gb, 1 broker, 40 GB, v3.13)' });
    expect(ops[0]!.body).toMatchObject({ name: 'ordersmq', rabbitMqVersion: '3.13', brokerCount: 1, diskSize: 40, networkId: 1234511 });
    for (const k of ['state', 'tags', 'patchParty']) expect(ops[0]!.body).not.toHaveProperty(k);
    expect(ops.slice(2).map((o) => o.summary)).toEqual(['patch party: include, group 1', 'stop']);
  });

  it('refuses a patch group on a farm of 3 brokers before anything is sent ("only allowed when the farm has one member", 001:14582)', () => {
    const err = refusal(() => mq.createOperations(mqDesired({ brokerCount: 3, patchParty: { excluded: false, patchGroup: '2' } }), ctx()));
    expect(err.message).toContain('this farm has 3 members, remove patchParty.patchGroup');
  });
});

describe('RabbitMQ updateOperations', () => {
  const live = observed(MQ_ID, { nodeSizing: '2cpu4gb', brokerCount: 3, monitoringEnabled: false, onCallSupervision: false, state: 'running' });
  it('resizes (irreversible), updates monitoring and stops last, on the broker path', () => {
    const ops = mq.updateOperations(
      mqDesired({ nodeSizing: '4cpu8gb', monitoringEnabled: true, state: 'stopped' }), live,
      [d('/nodeSizing', '4cpu8gb'), d('/monitoringEnabled', true), d('/state', 'stopped')], ctx(),
    );
    expect(ops.map((o) => [o.path, o.body, o.irreversible])).toEqual([
      [MQ_PATH, { operation: 'resize', options: { sizing: '4cpu8gb' } }, true],
      [MQ_PATH, { operation: 'update_monitoring', options: { state: true, on_call: false } }, false],
      [MQ_PATH, { operation: 'stop' }, true],
    ]);
  });

  it('never sends the live group of a 3-broker farm when including it in the patch party', () => {
    const ops = mq.updateOperations(mqDesired({ patchParty: { excluded: false } }), { ...live, raw: { detail: { brokerCount: 3 } } }, [d('/patchParty/excluded', false)], ctx());
    expect(ops.map((o) => o.body)).toEqual([{ operation: 'update_patch_party', options: { patchParty: { excluded: false } } }]);
  });

  it('leaves the fields without an operation to the engine (replace) and refuses alerting', () => {
    expect(mq.updateOperations(mqDesired(), live, [{ op: 'replace', path: '/brokerCount', value: 5, forcesReplace: true }], ctx())).toEqual([]);
    expect(refusal(() => mq.updateOperations(mqDesired({ monitoringAlerting: true }), live, [d('/monitoringAlerting', true)], ctx())).message).toContain('spec.monitoringAlerting');
  });

  it('deletes without a body (001:14463-14501)', () => {
    expect(mq.deleteOperations('RabbitMQ/ordersmq', live, ctx({ changeReference: 'RFC1' }))).toEqual([
      { method: 'DELETE', path: MQ_PATH, async: true, irreversible: true, role: 'delete', serviceId: SID, summary: 'delete RabbitMQ ordersmq' },
    ]);
  });
});
