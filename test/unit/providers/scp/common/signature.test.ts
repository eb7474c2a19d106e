// SCP request signing: the digest's test vectors (§2), and the headers the HttpClient sends.
import { describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../../../src/http/client.js';
import { scpSignature, scpSigner, signatureMessage } from '../../../../../src/providers/scp/common/signature.js';
import { FAST_RETRY, mockAgent } from '../../../http/mock.js';

const BASE = 'https://cachestore.kr-west1.e.samsungsdscloud.com';
const keys = { timestamp: '1605290625682', accessKey: 'TESTACCESSKEY', secretKey: 'TESTSECRETKEY' };

describe('scpSignature (digest §2 vectors)', () => {
  it('signs a GET with a query', () => {
    const url = `${BASE}/v1/clusters?name=demo&page=0&size=20`;
    expect(signatureMessage({ method: 'GET', url, ...keys })).toBe(
      'GEThttps://cachestore.kr-west1.e.samsungsdscloud.com/v1/clusters?name=demo&page=0&size=201605290625682TESTACCESSKEYOpenapi',
    );
    expect(scpSignature({ method: 'GET', url, ...keys })).toBe('v4QRZax3buVf7V36LtOYrYfEtR5C8DogUBsy10qbufE=');
  });
  it('signs a POST without a query', () => {
    expect(scpSignature({ method: 'POST', url: `${BASE}/v1/clusters/abc/start`, ...keys })).toBe('9WoRujA2qydLeA4imYmFfMku+GFc2r6bKggvFExkEfY=');
  });
});

describe('signed HttpClient', () => {
  it('sends the Scp-* headers signed over the URL as sent', async () => {
    const agent = mockAgent();
    let seen: Record<string, string> = {};
    agent.get(BASE).intercept({ path: '/v1/clusters?name=demo&page=0&size=20', method: 'GET' }).reply(200, (opts) => {
      seen = opts.headers as Record<string, string>;
      return { contents: [] };
    });
    const http = createHttpClient({ baseUrl: BASE, dispatcher: agent, retry: FAST_RETRY, signer: scpSigner('TESTACCESSKEY', 'TESTSECRETKEY', () => 1605290625682) });
    await http.request({ method: 'GET', path: '/v1/clusters', query: { name: 'demo', page: 0, size: 20 } });
    expect(seen['scp-signature']).toBe('v4QRZax3buVf7V36LtOYrYfEtR5C8DogUBsy10qbufE=');
    expect(seen['scp-timestamp']).toBe('1605290625682');
    expect(seen['scp-accesskey']).toBe('TESTACCESSKEY');
    expect(seen['scp-clienttype']).toBe('Openapi');
    expect(seen['scp-api-version']).toBe('cachestore 1.0');
  });
  it('a rejected signature is one 401 error naming method and path, without the secret or the signature', async () => {
    const agent = mockAgent();
    agent.get(BASE).intercept({ path: '/v1/clusters/abc', method: 'GET' }).reply(401, { code: 'Unauthorized', message: 'invalid signature' });
    const http = createHttpClient({ baseUrl: BASE, dispatcher: agent, retry: FAST_RETRY, signer: scpSigner('TESTACCESSKEY', 'TESTSECRETKEY') });
    const err = (await http.request({ method: 'GET', path: '/v1/clusters/abc' }).then(() => new Error('no error'), (e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/GET \/v1\/clusters\/abc/);
    expect(err.message).toMatch(/401/);
    expect(err.message).not.toContain('TESTSECRETKEY');
    expect(err.stack ?? '').not.toContain('TESTSECRETKEY');
  });
  it('refuses plain http off loopback', () => {
    expect(() => createHttpClient({ baseUrl: 'http://cachestore.example.com', signer: scpSigner('a', 'b') })).toThrow(/http/);
  });
});
