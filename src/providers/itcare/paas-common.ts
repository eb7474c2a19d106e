// Reading a PaaS kind (Redis, PostgreSQL, KubernetesCluster): find by name within a service (ITCARE-API §3.6),
// read the kind endpoint, tags and running actions, normalise to spec shape; list owned resources.
// A kind file supplies only its own mapping table and extra reads; this file does the rest.
import { InternalError, RefusedError } from '../../core/errors.js';
import type { HttpClient } from '../../http/types.js';
import type { ActionRef, DesiredResource, Observation, OwnedResource, OwnedScope } from '../../engine/provider.js';
import { OWNER_TAG } from '../../engine/provider.js';
import { getArray, getObject, listAll, type Json } from './client.js';
import { itemIsKind, patchPartyOf, put, putMonitoring, stateOf, toNumber, type ItemKind } from './normalize.js';
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
  /** Sub-resources to read, only those feeding a field the desired spec manages. */
  subReads(desired: DesiredResource): SubResource[];
  /** The kind's own live -> spec table (the shared fields are added by `observePaas`). */
  kindSpec(detail: Json, item: Json, sub: SubReads, desired: DesiredResource): Record<string, unknown>;
}

function serviceIdOf(desired: DesiredResource): number {
  const sid = toNumber(desired.spec.serviceId);
  if (sid === undefined) throw new InternalError(`spec.serviceId of ${desired.address} is missing after defaults were merged`);
  return sid;
}

/** The live item of this kind named exactly `name` in the service; undefined when there is none. */
export async function findByName(http: HttpClient, r: PaasReader, serviceId: number, desired: DesiredResource): Promise<Json | undefined> {
  const items = await listAll(http, r.listPath ?? '/itcare/databases', { services: serviceId, names: desired.name });
  const hits = items.filter(
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
  const spec: Record<string, unknown> = {};
  put(spec, 'serviceId', toNumber(detail.serviceId ?? item.serviceId));
  Object.assign(spec, r.kindSpec(detail, item, sub, desired));
  putMonitoring(spec, detail);
  if (r.stateless !== true) put(spec, 'state', stateOf(detail.status ?? item.status));
  put(spec, 'patchParty', patchPartyOf(detail.patchParty ?? item.patchParty));
  const { tags, owner } = tagsOf(tagList);
  spec.tags = tags;
  const obs: Observation = { exists: true, id, spec, raw: { item, detail, tags: tagList, ...sub } };
  if (owner !== undefined) obs.owner = owner;
  if (pending.length > 0) obs.pending = pending;
  return obs;
}

/**
 * Live resources of this kind tagged `caretaker-stack=<stack>` in the scoped services, each observed
 * by name (the tag filter's matching rules are undocumented, so ownership is re-checked on the tags).
 */
export async function listOwnedPaas(http: HttpClient, r: PaasReader, stack: string, scope: OwnedScope): Promise<OwnedResource[]> {
  if (scope.serviceIds.length === 0) return [];
  const items = await listAll(http, '/itcare/compute/resources', { services: scope.serviceIds, tags: `${OWNER_TAG}:${stack}` });
  const seen = new Set<string>();
  const out: OwnedResource[] = [];
  for (const item of items) {
    if (!itemIsKind(item, r.segment) || typeof item.name !== 'string') continue;
    const serviceId = toNumber(item.serviceId) ?? (scope.serviceIds.length === 1 ? scope.serviceIds[0] : undefined);
    if (serviceId === undefined || seen.has(`${serviceId}/${item.name}`)) continue;
    seen.add(`${serviceId}/${item.name}`);
    const address = `${r.kind}/${item.name}`;
    const observation = await observePaas(http, r, { address, kind: r.kind, name: item.name, spec: { serviceId } });
    if (!observation.exists || observation.owner !== stack || observation.id === undefined) continue;
    out.push({ kind: r.kind, name: item.name, id: observation.id, serviceId, observation });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
