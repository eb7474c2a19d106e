// The VirtualMachine operation builders (pure): the create, the instance's own PATCH operations and
// options (stop/start with a changeReference, resize {sizing}, update_monitoring {state, alerting},
// a numeric patch group, update_backup / update_storage_replication with the production reason) and
// the states the docs demand: a running instance is stopped before a resize or a DELETE.
import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../../../../../src/core/errors.js';
import type { FieldDiff } from '../../../../../../src/engine/plan.js';
import type { DesiredResource, Observation } from '../../../../../../src/engine/provider.js';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { fakeHttp } from '../../../../../support/fake-http.js';
import { SID, ctx } from '../../fixtures.js';

const h = createItcareProvider({ http: fakeHttp() }).handler('VirtualMachine')!;
const ID = 500079802;
const PATH = `/itcare/compute/instances/${ID}`;
const d = (path: string): FieldDiff => ({ op: 'replace', path });
const desired = (spec: Record<string, unknown> = {}): DesiredResource => ({
  address: 'VirtualMachine/PEB4APP01', kind: 'VirtualMachine', name: 'PEB4APP01',
  spec: { serviceId: SID, region: 'EB', area: 'EB-QA', platform: 'deb12', resourceId: '2cpu4gb', ...spec },
});
const live = (status: string, spec: Record<string, unknown> = {}, environment = 'QA'): Observation => ({
  exists: true, id: ID, spec: { serviceId: SID, resourceId: '1cpu2gb', tags: {}, ...spec }, raw: { item: { status, environment } },
});
const calls = (ops: ReturnType<typeof h.createOperations>) => ops.map((o) => `${o.method} ${o.path} ${JSON.stringify(o.body ?? null)}`);

describe('VirtualMachine createOperations', () => {
  it('POSTs the create body, then tags, the numeric patch group (001:3910) and a final stop', () => {
    const ops = h.createOperations(desired({ volumes: [{ id: 'data', sizeGb: 50 }], patchParty: { patchGroup: '3' }, state: 'stopped', tags: { app: 'x' } }), ctx({ changeReference: 'RFC9' }));
    expect(calls(ops)).toEqual([
      'POST /itcare/compute/instances {"name":"PEB4APP01","serviceId":46922,"region":"EB","area":"EB-QA","platform":"deb12","resourceId":"2cpu4gb","volumes":[{"id":"data","sizeGb":50}]}',
      'PUT /itcare/compute/resources/${ref:self}/tags [{"tagKey":"caretaker-stack","tagValue":"orders-qa"},{"tagKey":"app","tagValue":"x"}]',
      'PATCH /itcare/compute/instances/${ref:self} {"operation":"update_patch_party","options":{"patchParty":{"excluded":false,"patchGroup":3}}}',
      'PATCH /itcare/compute/instances/${ref:self} {"operation":"stop","options":{"changeReference":"RFC9"}}',
    ]);
    expect(ops[0]).toMatchObject({ role: 'create', summary: 'create VirtualMachine PEB4APP01 (deb12, 2cpu4gb)' });
    expect(ops.every((o) => !o.irreversible)).toBe(true);
  });
});

describe('VirtualMachine resize', () => {
  it('stops a running instance, resizes it and starts it again: resize only "if instance is not running" (001:3851)', () => {
    const ops = h.updateOperations(desired(), live('ACTIVE'), [d('/resourceId')], ctx({ changeReference: 'RFC9' }));
    expect(calls(ops)).toEqual([
      `PATCH ${PATH} {"operation":"stop","options":{"changeReference":"RFC9"}}`,
      `PATCH ${PATH} {"operation":"resize","options":{"sizing":"2cpu4gb","changeReference":"RFC9"}}`,
      `PATCH ${PATH} {"operation":"start","options":{"changeReference":"RFC9"}}`,
    ]);
    expect(ops.map((o) => [o.summary, o.changesStatus ?? false])).toEqual([
      ['stop (resize needs the instance INACTIVE, ITCare 001:3851)', true], ['resize 1cpu2gb -> 2cpu4gb', false], ['start (after the resize)', true],
    ]);
  });

  it('resizes a stopped instance as it is, and starts it after when the spec wants it running', () => {
    expect(calls(h.updateOperations(desired({ state: 'stopped' }), live('INACTIVE'), [d('/resourceId')], ctx()))).toEqual([`PATCH ${PATH} {"operation":"resize","options":{"sizing":"2cpu4gb"}}`]);
    const ops = h.updateOperations(desired({ state: 'running' }), live('INACTIVE', { state: 'stopped' }), [d('/resourceId'), d('/state')], ctx());
    expect(ops.map((o) => (o.body as { operation: string }).operation)).toEqual(['resize', 'start']);
  });

  it('stops once and does not start again when the spec stops the instance in the same change', () => {
    const ops = h.updateOperations(desired({ state: 'stopped' }), live('ACTIVE', { state: 'running' }), [d('/resourceId'), d('/state')], ctx());
    expect(ops.map((o) => [(o.body as { operation: string }).operation, o.summary])).toEqual([['stop', 'stop'], ['resize', 'resize 1cpu2gb -> 2cpu4gb']]);
  });

  it('refuses a resize in any other status, naming it, rather than send a call that fails', () => {
    const run = () => h.updateOperations(desired(), live('PREPARATION'), [d('/resourceId')], ctx());
    expect(run).toThrow(RefusedError);
    expect(run).toThrow('resourceId: an instance is resized "only if instance is not running" (ITCare 001:3851), and stopped only when ACTIVE (001:3778); it is PREPARATION');
  });
});

