import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../../../../src/simulator/start.js';
import { createBody, type ScpClient, withScpSimulator } from '../../support.js';

/** Deep-sets `path` (dot-separated, numbers index arrays) in a fresh create body. */
function bodyWith(path: string, value: unknown): Record<string, unknown> {
  const body = structuredClone(createBody({ name: 'validation' }));
  const keys = path.split('.');
  let o: any = body;
  for (const k of keys.slice(0, -1)) o = o[k];
  if (value === undefined) delete o[keys.at(-1)!];
  else o[keys.at(-1)!] = value;
  return body;
}

describe('SCP simulator create validation (SDK constraints, 400 ValidationErrorModel[])', () => {
  let sim: RunningSimulator;
  let c: ScpClient;
  withScpSimulator((s, client) => ((sim = s), (c = client)));

  const cases: [string, unknown, string, string][] = [
    ['name', 'ab', 'body.name', 'string_too_short'],
    ['name', 'abcdefghijklmnopqrstu', 'body.name', 'string_too_long'],
    ['name', 'orders-cache', 'body.name', 'string_pattern_mismatch'],
    ['name', 'orders1', 'body.name', 'string_pattern_mismatch'],
    ['name', undefined, 'body.name', 'missing'],
    ['instance_name_prefix', 'Ord', 'body.instance_name_prefix', 'string_pattern_mismatch'],
    ['instance_name_prefix', 'ordcache-12345', 'body.instance_name_prefix', 'string_too_long'],
    ['instance_name_prefix', 'o_c', 'body.instance_name_prefix', 'string_pattern_mismatch'],
    ['dbaas_engine_version_id', 'nope', 'body.dbaas_engine_version_id', 'value_error'],
    ['dbaas_engine_version_id', 'ea300000000000000000000000000000', 'body.dbaas_engine_version_id', 'value_error'],
    ['subnet_id', '', 'body.subnet_id', 'string_too_short'],
    ['timezone', 'Mars/Olympus', 'body.timezone', 'value_error'],
    ['replica_count', 3, 'body.replica_count', 'less_than_equal'],
    ['ha_enabled', 'true', 'body.ha_enabled', 'bool_type'],
    ['allowable_ip_addresses', ['10.0.0.0/8', '10.0.0.0/8'], 'body.allowable_ip_addresses.1', 'value_error'],
    ['allowable_ip_addresses', ['example.com'], 'body.allowable_ip_addresses.0', 'value_error'],
    ['init_config_option.database_port', 1023, 'body.init_config_option.database_port', 'greater_than_equal'],
    ['init_config_option.database_port', 65536, 'body.init_config_option.database_port', 'less_than_equal'],
    ['init_config_option.database_port', '6378', 'body.init_config_option.database_port', 'int_type'],
    ['init_config_option.sentinel_port', 6378, 'body.init_config_option.sentinel_port', 'value_error'],
    ['init_config_option.database_user_password', 'short1!', 'body.init_config_option.database_user_password', 'string_pattern_mismatch'],
    ['init_config_option.database_user_password', 'NoDigitsHere!', 'body.init_config_option.database_user_password', 'string_pattern_mismatch'],
    ['init_config_option.database_user_password', 'NoSpecial123', 'body.init_config_option.database_user_password', 'string_pattern_mismatch'],
    ['init_config_option.database_user_password', 'Has$dollar123', 'body.init_config_option.database_user_password', 'string_pattern_mismatch'],
    ['init_config_option.database_user_password', undefined, 'body.init_config_option.database_user_password', 'missing'],
    ['init_config_option.backup_option.retention_period_day', '40', 'body.init_config_option.backup_option.retention_period_day', 'string_pattern_mismatch'],
    ['init_config_option.backup_option.retention_period_day', 7, 'body.init_config_option.backup_option.retention_period_day', 'string_type'],
    ['init_config_option.backup_option.starting_time_hour', undefined, 'body.init_config_option.backup_option', 'value_error'],
    ['maintenance_option.period_hour', '25', 'body.maintenance_option.period_hour', 'string_pattern_mismatch'],
    ['maintenance_option.period_hour', '0.75', 'body.maintenance_option.period_hour', 'string_pattern_mismatch'],
    ['maintenance_option.starting_day_of_week', 'SUNDAY', 'body.maintenance_option.starting_day_of_week', 'enum'],
    ['maintenance_option.starting_time', '2400', 'body.maintenance_option.starting_time', 'string_pattern_mismatch'],
    ['maintenance_option.start_minute', '00', 'body.maintenance_option.start_minute', 'extra_forbidden'],
    ['instance_groups', [], 'body.instance_groups', 'too_short'],
    ['instance_groups.0.role_type', 'ACTIVE', 'body.instance_groups.0.role_type', 'enum'],
    ['instance_groups.0.server_type_name', 'redis9v9m9', 'body.instance_groups.0.server_type_name', 'value_error'],
    ['instance_groups.0.block_storage_groups.0.size_gb', 48, 'body.instance_groups.0.block_storage_groups.0.size_gb', 'greater_than_equal'],
    ['instance_groups.0.block_storage_groups.0.size_gb', 5128, 'body.instance_groups.0.block_storage_groups.0.size_gb', 'less_than_equal'],
    ['instance_groups.0.block_storage_groups.0.size_gb', 100, 'body.instance_groups.0.block_storage_groups.0.size_gb', 'multiple_of'],
    ['instance_groups.0.block_storage_groups.0.role_type', 'ROOT', 'body.instance_groups.0.block_storage_groups.0.role_type', 'enum'],
    ['instance_groups.0.block_storage_groups.0.volume_type', 'NVME', 'body.instance_groups.0.block_storage_groups.0.volume_type', 'enum'],
    ['instance_groups.0.instances.0.role_type', 'ACTIVE', 'body.instance_groups.0.instances.0.role_type', 'enum'],
    // required (nullable) as the SDK's RedisInstanceGroupRequest models it
    ['instance_groups.0.instances', undefined, 'body.instance_groups.0.instances', 'missing'],
    ['tags.0.key', '', 'body.tags.0.key', 'string_too_short'],
    ['engine_version', '7.2.4', 'body.engine_version', 'extra_forbidden'],
    ['service_state', 'RUNNING', 'body.service_state', 'extra_forbidden'],
  ];

  it.each(cases)('%s = %j -> 400 at %s (%s)', async (path, value, loc, type) => {
    const res = await c.post('/v1/clusters', bodyWith(path, value));
    expect(res.status).toBe(400);
    expect(res.body).toEqual(expect.arrayContaining([expect.objectContaining({ loc: loc.split('.'), type_: type })]));
    for (const item of res.body) expect(Object.keys(item).sort()).toEqual(['ctx', 'loc', 'msg', 'type_']);
    expect(sim.state.scp.clusters).toHaveLength(0);
  });

  it('reports every error of a body at once, never echoing the password', async () => {
    const body = bodyWith('name', 'x');
    (body.init_config_option as any).database_port = 80;
    (body.init_config_option as any).database_user_password = 'bad"pass1!';
    const res = await c.post('/v1/clusters', body);
    expect(res.status).toBe(400);
    expect(res.body.map((i: any) => i.loc.at(-1))).toEqual(['name', 'database_user_password', 'database_port']);
    expect(JSON.stringify(res.body)).not.toContain('bad"pass1!');
  });

  it('requires nat public ips, refuses malformed JSON and non-JSON bodies', async () => {
    const nat = await c.post('/v1/clusters', createBody({ name: 'natcluster', nat_enabled: true }));
    expect(nat.status).toBe(400);
    expect(nat.body[0].loc).toEqual(['body', 'instance_groups', '0', 'instances', '0', 'public_ip_id']);
    const url = `${sim.scp.url}/v1/clusters`;
    const { signedHeaders } = await import('../../support.js');
    const bad = await c.raw('POST', '/v1/clusters', { ...signedHeaders(sim, 'POST', url), 'Content-Type': 'application/json' }, '{"name":');
    expect(bad.status).toBe(400);
    expect(bad.body[0].type_).toBe('json_invalid');
    const text = await c.raw('POST', '/v1/clusters', { ...signedHeaders(sim, 'POST', url), 'Content-Type': 'text/plain' }, 'name=x');
    expect(text.status).toBe(415);
    expect((await c.post('/v1/clusters')).status).toBe(400);
  });
});
