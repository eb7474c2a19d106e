// Every request the SCP provider sends, compared byte for byte with what the official SDK would send for
// the same call. The SDK side is a reference written here, independently of src/, from the SDK's files
// (SamsungSDSCloud/terraform-sdk-samsungcloudplatformv2: client/signature_generator.go MakeHmacSignature,
// client/configuration.go SetupRequestHeader, library/cachestore/1.0/client.go prepareRequest and the
// API files' url.PathEscape of path parameters) and Go's documented net/url rules. The caretaker side is
// what a real loopback server receives: the request line as read off the socket, the Host header and
// the Scp-* headers.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../../../src/http/client.js';
import type { HttpClient } from '../../../../../src/http/types.js';
import { executeScp, pollOne } from '../../../../../src/providers/scp/common/requests.js';
import { scpClientOptions } from '../../../../../src/providers/scp/index.js';
import { createCatalogueCheck } from '../../../../../src/providers/scp/kinds/cache-store/catalogue.js';
import { listClusters } from '../../../../../src/providers/scp/kinds/cache-store/observe.js';
import { deleteOps } from '../../../../../src/providers/scp/kinds/cache-store/operations.js';
import { FAST_RETRY, mockAgent } from '../../../http/mock.js';

// ---- the reference: the SDK's rules, restated ------------------------------------------------------
/** Go url.QueryEscape, derived from encodeURIComponent (which keeps !'()* and writes a space as %20). */
const refQueryEscape = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, '+');
/** Go url.PathEscape: the same, a space stays %20, and `$ & + : = @` are not escaped in a segment. */
const refPathEscape = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%(24|26|2B|3A|3D|40)/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
/** url.Values.Encode (keys by bytes, values in order), then the SDK's `%5B`/`%5D` -> `[`/`]` in keys. */
function refEncode(values: Array<[string, string[]]>): string {
  const sorted = [...values].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return sorted.flatMap(([k, vs]) => vs.map((v) => `${refQueryEscape(k).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${refQueryEscape(v)}`)).join('&');
}
const TS = 1605290625682;
const KEYS = { accessKey: 'TESTACCESSKEY', secretKey: 'TESTSECRETKEY' };

/** What the SDK sends: the configured endpoint + the path (parameters PathEscape'd) + `?` + the encoded query; signed as such. */
function sdk(endpoint: string, method: string, template: string, params: Record<string, string>, query: Array<[string, string[]]>, accountId = '') {
  const path = template.replace(/\{(\w+)\}/g, (_m, n: string) => refPathEscape(params[n]!));
  const encoded = refEncode(query);
  const url = `${endpoint}${path}${encoded === '' ? '' : `?${encoded}`}`;
  const message = [method, url, String(TS), KEYS.accessKey, accountId, 'Openapi'].join('');
  const m = /^[a-z]+:\/\/([^/]+)(.*)$/i.exec(url)!;
  return {
    requestLine: `${method} ${m[2]} HTTP/1.1`,
    host: m[1],
    signature: createHmac('sha256', KEYS.secretKey).update(message).digest('base64'),
    accountId,
  };
}

// ---- caretaker over the wire ---------------------------------------------------------------------
interface Seen {
  requestLine: string;
  host: string | undefined;
  signature: string | undefined;
  accountId: string | undefined;
}
let server: Server;
let port = 0;
const seen: Seen[] = [];
beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    const raw = req.rawHeaders;
    const header = (name: string) => { const i = raw.findIndex((h, n) => n % 2 === 0 && h.toLowerCase() === name); return i === -1 ? undefined : raw[i + 1]; };
    seen.push({ requestLine: `${req.method} ${req.url} HTTP/${req.httpVersion}`, host: header('host'), signature: header('scp-signature'), accountId: header('scp-accountid') });
    req.resume();
    res.setHeader('content-type', 'application/json');
    if (req.method === 'DELETE') {
      res.statusCode = 202;
      res.end(JSON.stringify({ request_id: 'req-1', resource: { id: 'x' } }));
    } else res.end(JSON.stringify({ contents: [], count: 0 }));
  });
  await new Promise<void>((ok) => server.listen(0, 'localhost', ok));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

function client(endpoint: string, accountId?: string): HttpClient {
  return createHttpClient({ baseUrl: endpoint, retry: FAST_RETRY, ...scpClientOptions({ ...KEYS, accountId, now: () => TS }) });
}
async function sent(endpoint: string, call: (http: HttpClient) => Promise<unknown>, accountId?: string): Promise<Seen[]> {
  const http = client(endpoint, accountId);
  const from = seen.length;
  try {
    await call(http);
  } finally {
    await http.close();
  }
  return seen.slice(from);
}

