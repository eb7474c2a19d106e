// Refresh from lists under bad answers ("Fast at scale", Bad input and faults), through the real HTTP
// client against a loopback server: a list page that fails with 5xx mid-way is retried; a list that
// never ends stops with a clear error; a resource on two pages is counted once; a 429 storm slows the
// reads down but never fails them.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../../../src/core/errors.js';
import { createHttpClient, staticToken } from '../../../../../../src/http/index.js';
import type { HttpClient } from '../../../../../../src/http/types.js';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { startSimulator, type RunningSimulator } from '../../../../../../src/simulator/start.js';
import { allocateResourceId } from '../../../../../../src/simulator/state.js';
import { apply, loadManifests, plan } from '../../../../../../src/index.js';
import { stackIn46922 } from '../../../../../support/sim-library.js';
import { testdir, type TestDir } from '../../../../manifest/testdir.js';
import { SID, listItem, node, redisDesired, redisDetail, tagList } from '../../fixtures.js';

type Handler = (url: URL, n: number) => { status: number; body?: unknown; headers?: Record<string, string> };

let server: Server | undefined;
let http: HttpClient | undefined;
afterEach(async () => {
  await http?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
  http = undefined;
});

/** A loopback ITCare answering `route(url, how many times this path+query was asked before)`; it records every request. */
async function itcare(route: Handler): Promise<{ client: HttpClient; seen: URL[] }> {
  const seen: URL[] = [];
  const counts = new Map<string, number>();
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    seen.push(url);
    const key = url.pathname + url.search;
    const n = counts.get(key) ?? 0;
    counts.set(key, n + 1);
    const a = route(url, n);
    res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
    res.end(a.body === undefined ? '' : JSON.stringify(a.body));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  http = createHttpClient({ baseUrl: `http://127.0.0.1:${port}`, auth: staticToken('t'), retry: { minDelayMs: 1, maxDelayMs: 5 } });
  return { client: http, seen };
}

/** `count` Redis items named cache000.., ids 1000.. */
const redisItems = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => listItem('redis', { id: 1000 + from + i, name: `cache${String(from + i).padStart(3, '0')}` }));
const pageOf = (content: unknown[], number: number, totalPages: number, last = number + 1 >= totalPages) =>
  ({ status: 200, body: { content, number, totalPages, last, totalElements: content.length } });

/** The per-resource and service-wide reads of a converged Redis, given the databases list answers. */
function redisEstate(databases: Handler): Handler {
  return (url, n) => {
    const p = url.pathname;
    if (p === '/itcare/databases') return databases(url, n);
    if (p === '/itcare/compute/resources') return pageOf([], 0, 1);
    if (p === '/itcare/actions') return { status: 200, body: [] };
    const m = /^\/itcare\/databases\/redis\/(\d+)(\/nodes)?$/.exec(p);
    if (m) {
      const id = Number(m[1]);
      return m[2] ? { status: 200, body: [node()] } : { status: 200, body: redisDetail({ id, name: `cache${String(id - 1000).padStart(3, '0')}` }) };
    }
    const t = /^\/itcare\/compute\/resources\/(\d+)\/tags$/.exec(p);
    if (t) return { status: 200, body: tagList({ 'caretaker-stack': 'orders-qa' }) };
    return { status: 404, body: { message: 'no route' } };
  };
}

const desiredNamed = (i: number) => redisDesired({}, `cache${String(i).padStart(3, '0')}`);

