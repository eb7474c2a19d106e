// Iterates over ITCare lists: Spring-style pages `{content, last, totalPages, number}` requested
// with `page`/`size`, or a plain array for endpoints that are not paged (ITCARE-API §1.7).
import { ApiError } from '../core/errors.js';
import type { HttpRequest, HttpResponse } from './types.js';
import { displayPath } from './url.js';

export const DEFAULT_PAGE_SIZE = 100;
/** A safety bound: no real list is this long, a server that ignores `page` would loop forever. */
export const MAX_PAGES = 10_000;

/** A list request: any GET request, plus the page size (default 100). */
export type PageRequest = Omit<HttpRequest, 'method'> & { pageSize?: number };

interface Page {
  content: unknown[];
  last?: unknown;
  totalPages?: unknown;
  number?: unknown;
}

function asPage(body: unknown): Page | undefined {
  if (!body || typeof body !== 'object' || !Array.isArray((body as Page).content)) return undefined;
  return body as Page;
}

function idOf(item: unknown): string | undefined {
  if (!item || typeof item !== 'object') return undefined;
  const id = (item as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/**
 * Yields every item of a list, page after page, starting at `page=0`. Stops on `last: true`, on
 * `number + 1 >= totalPages` (only when `last` is absent), on an empty page, or after two pages
 * in a row that brought nothing new. Items with an `id` are yielded once.
 *
 * The docs disagree on the first page: the schemas say 0..N, the Pagination page's example uses
 * `page=1` for "the first 50" (seed 001:262). Starting at 0 and de-duplicating by `id` is correct
 * for both readings: a 1-based server answers page 0 and page 1 with the same items, and the
 * repeats are dropped. `last` is trusted over `totalPages` because it does not depend on the base.
 * Throws ApiError when the body is neither a page nor an array, or after MAX_PAGES pages.
 */
export async function* paginate<T>(
  send: (req: HttpRequest) => Promise<HttpResponse>,
  req: PageRequest,
  maxPages = MAX_PAGES,
): AsyncGenerator<T, void, undefined> {
  const { pageSize, ...rest } = req;
  const size = pageSize ?? DEFAULT_PAGE_SIZE;
  const path = displayPath(req.path);
  const seen = new Set<string>();
  let stale = 0;
  let status = 200;
  for (let page = 0; page < maxPages; page++) {
    const res = await send({ ...rest, method: 'GET', query: { ...rest.query, page, size } });
    status = res.status;
    if (Array.isArray(res.body)) {
      yield* res.body as T[];
      return;
    }
    if (res.body === undefined) {
      // 204 No Content says "nothing"; an empty 200 says nothing at all: the server never told us
      // the list is empty, and a plan built on it would propose to create what may exist.
      if (status === 204) return;
      throw new ApiError({ method: 'GET', path, status, apiMessage: 'empty answer where the docs promise a page or a list; refusing to read it as "no items"' });
    }
    const body = asPage(res.body);
    if (!body) {
      const what = typeof res.body === 'string' ? 'not JSON' : 'a JSON value without a "content" array';
      throw new ApiError({ method: 'GET', path, status, apiMessage: `unexpected list response (${what}): neither a page nor an array` });
    }
    let fresh = 0;
    for (const item of body.content) {
      const id = idOf(item);
      if (id !== undefined) {
        if (seen.has(id)) continue;
        seen.add(id);
      }
      fresh++;
      yield item as T;
    }
    if (body.content.length === 0 || body.last === true) return;
    if (typeof body.last !== 'boolean' && typeof body.totalPages === 'number') {
      const number = typeof body.number === 'number' ? body.number : page;
      if (number + 1 >= body.totalPages) return;
    }
    stale = fresh === 0 ? stale + 1 : 0;
    if (stale >= 2) return;
  }
  throw new ApiError({ method: 'GET', path, status, apiMessage: `list did not end after ${maxPages} pages` });
}
