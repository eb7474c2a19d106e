// ITCare wire conventions on top of the generic HttpClient: the content type each endpoint expects
// (ITCARE-API §1.3) and the few read helpers every kind shares. Reads only; writes go through execute.
import { ApiError } from '../../../core/errors.js';
import { isObject } from '../../../core/objects.js';
import { displayPath } from '../../../http/url.js';
import type { HttpClient } from '../../../http/types.js';

export const VND_JSON = 'application/vnd.cegedim-it.v1+json';
export const JSON_TYPE = 'application/json';

/** A loosely typed ITCare JSON object (responses are read defensively: the docs type many fields as text). */
export type Json = Record<string, unknown>;

/** A call that the docs sample with the vendor content type: its method and a pattern of its path. */
export type VendorTyped = readonly [method: string, path: RegExp];

/**
 * Request content types as sampled in the docs (ITCARE-API §1.3): the vendor type for PaaS creates, tags
 * PUT/POST and a few odd endpoints; `application/json` for every other PATCH and for DELETE bodies.
 * These rows are the endpoint families every kind shares; a kind's own odd endpoints are on its
 * descriptor (`ItcareKind.vendorTyped`).
 */
const VENDOR_TYPED: readonly VendorTyped[] = [
  ['POST', /^\/itcare\/databases\/[^/]+$/],
  ['POST', /^\/itcare\/(message-brokers|storage|analytics)\/[^/]+$/],
  ['PUT', /^\/itcare\/compute\/resources\/[^/]+\/tags$/],
  ['POST', /^\/itcare\/compute\/resources\/[^/]+\/tags$/],
  ['PATCH', /^\/itcare\/compute\/services\/[^/]+\/patch-policies$/],
];

/** The content type of a request body: the vendor type for the calls above and the kinds' `more`, else JSON. */
export function contentTypeFor(method: string, path: string, more: readonly VendorTyped[] = []): string {
  return [...VENDOR_TYPED, ...more].some(([m, re]) => m === method && re.test(path)) ? VND_JSON : JSON_TYPE;
}

/** GET one JSON document; a non-object answer becomes `{}` so that normalisers see absent fields. */
export async function getObject(http: HttpClient, path: string, signal?: AbortSignal): Promise<Json> {
  const res = await http.request({ method: 'GET', path, signal });
  return isObject(res.body) ? res.body : {};
}

/** GET a list that is documented as a plain array (tags, nodes, actions); tolerates a page envelope. */
export async function getArray(
  http: HttpClient,
  path: string,
  query?: Record<string, string | number | readonly (string | number)[] | undefined>,
  signal?: AbortSignal,
): Promise<Json[]> {
  const res = await http.request({ method: 'GET', path, query, signal });
  const body = res.body;
  if (res.status === 204) return [];
  const list = Array.isArray(body) ? body : isObject(body) && Array.isArray(body.content) ? body.content : undefined;
  if (!list) {
    // An empty or unexpected 200 never counts as "no items": the server did not say the list is empty.
    const what = body === undefined ? 'an empty answer' : typeof body === 'string' ? 'an answer that is not JSON' : 'a JSON value that is not a list';
    throw new ApiError({ method: 'GET', path: displayPath(path), status: res.status, apiMessage: `${what} where the docs promise a list` });
  }
  return list.filter(isObject);
}

/**
 * Page size of whole-scope list reads (refresh by kind). The docs give no maximum (`size` is "Number of
 * records per page", ITCARE-API §1.7); 2000 is Spring Data's default `max-page-size`, above which a
 * Spring server silently clamps (so nothing is lost: the pages are then followed) and the simulator refuses.
 */
export const LIST_PAGE_SIZE = 2000;

/** Every item of a paged list endpoint. */
export async function listAll(
  http: HttpClient,
  path: string,
  query: Record<string, string | number | readonly (string | number)[] | undefined>,
  signal?: AbortSignal,
  pageSize?: number,
): Promise<Json[]> {
  const out: Json[] = [];
  for await (const item of http.paginate<unknown>({ path, query, signal, pageSize })) if (isObject(item)) out.push(item);
  return out;
}
