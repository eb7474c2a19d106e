// Reading a PaaS kind: find by name within a service (ITCARE-API §3.6), read the kind endpoint, tags
// and running actions, normalise to spec shape; list owned resources. A kind supplies only its
// PaasReader (its list, sign, own mapping table and extra reads); this file does the rest.
import { own } from '../../../../core/dict.js';
import { RefusedError } from '../../../../core/errors.js';
import type { HttpClient } from '../../../../http/types.js';
import type { ActionRef, DesiredResource, LiveResource, Observation, OwnedResource, OwnedScope, ReadScope } from '../../../../engine/provider.js';
import { OWNER_TAG } from '../../../../engine/provider.js';
import { isObject } from '../../../../core/objects.js';
import { getArray, getObject, listAll, type Json } from '../client.js';
import { itemHasSign, type ItemSign } from '../kind.js';
import { patchPartyOf, put, putMonitoring, serviceIdOf, stateOf, toNumber } from '../normalize.js';
import { embeddedTags, pendingActions, pendingFrom, readServiceScopes, sharedList, type ServiceReads } from '../shared-reads.js';
import type { PaasKind } from './operations.js';
import { tagsOf, tagsPath } from '../tags.js';

/** A sub-resource list of `${basePath}/{id}` a kind may read: `nodes` (placement, disk), `databases` (PostgreSQL)… */
export type SubResource = string;
export type SubReads = Partial<Record<SubResource, Json[]>>;

/** The reading side of one PaaS kind. */
export interface PaasReader extends PaasKind {
  /** How a list item shows that it is a resource of this kind (also the descriptor's `sign`). */
  sign: ItemSign;
  /**
   * The paged list the kind's resources are found in by `services` + `names`: an aggregate list of
   * several kinds (`/itcare/databases`, `/itcare/message-brokers`), whose items are checked against
   * `sign`, or the kind's own list (`own: true`, e.g. the Kubernetes list, ITCARE-API §6.1), whose
   * items need no check.
   */
  list: { path: string; own?: boolean };
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
  const items = await listAll(http, r.list.path, { services: serviceId, names: desired.name });
  return uniqueByName(r, items, serviceId, desired);
}

/**
 * The one item among `candidates` that is this kind's resource named exactly `desired.name` in the
 * service; undefined when none is. Two different ids with that name are refused, never guessed.
 */
function uniqueByName(r: PaasReader, candidates: readonly Json[], serviceId: number, desired: DesiredResource): Json | undefined {
  const hits = candidates.filter(
    (i) => i.name === desired.name && (r.list.own === true || itemHasSign(i, r.sign)) && (i.serviceId === undefined || toNumber(i.serviceId) === serviceId),
  );
  const ids = new Set(hits.map((h) => String(h.id)));
  if (ids.size > 1) {
    const msg = `${ids.size} live ${r.kind} resources are named ${desired.name} in service ${serviceId}; caretaker will not guess which one is meant`;
    throw new RefusedError(msg, desired.address);
  }
  return hits[0];
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
  const reads = await readServiceScopes(http, r.list.path, desired, scope);
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
      const needDetail = r.detailFields === undefined || r.detailFields.some((f) => own(d.spec, f) !== undefined);
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
    if (!itemHasSign(item, r.sign) || typeof item.name !== 'string') continue;
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

/**
 * Every live resource of this kind in the scoped services, with its ownership tag, from the generic
 * list of each service (`GET /itcare/compute/resources?services=`, whose items embed `tags[]`): the
 * list refresh reads for every service of the manifests, shared through `reads`. No per-resource call;
 * an item without `tags[]` counts as untagged.
 */
export async function inventoryPaas(http: HttpClient, r: PaasReader, scope: OwnedScope, reads?: ReadScope): Promise<LiveResource[]> {
  const lists = await Promise.all(scope.serviceIds.map(async (sid) => [sid, await sharedList(http, reads, '/itcare/compute/resources', { services: sid })] as const));
  const out: LiveResource[] = [];
  const seen = new Set<string>();
  for (const [sid, items] of lists) {
    for (const item of items) {
      if (!itemHasSign(item, r.sign) || typeof item.name !== 'string' || item.id === undefined || item.id === null) continue;
      const serviceId = toNumber(item.serviceId) ?? sid;
      if (seen.has(`${serviceId}/${String(item.id)}`)) continue;
      seen.add(`${serviceId}/${String(item.id)}`);
      const { owner } = tagsOf(Array.isArray(item.tags) ? item.tags.filter(isObject) : []);
      out.push({ kind: r.kind, name: item.name, id: item.id as string | number, serviceId, ...(owner === undefined ? {} : { owner }) });
    }
  }
  return out;
}
