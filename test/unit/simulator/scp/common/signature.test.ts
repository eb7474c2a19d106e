import { describe, expect, it } from 'vitest';
import {
  scpSignature, signatureMessage, verifyScpRequest, SCP_SIM_ACCESS_KEY, SCP_SIM_SECRET_KEY,
} from '../../../../../src/simulator/scp/common/signature.js';
import type { RunningSimulator } from '../../../../../src/simulator/start.js';
import { scpClient, type ScpClient, sign, signedHeaders, start, withScpSimulator } from '../support.js';

// Test vectors of SCP-CACHESTORE-API.md §2 (computed by the digest's author with Node and Python).
const HOST = 'https://cachestore.kr-west1.e.samsungsdscloud.com';
const V = { timestamp: '1605290625682', accessKey: 'TESTACCESSKEY', secretKey: 'TESTSECRETKEY', accountId: '', clientType: 'Openapi' };

describe('SCP signature (digest §2 test vectors)', () => {
  it('builds the message by plain concatenation', () => {
    expect(signatureMessage({ ...V, method: 'GET', url: `${HOST}/v1/clusters?name=demo&page=0&size=20` }))
      .toBe(`GET${HOST}/v1/clusters?name=demo&page=0&size=201605290625682TESTACCESSKEYOpenapi`);
  });

  it('signs the GET vector', () => {
    expect(scpSignature({ ...V, method: 'GET', url: `${HOST}/v1/clusters?name=demo&page=0&size=20` }))
      .toBe('v4QRZax3buVf7V36LtOYrYfEtR5C8DogUBsy10qbufE=');
  });

  it('signs the POST vector (no query)', () => {
    expect(scpSignature({ ...V, method: 'POST', url: `${HOST}/v1/clusters/abc/start` }))
      .toBe('9WoRujA2qydLeA4imYmFfMku+GFc2r6bKggvFExkEfY=');
  });

  const keys = new Map([['TESTACCESSKEY', 'TESTSECRETKEY']]);
  const headers = (sig: string, over: Record<string, string | undefined> = {}) => ({
    'scp-accesskey': 'TESTACCESSKEY', 'scp-signature': sig, 'scp-timestamp': V.timestamp, 'scp-clienttype': 'Openapi', ...over,
  });

  it('verifies the vectors and rejects any change to the signed parts', () => {
    const url = `${HOST}/v1/clusters?name=demo&page=0&size=20`;
    const good = 'v4QRZax3buVf7V36LtOYrYfEtR5C8DogUBsy10qbufE=';
    const now = Number(V.timestamp);
    expect(verifyScpRequest('GET', url, headers(good), { keys, now })).toEqual({ ok: true, accessKey: 'TESTACCESSKEY' });
    expect(verifyScpRequest('POST', `${HOST}/v1/clusters/abc/start`, headers('9WoRujA2qydLeA4imYmFfMku+GFc2r6bKggvFExkEfY='), { keys, now }).ok).toBe(true);
    // Method, URL (query order), timestamp, account id, client type: each is signed.
    expect(verifyScpRequest('POST', url, headers(good), { keys, now })).toEqual({ ok: false, reason: 'signature mismatch' });
    expect(verifyScpRequest('GET', `${HOST}/v1/clusters?page=0&name=demo&size=20`, headers(good), { keys, now }).ok).toBe(false);
    expect(verifyScpRequest('GET', url, headers(good, { 'scp-timestamp': '1605290625683' }), { keys, now }).ok).toBe(false);
    expect(verifyScpRequest('GET', url, headers(good, { 'scp-accountid': 'acct' }), { keys, now }).ok).toBe(false);
    expect(verifyScpRequest('GET', url, headers(good, { 'scp-clienttype': 'Other' }), { keys, now }).ok).toBe(false);
    expect(verifyScpRequest('GET', url, headers(good.replace('v4', 'v5')), { keys, now }).ok).toBe(false);
  });

  it('names missing headers, unknown keys, bad timestamps and skew, never the secret', () => {
    const url = `${HOST}/v1/clusters`;
    const now = Number(V.timestamp);
    const r1 = verifyScpRequest('GET', url, { 'scp-accesskey': 'TESTACCESSKEY' }, { keys, now });
    expect(r1).toEqual({ ok: false, reason: 'missing header(s): Scp-Signature, Scp-Timestamp, Scp-ClientType' });
    expect(verifyScpRequest('GET', url, headers('x', { 'scp-accesskey': 'OTHER' }), { keys, now })).toEqual({ ok: false, reason: 'unknown access key' });
    expect(verifyScpRequest('GET', url, headers('x', { 'scp-timestamp': '2020-11-13' }), { keys, now }).ok).toBe(false);
    const sig = scpSignature({ ...V, method: 'GET', url });
    expect(verifyScpRequest('GET', url, headers(sig), { keys, now: now + 10 * 60_000 }).ok).toBe(true);
    expect(verifyScpRequest('GET', url, headers(sig), { keys, now: now + 10 * 60_000, maxSkewMs: 5 * 60_000 }))
      .toEqual({ ok: false, reason: 'Scp-Timestamp is 10 min behind the server clock (allowed ±5 min): check the clock of the machine that signs (NTP)' });
  });

  it('exports demo keys', () => {
    expect(SCP_SIM_ACCESS_KEY).toMatch(/\S{8,}/);
    expect(SCP_SIM_SECRET_KEY).not.toBe(SCP_SIM_ACCESS_KEY);
  });
});

