import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../../../../src/simulator/start.js';
import { createCluster, REDIS_724, type ScpClient, waitRequest, withScpSimulator } from '../../support.js';

describe('SCP simulator catalogue, backups and restore', () => {
  let sim: RunningSimulator;
  let c: ScpClient;
  withScpSimulator((s, client) => ((sim = s), (c = client)));

  it('lists engine versions, hiding end-of-service ones unless eos_included, filtered by id and image', async () => {
    const all = (await c.get('/v1/engine-versions')).body.contents;
    expect(all.map((e: any) => e.software_version)).toEqual(['7.2.4', '7.0.15', '8.0.1', '7.2.5']);
    expect(Object.keys(all[0]).sort()).toEqual(['end_of_service', 'id', 'major_version', 'name', 'os_type', 'os_version', 'product_image_type', 'software_version']);
    expect((await c.get('/v1/engine-versions?eos_included=true')).body.contents).toHaveLength(5);
    const byId = (await c.get(`/v1/engine-versions?id=${REDIS_724}`)).body.contents;
    expect(byId).toEqual([expect.objectContaining({ id: REDIS_724, name: 'Redis 7.2.4', product_image_type: 'Redis OSS Sentinel' })]);
    expect((await c.get(`/v1/engine-versions?product_image_type=${encodeURIComponent('Valkey Sentinel')}`)).body.contents).toHaveLength(2);
    expect((await c.get('/v1/engine-versions?product_image_type=Kafka')).body.contents).toEqual([]);
    expect((await c.get('/v1/engine-versions?product_image_type=Redis')).status).toBe(400);
    expect((await c.get('/v1/engine-versions?eos_included=maybe')).status).toBe(400);
    const props = await c.get(`/v1/engine-versions/${REDIS_724}/properties`);
    expect(props.body.contents).toContainEqual({ name: 'software_version', value: '7.2.4' });
    expect((await c.get('/v1/engine-versions/nope/properties')).status).toBe(404);
  });

  it('lists server types by name and product image type', async () => {
    const all = (await c.get('/v1/server-types')).body.contents;
    expect(all.length).toBe(8);
    expect(Object.keys(all[0]).sort()).toEqual(['cpu_core', 'description', 'memory_gb', 'name', 'product_image_type', 'product_type', 'purpose', 'type']);
    expect((await c.get('/v1/server-types?name=redis1v2m4')).body.contents).toEqual([expect.objectContaining({ name: 'redis1v2m4', cpu_core: 2, memory_gb: 4 })]);
    expect((await c.get(`/v1/server-types?product_image_type=${encodeURIComponent('Valkey Sentinel')}`)).body.contents.map((t: any) => t.name)).toEqual(['css1v1m2', 'css1v2m4', 'css1v4m16']);
  });

  it('lists parameter groups and pages their parameters (dbaas_parameter_group_id required)', async () => {
    const groups = (await c.get('/v1/parameter-groups')).body;
    expect(groups.sort).toEqual(['name:asc']);
    const redis = groups.contents.find((g: any) => g.product_image_type === 'Redis OSS Sentinel');
    expect((await c.get('/v1/parameters')).status).toBe(400);
    const page = (await c.get(`/v1/parameters?dbaas_parameter_group_id=${redis.id}&size=3&page=1`)).body;
    expect(page).toMatchObject({ count: 7, page: 1, size: 3, sort: ['name:asc'] });
    expect(page.contents).toHaveLength(3);
    expect(page.contents[0].dbaas_parameter_group_id).toBe(redis.id);
  });

  it('lists backup histories, removes them, and restores a new cluster from one', async () => {
    const id = await createCluster(sim, c, { name: 'withbackup' });
    const hist = (await c.get(`/v1/clusters/${id}/backup-histories`)).body;
    expect(hist.total_count).toBe(1);
    const number = hist.contents[0].backup_history_number;
    expect(hist.contents[0]).toMatchObject({ backup_state: 'COMPLETED', software_version: '7.2.4' });
    for (const body of [
      { name: 'restored', instance_name_prefix: 'restored', server_type_name: 'redis1v2m4' },
      { name: 'restored', instance_name_prefix: 'restored', server_type_name: 'redis1v2m4', backup_history_number: 'nope' },
      { name: 'restored', instance_name_prefix: 'restored', server_type_name: 'css1v1m2', backup_history_number: number },
      { name: 'restored', instance_name_prefix: 'restoredprefix123', server_type_name: 'redis1v2m4', backup_history_number: number },
      { name: 'withbackup', instance_name_prefix: 'restored', server_type_name: 'redis1v2m4', backup_history_number: number },
    ]) expect((await c.post(`/v1/clusters/${id}/restore`, body)).status, JSON.stringify(body)).toBe(400);
    const res = await c.post(`/v1/clusters/${id}/restore`, {
      name: 'restored', instance_name_prefix: 'restoredprefix1', server_type_name: 'redis1v2m4', backup_history_number: number,
      block_storage_groups: [{ role_type: 'OS', size_gb: 112 }],
    });
    expect(res.status).toBe(202);
    expect(res.body.resource.id).not.toBe(id);
    expect(await waitRequest(c, res.body.request_id)).toBe('COMPLETED');
    const restored = (await c.get(`/v1/clusters/${res.body.resource.id}`)).body;
    expect(restored).toMatchObject({ name: 'restored', service_state: 'RUNNING', role_type: 'RECOVERY', subnet_id: 'subnet5a1f0000000000000000000001' });
    expect(restored.instance_groups[0].server_type_name).toBe('redis1v2m4');
    expect(restored.instance_groups[0].block_storage_groups.map((b: any) => b.size_gb)).toEqual([112]);
    expect((await c.put(`/v1/clusters/${id}/backup-histories`, { backup_history_number: ['nope'] })).status).toBe(400);
    const rm = await c.put(`/v1/clusters/${id}/backup-histories`, { backup_history_number: [number] });
    expect(await waitRequest(c, rm.body.request_id)).toBe('COMPLETED');
    expect((await c.get(`/v1/clusters/${id}/backup-histories`)).body.total_count).toBe(0);
  });
});
