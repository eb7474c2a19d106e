import type { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, AuthError, ConfigError } from '../../../src/core/errors.js';
import { Secret } from '../../../src/core/secret.js';
import { createHttpClient } from '../../../src/http/client.js';
import { clientCredentials, staticToken, type ClientCredentialsOptions } from '../../../src/http/oauth2.js';
import { FAST_RETRY, ORIGIN, VND_JSON, mockAgent } from './mock.js';

const AUTH = 'https://auth.test';
const TOKEN_PATH = '/auth/realms/cloud/protocol/openid-connect/token';
const SECRET = 'cl1ent-s3cret';
const BASIC = `Basic ${Buffer.from(`caretaker:${SECRET}`).toString('base64')}`;

let agent: MockAgent;
let clock: number;
let tokenCalls: number;

function source(extra: Partial<ClientCredentialsOptions> = {}) {
  return clientCredentials({
    tokenUrl: `${AUTH}${TOKEN_PATH}`,
    clientId: 'caretaker',
    clientSecret: new Secret(SECRET),
    dispatcher: agent,
    now: () => clock,
    retry: FAST_RETRY,
    ...extra,
  });
}

/** Serves `count` tokens t1, t2… valid 1200 s, only to a correct client-credentials request. */
function serveTokens(count = 1): void {
  agent
    .get(AUTH)
    .intercept({
      path: TOKEN_PATH,
      method: 'POST',
      body: 'grant_type=client_credentials',
      headers: { authorization: BASIC, 'content-type': 'application/x-www-form-urlencoded' },
    })
    .reply(() => {
      tokenCalls++;
      return {
        statusCode: 200,
        data: JSON.stringify({ access_token: `t${tokenCalls}`, expires_in: 1200, token_type: 'bearer' }),
        responseOptions: { headers: { 'content-type': 'application/json' } },
      };
    })
    .times(count);
}

beforeEach(() => {
  agent = mockAgent();
  clock = 1_000_000;
  tokenCalls = 0;
});
afterEach(async () => {
  await agent.close();
});

describe('staticToken', () => {
  it('sends Bearer <token>, keeps an explicit scheme, refuses empty', async () => {
    expect(await staticToken('abc').authorization()).toBe('Bearer abc');
    expect(await staticToken('Bearer xyz').authorization()).toBe('Bearer xyz');
    expect(await staticToken(new Secret('s')).authorization()).toBe('Bearer s');
    expect(() => staticToken(' ')).toThrow(ConfigError);
  });
});

describe('clientCredentials', () => {
  it('fetches one token for concurrent callers and caches it', async () => {
    serveTokens(1);
    const auth = source();
    const values = await Promise.all([1, 2, 3, 4, 5].map(() => auth.authorization()));
    expect(values).toEqual(Array(5).fill('Bearer t1'));
    expect(await auth.authorization()).toBe('Bearer t1');
    expect(tokenCalls).toBe(1);
  });

  it('refreshes at 80% of expires_in (injected clock)', async () => {
    serveTokens(2);
    const auth = source();
    expect(await auth.authorization()).toBe('Bearer t1');
    clock += 959_999;
    expect(await auth.authorization()).toBe('Bearer t1');
    clock += 1;
    expect(await auth.authorization()).toBe('Bearer t2');
    expect(tokenCalls).toBe(2);
  });

  it('keeps the old token while it is valid when a renewal fails', async () => {
    serveTokens(1);
    agent.get(AUTH).intercept({ path: TOKEN_PATH, method: 'POST' }).reply(400, { error: 'invalid_request' }).times(2);
    const auth = source();
    await auth.authorization();
    clock += 1_000_000; // past refresh, before expiry
    expect(await auth.authorization()).toBe('Bearer t1');
    clock += 200_001; // expired: the renewal failure is reported
    await expect(auth.authorization()).rejects.toMatchObject({ code: 'ERR_AUTH', cause: { code: 'ERR_API', status: 400 } });
  });

  it('retries a 503 from the token endpoint (asking for a token is idempotent)', async () => {
    agent.get(AUTH).intercept({ path: TOKEN_PATH, method: 'POST' }).reply(503, '');
    serveTokens(1);
    expect(await source().authorization()).toBe('Bearer t1');
  });

  it('maps token endpoint errors to one login failure naming the token URL, the ApiError as its cause, never showing the secret', async () => {
    agent
      .get(AUTH)
      .intercept({ path: TOKEN_PATH, method: 'POST' })
      .reply(401, { error: 'invalid_client', error_description: `Invalid client credentials ${SECRET}` })
      .times(2);
    const err = (await source().authorization().catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toMatch(/^login failed at the token URL https?:\/\/[^ ]+ /);
    expect(err.message).toContain(`${TOKEN_PATH}: 401 POST ${TOKEN_PATH}`);
    expect(err.message).toContain('check ITCARE_CLIENT_ID and ITCARE_CLIENT_SECRET');
    expect(err.cause).toBeInstanceOf(ApiError);
    expect(err.cause).toMatchObject({ code: 'ERR_API', status: 401, method: 'POST', path: TOKEN_PATH, apiCode: 'invalid_client' });
    expect((err as Error).message).not.toContain(SECRET);
    expect((err as Error).message).not.toContain(BASIC.slice(6));
  });

  it('refuses a token response without access_token', async () => {
    agent.get(AUTH).intercept({ path: TOKEN_PATH, method: 'POST' }).reply(200, { token_type: 'bearer' }, { headers: VND_JSON });
    await expect(source().authorization()).rejects.toMatchObject({ code: 'ERR_AUTH', cause: { code: 'ERR_API', apiMessage: 'token response has no access_token' } });
  });

  it('refuses an http:// token URL off loopback', () => {
    expect(() => source({ tokenUrl: 'http://accounts.example.com/token' })).toThrow(ConfigError);
    expect(() => source({ tokenUrl: 'http://127.0.0.1:9/token' })).not.toThrow();
  });

  it("one caller's abort does not cancel the shared token request", async () => {
    serveTokens(1);
    const auth = source();
    const ctl = new AbortController();
    const aborted = auth.authorization(ctl.signal);
    const other = auth.authorization();
    ctl.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    expect(await other).toBe('Bearer t1');
    expect(tokenCalls).toBe(1);
  });
});

describe('client with clientCredentials', () => {
  it('shares one token across concurrent requests, and renews it once after a 401', async () => {
    serveTokens(2);
    const client = createHttpClient({ baseUrl: ORIGIN, dispatcher: agent, auth: source(), retry: FAST_RETRY });
    const api = agent.get(ORIGIN);
    api.intercept({ path: '/itcare/x', headers: { authorization: 'Bearer t1' } }).reply(200, 'ok').times(3);
    const results = await Promise.all([1, 2, 3].map(() => client.request({ method: 'GET', path: '/itcare/x' })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(tokenCalls).toBe(1);

    api.intercept({ path: '/itcare/y', method: 'POST', headers: { authorization: 'Bearer t1' } }).reply(401, '');
    api.intercept({ path: '/itcare/y', method: 'POST', headers: { authorization: 'Bearer t2' } }).reply(202, { id: 'act' }, { headers: VND_JSON });
    expect((await client.request({ method: 'POST', path: '/itcare/y', body: {} })).body).toEqual({ id: 'act' });
    expect(tokenCalls).toBe(2);
    expect(client.requestCount).toBe(5);
    await client.close();
  });
});
