// Reading a PaaS kind (Redis, PostgreSQL, KubernetesCluster): find by name within a service (ITCARE-API §3.6),
// read the kind endpoint, tags and running actions, normalise to spec shape; list owned resources.
// A kind file supplies only its own mapping table and extra reads; this file does the rest.
import { RefusedError } from '../../core/errors.js';
import type { HttpClient } from '../../http/types.js';
import type { ActionRef, DesiredResource, Observation, OwnedResource, OwnedScope, ReadScope } from '../../engine/provider.js';
import { OWNER_TAG } from '../../engine/provider.js';
import { getArray, getObject, isObject, LIST_PAGE_SIZE, listAll, type Json } from './client.js';
import { itemIsKind, patchPartyOf, put, putMonitoring, serviceIdOf, stateOf, toNumber, type ItemKind } from './normalize.js';
import type { PaasKind } from './paas-operations.js';
import { tagsOf, tagsPath } from './tags.js';

/** Sub-resources of `${basePath}/{id}` a kind may read: `nodes` (placement, disk) and `databases` (PG). */
export type SubResource = 'nodes' | 'databases';
export type SubReads = Partial<Record<SubResource, Json[]>>;

/** The reading side of one PaaS kind. */
export interface PaasReader extends PaasKind {
  /** Which kind a list item must be (its `path` / technology word): `redis` | `postgresql` | `kubernetes`. */
  segment: ItemKind;
  /**
   * The kind's own paged list, searched by `services` + `names` (e.g. the K8s list, ITCARE-API §6.1); its
   * items need no kind check. Default: the mixed `/itcare/databases` list, items checked by `segment`.
   */
  listPath?: string;
  /** The kind has no start/stop (Kubernetes, ITCARE-API §6.4): no `state` in the observed spec. */
  stateless?: boolean;
  /**
   * Spec fields only the kind's detail GET carries. When set, `observeAllPaas` reads the detail only for
   * resources whose spec manages one of them (the list item stands in for it otherwise); when absent,
   * the detail is always read.
   */
  detailFields?: readonly string[];
  /** Sub-resources to read, only those feeding a field the desired spec manages. */
  subReads(desired: DesiredResource): SubResource[];
  /** The kind's own live -> spec table (the shared fields are added by `observePaas`). */
  kindSpec(detail: Json, item: Json, sub: SubReads, desired: DesiredResource): Record<string, unknown>;
}

/** The live item of this kind named exactly `name` in the service; undefined when there is none. */
export async function findByName(http: HttpClient, r: PaasReader, serviceId: number, desired: DesiredResource): Promise<Json | undefined> {
  const items = await listAll(http, r.listPath ?? '/itcare/databases', { services: serviceId, names: desired.name });
  return uniqueByName(r, items, serviceId, desired);
}

/**
 * The one item among `candidates` that is this kind's resource named exactly `desired.name` in the
 * service; undefined when none is. Two different ids with that name are refused, never guessed.
 */
function uniqueByName(r: PaasReader, candidates: readonly Json[], serviceId: number, desired: DesiredResource): Json | undefined {
  const hits = candidates.filter(
    (i) => i.name === desired.name && (r.listPath !== undefined || itemIsKind(i, r.segment)) && (i.serviceId === undefined || toNumber(i.serviceId) === serviceId),
  );
  const ids = new Set(hits.map((h) => String(h.id)));
  if (ids.size > 1) {
    const msg = `${ids.size} live ${r.kind} resources are named ${desired.name} in service ${serviceId}; caretaker will not guess which one is meant`;
    throw new RefusedError(msg, desired.address);
  }
  return hits[0];
}

/** Actions still running on the resource, as refs the engine can wait for. */
export async function pendingActions(http: HttpClient, id: string | number, serviceId: number, name: string): Promise<ActionRef[]> {
  const list = await getArray(http, '/itcare/actions', { resourceId: id, statuses: 'IN_PROGRESS' });
  return list
    .filter((a) => a.id !== undefined && String(a.status ?? 'IN_PROGRESS').toUpperCase() === 'IN_PROGRESS')
    .map((a) => ({ id: String(a.id), serviceId, resourceId: id, resourceName: name }));
}

