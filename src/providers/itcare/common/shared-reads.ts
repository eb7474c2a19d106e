// Reads shared by the kinds of one refresh: per service, the kind's list, the generic resource list
// (whose items embed `tags[]`) and the running actions, each read once per refresh (ReadScope) and
// indexed for lookups by name; plus the running actions of one resource.
import type { HttpClient } from '../../../http/types.js';
import type { ActionRef, DesiredResource, ReadScope } from '../../../engine/provider.js';
import { isObject } from '../../../core/objects.js';
import { getArray, LIST_PAGE_SIZE, listAll, type Json } from './client.js';
import { serviceIdOf } from './normalize.js';

/** Actions still running on the resource, as refs the engine can wait for. */
export async function pendingActions(http: HttpClient, id: string | number, serviceId: number, name: string): Promise<ActionRef[]> {
  const list = await getArray(http, '/itcare/actions', { resourceId: id, statuses: 'IN_PROGRESS' });
  return list
    .filter((a) => a.id !== undefined && String(a.status ?? 'IN_PROGRESS').toUpperCase() === 'IN_PROGRESS')
    .map((a) => ({ id: String(a.id), serviceId, resourceId: id, resourceName: name }));
}

/** The reads shared by every resource of one service: the kind's items, the generic items (tags), running actions. */
export interface ServiceReads {
  items: Json[];
  /** Generic resource list items by id, with their embedded `tags[]`. */
  generic: Map<string, Json>;
  /** IN_PROGRESS action records by `resourceName` (the action record names no resource id, `001:19115-19127`). */
  actions: Map<string, Json[]>;
  /** `items` by `key(item)`, built on first use (a lookup per desired resource must not scan the whole list). */
  index(key: (item: Json) => string | undefined): Map<string, Json[]>;
}

/** Groups `items` by a key, once per key function. */
function indexer(items: readonly Json[]): ServiceReads['index'] {
  const cache = new Map<(item: Json) => string | undefined, Map<string, Json[]>>();
  return (key) => {
    let m = cache.get(key);
    if (!m) {
      m = new Map();
      for (const i of items) {
        const k = key(i);
        if (k !== undefined) m.set(k, [...(m.get(k) ?? []), i]);
      }
      cache.set(key, m);
    }
    return m;
  };
}

/**
 * The three shared reads of one service, in parallel: the kind's list `listPath?services=` and the
 * generic `GET /itcare/compute/resources?services=` (whose items embed `tags[]`, `001:8048-8053`), both
 * paged at LIST_PAGE_SIZE, and the running actions `GET /itcare/actions?serviceId=&statuses=IN_PROGRESS`.
 */
export async function readServiceScope(http: HttpClient, listPath: string, serviceId: number, reads?: ReadScope): Promise<ServiceReads> {
  const [items, genericItems, actionList] = await Promise.all([
    sharedList(http, reads, listPath, { services: serviceId }),
    sharedList(http, reads, '/itcare/compute/resources', { services: serviceId }),
    shared(reads, `GET /itcare/actions?serviceId=${serviceId}&statuses=IN_PROGRESS`, () => getArray(http, '/itcare/actions', { serviceId, statuses: 'IN_PROGRESS' })),
  ]);
  const generic = new Map<string, Json>();
  for (const g of genericItems) if (g.id !== undefined && g.id !== null && !generic.has(String(g.id))) generic.set(String(g.id), g);
  const actions = new Map<string, Json[]>();
  for (const a of actionList) {
    if (a.id === undefined || String(a.status ?? 'IN_PROGRESS').toUpperCase() !== 'IN_PROGRESS' || typeof a.resourceName !== 'string') continue;
    actions.set(a.resourceName, [...(actions.get(a.resourceName) ?? []), a]);
  }
  return { items, generic, actions, index: indexer(items) };
}

/** `read()` once per key and refresh when a ReadScope is given, else every time. */
export function shared<T>(reads: ReadScope | undefined, key: string, read: () => Promise<T>): Promise<T> {
  return reads ? reads.once(key, read) : read();
}

/** A whole paged list at LIST_PAGE_SIZE, shared within the refresh (keyed by path and query). */
export function sharedList(http: HttpClient, reads: ReadScope | undefined, path: string, query: Record<string, string | number | readonly (string | number)[]>): Promise<Json[]> {
  const key = `GET ${path}?${Object.entries(query).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`).join('&')}`;
  return shared(reads, key, () => listAll(http, path, query, undefined, LIST_PAGE_SIZE));
}

/** The tags embedded in the generic list item of `id`; undefined when the list lacks it (read its tags then). */
export function embeddedTags(s: ServiceReads, id: string | number): Json[] | undefined {
  const g = s.generic.get(String(id));
  return g !== undefined && Array.isArray(g.tags) ? g.tags.filter(isObject) : undefined;
}

/** The running actions of the resource named `liveName` in the service, as refs the engine waits for. */
export function pendingFrom(s: ServiceReads, liveName: string, serviceId: number, id: string | number): ActionRef[] {
  return (s.actions.get(liveName) ?? []).map((a): ActionRef => ({ id: String(a.id), serviceId, resourceId: id, resourceName: liveName }));
}

/** `readServiceScope` of every service of `desired`, by service id, the services in parallel. */
export async function readServiceScopes(
  http: HttpClient, listPath: string, desired: readonly DesiredResource[], reads?: ReadScope,
): Promise<Map<number, ServiceReads>> {
  const serviceIds = [...new Set(desired.map(serviceIdOf))].sort((a, b) => a - b);
  return new Map(await Promise.all(serviceIds.map(async (sid) => [sid, await readServiceScope(http, listPath, sid, reads)] as const)));
}
