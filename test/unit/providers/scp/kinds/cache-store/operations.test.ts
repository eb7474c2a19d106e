// CacheStore operation builders (pure): order, maintenance field mapping, IP delta, shrink refusal; a
// replace to a lower engine version refused, and what the descriptor declares (stateful, liveFacts).
import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../../../../../src/core/errors.js';
import type { Observation } from '../../../../../../src/engine/provider.js';
import type { HttpClient } from '../../../../../../src/http/types.js';
import { createCacheStoreHandler } from '../../../../../../src/providers/scp/kinds/cache-store/handler.js';
import { createScpProvider } from '../../../../../../src/providers/scp/index.js';
import { refusal } from '../../../../../support/refusal.js';

const handler = createCacheStoreHandler({} as HttpClient);
const ctx = { stack: 's', resolveRef: () => undefined };
const group = (server: string, data: number) => ({
  role_type: 'MASTER', server_type_name: server,
  block_storage_groups: [{ role_type: 'OS', size_gb: 104 }, { role_type: 'DATA', size_gb: data, volume_type: 'SSD' }],
});
const live: Observation = {
  exists: true, id: 'c1', spec: {
    allowable_ip_addresses: ['10.0.0.0/24'], init_config_option: { backup_option: null }, maintenance_option: null,
    instance_groups: [group('redis1v1m2', 64)], parameters: { 'maxmemory-policy': 'noeviction' }, state: 'running',
  },
  lookups: {
    groups: { MASTER: { id: 'ig1', disks: { OS: 'd1', DATA: 'd2' } } },
    parameters: { 'maxmemory-policy': { id: 'p1', old_value: 'noeviction' } },
  },
};
const desired = (spec: Record<string, unknown>) => ({ address: 'CacheStore/x', kind: 'CacheStore', name: 'x', spec: { ...live.spec, ...spec } });

describe('CacheStore updateOperations', () => {
  it('orders the dedicated calls and maps the maintenance fields', () => {
    const ops = handler.updateOperations(desired({
      allowable_ip_addresses: ['10.1.0.0/24'],
      init_config_option: { backup_option: { retention_period_day: '7', starting_time_hour: '2' } },
      maintenance_option: { period_hour: '1.5', starting_day_of_week: 'SUN', starting_time: '0330' },
      instance_groups: [group('redis1v2m4', 128)], parameters: { 'maxmemory-policy': 'allkeys-lru' }, state: 'stopped',
    }), live, [], ctx);
    expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual([
      'POST /v1/clusters/c1/security-group-rules', 'POST /v1/clusters/c1/backups', 'POST /v1/clusters/c1/maintenance',
      'POST /v1/instance-groups/ig1/resize', 'POST /v1/block-storage-groups/d2/resize', 'PUT /v1/clusters/c1/parameters',
      'POST /v1/clusters/c1/stop',
    ]);
    expect(ops[0]!.body).toEqual({ add_ip_addresses: ['10.1.0.0/24'], del_ip_addresses: ['10.0.0.0/24'] });
    expect(ops[2]!.body).toEqual({ start_day_of_week: 'SUN', start_time: '03', start_minute: '30', term_hour: '1.5' });
    expect(ops[5]!.body).toEqual({ parameters: [{ id: 'p1', new_value: 'allkeys-lru', old_value: 'noeviction' }] });
  });
  it('starts first and unsets with DELETE', () => {
    const stopped = { ...live, spec: { ...live.spec, state: 'stopped', maintenance_option: { period_hour: '1', starting_day_of_week: 'MON', starting_time: '0000' } } };
    const ops = handler.updateOperations(desired({ state: 'running', maintenance_option: null }), stopped, [], ctx);
    expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual(['POST /v1/clusters/c1/start', 'DELETE /v1/clusters/c1/maintenance']);
  });
  it('refuses a disk shrink at plan time', () => {
    expect(() => handler.updateOperations(desired({ instance_groups: [group('redis1v1m2', 56)] }), live, [], ctx)).toThrow(RefusedError);
  });
  it('terminates with one DELETE tracked to TERMINATED', () => {
    const [op] = handler.deleteOperations('CacheStore/x', live, ctx);
    expect(op).toMatchObject({ method: 'DELETE', path: '/v1/clusters/c1', irreversible: true, track: { wait: 'terminated' } });
  });
});