describe('VirtualMachine settings', () => {
  it('updates monitoring with {state, alerting} (001:3864-3880), never on_call', () => {
    const ops = h.updateOperations(desired({ monitoringAlerting: true }), live('ACTIVE', { monitoringEnabled: true, monitoringAlerting: false }), [d('/monitoringAlerting')], ctx());
    expect(ops.map((o) => [o.body, o.summary])).toEqual([[{ operation: 'update_monitoring', options: { state: true, alerting: true } }, 'update monitoring: enabled, alerting on']]);
  });

  it('enables backup and replication; disabling sends the spec\'s reason as deactivationReason', () => {
    const on = h.updateOperations(desired({ backupEnabled: true, replicationEnabled: true }), live('ACTIVE'), [d('/backupEnabled'), d('/replicationEnabled')], ctx());
    expect(on.map((o) => o.body)).toEqual([{ operation: 'update_backup', options: { state: true } }, { operation: 'update_storage_replication', options: { state: true } }]);
    const off = h.updateOperations(desired({ backupEnabled: false, noBackupProdReason: 'restored from the DB dumps' }), live('ACTIVE', {}, 'PRODUCTION'), [d('/backupEnabled')], ctx());
    expect(off[0]!.body).toEqual({ operation: 'update_backup', options: { state: false, deactivationReason: 'restored from the DB dumps' } });
  });

  it('refuses to disable backup or replication of a production instance without a reason (001:3937, 001:3955)', () => {
    const run = (f: string) => () => h.updateOperations(desired({ [f]: false }), live('ACTIVE', {}, 'PRODUCTION'), [d(`/${f}`)], ctx());
    expect(run('backupEnabled')).toThrow('backupEnabled: disabling backup on a production instance needs a reason (ITCare 001:3955); set spec.noBackupProdReason');
    expect(run('replicationEnabled')).toThrow('replicationEnabled: disabling replication on a production instance needs a reason (ITCare 001:3937); set spec.noReplicationProdReason');
    expect(h.updateOperations(desired({ backupEnabled: false }), live('ACTIVE'), [d('/backupEnabled')], ctx())[0]!.body).toEqual({ operation: 'update_backup', options: { state: false } });
  });

  it('sends the patch group as a number and refuses what no operation changes', () => {
    const ops = h.updateOperations(desired({ patchParty: { patchGroup: '2' } }), live('ACTIVE', { patchParty: { excluded: false, patchGroup: '1' } }), [d('/patchParty/patchGroup')], ctx());
    expect(ops[0]!.body).toEqual({ operation: 'update_patch_party', options: { patchParty: { excluded: false, patchGroup: 2 } } });
    expect(() => h.updateOperations(desired({ storagePool: 'x' }), live('ACTIVE'), [d('/storagePool')], ctx())).toThrow('no ITCare operation changes spec.storagePool of a live VirtualMachine');
  });
});

describe('VirtualMachine deleteOperations', () => {
  it('stops a running instance before the DELETE ("has to be in INACTIVE status", 001:3699); DELETE cannot be undone', () => {
    const ops = h.deleteOperations('VirtualMachine/PEB4APP01', live('ACTIVE'), ctx({ changeReference: 'RFC9' }));
    expect(calls(ops)).toEqual([`PATCH ${PATH} {"operation":"stop","options":{"changeReference":"RFC9"}}`, `DELETE ${PATH} {"changeReference":"RFC9"}`]);
    expect(ops.map((o) => [o.role, o.irreversible])).toEqual([['update', false], ['delete', true]]);
  });

  it('deletes a stopped instance directly, and refuses one in another status', () => {
    expect(calls(h.deleteOperations('VirtualMachine/PEB4APP01', live('INACTIVE'), ctx()))).toEqual([`DELETE ${PATH} null`]);
    expect(() => h.deleteOperations('VirtualMachine/PEB4APP01', live('ERROR'), ctx())).toThrow('an instance is deleted only when INACTIVE (ITCare 001:3699) and stopped only when ACTIVE (001:3778); PEB4APP01 is ERROR');
  });
});
