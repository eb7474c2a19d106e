import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clearFaults } from '../../../src/simulator/faults.js';
import type { RunningSimulator } from '../../../src/simulator/start.js';
import { client, createAndWait, redisBody, start, waitAction, type Client } from './support.js';

const SERVICES = '/itcare/compute/services';

describe('simulator faults', () => {
  let sim: RunningSimulator;
  let c: Client;
  beforeAll(async () => {
    sim = await start();
    c = client(sim);
  });
  afterEach(() => clearFaults(sim.faults, 0));
  afterAll(() => sim.close());

  it('answers 429 with Retry-After for the next N requests', async () => {
    sim.faults.next429 = 2;
    sim.faults.retryAfterSeconds = 0;
    const a = await c.get(SERVICES);
    expect(a.status).toBe(429);
    expect(a.headers.get('retry-after')).toBe('0');
    expect((await c.get(SERVICES)).status).toBe(429);
    expect((await c.get(SERVICES)).status).toBe(200);
    expect(sim.requests.at(-2)).toMatchObject({ status: 429, fault: '429', path: SERVICES });
  });

  it('rotates 503, 502, 504', async () => {
    sim.faults.next5xx = 3;
    const got = [await c.get(SERVICES), await c.get(SERVICES), await c.get(SERVICES)].map((r) => r.status);
    expect([...got].sort()).toEqual([502, 503, 504]);
    expect((await c.get(SERVICES)).status).toBe(200);
  });

  it('resets connections without processing the request', async () => {
    sim.faults.resetNext = 1;
    const before = sim.state.resources.length;
    await expect(c.post('/itcare/databases/redis', redisBody({ name: 'resetme01' }))).rejects.toThrow();
    expect(sim.state.resources.length).toBe(before);
    expect(sim.requests.at(-1)).toMatchObject({ fault: 'reset', status: 0 });
    expect((await c.get(SERVICES)).status).toBe(200);
  });

  it('resets the next writes only, before processing them; reads pass', async () => {
    sim.faults.resetNextWrites = 1;
    expect((await c.get(SERVICES)).status).toBe(200);
    const before = sim.state.resources.length;
    await expect(c.post('/itcare/databases/redis', redisBody({ name: 'resetwr01' }))).rejects.toThrow();
    expect(sim.state.resources.length).toBe(before);
    expect(sim.requests.at(-1)).toMatchObject({ method: 'POST', fault: 'reset', status: 0 });
    expect(sim.faults.resetNextWrites).toBe(0);
  });

  it('drops the response of a processed create', async () => {
    sim.faults.dropResponseNext = 1;
    expect((await c.get(SERVICES)).status).toBe(200); // GETs are not counted
    await expect(c.post('/itcare/databases/redis', redisBody({ name: 'lostresp1' }))).rejects.toThrow();
    expect(sim.requests.at(-1)).toMatchObject({ fault: 'dropped', status: 202 });
    const found = (await c.get('/itcare/databases?names=lostresp1')).body;
    expect(found.totalElements).toBe(1);
    expect(sim.faults.dropResponseNext).toBe(0);
  });

  it('answers one-shot rejections matching method and path prefix', async () => {
    sim.faults.rejectNext.push({ method: 'POST', pathPrefix: '/itcare/databases', status: 422, errorCode: 'X', errorMessage: 'nope' });
    expect((await c.get('/itcare/databases')).status).toBe(200);
    const res = await c.post('/itcare/databases/redis', redisBody({ name: 'rejected1' }));
    expect(res).toMatchObject({ status: 422, body: { errorCode: 'X', errorMessage: 'nope' } });
    expect(sim.faults.rejectNext).toEqual([]);
  });

  it('fails matching actions: ERROR, and a failed create leaves no resource', async () => {
    sim.faults.failActions.push({ resourceName: 'failing01', operation: 'create', message: 'boom', count: 1 });
    const res = await c.post('/itcare/databases/redis', redisBody({ name: 'failing01' }));
    expect(res.status).toBe(202);
    const done = await waitAction(c, res.body.id);
    expect(done).toMatchObject({ status: 'ERROR', message: 'boom' });
    expect((await c.get(`/itcare/databases/redis/${res.body.internalId}`)).status).toBe(404);
    expect(sim.faults.failActions).toEqual([]);
    // The count is consumed: the next create of the same name succeeds.
    await createAndWait(c, '/itcare/databases/redis', redisBody({ name: 'failing01' }));
  });

  it('fails an update without applying it', async () => {
    const id = await createAndWait(c, '/itcare/databases/redis', redisBody({ name: 'failresz1' }));
    sim.faults.failActions.push({ operation: 'RESIZE' });
    const res = await c.patch(`/itcare/databases/redis/${id}`, { operation: 'resize', options: { sizing: '8cpu16gb' } });
    expect((await waitAction(c, res.body.id)).status).toBe('ERROR');
    expect((await c.get(`/itcare/databases/redis/${id}`)).body).toMatchObject({ cpu: 2, ram: 4 });
    expect(sim.faults.failActions).toHaveLength(1); // no count: every matching action fails
  });

  it('draws random 503s from a seeded PRNG (same seed, same sequence)', async () => {
    const run = async (): Promise<number[]> => {
      const s = await start({ faultRate: 0.5, seed: 42 });
      try {
        const sc = client(s);
        const out: number[] = [];
        for (let i = 0; i < 12; i++) out.push((await sc.get(SERVICES)).status);
        return out;
      } finally {
        await s.close();
      }
    };
    const first = await run();
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });

  it('ends a matching action with another final status (CANCELED) and its message', async () => {
    sim.faults.failActions.push({ resourceName: 'canceled1', operation: 'create', status: 'canceled', message: 'canceled by an operator', count: 1 });
    const res = await c.post('/itcare/databases/redis', redisBody({ name: 'canceled1' }));
    expect(await waitAction(c, res.body.id)).toMatchObject({ status: 'CANCELED', message: 'canceled by an operator' });
  });

  it('seeded random faults: 429 bursts, resets before processing, answers dropped after processing, failed and slow actions', async () => {
    const run = async () => {
      const s = await start({ seed: 7, actionMs: 0 });
      try {
        Object.assign(s.faults, { rate429: 0.2, burst429: 3, retryAfterSeconds: 0, resetRate: 0.1, dropRate: 0.5, failActionRate: 0.5, slowActionMs: 60_000, slowActionRate: 0.5 });
        const sc = client(s);
        for (let i = 0; i < 30; i++) await sc.get(SERVICES).catch(() => undefined);
        for (let i = 0; i < 16; i++) await sc.post('/itcare/databases/redis', redisBody({ name: `rnd${String(i).padStart(2, '0')}x` })).catch(() => undefined);
        return { log: s.requests.map((q) => `${q.method} ${q.status} ${q.fault ?? ''}`), actions: s.state.actions.map((a) => [a.failWith !== undefined, a.dueAt - Date.parse(a.submittedAt) > 30_000]) };
      } finally {
        await s.close();
      }
    };
    const first = await run();
    expect(await run()).toEqual(first); // same seed, same faults
    const faults = first.log.map((l) => l.split(' ')[2]);
    // A burst is burst429 answers in a row.
    const bursts = first.log.join('\n').match(/(GET 429 burst-429\n){3}/g) ?? [];
    expect(bursts.length).toBeGreaterThan(0);
    expect(faults).toContain('reset');
    expect(first.log.filter((l) => l.startsWith('POST 202 dropped')).length).toBeGreaterThan(0);
    expect(first.actions.some(([failed]) => failed)).toBe(true);
    expect(first.actions.some(([failed]) => !failed)).toBe(true);
    expect(first.actions.some(([, slow]) => slow)).toBe(true);
    expect(first.actions.some(([, slow]) => !slow)).toBe(true);
  });

  it('drops the answer of one chosen call (dropMatching), once', async () => {
    sim.faults.dropMatching = [{ method: 'POST', pathPrefix: '/itcare/databases/redis' }];
    await expect(c.post('/itcare/databases', redisBody({ name: 'notdropd1' }))).resolves.toBeDefined();
    await expect(c.post('/itcare/databases/redis', redisBody({ name: 'dropped01' }))).rejects.toThrow();
    expect(sim.requests.at(-1)).toMatchObject({ fault: 'dropped', status: 202 });
    expect(sim.faults.dropMatching).toEqual([]);
    expect((await c.post('/itcare/databases/redis', redisBody({ name: 'dropped02' }))).status).toBe(202);
  });

  it('refuses a rate above 1 through the control route', async () => {
    const r = await fetch(`${sim.url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ dropRate: 2 }) });
    expect(r.status).toBe(400);
  });

  it('adds latency and still answers', async () => {
    const s = await start({ latencyMs: 5 });
    try {
      expect((await client(s).get(SERVICES)).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});

describe('simulator control routes', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await start();
  });
  afterAll(() => sim.close());

  it('merges faults, exposes state and requests, and resets', async () => {
    const post = await fetch(`${sim.url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ next429: 1, retryAfterSeconds: 0, failActions: [{ operation: 'delete' }] }) });
    expect(post.status).toBe(200);
    expect(sim.faults).toMatchObject({ next429: 1, retryAfterSeconds: 0, failActions: [{ operation: 'delete' }] });
    expect((await (await fetch(`${sim.url}/__sim/faults`)).json()) as any).toMatchObject({ next429: 1 });
    expect((await fetch(`${sim.url}/__sim/faults`, { method: 'POST', body: '{"next5xx": -1}' })).status).toBe(400);
    expect((await client(sim).get(SERVICES)).status).toBe(429);

    const id = await createAndWait(client(sim), '/itcare/databases/redis', redisBody({ name: 'controlled' }));
    const state = (await (await fetch(`${sim.url}/__sim/state`)).json()) as any;
    expect(state.resources.map((r: any) => r.id)).toContain(id);
    const log = (await (await fetch(`${sim.url}/__sim/requests`)).json()) as any;
    expect(log.some((e: any) => e.path === '/itcare/databases/redis' && e.method === 'POST' && e.status === 202)).toBe(true);
    expect(log.some((e: any) => e.path.startsWith('/__sim'))).toBe(false);

    expect((await fetch(`${sim.url}/__sim/reset`, { method: 'POST' })).status).toBe(204);
    expect(sim.state.resources.map((r) => r.id)).not.toContain(id);
    expect(sim.faults.failActions).toEqual([]);
    expect(sim.requests).toEqual([]);
  });

  it('expires tokens through the control route', async () => {
    const auth = `Basic ${Buffer.from('caretaker-sim:caretaker-sim-secret').toString('base64')}`;
    const tok = (await (await fetch(sim.tokenUrl, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' })).json()) as any;
    await fetch(`${sim.url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ expireTokens: true }) });
    expect((await client(sim, tok.access_token).get(SERVICES)).status).toBe(401);
  });
});
