import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../../../../src/simulator/start.js';
import { createBody, createCluster, finishRequests, REDIS_724, scpClient, type ScpClient, start, waitRequest, withScpSimulator } from '../../support.js';

describe('SCP simulator clusters', () => {
  let sim: RunningSimulator;
  let c: ScpClient;
  /** Requests stay IN_PROGRESS until finishRequests(slow). */
  let slow: RunningSimulator;
  let sc: ScpClient;
  withScpSimulator((s, client) => ((sim = s), (c = client)));
  withScpSimulator((s, client) => ((slow = s), (sc = client)), { actionMs: 600_000 });

  it('creates asynchronously: 202 AsyncResponse, CREATING, then RUNNING and COMPLETED', async () => {
    const res = await sc.post('/v1/clusters', createBody({ name: 'lifecycle' }));
    expect(res.status).toBe(202);
    expect(res.body.request_id).toMatch(/^req-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(res.body.resource.id).toMatch(/^[0-9a-f]{32}$/);
    const id = res.body.resource.id;
    expect((await sc.get(`/v1/requests/${res.body.request_id}`)).body).toEqual({ request_id: res.body.request_id, state: 'IN_PROGRESS' });
    const during = await sc.get(`/v1/clusters/${id}`);
    expect(during.body.service_state).toBe('CREATING');
    expect(during.body.instance_groups[0].instances[0].service_state).toBe('CREATING');
    finishRequests(slow);
    expect(await waitRequest(sc, res.body.request_id)).toBe('COMPLETED');
    const show = await sc.get(`/v1/clusters/${id}`);
    expect(show.status).toBe(200);
    expect(show.body).toMatchObject({
      id, name: 'lifecycle', service_state: 'RUNNING', role_type: 'ORIGIN', dbaas_engine: 'Redis',
      dbaas_engine_version_name: 'Redis 7.2.4', software_version: '7.2.4', product_image_type: 'Redis OSS Sentinel',
      product_type: 'Redis', ha_enabled: false, nat_enabled: false, instance_count: 1, subnet_id: 'subnet5a1f0000000000000000000001',
      timezone: 'Asia/Seoul', allowable_ip_addresses: ['10.20.0.0/24'],
      init_config_option: { backup_option: { retention_period_day: '7', starting_time_hour: '2' }, database_port: 6378, sentinel_port: 26378 },
      maintenance_option: { period_hour: '1', starting_day_of_week: 'SUN', starting_time: '0300', use_maintenance_option: true },
    });
    const ig = show.body.instance_groups[0];
    expect(ig).toMatchObject({ role_type: 'MASTER', server_type_name: 'redis1v1m2' });
    expect(ig.id).toMatch(/^[0-9a-f]{32}$/);
    expect(ig.block_storage_groups.map((b: any) => [b.role_type, b.size_gb, b.volume_type])).toEqual([['OS', 104, 'SSD'], ['DATA', 64, 'SSD']]);
    expect(ig.block_storage_groups[0].id).toMatch(/^[0-9a-f]{32}$/);
    expect(ig.instances[0]).toMatchObject({ name: 'ordcache-001', role_type: 'MASTER', service_state: 'RUNNING' });
    // Write-only fields are not returned (digest §6.1).
    for (const k of ['dbaas_engine_version_id', 'instance_name_prefix', 'replica_count', 'tags']) expect(show.body).not.toHaveProperty(k);
    expect(JSON.stringify(show.body)).not.toContain('Sim-pass-2024!');
    expect(JSON.stringify(slow.state)).not.toContain('Sim-pass-2024!');
  });

  it('refuses a second cluster of the same name (until the first is TERMINATED)', async () => {
    const id = await createCluster(sim, c, { name: 'uniquename' });
    const dup = await c.post('/v1/clusters', createBody({ name: 'uniquename' }));
    expect(dup.status).toBe(400);
    expect(dup.body[0]).toMatchObject({ loc: ['body', 'name'], type_: 'value_error' });
    const del = await c.delete(`/v1/clusters/${id}`);
    expect(del.status).toBe(202);
    expect(del.body.resource.id).toBe(id);
    expect(await waitRequest(c, del.body.request_id)).toBe('COMPLETED');
    expect((await c.post('/v1/clusters', createBody({ name: 'uniquename' }))).status).toBe(202);
  });

  it('terminates: TERMINATING, TERMINATED for terminatedMs, then 404', async () => {
    const t = await start({ actionMs: 600_000, scpTerminatedMs: 600_000 });
    try {
      const tc = scpClient(t);
      const id = await createCluster(t, tc, { name: 'doomed' });
      const del = await tc.delete(`/v1/clusters/${id}`);
      expect((await tc.get(`/v1/clusters/${id}`)).body.service_state).toBe('TERMINATING');
      expect((await tc.delete(`/v1/clusters/${id}`)).status).toBe(400);
      finishRequests(t);
      expect(await waitRequest(tc, del.body.request_id)).toBe('COMPLETED');
      expect((await tc.get(`/v1/clusters/${id}`)).body.service_state).toBe('TERMINATED');
      expect((await tc.get('/v1/clusters?name=doomed')).body.contents[0].service_state).toBe('TERMINATED');
      const again = await tc.delete(`/v1/clusters/${id}`);
      expect(again.status).toBe(400);
      expect(again.body[0].msg).toContain('already TERMINATED');
      t.state.scp.clusters.find((x) => x.id === id)!.purge_at = 0;
      expect((await tc.get(`/v1/clusters/${id}`)).status).toBe(404);
      expect((await tc.get('/v1/clusters?name=doomed')).body.count).toBe(0);
      expect((await tc.delete(`/v1/clusters/${id}`)).status).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('answers 404 for an unknown cluster, 400/404 for a malformed/unknown request id', async () => {
    expect((await c.get('/v1/clusters/0123456789abcdef0123456789abcdef')).status).toBe(404);
    expect((await c.get('/v1/requests/nope')).status).toBe(400);
    expect((await c.get('/v1/requests/req-00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await c.get('/v1/nothing')).status).toBe(404);
  });

  it('pages List Clusters with size/page/sort, a substring name filter and service_state', async () => {
    const p = await start();
    try {
      const pc = scpClient(p);
      for (const name of ['alphacache', 'betacache', 'gammacache', 'alphaother', 'deltastore']) await createCluster(p, pc, { name });
      const all = await pc.get('/v1/clusters');
      expect(all.body).toMatchObject({ count: 5, page: 0, size: 20, sort: ['name:asc'] });
      expect(all.body.contents.map((x: any) => x.name)).toEqual(['alphacache', 'alphaother', 'betacache', 'deltastore', 'gammacache']);
      expect(Object.keys(all.body.contents[0]).sort()).toEqual(['account_id', 'created_at', 'created_by', 'ha_enabled', 'id', 'instance_count', 'modified_at', 'modified_by', 'name', 'role_type', 'service_state']);
      const p1 = await pc.get('/v1/clusters?size=2&page=1');
      expect(p1.body).toMatchObject({ count: 5, page: 1, size: 2 });
      expect(p1.body.contents.map((x: any) => x.name)).toEqual(['betacache', 'deltastore']);
      expect((await pc.get('/v1/clusters?size=2&page=3')).body.contents).toEqual([]);
      const desc = await pc.get('/v1/clusters?sort=name:desc&size=1');
      expect(desc.body.contents[0].name).toBe('gammacache');
      // Substring, case-insensitive: "cache" matches three, "ALPHA" two; the client must filter exactly.
      expect((await pc.get('/v1/clusters?name=cache')).body.count).toBe(3);
      expect((await pc.get('/v1/clusters?name=ALPHA')).body.contents.map((x: any) => x.name)).toEqual(['alphacache', 'alphaother']);
      expect((await pc.get('/v1/clusters?service_state=STOPPED')).body.count).toBe(0);
      expect((await pc.get('/v1/clusters?service_state=RUNNING')).body.count).toBe(5);
      for (const q of ['size=-1', 'size=x', 'page=1.5', 'size=10001', 'sort=name', 'sort=id:asc', 'service_state=running']) {
        const bad = await pc.get(`/v1/clusters?${q}`);
        expect(bad.status, q).toBe(400);
        expect(bad.body[0].loc[0]).toBe('query');
      }
    } finally {
      await p.close();
    }
  });

  it('creates with defaults: no backup, no maintenance window, ports 6379/26379, generated instances', async () => {
    const body = createBody({ name: 'defaults', maintenance_option: undefined, replica_count: 2, ha_enabled: true });
    (body.init_config_option as any) = { database_user_password: 'Sim-pass-2024!' };
    (body.instance_groups as any) = [
      // `instances` is required but nullable (the SDK's model): null lets the server place them.
      { role_type: 'MASTER_REPLICA', server_type_name: 'redis1v2m4', block_storage_groups: [{ role_type: 'OS', size_gb: 56 }], instances: null },
      { role_type: 'SENTINEL', server_type_name: 'redis1v1m2', block_storage_groups: [{ role_type: 'OS', size_gb: 56 }], instances: null },
    ];
    const id = await createCluster(sim, c, body);
    const show = (await c.get(`/v1/clusters/${id}`)).body;
    expect(show.init_config_option).toEqual({ backup_option: { retention_period_day: null, starting_time_hour: null }, database_port: 6379, sentinel_port: 26379 });
    expect(show.maintenance_option).toEqual({ period_hour: null, starting_day_of_week: null, starting_time: null, use_maintenance_option: false });
    expect(show.instance_groups[0].instances.map((i: any) => i.role_type)).toEqual(['MASTER', 'REPLICA', 'REPLICA']);
    expect(show.instance_groups[1].instances.map((i: any) => i.role_type)).toEqual(['SENTINEL']);
    expect(show.instance_count).toBe(4);
  });

  it('creates a Valkey cluster with Valkey server types only', async () => {
    const body = createBody({ name: 'valkeyone', dbaas_engine_version_id: 'eb100000000000000000000000000000' });
    const refused = await c.post('/v1/clusters', body);
    expect(refused.status).toBe(400);
    expect(refused.body[0].msg).toBe("unknown server type 'redis1v1m2' for Valkey Sentinel; valid: css1v1m2, css1v2m4, css1v4m16");
    (body.instance_groups as any)[0].server_type_name = 'css1v1m2';
    const id = await createCluster(sim, c, body);
    expect((await c.get(`/v1/clusters/${id}`)).body).toMatchObject({ dbaas_engine: 'Valkey', product_image_type: 'Valkey Sentinel' });
  });

  it('uses the engine id from the catalogue', () => {
    expect(sim.state.scp.catalogue.engineVersions[0]!.id).toBe(REDIS_724);
  });
});
