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
 * Yields every item of a list, starting at `page=0`. Once the first page tells `totalPages`, the
 * pages after it are requested together (the client's request budget bounds how many are on the
 * wire), then yielded in order; pages past `totalPages` are read one by one. Stops on `last: true`,
 * on `number + 1 >= totalPages` (only when `last` is absent) or on an empty page. Items with an
 * `id` are yielded once, so an item that moves between pages while they are read is counted once.
 *
 * The docs disagree on the first page: the schemas say 0..N, the Pagination page's example uses
 * `page=1` for "the first 50" (seed 001:262). Starting at 0 and de-duplicating by `id` is correct
 * for both readings: a 1-based server answers page 0 and page 1 with the same items, and the
 * repeats are dropped. `last` is trusted over `totalPages` because it does not depend on the base.
 * Throws ApiError when the body is neither a page nor an array, when two pages in a row bring no
 * new item without ever saying `last` (a server that ignores `page`), or after MAX_PAGES pages.
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
  const fetchPage = (page: number): Promise<HttpResponse> => send({ ...rest, method: 'GET', query: { ...rest.query, page, size } });

  /** Items of one answer not seen before, and whether the list ends with it. */
  function take(res: HttpResponse, page: number): { items: T[]; end: boolean; body?: Page } {
    const status = res.status;
    if (Array.isArray(res.body)) return { items: res.body as T[], end: true };
    if (res.body === undefined) {
      // 204 No Content says "nothing"; an empty 200 says nothing at all: the server never told us
      // the list is empty, and a plan built on it would propose to create what may exist.
      if (status === 204) return { items: [], end: true };
      throw new ApiError({ method: 'GET', path, status, apiMessage: 'empty answer where the docs promise a page or a list; refusing to read it as "no items"' });
    }
    const body = asPage(res.body);
    if (!body) {
      const what = typeof res.body === 'string' ? 'not JSON' : 'a JSON value without a "content" array';
      throw new ApiError({ method: 'GET', path, status, apiMessage: `unexpected list response (${what}): neither a page nor an array` });
    }
    const items: T[] = [];
    for (const item of body.content) {
      const id = idOf(item);
      if (id !== undefined) {
        if (seen.has(id)) continue;
        seen.add(id);
      }
      items.push(item as T);
    }
    let end = body.content.length === 0 || body.last === true;
    if (!end && typeof body.last !== 'boolean' && typeof body.totalPages === 'number') {
      const number = typeof body.number === 'number' ? body.number : page;
      end = number + 1 >= body.totalPages;
    }
    if (!end) {
      stale = items.length === 0 ? stale + 1 : 0;
      if (stale >= 2) {
        throw new ApiError({
          method: 'GET', path, status: res.status,
          apiMessage: `list did not end: pages ${page - 1} and ${page} brought no new item and no page said last`,
        });
      }
    }
    return { items, end, body };
  }

  if (maxPages < 1) throw new ApiError({ method: 'GET', path, status: 200, apiMessage: `list did not end after ${maxPages} pages` });
  const first = take(await fetchPage(0), 0);
  yield* first.items;
  if (first.end) return;
  let next = 1;
  const total = first.body?.totalPages;
  if (typeof total === 'number' && Number.isInteger(total) && total > 1) {
    const upto = Math.min(total, maxPages);
    const pages = Array.from({ length: upto - 1 }, (_, i) => fetchPage(i + 1));
    // Every promise gets a handler now, so a failure of a later page is not an unhandled rejection
    // while an earlier one is still being yielded.
    for (const p of pages) p.catch(() => undefined);
    for (let i = 0; i < pages.length; i++) {
      const r = take(await pages[i]!, i + 1);
      yield* r.items;
      if (r.end) return;
    }
    next = upto;
  }
  for (let page = next; page < maxPages; page++) {
    const r = take(await fetchPage(page), page);
    yield* r.items;
    if (r.end) return;
  }
  throw new ApiError({ method: 'GET', path, status: 200, apiMessage: `list did not end after ${maxPages} pages` });
}