describe('Redis observeAll against bad list answers', () => {
  it('retries a list page that fails with 5xx mid-way and observes every resource', async () => {
    const { client, seen } = await itcare(redisEstate((url, n) => {
      const page = Number(url.searchParams.get('page'));
      if (page === 1 && n === 0) return { status: 503, body: { message: 'busy' } };
      return pageOf(redisItems(page * 2, 2), page, 3);
    }));
    const all = await createItcareProvider({ http: client }).handler('Redis')!.observeAll!([0, 1, 2, 3, 4, 5].map(desiredNamed));
    expect([...all.values()].map((o) => o.id)).toEqual([1000, 1001, 1002, 1003, 1004, 1005]);
    expect([...all.values()].every((o) => o.exists && o.owner === 'orders-qa')).toBe(true);
    // Page 1 was asked twice (503, then the answer); every page was asked at the refresh page size.
    const pages = seen.filter((u) => u.pathname === '/itcare/databases').map((u) => `${u.searchParams.get('page')}/${u.searchParams.get('size')}`);
    expect(pages.sort()).toEqual(['0/2000', '1/2000', '1/2000', '2/2000']);
  });

  it('stops with a clear error naming the list when pages never end and bring nothing new', async () => {
    const { client } = await itcare(redisEstate(() => pageOf(redisItems(0, 2), 0, 1, false)));
    const err = await createItcareProvider({ http: client }).handler('Redis')!.observeAll!([desiredNamed(0)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toMatch(/GET \/itcare\/databases/);
    expect((err as ApiError).apiMessage).toMatch(/list did not end/);
  });

  it('counts a resource that shows on two pages once: no duplicate-name refusal, one observation', async () => {
    // cache001 moves from page 0 to page 1 between the two reads (same id): it is one resource.
    const { client } = await itcare(redisEstate((url) => {
      const page = Number(url.searchParams.get('page'));
      return pageOf(page === 0 ? redisItems(0, 2) : redisItems(1, 2), page, 2);
    }));
    const redis = createItcareProvider({ http: client }).handler('Redis')!;
    const all = await redis.observeAll!([0, 1, 2].map(desiredNamed));
    expect([...all.values()].map((o) => o.id)).toEqual([1000, 1001, 1002]);
    const owned = await redis.listOwned('orders-qa', { serviceIds: [SID] });
    expect(owned).toEqual([]); // the ownership list (compute/resources) is empty here: nothing invented
  });
});

describe('a 429 storm during refresh', () => {
  let sim: RunningSimulator | undefined;
  let dir: TestDir | undefined;
  afterEach(async () => {
    dir?.remove();
    await sim?.close();
    sim = undefined;
  });

  it('slows a plan of 60 converged Redis down (429s answered) but never fails it', async () => {
    // The simulator (20 ms a request) refuses above 4 in flight with 429 + Retry-After: 1; the budget starts at 32.
    sim = await startSimulator({ actionMs: 0, maxInFlight: 4, latencyMs: 20 });
    const client = createHttpClient({ baseUrl: sim.url, auth: staticToken('sim-token') });
    const providers = new Map([['itcare', createItcareProvider({ http: client })]]);
    const doc = (name: string) => `apiVersion: caretaker/v1
kind: Redis
metadata: { name: ${name} }
spec: { nodeSizing: 2cpu4gb, diskSize: 40, redisVersion: "7.2", instanceCount: 1, persistenceMode: PERSISTENT, admPassword: Test123@2022 }
`;
    dir = testdir({ 'stack.yaml': stackIn46922('storm'), 'redis.yaml': doc('storm000') });
    let loaded = await loadManifests(['.'], { cwd: dir.dir, env: {} });
    const first = await plan(loaded.set, loaded.registry, { providers });
    const r = await apply(first, loaded.set, { providers, sink: () => {}, tracker: { minIntervalMs: 5, maxIntervalMs: 20 } });
    expect(r.failed).toEqual([]);
    const proto = sim.state.resources.find((x) => x.name === 'storm000')!;
    for (let i = 1; i < 60; i++) sim.state.resources.push({ ...structuredClone(proto), id: allocateResourceId(sim.state), name: `storm${String(i).padStart(3, '0')}` });
    dir.remove();
    dir = testdir({ 'stack.yaml': stackIn46922('storm'), 'redis.yaml': Array.from({ length: 60 }, (_, i) => doc(`storm${String(i).padStart(3, '0')}`)).join('---\n') });
    loaded = await loadManifests(['.'], { cwd: dir.dir, env: {} });
    const since = sim.requests.length;
    const p = await plan(loaded.set, loaded.registry, { providers });
    expect(p.changes.filter((c) => c.action !== 'no-op')).toEqual([]);
    expect(p.changes).toHaveLength(60);
    const throttled = sim.requests.slice(since).filter((q) => q.status === 429).length;
    expect(throttled).toBeGreaterThan(0);
    expect(client.limiter!.stats().decreases).toBeGreaterThan(0);
    await client.close();
  }, 60_000);
});