describe('CacheStore refusals of a replace and what list shows (issue 24)', () => {
  const scp = createScpProvider({ http: {} as HttpClient }).handler('CacheStore')!;
  const replaced = (live: string): Observation => ({ exists: true, id: 'c1', spec: { engine_version: live } });

  it('refuses a replace to a lower engine version as a downgrade, at the field', () => {
    const err = refusal(() => scp.createOperations(desired({ engine_version: '6.2.7' }), ctx, replaced('7.2.4')));
    expect(err.message).toContain('cannot downgrade the Cache Store engine from 7.2.4 to 6.2.7 (spec.engine_version)');
    expect(err.field).toBe('/engine_version');
  });

  it('lets a first create and a replace to the same or a higher version through', () => {
    for (const observed of [undefined, { exists: false, spec: {} }, replaced('6.2.7'), replaced('7.2.4')]) {
      expect(scp.createOperations(desired({ engine_version: '7.2.4' }), ctx, observed)[0]!.method).toBe('POST');
    }
  });

  it('is stateful, and lists its state and its instances\' addresses from Show Cluster', () => {
    expect(scp.stateful).toBe(true);
    const raw = {
      service_state: 'RUNNING',
      instance_groups: [{ instances: [{ service_ip_address: '192.168.0.4', public_ip_address: '' }, { service_ip_address: '192.168.0.5', public_ip_address: '203.0.113.7' }] }],
    };
    expect(scp.liveFacts?.({ exists: true, id: 'c1', spec: {}, raw })).toEqual({ status: 'RUNNING', endpoints: ['192.168.0.4', '192.168.0.5', '203.0.113.7'] });
  });
});

describe('CacheStore createOperations', () => {
  const spec = {
    engine_version: '7.2.4', subnet_id: 's1', timezone: 'Asia/Seoul', instance_name_prefix: 'ordcache',
    init_config_option: { database_user_password: 'x' }, replica_count: 2,
    instance_groups: [group('redis1v1m2', 64), { role_type: 'SENTINEL', server_type_name: 'redis1v1m2', block_storage_groups: [{ role_type: 'OS', size_gb: 56 }] }],
    tags: { team: 'core', app: 'orders', 'caretaker-stack': 'forged' },
  };
  const create = (s: Record<string, unknown>, c: { stack: string; origin?: string }) =>
    handler.createOperations({ address: 'CacheStore/x', kind: 'CacheStore', name: 'x', spec: s }, { ...c, resolveRef: () => undefined }, { exists: false, spec: {}, lookups: { dbaas_engine_version_id: 'e1' } });

  it('sends the ownership tag (and the origin) first, then the manifest tags by key; the plan summary shows them', () => {
    const [op] = create(spec, { stack: 'orders', origin: 'acme/infra:stacks/orders' });
    expect((op!.body as Record<string, unknown>).tags).toEqual([
      { key: 'caretaker-stack', value: 'orders' }, { key: 'caretaker-origin', value: 'acme/infra:stacks/orders' },
      { key: 'app', value: 'orders' }, { key: 'team', value: 'core' },
    ]);
    expect(op!.summary).toContain('tags caretaker-stack=orders, caretaker-origin=acme/infra:stacks/orders, app=orders, team=core');
    const [bare] = create({ ...spec, tags: undefined }, { stack: 'orders' });
    expect((bare!.body as Record<string, unknown>).tags).toEqual([{ key: 'caretaker-stack', value: 'orders' }]);
  });

  it('gives every instance group the instances the SDK requires: MASTER + replica_count REPLICAs, one SENTINEL; the plan shows them', () => {
    const [op] = create(spec, { stack: 'orders' });
    const groups = (op!.body as { instance_groups: Array<{ role_type: string; instances: unknown }> }).instance_groups;
    expect(groups.map((g) => [g.role_type, g.instances])).toEqual([
      ['MASTER', [{ role_type: 'MASTER' }, { role_type: 'REPLICA' }, { role_type: 'REPLICA' }]],
      ['SENTINEL', [{ role_type: 'SENTINEL' }]],
    ]);
    expect(op!.summary).toContain('instances MASTER: MASTER, REPLICA, REPLICA; SENTINEL: SENTINEL');
    const given = [{ role_type: 'MASTER', service_ip_address: '10.0.0.5' }];
    const [own] = create({ ...spec, instance_groups: [{ ...group('redis1v1m2', 64), instances: given }] }, { stack: 'orders' });
    expect((own!.body as { instance_groups: Array<{ instances: unknown }> }).instance_groups[0]!.instances).toEqual(given);
  });
});
