import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../../../src/simulator/start.js';
import { client, createAndWait, pgBody, redisBody, start, waitAction, type Client } from '../../support.js';

describe('simulator lookups', () => {
  let sim: RunningSimulator;
  let c: Client;
  let redisIds: number[];
  let pgId: number;
  beforeAll(async () => {
    sim = await start({ actionMs: 0 });
    c = client(sim);
    redisIds = [];
    for (const n of ['cachea', 'cacheb', 'cachec']) redisIds.push(await createAndWait(c, '/itcare/databases/redis', redisBody({ name: `${n}01` })));
    await createAndWait(c, '/itcare/databases/redis', redisBody({ name: 'prodcache1', serviceId: 46923 }));
    pgId = await createAndWait(c, '/itcare/databases/postgresql', pgBody({ name: 'ordersdb01' }));
    await c.put(`/itcare/compute/resources/${redisIds[0]}/tags`, [{ tagKey: 'app', tagValue: 'orders' }, { tagKey: 'team', tagValue: 'checkout' }]);
    await c.put(`/itcare/compute/resources/${redisIds[1]}/tags`, [{ tagKey: 'app', tagValue: 'orders' }]);
  });
  afterAll(() => sim.close());

  const names = (page: any): string[] => page.content.map((i: any) => i.name);

  it.each(Object.entries({
    'by service': { reason: 'services filter', query: 'services=46923', want: ['prodcache1'] },
    'by exact names': { reason: 'names match exactly', query: 'names=cachea01,ordersdb01', want: ['cachea01', 'ordersdb01'] },
    'no substring match': { reason: 'exact match only', query: 'names=cache', want: [] },
    'exclusion only': { reason: '!name excludes', query: 'services=46922&types=REDIS&names=!cacheb01', want: ['cachea01', 'cachec01'] },
    'by type': { reason: 'types filter, case-insensitive', query: 'types=postgresql', want: ['ordersdb01'] },
    'by family and tags (AND)': { reason: 'every tag must match', query: 'families=REDIS&tags=app:orders,team:checkout', want: ['cachea01'] },
    'by one tag': { reason: 'key:value', query: 'tags=app:orders', want: ['cachea01', 'cacheb01'] },
    'by environment': { reason: 'the service environment', query: 'environments=PRODUCTION', want: ['prodcache1'] },
    'by status': { reason: 'statuses filter', query: 'statuses=INACTIVE&types=REDIS', want: [] },
  }))('GET /itcare/databases filters %s', async (_name, { query, want }) => {
    const res = await c.get(`/itcare/databases?${query}`);
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual(want);
  });

  it('pages /itcare/databases from 0 with the documented envelope', async () => {
    const p0 = (await c.get('/itcare/databases?types=REDIS&size=2')).body;
    expect(p0).toMatchObject({ totalElements: 4, totalPages: 2, first: true, last: false, number: 0, size: 2, numberOfElements: 2, empty: false });
    expect(p0.sort).toEqual({ empty: true, sorted: false, unsorted: true });
    const p1 = (await c.get('/itcare/databases?types=REDIS&size=2&page=1')).body;
    expect(p1).toMatchObject({ first: false, last: true, number: 1, numberOfElements: 2 });
    const p9 = (await c.get('/itcare/databases?types=REDIS&size=2&page=9')).body;
    expect(p9).toMatchObject({ empty: true, numberOfElements: 0, last: true });
    expect((await c.get('/itcare/databases?size=abc')).status).toBe(400);
    const sorted = (await c.get('/itcare/databases?types=REDIS&sort=name,desc')).body;
    expect(names(sorted)).toEqual(['prodcache1', 'cachec01', 'cacheb01', 'cachea01']);
    const item = p0.content[0];
    expect(item).toMatchObject({ technology: 'REDIS', family: 'REDIS', type: 'REDIS', topology: 'STANDALONE', sizing: '2cpu4gb', nodeCount: 1, status: 'ACTIVE', serviceId: 46922, path: '/databases/redis', version: '6.2.5' });
    expect(item.tags).toEqual([{ tagKey: 'app', tagValue: 'orders' }, { tagKey: 'team', tagValue: 'checkout' }]);
  });

  it('lists every kind in /itcare/compute/resources', async () => {
    const all = (await c.get('/itcare/compute/resources?services=46922&size=100')).body;
    expect(names(all)).toEqual(expect.arrayContaining(['PEB4APP01', 'PEB4APP02', 'rhutsql20', 'cachea01', 'ordersdb01']));
    const vm = all.content.find((i: any) => i.name === 'PEB4APP01');
    expect(vm).toMatchObject({ id: 500079802, category: 'INSTANCES', path: '/compute/instances', serviceId: 46922, tags: [{ tagKey: 'app', tagValue: 'orders' }, { tagKey: 'env', tagValue: 'qa' }] });
    const byIds = (await c.get(`/itcare/compute/resources?ids=500079803,${pgId}`)).body;
    expect(names(byIds)).toEqual(['PEB4APP02', 'ordersdb01']);
    expect(names((await c.get('/itcare/compute/resources?tags=env:prod')).body)).toEqual(['PEB5PRD01']);
    expect((await c.get(`/itcare/compute/resources/${pgId}`)).body).toMatchObject({ name: 'ordersdb01', path: '/databases/postgresql', family: 'POSTGRESQL' });
    expect((await c.get('/itcare/compute/resources/999999999')).status).toBe(404);
  });

  it('HEAD /itcare/compute/resources/{name} checks existence', async () => {
    expect((await c.head('/itcare/compute/resources/cachea01')).status).toBe(200);
    expect((await c.head('/itcare/compute/resources/cachea01?type=REDIS')).status).toBe(200);
    expect((await c.head('/itcare/compute/resources/cachea01?type=POSTGRESQL')).status).toBe(404);
    expect((await c.head('/itcare/compute/resources/missing01')).status).toBe(404);
  });

  it('serves services and their sub-lists', async () => {
    const list = (await c.get('/itcare/compute/services?environments=QA')).body;
    expect(names(list)).toEqual(['orders-qa']);
    expect((await c.get('/itcare/compute/services/46923')).body).toMatchObject({ id: 46923, name: 'orders-prod', environment: 'PRODUCTION', status: 'ACTIVE' });
    expect((await c.get('/itcare/compute/services/1')).status).toBe(404);
    const mdb = (await c.get('/itcare/compute/services/46922/managed-databases?names=cacheb01')).body;
    expect(mdb).toHaveLength(1);
    expect(mdb[0]).toMatchObject({ id: redisIds[1], name: 'cacheb01', technology: 'REDIS', sizing: '2cpu4gb' });
    const vms = (await c.get('/itcare/compute/services/46922/resources?categories=INSTANCES')).body;
    expect(vms.map((r: any) => r.name)).toEqual(['PEB4APP03', 'PEB4APP01', 'PEB4APP02']);
  });

  it('tracks actions by filters and in progress per service', async () => {
    const slow = await start({ actionMs: 60_000 });
    try {
      const s = client(slow);
      const res = await s.post('/itcare/databases/redis', redisBody({ name: 'slowcache1' }));
      const inProgress = (await s.get('/itcare/compute/services/46922/actions-in-progress?category=MANAGED_DATABASES')).body;
      expect(inProgress).toEqual([expect.objectContaining({ id: res.body.id, internalId: res.body.internalId, status: 'IN_PROGRESS' })]);
      expect((await s.get('/itcare/compute/services/46922/actions-in-progress?category=INSTANCES')).body).toEqual([]);
      const byId = (await s.get(`/itcare/actions?resourceId=${res.body.internalId}&statuses=IN_PROGRESS`)).body;
      expect(byId.map((a: any) => a.id)).toEqual([res.body.id]);
      expect((await s.get(`/itcare/actions?requestId=${res.body.id}`)).body).toHaveLength(1);
      expect((await s.get('/itcare/actions?resourceName=slowcache1&statuses=SUCCESS')).body).toEqual([]);
      expect((await s.get('/itcare/actions/1')).status).toBe(404);
    } finally {
      await slow.close();
    }
  });

  it('records history per resource', async () => {
    const res = await c.patch(`/itcare/databases/redis/${redisIds[2]}`, { operation: 'stop' });
    await waitAction(c, res.body.id);
    const hist = (await c.get(`/itcare/compute/resources/${redisIds[2]}/history?actions=stop`)).body;
    expect(hist).toEqual([expect.objectContaining({ process: 'STOP', status: 'SUCCESS' })]);
  });
});