describe('requests as the official SDK sends them (request line, Host, Scp-Signature)', () => {
  it('List Clusters by a name with a space, *, ~ and a non-ASCII letter, to an upper-case host', async () => {
    const endpoint = `http://LOCALHOST:${port}`;
    const name = 'orders cache*~é';
    const got = await sent(endpoint, (http) => listClusters(http, name));
    expect(got).toEqual([sdk(endpoint, 'GET', '/v1/clusters', {}, [['name', [name]], ['page', ['0']], ['size', ['100']]])]);
    expect(got[0]!.requestLine).toBe(`GET /v1/clusters?name=orders+cache%2A~%C3%A9&page=0&size=100 HTTP/1.1`);
    expect(got[0]!.host).toBe(`LOCALHOST:${port}`);
  });

  it('List Engine Versions of an image type with spaces: `+`, not %20', async () => {
    const endpoint = `http://localhost:${port}`;
    const check = (http: HttpClient) => createCatalogueCheck(http)({ address: 'CacheStore/x', kind: 'CacheStore', name: 'x', spec: {} }).catch(() => undefined);
    const got = await sent(endpoint, check);
    expect(got.slice(0, 2)).toEqual([
      sdk(endpoint, 'GET', '/v1/engine-versions', {}, [['product_image_type', ['Redis OSS Sentinel']]]),
      sdk(endpoint, 'GET', '/v1/engine-versions', {}, [['product_image_type', ['Valkey Sentinel']]]),
    ]);
    expect(got[0]!.requestLine).toContain('?product_image_type=Redis+OSS+Sentinel ');
  });

  it('Terminate and Show Request/Cluster with an id holding `/`, a space and a non-ASCII letter, under a path prefix', async () => {
    const endpoint = `http://localhost:${port}/scp`;
    const id = 'a/b é';
    const got = await sent(`${endpoint}/`, async (http) => {
      await executeScp(http, deleteOps({ exists: true, id, spec: {} })[0]!);
      await pollOne(http, { id: JSON.stringify({ r: 'req 1/2', c: id, t: { wait: 'terminated' } }) }, async () => true);
    });
    expect(got).toEqual([
      sdk(endpoint, 'DELETE', '/v1/clusters/{cluster_id}', { cluster_id: id }, []),
      sdk(endpoint, 'GET', '/v1/requests/{request_id}', { request_id: 'req 1/2' }, []),
      sdk(endpoint, 'GET', '/v1/clusters/{cluster_id}', { cluster_id: id }, []),
    ]);
    expect(got[0]!.requestLine).toBe('DELETE /scp/v1/clusters/a%2Fb%20%C3%A9 HTTP/1.1');
  });

  it('SCP_ACCOUNT_ID is signed and sent as Scp-AccountId (empty when unset, as the SDK sends it)', async () => {
    const endpoint = `http://localhost:${port}`;
    const got = await sent(endpoint, (http) => listClusters(http), 'acct-0123abcd');
    expect(got).toEqual([sdk(endpoint, 'GET', '/v1/clusters', {}, [['page', ['0']], ['size', ['100']]], 'acct-0123abcd')]);
    const none = await sent(endpoint, (http) => listClusters(http));
    expect(none[0]!.accountId).toBe('');
    expect(none[0]!.signature).not.toBe(got[0]!.signature);
  });

  it('an explicit :443 and an upper-case host are signed and sent as configured (https)', async () => {
    const endpoint = 'https://CacheStore.KR-West1.e.SamsungSDSCloud.com:443';
    const agent = mockAgent();
    const headers: Array<Record<string, string>> = [];
    const paths: string[] = [];
    agent.get('https://cachestore.kr-west1.e.samsungsdscloud.com').intercept({ path: (p) => (paths.push(p), true), method: 'GET' }).reply(200, (opts) => {
      headers.push(opts.headers as Record<string, string>);
      return { contents: [], count: 0 };
    });
    const http = createHttpClient({ baseUrl: endpoint, dispatcher: agent, retry: FAST_RETRY, ...scpClientOptions({ ...KEYS, now: () => TS }) });
    await listClusters(http, 'demo');
    const want = sdk(endpoint, 'GET', '/v1/clusters', {}, [['name', ['demo']], ['page', ['0']], ['size', ['100']]]);
    expect(`GET ${paths[0]} HTTP/1.1`).toBe(want.requestLine);
    expect(headers[0]!.host).toBe('CacheStore.KR-West1.e.SamsungSDSCloud.com:443');
    expect(headers[0]!['scp-signature']).toBe(want.signature);
    // Normalising the endpoint (as URL.origin does) would sign another string, hence another signature.
    expect(sdk('https://cachestore.kr-west1.e.samsungsdscloud.com', 'GET', '/v1/clusters', {}, [['name', ['demo']], ['page', ['0']], ['size', ['100']]]).signature).not.toBe(want.signature);
  });

  it('the digest §2 vector holds for the SDK form of its query', () => {
    const v = sdk('https://cachestore.kr-west1.e.samsungsdscloud.com', 'GET', '/v1/clusters', {}, [['size', ['20']], ['page', ['0']], ['name', ['demo']]]);
    expect(v.signature).toBe('v4QRZax3buVf7V36LtOYrYfEtR5C8DogUBsy10qbufE=');
  });
});