async function readSubs(http: HttpClient, r: PaasReader, id: string | number, desired: DesiredResource): Promise<SubReads> {
  const names = r.subReads(desired);
  const lists = await Promise.all(names.map((n) => getArray(http, `${r.basePath}/${id}/${n}`)));
  return Object.fromEntries(names.map((n, i) => [n, lists[i]]));
}

/**
 * Observes one PaaS resource. Requests per existing resource, run in parallel after the lookup:
 * 1 list by name + 1 kind GET + 1 tags GET + 1 in-progress actions GET = 4, plus one per sub-resource
 * the desired spec needs (Redis: nodes -> 5; PostgreSQL: nodes and/or databases -> 4..6).
 * A missing resource costs 1 request; `listOwned` observations read no sub-resource.
 */
export async function observePaas(http: HttpClient, r: PaasReader, desired: DesiredResource): Promise<Observation> {
  const serviceId = serviceIdOf(desired);
  const item = await findByName(http, r, serviceId, desired);
  if (item === undefined) return { exists: false, spec: {} };
  const id = item.id as string | number;
  const [detail, tagList, pending, sub] = await Promise.all([
    getObject(http, `${r.basePath}/${id}`),
    getArray(http, tagsPath(id)),
    pendingActions(http, id, serviceId, desired.name),
    readSubs(http, r, id, desired),
  ]);
  return observationOf(r, desired, item, detail, tagList, pending, sub);
}

