import { describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../src/http/client.js';
import { createLimiter } from '../../../src/http/limiter.js';
import { FAST_RETRY, ORIGIN, VND_JSON, mockAgent } from './mock.js';

describe('request budget (AIMD limiter)', () => {
  it('never lets more than max requests in flight', async () => {
    const l = createLimiter({ max: 3 });
    let now = 0;
    let peak = 0;
    await Promise.all(Array.from({ length: 20 }, async () => {
      const release = await l.acquire();
      now++;
      peak = Math.max(peak, now);
      await new Promise((r) => setTimeout(r, 1));
      now--;
      release();
    }));
    expect(peak).toBe(3);
    expect(l.stats()).toMatchObject({ peakInFlight: 3, inFlight: 0 });
  });

  it('halves on 429 (once per cool-down) and climbs back by one slot per window of clean answers', () => {
    let t = 0;
    const l = createLimiter({ max: 32, coolDownMs: 1000, now: () => t });
    l.feedback(true);
    l.feedback(true); // same burst: counted, not halved again
    expect(l.stats()).toMatchObject({ limit: 16, throttled: 2, decreases: 1 });
    t = 1500;
    l.feedback(true);
    expect(l.stats().limit).toBe(8);
    for (let i = 0; i < 8; i++) l.feedback(false);
    expect(l.stats().limit).toBe(9);
    for (let i = 0; i < 1000; i++) l.feedback(false);
    expect(l.stats().limit).toBe(32);
  });

  it('a 429 storm slows an idempotent read down but does not fail it', async () => {
    const agent = mockAgent();
    const pool = agent.get(ORIGIN);
    // More 429s in a row than maxRetries (4): they are refusals before processing, retried on their own budget.
    pool.intercept({ path: '/itcare/databases/redis/1' }).reply(429, { message: 'slow down' }, { headers: { ...VND_JSON, 'retry-after': '0.001' } }).times(8);
    pool.intercept({ path: '/itcare/databases/redis/1' }).reply(200, { id: 1 }, { headers: VND_JSON });
    const client = createHttpClient({ baseUrl: ORIGIN, dispatcher: agent, retry: FAST_RETRY, maxInFlight: 8 });
    const res = await client.request({ method: 'GET', path: '/itcare/databases/redis/1' });
    expect(res.body).toEqual({ id: 1 });
    expect(client.requestCount).toBe(9);
    expect(client.limiter!.stats()).toMatchObject({ throttled: 8, decreases: 1, limit: 4 });
    expect(client.requestsByEndpoint!().get('GET /itcare/databases/redis/{id}')).toBe(9);
    await agent.close();
  });
});
