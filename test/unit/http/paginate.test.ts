import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/core/errors.js';
import { createHttpClient } from '../../../src/http/client.js';
import { paginate } from '../../../src/http/paginate.js';
import type { HttpRequest, HttpResponse } from '../../../src/http/types.js';
import { ORIGIN, VND_JSON, mockAgent } from './mock.js';

/** A fake `send` answering page N with `pages[N]` (or the last one) and recording the queries. */
function fakeSend(pages: unknown[]): { send: (r: HttpRequest) => Promise<HttpResponse>; queries: HttpRequest['query'][] } {
  const queries: HttpRequest['query'][] = [];
  const send = async (r: HttpRequest): Promise<HttpResponse> => {
    queries.push(r.query);
    const n = Number(r.query?.page ?? 0);
    const body = pages[Math.min(n, pages.length - 1)];
    return { status: body === undefined ? 204 : 200, headers: {}, body };
  };
  return { send, queries };
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const page = (ids: number[], number: number, totalPages: number, last?: boolean) => ({
  content: ids.map((id) => ({ id })),
  number,
  totalPages,
  ...(last === undefined ? {} : { last }),
});

describe('paginate', () => {
  it('follows 3 pages until last, passing page and size', async () => {
    const { send, queries } = fakeSend([page([1, 2], 0, 3, false), page([3, 4], 1, 3, false), page([5], 2, 3, true)]);
    const items = await all(paginate<{ id: number }>(send, { path: '/l', query: { names: 'x' }, pageSize: 2 }));
    expect(items.map((i) => i.id)).toEqual([1, 2, 3, 4, 5]);
    expect(queries).toEqual([
      { names: 'x', page: 0, size: 2 },
      { names: 'x', page: 1, size: 2 },
      { names: 'x', page: 2, size: 2 },
    ]);
  });

  const stops: Record<string, { reason: string; pages: unknown[]; want: number[]; calls: number }> = {
    plainArray: { reason: 'unpaged endpoint: one call', pages: [[{ id: 1 }, { id: 2 }]], want: [1, 2], calls: 1 },
    totalPages: { reason: 'no `last`: number+1 >= totalPages', pages: [page([1], 0, 2), page([2], 1, 2), page([9], 2, 2)], want: [1, 2], calls: 2 },
    emptyPage: {
      reason: 'empty content ends the list (pages 1..8 are requested together once totalPages is known)',
      pages: [page([1], 0, 9, false), page([], 1, 9, false)], want: [1], calls: 9,
    },
    empty: { reason: 'a 204 has no items', pages: [undefined], want: [], calls: 1 },
    oneBased: {
      reason: 'a 1-based server repeats page 1 for page=0; repeats are dropped, nothing is lost',
      pages: [page([1, 2], 1, 2, false), page([1, 2], 1, 2, false), page([3], 2, 2, true)],
      want: [1, 2, 3],
      calls: 3,
    },
  };
  it.each(Object.entries(stops))('%s', async (_name, { pages, want, calls }) => {
    const { send, queries } = fakeSend(pages);
    const items = await all(paginate<{ id: number }>(send, { path: '/l' }));
    expect(items.map((i) => i.id)).toEqual(want);
    expect(queries).toHaveLength(calls);
    expect(queries[0]).toEqual({ page: 0, size: 100 });
  });

  it('stops with a clear error when pages never end and bring nothing new (a server that ignores `page`)', async () => {
    const { send, queries } = fakeSend([{ content: [{ id: 1 }], last: false }]);
    const err = await all(paginate(send, { path: '/l' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).apiMessage).toMatch(/list did not end: pages 1 and 2 brought no new item/);
    expect(queries).toHaveLength(3);
  });

  it('counts an item that shows on two pages once', async () => {
    const { send } = fakeSend([page([1, 2], 0, 3, false), page([2, 3], 1, 3, false), page([4], 2, 3, true)]);
    const items = await all(paginate<{ id: number }>(send, { path: '/l' }));
    expect(items.map((i) => i.id)).toEqual([1, 2, 3, 4]);
  });

  it('retries a page that fails with 5xx mid-way and still yields every item once', async () => {
    const agent = mockAgent();
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: '/itcare/databases?page=0&size=2' }).reply(200, page([1, 2], 0, 3, false), { headers: VND_JSON });
    pool.intercept({ path: '/itcare/databases?page=1&size=2' }).reply(503, { message: 'busy' }, { headers: VND_JSON });
    pool.intercept({ path: '/itcare/databases?page=1&size=2' }).reply(200, page([3, 4], 1, 3, false), { headers: VND_JSON });
    pool.intercept({ path: '/itcare/databases?page=2&size=2' }).reply(200, page([5], 2, 3, true), { headers: VND_JSON });
    const client = createHttpClient({ baseUrl: ORIGIN, dispatcher: agent, retry: { minDelayMs: 1, maxDelayMs: 5 } });
    const items = await all(client.paginate<{ id: number }>({ path: '/itcare/databases', pageSize: 2 }));
    expect(items.map((i) => i.id)).toEqual([1, 2, 3, 4, 5]);
    expect(client.requestCount).toBe(4);
    await agent.close();
  });

  it('bounds the number of pages', async () => {
    let id = 0;
    const send = async (): Promise<HttpResponse> => ({ status: 200, headers: {}, body: { content: [{ id: ++id }], last: false } });
    const err = await all(paginate(send, { path: '/l?x=1' }, 5)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'ERR_API', path: '/l', apiMessage: 'list did not end after 5 pages' });
  });

  it('refuses a body that is neither a page nor an array', async () => {
    const { send } = fakeSend([{ items: [] }]);
    await expect(all(paginate(send, { path: '/l' }))).rejects.toMatchObject({ code: 'ERR_API', status: 200 });
  });

  it('pages through the client over HTTP', async () => {
    const agent = mockAgent();
    const pool = agent.get(ORIGIN);
    for (const [n, ids] of [[0, [1, 2]], [1, [3, 4]], [2, [5]]] as const) {
      pool
        .intercept({ path: `/itcare/compute/services?statuses=ACTIVE,INACTIVE&page=${n}&size=2` })
        .reply(200, { ...page([...ids], n, 3), last: n === 2 }, { headers: VND_JSON });
    }
    pool.intercept({ path: '/itcare/compute/services/7/resources?page=0&size=2' }).reply(200, [{ id: 'a' }, { id: 'b' }], { headers: VND_JSON });
    const client = createHttpClient({ baseUrl: ORIGIN, dispatcher: agent });
    const services = await all(client.paginate<{ id: number }>({ path: '/itcare/compute/services', query: { statuses: ['ACTIVE', 'INACTIVE'] }, pageSize: 2 }));
    expect(services.map((s) => s.id)).toEqual([1, 2, 3, 4, 5]);
    const resources = await all(client.paginate<{ id: string }>({ path: '/itcare/compute/services/7/resources', pageSize: 2 }));
    expect(resources.map((r) => r.id)).toEqual(['a', 'b']);
    expect(client.requestCount).toBe(4);
    await agent.close();
  });
});

describe('paginate: answers that are not what the docs say', () => {
  const answer = (status: number, body: unknown) => async (): Promise<HttpResponse> => ({ status, headers: {}, body });
  it.each([
    ['an empty 200', answer(200, undefined), /GET \/l: empty answer where the docs promise a page or a list/],
    ['a text body', answer(200, '<html>oops</html>'), /unexpected list response \(not JSON\)/],
    ['a page without content', answer(200, { totalPages: 1 }), /without a "content" array/],
  ])('%s is an error naming the call, not an empty list', async (_n, send, want) => {
    await expect(all(paginate(send, { path: '/l' }))).rejects.toThrow(want);
  });
});
