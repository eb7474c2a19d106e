import type { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, ConfigError, InternalError, NetworkError } from '../../../src/core/errors.js';
import { Secret } from '../../../src/core/secret.js';
import { createHttpClient } from '../../../src/http/client.js';
import { staticToken } from '../../../src/http/oauth2.js';
import type { HttpClient, HttpClientOptions } from '../../../src/http/types.js';
import { FAST_RETRY, ORIGIN, VND_JSON, mockAgent, sysError } from './mock.js';

let agent: MockAgent;
let attempts: { status?: number; error?: string; attempt: number; path: string }[];
let client: HttpClient;

function make(extra: Partial<HttpClientOptions> = {}): HttpClient {
  return createHttpClient({
    baseUrl: ORIGIN,
    dispatcher: agent,
    retry: FAST_RETRY,
    onAttempt: (a) => attempts.push({ status: a.status, error: a.error, attempt: a.attempt, path: a.path }),
    ...extra,
  });
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

beforeEach(() => {
  agent = mockAgent();
  attempts = [];
  client = make();
});
afterEach(async () => {
  await client.close();
  await agent.close();
});

describe('requests and responses', () => {
  it('sends headers and the ITCare query style, parses vendor JSON', async () => {
    let seen: Record<string, string> = {};
    agent
      .get(ORIGIN)
      .intercept({ path: '/itcare/databases?names=a,b&page=0', method: 'GET' })
      .reply((o) => {
        seen = o.headers as Record<string, string>;
        return { statusCode: 200, data: JSON.stringify({ id: 1 }), responseOptions: { headers: VND_JSON } };
      });
    const res = await client.request({ method: 'GET', path: '/itcare/databases', query: { names: ['a', 'b'], page: 0, skip: undefined } });
    expect(res).toMatchObject({ status: 200, body: { id: 1 } });
    expect(res.headers['content-type']).toBe(VND_JSON['content-type']);
    expect(seen.accept).toBe('application/vnd.cegedim-it.v1+json, application/json;q=0.9, */*;q=0.8');
    expect(seen['content-type']).toBeUndefined();
    expect(client.requestCount).toBe(1);
  });

  it('serialises JSON bodies with Secrets revealed, content type overridable', async () => {
    const sent: { body?: string; type?: string }[] = [];
    agent
      .get(ORIGIN)
      .intercept({ path: '/itcare/x', method: 'POST' })
      .reply((o) => {
        sent.push({ body: String(o.body), type: (o.headers as Record<string, string>)['content-type'] });
        return { statusCode: 201, data: '' };
      })
      .times(2);
    const body = { name: 'n', password: new Secret('pa55word-1') };
    expect((await client.request({ method: 'POST', path: '/itcare/x', body })).body).toBeUndefined();
    await client.request({ method: 'POST', path: '/itcare/x', body, contentType: 'application/vnd.cegedim-it.v1+json' });
    expect(sent).toEqual([
      { body: '{"name":"n","password":"pa55word-1"}', type: 'application/json' },
      { body: '{"name":"n","password":"pa55word-1"}', type: 'application/vnd.cegedim-it.v1+json' },
    ]);
  });

  it('returns text bodies as text', async () => {
    agent.get(ORIGIN).intercept({ path: '/t' }).reply(200, 'hello', { headers: { 'content-type': 'text/plain' } });
    expect((await client.request({ method: 'GET', path: '/t' })).body).toBe('hello');
  });

  it('refuses plain http:// off loopback, accepts it on loopback', () => {
    const err = (() => {
      try {
        createHttpClient({ baseUrl: 'http://api.cegedim.cloud' });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err).toMatchObject({ code: 'ERR_CONFIG' });
    expect(() => createHttpClient({ baseUrl: 'http://127.0.0.1:1', dispatcher: agent })).not.toThrow();
  });

  it('close() leaves a dispatcher it does not own open, and refuses later requests', async () => {
    agent.get(ORIGIN).intercept({ path: '/a' }).reply(200, 'ok');
    await client.close();
    const other = make();
    expect((await other.request({ method: 'GET', path: '/a' })).status).toBe(200);
    expect(await failure(client.request({ method: 'GET', path: '/a' }))).toBeInstanceOf(InternalError);
  });
});

describe('retry', () => {
  it('retries a GET after 503 then succeeds', async () => {
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: '/r' }).reply(503, '');
    pool.intercept({ path: '/r' }).reply(200, { ok: true }, { headers: VND_JSON });
    expect((await client.request({ method: 'GET', path: '/r' })).body).toEqual({ ok: true });
    expect(attempts.map((a) => [a.attempt, a.status])).toEqual([[1, 503], [2, 200]]);
    expect(client.requestCount).toBe(2);
  });

  it('honours Retry-After on 429 (capped at maxDelay)', async () => {
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: '/r' }).reply(429, '', { headers: { 'retry-after': '1' } });
    pool.intercept({ path: '/r' }).reply(200, 'ok');
    expect((await client.request({ method: 'GET', path: '/r' })).status).toBe(200);
    expect(attempts.map((a) => a.status)).toEqual([429, 200]);
  });

  it('gives up after maxRetries with the last ApiError', async () => {
    agent.get(ORIGIN).intercept({ path: '/r' }).reply(503, '').times(5);
    const err = await failure(client.request({ method: 'GET', path: '/r' }));
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'ERR_API', status: 503, apiMessage: 'Service Unavailable' });
    expect(client.requestCount).toBe(5);
  });

  it('never retries a POST after 503', async () => {
    agent.get(ORIGIN).intercept({ path: '/p', method: 'POST' }).reply(503, '');
    const err = await failure(client.request({ method: 'POST', path: '/p', body: {} }));
    expect(err).toMatchObject({ code: 'ERR_API', status: 503, method: 'POST' });
    expect(client.requestCount).toBe(1);
  });

  it('retries a POST after 429 (refused before processing)', async () => {
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: '/p', method: 'POST' }).reply(429, '', { headers: { 'retry-after': '0' } });
    pool.intercept({ path: '/p', method: 'POST' }).reply(202, { id: 'a1' }, { headers: VND_JSON });
    expect((await client.request({ method: 'POST', path: '/p', body: {} })).status).toBe(202);
    expect(client.requestCount).toBe(2);
  });

  it('retries a POST marked idempotent', async () => {
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: '/p', method: 'POST' }).reply(502, '');
    pool.intercept({ path: '/p', method: 'POST' }).reply(200, 'ok');
    expect((await client.request({ method: 'POST', path: '/p', idempotent: true })).status).toBe(200);
  });

  it('retries a GET after a connection reset', async () => {
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: '/c' }).replyWithError(sysError('ECONNRESET'));
    pool.intercept({ path: '/c' }).reply(200, 'ok');
    expect((await client.request({ method: 'GET', path: '/c' })).body).toBe('ok');
    expect(attempts.map((a) => a.error ?? a.status)).toEqual(['ECONNRESET', 200]);
  });

  it('maps a persistent refusal to NetworkError, and never retries a reset POST', async () => {
    agent.get(ORIGIN).intercept({ path: '/c' }).replyWithError(sysError('ECONNREFUSED')).times(5);
    const err = await failure(client.request({ method: 'GET', path: '/c' }));
    expect(err).toBeInstanceOf(NetworkError);
    expect(err).toMatchObject({ code: 'ERR_NETWORK', method: 'GET', path: '/c' });
    const origin = new URL(ORIGIN);
    expect(err.message).toContain(`at ${origin.hostname}:${origin.port || (origin.protocol === 'https:' ? '443' : '80')}`);
    agent.get(ORIGIN).intercept({ path: '/c', method: 'POST' }).replyWithError(sysError('ECONNRESET'));
    expect(await failure(client.request({ method: 'POST', path: '/c' }))).toBeInstanceOf(NetworkError);
    expect(client.requestCount).toBe(6);
  });

  it('aborts during a backoff wait with the signal reason', async () => {
    const ctl = new AbortController();
    client = make({ retry: { maxDelayMs: 60_000 }, onAttempt: () => ctl.abort() });
    agent.get(ORIGIN).intercept({ path: '/w' }).reply(503, '', { headers: { 'retry-after': '60' } });
    const err = await failure(client.request({ method: 'GET', path: '/w', signal: ctl.signal }));
    expect(err.name).toBe('AbortError');
    expect(client.requestCount).toBe(1);
  });
});

