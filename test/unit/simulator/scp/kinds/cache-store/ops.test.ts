import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../../../../src/simulator/start.js';
import { createBody, createCluster, finishRequests, scpClient, type ScpClient, start, waitRequest, withScpSimulator } from '../../support.js';

describe('SCP simulator per-change endpoints', () => {
  let sim: RunningSimulator;
  let c: ScpClient;
  let slow: RunningSimulator;
  let sc: ScpClient;
  withScpSimulator((s, client) => ((sim = s), (c = client)));
  withScpSimulator((s, client) => ((slow = s), (sc = client)), { actionMs: 600_000 });

  const show = async (id: string, cl: ScpClient = c) => (await cl.get(`/v1/clusters/${id}`)).body;
  /** Sends, expects 202, waits for the request; returns its final state. */
  const done = async (p: Promise<{ status: number; body: any }>, cl: ScpClient = c): Promise<string> => {
    const res = await p;
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    return waitRequest(cl, res.body.request_id);
  };

  it('stops and starts: STOPPING -> STOPPED, STARTING -> RUNNING; wrong states are 400', async () => {
    const id = await createCluster(slow, sc, { name: 'powercycle' });
    expect((await sc.post(`/v1/clusters/${id}/start`)).status).toBe(400);
    const stop = await sc.post(`/v1/clusters/${id}/stop`);
    expect(stop.status).toBe(202);
    expect((await show(id, sc)).service_state).toBe('STOPPING');
    // Busy: every other mutating call is a 400 naming the state.
    const busy = await sc.post(`/v1/clusters/${id}/backups`, { retention_period_day: '8', starting_time_hour: '3' });
    expect(busy.status).toBe(400);
    expect(busy.body[0]).toMatchObject({ loc: ['path', 'cluster_id'], type_: 'state_error' });
    expect(busy.body[0].msg).toContain('STOPPING');
    finishRequests(slow);
    expect(await waitRequest(sc, stop.body.request_id)).toBe('COMPLETED');
    const stopped = await show(id, sc);
    expect(stopped.service_state).toBe('STOPPED');
    expect(stopped.instance_groups[0].instances[0].service_state).toBe('STOPPED');
    expect((await sc.post(`/v1/clusters/${id}/stop`)).status).toBe(400);
    expect((await sc.post(`/v1/clusters/${id}/security-group-rules`, { add_ip_addresses: ['10.0.0.1/32'] })).body[0].msg).toContain('needs RUNNING');
    const startRes = await sc.post(`/v1/clusters/${id}/start`);
    expect((await show(id, sc)).service_state).toBe('STARTING');
    finishRequests(slow);
    expect(await waitRequest(sc, startRes.body.request_id)).toBe('COMPLETED');
    expect((await show(id, sc)).service_state).toBe('RUNNING');
  });

  it('edits go through EDITING and back to RUNNING', async () => {
    const id = await createCluster(slow, sc, { name: 'editing' });
    const res = await sc.post(`/v1/clusters/${id}/restart`);
    expect((await show(id, sc)).service_state).toBe('RESTARTING');
    finishRequests(slow);
    await waitRequest(sc, res.body.request_id);
    const edit = await sc.post(`/v1/clusters/${id}/backups`, { retention_period_day: '14', starting_time_hour: '23' });
    expect((await show(id, sc)).service_state).toBe('EDITING');
    // The change is not visible before the request completes.
    expect((await show(id, sc)).init_config_option.backup_option.retention_period_day).toBe('7');
    finishRequests(slow);
    expect(await waitRequest(sc, edit.body.request_id)).toBe('COMPLETED');
    const after = await show(id, sc);
    expect(after.service_state).toBe('RUNNING');
    expect(after.init_config_option.backup_option).toEqual({ retention_period_day: '14', starting_time_hour: '23' });
  });

  it('security-group rules: an add/del delta, validated against the live list', async () => {
    const id = await createCluster(sim, c, { name: 'sgrules', allowable_ip_addresses: ['10.0.0.0/24', '10.0.1.0/24'] });
    expect(await done(c.post(`/v1/clusters/${id}/security-group-rules`, { add_ip_addresses: ['192.168.10.1/32'], del_ip_addresses: ['10.0.0.0/24'] }))).toBe('COMPLETED');
    expect((await show(id)).allowable_ip_addresses).toEqual(['10.0.1.0/24', '192.168.10.1/32']);
    const cases: [unknown, string][] = [
      [{ add_ip_addresses: ['10.0.1.0/24'] }, 'already allowed'],
      [{ del_ip_addresses: ['10.9.9.9/32'] }, 'is not an allowed address'],
      [{ add_ip_addresses: ['10.9.9.9/32'], del_ip_addresses: ['10.9.9.9/32'] }, 'both added and deleted'],
      [{}, 'nothing to change'],
      [{ add_ip_addresses: ['10.0.0.300/32'] }, 'not an IPv4 address'],
      [{ add_ip_addresses: ['10.0.0.0/33'] }, 'not an IPv4 address'],
      [{ allowable_ip_addresses: ['10.0.0.0/8'] }, 'Extra inputs are not permitted'],
    ];
    for (const [body, msg] of cases) {
      const res = await c.post(`/v1/clusters/${id}/security-group-rules`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body)).toContain(msg);
    }
  });

  it('backup set/unset with the SDK patterns (strings)', async () => {
    const id = await createCluster(sim, c, { name: 'backups' });
    for (const body of [
      { retention_period_day: '6', starting_time_hour: '2' }, { retention_period_day: '36', starting_time_hour: '2' },
      { retention_period_day: 7, starting_time_hour: '2' }, { retention_period_day: '7', starting_time_hour: '24' },
      { retention_period_day: '7' }, { retention_period_day: '7', starting_time_hour: '2' },
    ]) expect((await c.post(`/v1/clusters/${id}/backups`, body)).status, JSON.stringify(body)).toBe(400);
    expect(await done(c.post(`/v1/clusters/${id}/backups`, { retention_period_day: '35', starting_time_hour: '0' }))).toBe('COMPLETED');
    expect((await show(id)).init_config_option.backup_option).toEqual({ retention_period_day: '35', starting_time_hour: '0' });
    expect(await done(c.delete(`/v1/clusters/${id}/backups`))).toBe('COMPLETED');
    const after = await show(id);
    expect(after.init_config_option).toEqual({ backup_option: { retention_period_day: null, starting_time_hour: null }, database_port: 6378, sentinel_port: 26378 });
    expect((await c.delete(`/v1/clusters/${id}/backups`)).status).toBe(400);
  });

  it('maintenance set/unset takes its own field names (⚠A12) and shows them as maintenance_option', async () => {
    const id = await createCluster(sim, c, { name: 'maintenance' });
    const createNames = await c.post(`/v1/clusters/${id}/maintenance`, { period_hour: '2', starting_day_of_week: 'MON', starting_time: '0400' });
    expect(createNames.status).toBe(400);
    expect(createNames.body.map((i: any) => i.loc.join('.'))).toEqual(expect.arrayContaining(['body.period_hour', 'body.start_day_of_week', 'body.term_hour']));
    expect(JSON.stringify(createNames.body)).toContain('Set Maintenance takes start_day_of_week, start_time, start_minute, term_hour');
    for (const body of [
      { start_day_of_week: 'MONDAY', start_time: '04', start_minute: '30', term_hour: '2' },
      { start_day_of_week: 'MON', start_time: '4', start_minute: '30', term_hour: '2' },
      { start_day_of_week: 'MON', start_time: '04', start_minute: '60', term_hour: '2' },
      { start_day_of_week: 'MON', start_time: '04', start_minute: '30', term_hour: '25' },
      { start_day_of_week: 'MON', start_time: '04', start_minute: '30', term_hour: '6.5' },
      { start_day_of_week: 'SUN', start_time: '03', start_minute: '00', term_hour: '1' },
    ]) expect((await c.post(`/v1/clusters/${id}/maintenance`, body)).status, JSON.stringify(body)).toBe(400);
    expect(await done(c.post(`/v1/clusters/${id}/maintenance`, { start_day_of_week: 'TUE', start_time: '04', start_minute: '30', term_hour: '0.5' }))).toBe('COMPLETED');
    expect((await show(id)).maintenance_option).toEqual({ period_hour: '0.5', starting_day_of_week: 'TUE', starting_time: '0430', use_maintenance_option: true });
    expect(await done(c.delete(`/v1/clusters/${id}/maintenance`))).toBe('COMPLETED');
    expect((await show(id)).maintenance_option).toEqual({ period_hour: null, starting_day_of_week: null, starting_time: null, use_maintenance_option: false });
    expect((await c.delete(`/v1/clusters/${id}/maintenance`)).status).toBe(400);
  });

  it('server type resize per instance group, checked against the catalogue', async () => {
    const id = await createCluster(sim, c, { name: 'resizeig' });
    const ig = (await show(id)).instance_groups[0].id;
    const unknown = await c.post(`/v1/instance-groups/${ig}/resize`, { server_type_name: 'css1v1m2' });
    expect(unknown.status).toBe(400);
    expect(unknown.body[0].msg).toBe("unknown server type 'css1v1m2' for Redis OSS Sentinel; valid: redis1v1m2, redis1v2m4, redis1v2m8, redis1v4m16, redis1v8m32");
    expect((await c.post(`/v1/instance-groups/${ig}/resize`, { server_type_name: 'redis1v1m2' })).status).toBe(400);
    expect((await c.post('/v1/instance-groups/0123456789abcdef0123456789abcdef/resize', { server_type_name: 'redis1v2m4' })).status).toBe(404);
    expect(await done(c.post(`/v1/instance-groups/${ig}/resize`, { server_type_name: 'redis1v2m4' }))).toBe('COMPLETED');
    expect((await show(id)).instance_groups[0].server_type_name).toBe('redis1v2m4');
  });

  it('block storage grows only, in multiples of 8 up to 5120', async () => {
    const id = await createCluster(sim, c, { name: 'disks' });
    const [os, data] = (await show(id)).instance_groups[0].block_storage_groups;
    for (const size of [64, 56, 60, 5128, '72']) {
      expect((await c.post(`/v1/block-storage-groups/${data.id}/resize`, { size_gb: size })).status, String(size)).toBe(400);
    }
    const shrink = await c.post(`/v1/block-storage-groups/${data.id}/resize`, { size_gb: 56 });
    expect(shrink.body[0].msg).toContain('can only grow');
    expect((await c.post('/v1/block-storage-groups/0123456789abcdef0123456789abcdef/resize', { size_gb: 128 })).status).toBe(404);
    expect(await done(c.post(`/v1/block-storage-groups/${data.id}/resize`, { size_gb: 128 }))).toBe('COMPLETED');
    const after = (await show(id)).instance_groups[0].block_storage_groups;
    expect(after.map((b: any) => b.size_gb)).toEqual([os.size_gb, 128]);
  });

  it('parameters: list with applied values, set by id with old_value as a guard', async () => {
    const id = await createCluster(sim, c, { name: 'params' });
    const list = (await c.get(`/v1/clusters/${id}/parameters`)).body;
    expect(list.count).toBe(list.contents.length);
    const policy = list.contents.find((p: any) => p.name === 'maxmemory-policy');
    expect(policy).toMatchObject({ applied_value: 'noeviction', default_value: 'noeviction', is_modifiable: true });
    const appendonly = list.contents.find((p: any) => p.name === 'appendonly');
    const timeout = list.contents.find((p: any) => p.name === 'timeout');
    const cases: [unknown, string][] = [
      [{ parameters: [{ id: policy.id, new_value: 'allkeys-lru', old_value: 'volatile-lru' }] }, 'does not match the applied value'],
      [{ parameters: [{ id: policy.id, new_value: 'lru', old_value: 'noeviction' }] }, 'is not allowed'],
      [{ parameters: [{ id: timeout.id, new_value: '-1', old_value: '0' }] }, 'is not allowed'],
      [{ parameters: [{ id: appendonly.id, new_value: 'no', old_value: 'yes' }] }, 'not modifiable'],
      [{ parameters: [{ id: 'nope', new_value: 'x', old_value: 'y' }] }, 'unknown parameter id'],
      [{ parameters: [{ id: policy.id, new_value: 'allkeys-lru' }] }, 'Field required'],
      [{ parameters: [] }, 'at least 1 item'],
    ];
    for (const [body, msg] of cases) {
      const res = await c.put(`/v1/clusters/${id}/parameters`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body)).toContain(msg);
    }
    expect(await done(c.put(`/v1/clusters/${id}/parameters`, {
      parameters: [{ id: policy.id, new_value: 'allkeys-lru', old_value: 'noeviction' }, { id: timeout.id, new_value: '300', old_value: '0' }],
    }))).toBe('COMPLETED');
    const after = (await c.get(`/v1/clusters/${id}/parameters`)).body.contents;
    expect(after.find((p: any) => p.name === 'maxmemory-policy').applied_value).toBe('allkeys-lru');
    expect(after.find((p: any) => p.name === 'timeout').applied_value).toBe('300');
    expect(await done(c.post(`/v1/clusters/${id}/parameters/sync`))).toBe('COMPLETED');
  });

  it('commands: list, update (3-20 chars), sync', async () => {
    const id = await createCluster(sim, c, { name: 'commands' });
    const list = (await c.get(`/v1/clusters/${id}/commands`)).body;
    expect(list.total_count).toBe(list.contents.length);
    const flushall = list.contents.find((x: any) => x.name === 'FLUSHALL');
    const config = list.contents.find((x: any) => x.name === 'CONFIG');
    expect(flushall).toMatchObject({ applied_value: 'FLUSHALL', modifiable: true });
    expect((await c.put(`/v1/clusters/${id}/commands`, { commands: [{ id: flushall.id, name: 'FLUSHALL', new_value: 'FA' }] })).status).toBe(400);
    expect((await c.put(`/v1/clusters/${id}/commands`, { commands: [{ id: config.id, name: 'CONFIG', new_value: 'CFGX' }] })).status).toBe(400);
    expect(await done(c.put(`/v1/clusters/${id}/commands`, { commands: [{ id: flushall.id, name: 'FLUSHALL', new_value: 'NOFLUSHALL' }] }))).toBe('COMPLETED');
    expect((await c.get(`/v1/clusters/${id}/commands`)).body.contents.find((x: any) => x.id === flushall.id).applied_value).toBe('NOFLUSHALL');
    expect(await done(c.post(`/v1/clusters/${id}/commands/sync`))).toBe('COMPLETED');
  });

  it('switchover promotes a replica', async () => {
    const body = createBody({ name: 'switchover', ha_enabled: true, replica_count: 1 });
    (body.instance_groups as any)[0] = { role_type: 'MASTER_REPLICA', server_type_name: 'redis1v1m2', block_storage_groups: [{ role_type: 'OS', size_gb: 56 }], instances: [{ role_type: 'MASTER' }, { role_type: 'REPLICA' }] };
    const id = await createCluster(sim, c, body);
    const [m, r] = (await show(id)).instance_groups[0].instances;
    expect((await c.post(`/v1/clusters/${id}/switchover`, { switch_host_name: m.name })).status).toBe(400);
    expect(await done(c.post(`/v1/clusters/${id}/switchover`, { switch_host_name: r.name }))).toBe('COMPLETED');
    const roles = (await show(id)).instance_groups[0].instances.map((i: any) => [i.name, i.role_type]);
    expect(roles).toEqual([[m.name, 'REPLICA'], [r.name, 'MASTER']]);
  });

  it('with scpStateLagMs the cluster stays RUNNING for a while after the 202 (the §10 point 9 race), still refusing other edits', async () => {
    const lag = await start({ actionMs: 600_000, scpStateLagMs: 600_000 });
    try {
      const lc = scpClient(lag);
      const id = await createCluster(lag, lc, { name: 'lagging' });
      const res = await lc.post(`/v1/clusters/${id}/backups`, { retention_period_day: '9', starting_time_hour: '1' });
      expect(res.status).toBe(202);
      expect((await show(id, lc)).service_state).toBe('RUNNING');
      expect((await lc.get(`/v1/requests/${res.body.request_id}`)).body.state).toBe('IN_PROGRESS');
      const other = await lc.post(`/v1/clusters/${id}/stop`);
      expect(other.status).toBe(400);
      expect(other.body[0].msg).toContain(`another request (${res.body.request_id}) is in progress`);
      lag.state.scp.requests.at(-1)!.begins_at = 0;
      expect((await show(id, lc)).service_state).toBe('EDITING');
      finishRequests(lag);
      expect(await waitRequest(lc, res.body.request_id)).toBe('COMPLETED');
      expect((await show(id, lc)).service_state).toBe('RUNNING');
      expect((await show(id, lc)).init_config_option.backup_option.retention_period_day).toBe('9');
    } finally {
      await lag.close();
    }
  });
});
