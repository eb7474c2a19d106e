import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, TimeoutError } from '../../../src/core/errors.js';
import { createHttpClient } from '../../../src/http/client.js';
import { FAST_RETRY, ORIGIN, VND_JSON, mockAgent } from './mock.js';

// A real loopback server: one route answers at once, one never answers (until the test ends).
let server: Server;
let base: string;
const hanging = new Set<() => void>();

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.startsWith('/slow')) {
      hanging.add(() => res.end());
      return;
    }
    if (req.url?.startsWith('/big')) {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ pad: 'x'.repeat(64 * 1024) }));
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ url: req.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const end of hanging) end();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('timeouts (loopback server)', () => {
  it('talks plain http to loopback with its own keep-alive agent', async () => {
    const client = createHttpClient({ baseUrl: base });
    expect((await client.request({ method: 'GET', path: '/fast', query: { a: 1 } })).body).toEqual({ url: '/fast?a=1' });
    await client.close();
  });

  it('turns a request that outlives timeoutMs into TimeoutError naming method and path', async () => {
    const client = createHttpClient({ baseUrl: base, timeoutMs: 50, retry: FAST_RETRY });
    const err = await client.request({ method: 'GET', path: '/slow', query: { token: 'q-secret' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toMatchObject({ code: 'ERR_TIMEOUT' });
    expect((err as Error).message).toBe(`GET /slow: no response from ${new URL(base).host} within 50 ms`);
    // A read that timed out is retried with backoff, within the retry bound.
    expect(client.requestCount).toBe(FAST_RETRY.maxRetries + 1);
    await client.close();
  });

  it('never repeats a write that timed out: it may still be running on the server', async () => {
    const client = createHttpClient({ baseUrl: base, timeoutMs: 50, retry: FAST_RETRY });
    for (const method of ['POST', 'PATCH', 'PUT', 'DELETE'] as const) {
      const err = await client.request({ method, path: '/slow', body: {} }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TimeoutError);
    }
    expect(client.requestCount).toBe(4);
    await client.close();
  });
});

describe('bodies and aborts (loopback server)', () => {
  it('stops reading an answer above maxBodyBytes, fails the call naming it, and the client keeps working', async () => {
    const client = createHttpClient({ baseUrl: base, maxBodyBytes: 16 * 1024, retry: FAST_RETRY });
    const err = await client.request({ method: 'GET', path: '/big' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 200 });
    expect((err as Error).message).toContain('response body larger than the');
    expect(client.requestCount).toBe(1);
    expect((await client.request({ method: 'GET', path: '/fast' })).body).toEqual({ url: '/fast' });
    await client.close();
  });

  it('rejects with the caller signal reason when it aborts a request on the wire, and never retries it', async () => {
    const client = createHttpClient({ baseUrl: base, timeoutMs: 5_000, retry: FAST_RETRY });
    const stop = new AbortController();
    const reason = new Error('stopped by the caller');
    setTimeout(() => stop.abort(reason), 30);
    const started = Date.now();
    const err = await client.request({ method: 'GET', path: '/slow', signal: stop.signal }).catch((e: unknown) => e);
    expect(err).toBe(reason);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(client.requestCount).toBe(1);
    await client.close();
  });
});

describe('timeouts (MockAgent)', () => {
  it('retries a GET that timed out and returns the answer of the next attempt', async () => {
    const agent = mockAgent();
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: '/r', method: 'GET' }).reply(200, { n: 1 }, { headers: VND_JSON }).delay(500);
    pool.intercept({ path: '/r', method: 'GET' }).reply(200, { n: 2 }, { headers: VND_JSON });
    const client = createHttpClient({ baseUrl: ORIGIN, dispatcher: agent, timeoutMs: 30, retry: FAST_RETRY });
    const res = await client.request({ method: 'GET', path: '/r' });
    expect(res.body).toEqual({ n: 2 });
    expect(client.requestCount).toBe(2);
    await agent.close();
  });

  it('times out a delayed mock reply', async () => {
    const agent = mockAgent();
    agent.get(ORIGIN).intercept({ path: '/d', method: 'DELETE' }).reply(204, '').delay(500);
    const client = createHttpClient({ baseUrl: ORIGIN, dispatcher: agent, timeoutMs: 20 });
    const err = await client.request({ method: 'DELETE', path: '/d' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_TIMEOUT', message: 'DELETE /d: no response from api.test:443 within 20 ms' });
    await agent.close();
  });
});
