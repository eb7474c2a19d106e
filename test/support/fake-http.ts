// A small in-memory HttpClient for provider tests: answers by `METHOD path` from a table and records
// every call. A fake, not a mock: it behaves like the real client (ApiError on non-2xx, paging).
import { ApiError } from '../../src/core/errors.js';
import type { HttpClient, HttpRequest, HttpResponse } from '../../src/http/types.js';

export interface FakeAnswer {
  status?: number;
  body?: unknown;
}

/** A static answer, or a function of the request (to vary answers by query or by call count). */
export type FakeRoute = FakeAnswer | ((req: HttpRequest, callIndex: number) => FakeAnswer);

/** Routes keyed `METHOD /path` (path without query string). */
export type FakeRoutes = Record<string, FakeRoute>;

export interface FakeHttp extends HttpClient {
  /** Every request, in order (paged GETs appear once per page). */
  readonly calls: HttpRequest[];
  /** `METHOD path` of every request, in order. */
  callKeys(): string[];
  /** Replaces or adds routes. */
  route(routes: FakeRoutes): void;
}

/** A paged answer in ITCare's Spring shape. */
export function page(content: unknown[], opts: { number?: number; totalPages?: number } = {}): FakeAnswer {
  const number = opts.number ?? 0;
  const totalPages = opts.totalPages ?? 1;
  return { body: { content, number, totalPages, last: number + 1 >= totalPages, totalElements: content.length } };
}

export function fakeHttp(routes: FakeRoutes = {}): FakeHttp {
  const table: FakeRoutes = { ...routes };
  const calls: HttpRequest[] = [];
  const perRoute = new Map<string, number>();

  async function request(req: HttpRequest): Promise<HttpResponse> {
    calls.push(req);
    const key = `${req.method} ${req.path}`;
    const route = table[key];
    if (route === undefined) throw new ApiError({ method: req.method, path: req.path, status: 404, apiMessage: 'no fake route' });
    const n = perRoute.get(key) ?? 0;
    perRoute.set(key, n + 1);
    const answer = typeof route === 'function' ? route(req, n) : route;
    const status = answer.status ?? 200;
    if (status >= 400) throw new ApiError({ method: req.method, path: req.path, status });
    return { status, headers: {}, body: answer.body };
  }

  async function* paginate<T>(req: Omit<HttpRequest, 'method'> & { pageSize?: number }): AsyncIterable<T> {
    const { pageSize, ...rest } = req;
    for (let p = 0; p < 100; p++) {
      const res = await request({ ...rest, method: 'GET', query: { ...rest.query, page: p, size: pageSize ?? 100 } });
      const body = res.body as { content?: T[]; last?: boolean; totalPages?: number } | T[] | undefined;
      if (Array.isArray(body)) {
        yield* body;
        return;
      }
      yield* body?.content ?? [];
      if (!body || body.last === true || p + 1 >= (body.totalPages ?? 1)) return;
    }
  }

  return {
    calls,
    request,
    paginate,
    get requestCount() {
      return calls.length;
    },
    callKeys: () => calls.map((c) => `${c.method} ${c.path}`),
    route: (more) => Object.assign(table, more),
    close: async () => {},
  };
}
