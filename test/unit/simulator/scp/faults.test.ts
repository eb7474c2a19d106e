import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../../src/simulator/start.js';
import { client } from '../support.js';
import { createBody, createCluster, finishRequests, scpClient, type ScpClient, start, waitRequest, withScpSimulator } from './support.js';

describe('SCP simulator faults, failed requests and persistence', () => {
  let sim: RunningSimulator;
  let c: ScpClient;
  withScpSimulator((s, client) => ((sim = s), (c = client)));

  it('injects 429 with Retry-After, rotating 5xx and resets on /v1 only, apart from ITCare faults', async () => {
    sim.scp.faults.next429 = 1;
    sim.scp.faults.retryAfterSeconds = 2;
    expect((await client(sim).get('/itcare/compute/services')).status).toBe(200);
    const r429 = await c.get('/v1/clusters');
    expect(r429.status).toBe(429);
    expect(r429.headers.get('retry-after')).toBe('2');
    sim.scp.faults.next5xx = 3;
    expect([(await c.get('/v1/clusters')).status, (await c.get('/v1/clusters')).status, (await c.get('/v1/clusters')).status]).toEqual([503, 502, 504]);
    sim.scp.faults.resetNext = 1;
    await expect(c.get('/v1/clusters')).rejects.toThrow();
    expect((await c.get('/v1/clusters')).status).toBe(200);
    sim.faults.next5xx = 1;
    expect((await c.get('/v1/clusters')).status).toBe(200);
    expect((await client(sim).get('/itcare/compute/services')).status).toBe(503);
    const log = sim.requests.filter((r) => r.path === '/v1/clusters').map((r) => r.fault ?? '-');
    expect(log).toEqual(expect.arrayContaining(['429', '5xx', 'reset']));
  });

  it('answers a seeded share of random 503s with --fault-rate', async () => {
    const f = await start({ faultRate: 0.5, seed: 7 });
    try {
      const fc = scpClient(f);
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await fc.get('/v1/clusters')).status);
      const n503 = statuses.filter((s) => s === 503).length;
      expect(n503).toBeGreaterThan(5);
      expect(n503).toBeLessThan(35);
      expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    } finally {
      await f.close();
    }
  });

  it('a failed create ends FAILED, leaves the cluster FAILED, and it can be terminated', async () => {
    sim.scp.faults.failActions.push({ resourceName: 'failingcache', operation: 'create', count: 1 });
    const res = await c.post('/v1/clusters', createBody({ name: 'failingcache' }));
    expect(res.status).toBe(202);
    expect(await waitRequest(c, res.body.request_id)).toBe('FAILED');
    const id = res.body.resource.id;
    expect((await c.get(`/v1/clusters/${id}`)).body.service_state).toBe('FAILED');
    expect((await c.post(`/v1/clusters/${id}/stop`)).status).toBe(400);
    const del = await c.delete(`/v1/clusters/${id}`);
    expect(await waitRequest(c, del.body.request_id)).toBe('COMPLETED');
    expect(sim.scp.faults.failActions).toEqual([]);
  });

  it('a failed edit ends FAILED, the cluster ERROR with no change; sync-state brings it back', async () => {
    const id = await createCluster(sim, c, { name: 'failingedit' });
    const ig = (await c.get(`/v1/clusters/${id}`)).body.instance_groups[0].id;
    sim.scp.faults.failActions.push({ operation: 'set-server-type' });
    const res = await c.post(`/v1/instance-groups/${ig}/resize`, { server_type_name: 'redis1v2m4' });
    expect(await waitRequest(c, res.body.request_id)).toBe('FAILED');
    const after = (await c.get(`/v1/clusters/${id}`)).body;
    expect(after.service_state).toBe('ERROR');
    expect(after.instance_groups[0].server_type_name).toBe('redis1v1m2');
    expect((await c.post(`/v1/clusters/${id}/backups`, { retention_period_day: '9', starting_time_hour: '1' })).status).toBe(400);
    sim.scp.faults.failActions = [];
    const sync = await c.post(`/v1/clusters/${id}/sync-state`);
    expect(await waitRequest(c, sync.body.request_id)).toBe('COMPLETED');
    expect((await c.get(`/v1/clusters/${id}`)).body.service_state).toBe('RUNNING');
  });

  it('drops the response of a processed mutating request', async () => {
    sim.scp.faults.dropResponseNext = 1;
    await expect(c.post('/v1/clusters', createBody({ name: 'droppedcache' }))).rejects.toThrow();
    const list = await c.get('/v1/clusters?name=droppedcache');
    expect(list.body.count).toBe(1);
    expect(sim.requests.some((r) => r.path === '/v1/clusters' && r.fault === 'dropped')).toBe(true);
  });

  it('is controlled from another process through /__sim/scp/faults and reset by /__sim/reset', async () => {
    const set = await fetch(`${sim.url}/__sim/scp/faults`, { method: 'POST', body: JSON.stringify({ next429: 1 }) });
    expect(set.status).toBe(200);
    expect(((await set.json()) as any).next429).toBe(1);
    expect(((await (await fetch(`${sim.url}/__sim/faults`)).json()) as any).next429).toBe(0);
    expect((await c.get('/v1/clusters')).status).toBe(429);
    expect((await fetch(`${sim.url}/__sim/scp/faults`, { method: 'POST', body: '{"next429": -1}' })).status).toBe(400);
    expect((await fetch(`${sim.url}/__sim/reset`, { method: 'POST' })).status).toBe(204);
    expect(sim.state.scp.clusters).toEqual([]);
    expect((await c.get('/v1/clusters')).body.count).toBe(0);
  });

  it('persists state.scp in the state file; a second process continues it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scpsim-'));
    const stateFile = join(dir, 'simulator.json');
    const a = await start({ stateFile, actionMs: 600_000 });
    let id: string;
    let requestId: string;
    try {
      const res = await scpClient(a).post('/v1/clusters', createBody({ name: 'persisted' }));
      id = res.body.resource.id;
      requestId = res.body.request_id;
    } finally {
      await a.close();
    }
    const saved = JSON.parse(readFileSync(stateFile, 'utf8'));
    expect(saved.scp.clusters[0]).toMatchObject({ id, name: 'persisted', service_state: 'CREATING' });
    expect(readFileSync(stateFile, 'utf8')).not.toContain('Sim-pass-2024!');
    const b = await start({ stateFile });
    try {
      finishRequests(b);
      const bc = scpClient(b);
      expect(await waitRequest(bc, requestId)).toBe('COMPLETED');
      expect((await bc.get(`/v1/clusters/${id}`)).body.service_state).toBe('RUNNING');
    } finally {
      await b.close();
    }
    // A state file written before the SCP side existed gets an empty SCP state.
    delete saved.scp;
    writeFileSync(stateFile, JSON.stringify(saved));
    const old = await start({ stateFile });
    try {
      expect((await scpClient(old).get('/v1/clusters')).body.count).toBe(0);
      expect(old.state.scp.catalogue.engineVersions.length).toBeGreaterThan(0);
    } finally {
      await old.close();
    }
  });
});