describe('errors', () => {
  it('builds ApiError from an ITCare error body', async () => {
    agent
      .get(ORIGIN)
      .intercept({ path: '/itcare/databases/redis', method: 'POST' })
      .reply(
        400,
        { status: 'BAD_REQUEST', errorCode: 'INVALID_FIELD_VALUE', errorDesc: 'name', errorMessage: "Error on field 'name'" },
        { headers: { ...VND_JSON, 'x-request-id': 'r-42' } },
      );
    const err = await failure(client.request({ method: 'POST', path: '/itcare/databases/redis', body: { name: '' } }));
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      code: 'ERR_API',
      method: 'POST',
      path: '/itcare/databases/redis',
      status: 400,
      apiMessage: "Error on field 'name'",
      apiCode: 'INVALID_FIELD_VALUE',
      requestId: 'r-42',
    });
  });

  it('tolerates the invalid-JSON error sample of the docs', async () => {
    const sample = '{\n    "status": "BAD_REQUEST",\n    "errorCode": "INVALID_FIELD_VALUE",\n    "errorDesc": "name",\n    "errorMessage": "Error on field \'name\'\n}';
    agent.get(ORIGIN).intercept({ path: '/e', method: 'PATCH' }).reply(400, sample, { headers: VND_JSON });
    const err = await failure(client.request({ method: 'PATCH', path: '/e', body: {} }));
    expect(err).toMatchObject({ status: 400, apiMessage: "Error on field 'name'", apiCode: 'INVALID_FIELD_VALUE' });
  });

  it('keeps secrets and the token out of error messages, even when the API echoes them', async () => {
    client = make({ auth: staticToken('tok-abcdef-123') });
    agent
      .get(ORIGIN)
      .intercept({ path: '/s?filter=x', method: 'POST' })
      .reply((o) => ({
        statusCode: 400,
        data: JSON.stringify({ errorMessage: `bad ${JSON.parse(String(o.body)).password} with ${(o.headers as Record<string, string>).authorization}` }),
        responseOptions: { headers: VND_JSON },
      }));
    const err = await failure(client.request({ method: 'POST', path: '/s', query: { filter: 'x' }, body: { password: new Secret('hunter2-pw') } }));
    expect(err).toMatchObject({ code: 'ERR_API', path: '/s' });
    expect(err.message).not.toContain('hunter2-pw');
    expect(err.message).not.toContain('tok-abcdef-123');
    expect(err.message).toContain('(sensitive)');
  });

  // Issue 20 item 2: encoded and truncated echoes, and secrets in 2xx answers, are scrubbed where they enter.
  it('scrubs a 400 that echoes the Authorization header base64-encoded, or the token cut to its first 60 %', async () => {
    const token = 'tok-Zq9x-7fK2-Lm4P-0wR8-Yt6B';
    client = make({ auth: staticToken(token) });
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: '/b64', method: 'GET' }).reply((o) => ({
      statusCode: 400,
      data: JSON.stringify({ errorMessage: `you sent ${Buffer.from(String((o.headers as Record<string, string>).authorization)).toString('base64')}` }),
      responseOptions: { headers: VND_JSON },
    }));
    pool.intercept({ path: '/cut', method: 'GET' }).reply(400, JSON.stringify({ errorMessage: `expired: ${token.slice(0, 17)}` }), { headers: VND_JSON });
    const b64 = await failure(client.request({ method: 'GET', path: '/b64' }));
    const cut = await failure(client.request({ method: 'GET', path: '/cut' }));
    expect(b64.message).toContain('(sensitive)');
    expect(b64.message).not.toContain(Buffer.from(`Bearer ${token}`).toString('base64').slice(12, 30));
    expect(cut.message).toMatch(/^400 GET \/cut: expired: ?\(sensitive\)$/);
  });

  it('retries once after a 401 with a fresh token, then hints at the credentials', async () => {
    let invalidated = 0;
    let n = 0;
    client = make({ auth: { authorization: async () => `Bearer t${++n}`, invalidate: () => void invalidated++ } });
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: '/a', method: 'POST', headers: { authorization: 'Bearer t1' } }).reply(401, '');
    pool.intercept({ path: '/a', method: 'POST', headers: { authorization: 'Bearer t2' } }).reply(201, 'ok');
    expect((await client.request({ method: 'POST', path: '/a' })).status).toBe(201);
    expect(invalidated).toBe(1);

    pool.intercept({ path: '/a' }).reply(401, '').times(2);
    const err = await failure(client.request({ method: 'GET', path: '/a' }));
    expect(err).toMatchObject({ code: 'ERR_API', status: 401, apiMessage: 'Unauthorized; check the API credentials' });
    expect(invalidated).toBe(2);
    expect(client.requestCount).toBe(4);
  });
});