describe('SCP simulator signature check over HTTP', () => {
  let sim: RunningSimulator;
  let c: ScpClient;
  withScpSimulator((s, client) => ((sim = s), (c = client)));

  it('serves /v1 on the ITCare port with the demo keys', async () => {
    expect(sim.scp.url).toBe(sim.url);
    expect(sim.scp.accessKey).toBe(SCP_SIM_ACCESS_KEY);
    expect(sim.scp.secretKey).toBe(SCP_SIM_SECRET_KEY);
    const res = await c.get('/v1/clusters');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
  });

  it('answers 401 on a missing or bad signature, without echoing the secret or the signature', async () => {
    const url = `${sim.scp.url}/v1/clusters`;
    const none = await c.raw('GET', '/v1/clusters', {});
    expect(none.status).toBe(401);
    expect(none.body.message).toContain('missing header(s)');
    const wrongSecret = signedHeaders(sim, 'GET', url);
    wrongSecret['Scp-Signature'] = sign('not-the-secret', 'GET', url, wrongSecret['Scp-Timestamp']!, sim.scp.accessKey);
    const bad = await c.raw('GET', '/v1/clusters', wrongSecret);
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({ code: 'UNAUTHORIZED', message: 'request signature rejected: signature mismatch' });
    expect(JSON.stringify(bad.body)).not.toContain(sim.scp.secretKey);
    // Signed for another path, or another method: rejected.
    expect((await c.raw('GET', '/v1/clusters?size=5', signedHeaders(sim, 'GET', url))).status).toBe(401);
    expect((await c.raw('POST', '/v1/clusters', signedHeaders(sim, 'GET', url))).status).toBe(401);
    // A 401 happens before routing: an unknown cluster is not revealed.
    expect((await c.raw('GET', '/v1/clusters/nope', {})).status).toBe(401);
    // The request log holds no header: neither the secret nor any signature.
    const log = JSON.stringify(sim.requests);
    expect(log).not.toContain(sim.scp.secretKey);
    expect(log).not.toContain(wrongSecret['Scp-Signature']!);
  });

  it('signs the raw query as sent', async () => {
    const res = await c.get('/v1/clusters?size=5&page=0&name=a%20b');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ size: 5, page: 0 });
  });

  it('refuses another Scp-Api-Version and accepts its absence', async () => {
    const url = `${sim.scp.url}/v1/clusters`;
    const v2 = await c.raw('GET', '/v1/clusters', signedHeaders(sim, 'GET', url, { 'Scp-API-Version': 'cachestore 2.0' }));
    expect(v2.status).toBe(400);
    expect(v2.body[0].loc).toEqual(['header', 'Scp-Api-Version']);
    const h = signedHeaders(sim, 'GET', url);
    delete h['Scp-API-Version'];
    expect((await c.raw('GET', '/v1/clusters', h)).status).toBe(200);
  });

  it('checks the clock skew only when configured', async () => {
    const strict = await start({ scpMaxSkewMs: 60_000 });
    try {
      const url = `${strict.scp.url}/v1/clusters`;
      const ts = String(Date.now() - 120_000);
      const h = signedHeaders(strict, 'GET', url, { 'Scp-Timestamp': ts, 'Scp-Signature': sign(strict.scp.secretKey, 'GET', url, ts, strict.scp.accessKey) });
      const res = await scpClient(strict).raw('GET', '/v1/clusters', h);
      expect(res.status).toBe(401);
      expect(res.body.message).toContain('Scp-Timestamp is 2 min behind the server clock (allowed ±1 min)');
    } finally {
      await strict.close();
    }
  });
});
