import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/start.js';
import { client, start } from './support.js';

function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

async function token(sim: RunningSimulator, auth: string, form = 'grant_type=client_credentials'): Promise<Response> {
  return fetch(sim.tokenUrl, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
}

describe('simulator auth', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await start();
  });
  afterAll(() => sim.close());

  it('issues a client-credentials token shaped as documented', async () => {
    const res = await token(sim, basic('caretaker-sim', 'caretaker-sim-secret'));
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ expires_in: 1200, refresh_expires_in: 7200, token_type: 'bearer' });
    expect(typeof body.access_token).toBe('string');
    const api = await client(sim, body.access_token).get('/itcare/compute/services/46922');
    expect(api.status).toBe(200);
  });

  it.each(Object.entries({
    'wrong secret': { reason: 'credentials are checked', auth: basic('caretaker-sim', 'nope'), form: 'grant_type=client_credentials', want: 401 },
    'unknown grant': { reason: 'only client_credentials and refresh_token', auth: basic('caretaker-sim', 'caretaker-sim-secret'), form: 'grant_type=password', want: 400 },
    'bad refresh token': { reason: 'refresh tokens must have been issued', auth: basic('caretaker-sim', 'caretaker-sim-secret'), form: 'grant_type=refresh_token&refresh_token=x', want: 400 },
  }))('refuses a token request: %s', async (_name, { auth, form, want }) => {
    const res = await token(sim, auth, form);
    expect(res.status).toBe(want);
  });

  it('accepts the documented refresh form and the standard refresh grant', async () => {
    const first = (await (await token(sim, basic('caretaker-sim', 'caretaker-sim-secret'))).json()) as any;
    const docs = await token(sim, basic('caretaker-sim', 'caretaker-sim-secret'), `grant_type=client_credentials&refresh_token=${first.refresh_token}`);
    expect(docs.status).toBe(200);
    const std = await token(sim, basic('caretaker-sim', 'caretaker-sim-secret'), `grant_type=refresh_token&refresh_token=${first.refresh_token}`);
    expect(std.status).toBe(200);
  });

  it.each(Object.entries({
    'no header': { reason: 'a bearer is required', token: '' },
    'unknown token': { reason: 'only issued or static tokens', token: 'forged' },
  }))('answers 401 with an empty body: %s', async (_name, { token: t }) => {
    const res = await client(sim, t).get('/itcare/compute/services');
    expect(res.status).toBe(401);
    expect(res.body).toBeUndefined();
  });

  it('expireTokens invalidates issued tokens but not static ones', async () => {
    const { access_token } = (await (await token(sim, basic('caretaker-sim', 'caretaker-sim-secret'))).json()) as any;
    expect((await client(sim, access_token).get('/itcare/compute/services')).status).toBe(200);
    sim.faults.expireTokens();
    expect((await client(sim, access_token).get('/itcare/compute/services')).status).toBe(401);
    expect((await client(sim).get('/itcare/compute/services')).status).toBe(200);
  });

  it('never faults the token endpoint and logs no credentials', async () => {
    sim.faults.next5xx = 1;
    const res = await token(sim, basic('caretaker-sim', 'caretaker-sim-secret'));
    expect(res.status).toBe(200);
    sim.faults.next5xx = 0;
    expect(JSON.stringify(sim.requests)).not.toContain('caretaker-sim-secret');
  });

  it('refuses a non-loopback host', async () => {
    await expect(startSimulator({ host: '0.0.0.0' })).rejects.toBeInstanceOf(ConfigError);
    await expect(startSimulator({ host: '0.0.0.0' })).rejects.toMatchObject({ code: 'ERR_CONFIG' });
  });
});