/** The normalised observation from the reads of one resource (shared by `observePaas` and `observeAllPaas`). */
function observationOf(
  r: PaasReader, desired: DesiredResource, item: Json, detail: Json, tagList: readonly Json[], pending: ActionRef[], sub: SubReads,
): Observation {
  const id = item.id as string | number;
  const spec: Record<string, unknown> = {};
  put(spec, 'serviceId', toNumber(detail.serviceId ?? item.serviceId));
  Object.assign(spec, r.kindSpec(detail, item, sub, desired));
  putMonitoring(spec, detail);
  if (r.stateless !== true) put(spec, 'state', stateOf(detail.status ?? item.status));
  put(spec, 'patchParty', patchPartyOf(detail.patchParty ?? item.patchParty));
  const { tags, owner, origin } = tagsOf(tagList);
  spec.tags = tags;
  const obs: Observation = { exists: true, id, spec, raw: { item, detail, tags: tagList, ...sub } };
  if (owner !== undefined) obs.owner = owner;
  if (origin !== undefined) obs.origin = origin;
  if (pending.length > 0) obs.pending = pending;
  return obs;
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

const byItemName = (i: Json): string | undefined => (typeof i.name === 'string' ? i.name : undefined);

/** `findByName` over a service's whole list (indexed by name): the same filter and the same duplicate-name refusal. */
function pickByName(r: PaasReader, s: ServiceReads, serviceId: number, desired: DesiredResource): Json | undefined {
  return uniqueByName(r, s.index(byItemName).get(desired.name) ?? [], serviceId, desired);
}

/**
 * Observes many resources of one PaaS kind from shared reads. Per service: the kind's list, the generic
 * resource list (`GET /itcare/compute/resources?services=`, whose items embed `tags[]`) and the running
 * actions (`GET /itcare/actions?serviceId=&statuses=IN_PROGRESS`), each paged at LIST_PAGE_SIZE. Per
 * existing resource: the detail GET only when the spec manages a `detailFields` field (always when the
 * kind sets none), one GET per needed sub-resource, and the tags GET only if the generic list lacks the
 * resource. Same identity, refusals and normalisation as `observePaas`.
 */
export async function observeAllPaas(
  http: HttpClient, r: PaasReader, desired: readonly DesiredResource[], scope?: ReadScope,
): Promise<Map<string, Observation>> {
  const reads = await readServiceScopes(http, r.listPath ?? '/itcare/databases', desired, scope);
  const out = new Map<string, Observation>();
  await Promise.all(
    desired.map(async (d) => {
      const serviceId = serviceIdOf(d);
      const s = reads.get(serviceId)!;
      const item = pickByName(r, s, serviceId, d);
      if (item === undefined) {
        out.set(d.address, { exists: false, spec: {} });
        return;
      }
      const id = item.id as string | number;
      const needDetail = r.detailFields === undefined || r.detailFields.some((f) => d.spec[f] !== undefined);
      const [detail, tagList, sub] = await Promise.all([
        needDetail ? getObject(http, `${r.basePath}/${id}`) : Promise.resolve(item),
        embeddedTags(s, id) ?? getArray(http, tagsPath(id)),
        readSubs(http, r, id, d),
      ]);
      const pending = pendingFrom(s, d.name, serviceId, id);
      out.set(d.address, observationOf(r, d, item, detail, tagList, pending, sub));
    }),
  );
  return out;
}

/**
 * The generic list items of the scoped services that carry `caretaker-stack=<stack>`. Refresh reads
 * each service's whole generic list anyway (its items embed `tags[]`), so the ownership tag is checked
 * on those items, with no request of its own. Should an item come without its `tags[]`, the server's
 * `tags=` filter is asked instead (one list for every PaaS kind, read once per refresh).
 */
async function ownedCandidates(http: HttpClient, stack: string, scope: OwnedScope, reads?: ReadScope): Promise<Json[]> {
  const lists = await Promise.all(scope.serviceIds.map((sid) => sharedList(http, reads, '/itcare/compute/resources', { services: sid })));
  const all = lists.flat();
  if (all.every((i) => Array.isArray(i.tags))) {
    return all.filter((i) => (i.tags as unknown[]).some((t) => isObject(t) && t.tagKey === OWNER_TAG && String(t.tagValue ?? '') === stack));
  }
  return sharedList(http, reads, '/itcare/compute/resources', { services: scope.serviceIds, tags: `${OWNER_TAG}:${stack}` });
}

/**
 * Live resources of this kind tagged `caretaker-stack=<stack>` in the scoped services, each observed
 * by name (the tag filter's matching rules are undocumented, so ownership is re-checked on the tags).
 */
export async function listOwnedPaas(
  http: HttpClient, r: PaasReader, stack: string, scope: OwnedScope, reads?: ReadScope,
): Promise<OwnedResource[]> {
  if (scope.serviceIds.length === 0) return [];
  const items = await ownedCandidates(http, stack, scope, reads);
  const seen = new Set<string>();
  const out: OwnedResource[] = [];
  const candidates: DesiredResource[] = [];
  const addresses = new Set<string>();
  for (const item of items) {
    if (!itemIsKind(item, r.segment) || typeof item.name !== 'string') continue;
    const serviceId = toNumber(item.serviceId) ?? (scope.serviceIds.length === 1 ? scope.serviceIds[0] : undefined);
    if (serviceId === undefined || seen.has(`${serviceId}/${item.name}`)) continue;
    seen.add(`${serviceId}/${item.name}`);
    // Unique keys for observeAllPaas: a name seen in another service already gets the service appended.
    const plain = `${r.kind}/${item.name}`;
    const address = addresses.has(plain) ? `${plain} (service ${serviceId})` : plain;
    addresses.add(address);
    candidates.push({ address, kind: r.kind, name: item.name, spec: { serviceId } });
  }
  // The same reads as refresh: one list per service, embedded tags, running actions once per service.
  const observed = await observeAllPaas(http, r, candidates, reads);
  for (const c of candidates) {
    const observation = observed.get(c.address)!;
    if (!observation.exists || observation.owner !== stack || observation.id === undefined) continue;
    out.push({ kind: r.kind, name: c.name, id: observation.id, serviceId: toNumber(c.spec.serviceId), observation });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
