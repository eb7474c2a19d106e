// Reading the LoadBalancer kind (`/itcare/networking/loadbalancers`, ITCARE-API §7): identity, reads and
// the live -> spec table; the builders are in operations.ts. Identity is the URL: metadata.name
// is the LB's primary URL, found as the LB's `name` (ITCARE-API §7.3 [INF]) within spec.serviceId.
//
// Live -> spec mapping (Observation.spec; a field the API does not return stays absent):
//
// | spec field          | live source                                              | note |
// | ------------------- | -------------------------------------------------------- | ---- |
// | serviceId           | GET lb/{id} `serviceId` (else the list item's)           | number |
// | networkId           | `network.id`                                             | number |
// | certificateName     | `certificate.certificateName`                            | the spec's spelling when equal without case |
// | monitoringEnabled   | `monitoringEnabled`                                      | |
// | onCallSupervision   | `monitoringOnCallEnabled`                                | ITCARE-API §3.4 |
// | monitoringAlerting  | `monitoringAlerting`                                     | |
// | state               | `status`: ACTIVE, PREPARATION -> running; INACTIVE -> stopped | other values: absent |
// | tags                | GET compute/resources/{id}/tags minus `caretaker-stack`  | its value -> Observation.owner |
// | botDefense          | `botDefenseEnabled`; `securityProfile.template`, `.enforcement` -> mode, `.whiteList[].ip` | [1] |
// | cluster             | `parentResource.id`                                      | [2]; compared with the ref's live id |
// | urls[]              | GET lb/{id}/urls: `name`, `monitoringEnabled`, `monitoringOnCallEnabled` -> onCallSupervision | [3] |
// | members[]           | GET lb/{id}/members: `resourceId`, `name`, `port`, `state` (lower-cased) | [4] |
// | never read          | region, area, healthcheck, persistence, portMembers, profileName, redirectToHttps, sslProfile, vsPort, setUpDNSEnabled, urls[].setUpDNSEnabled, urls[].sslProfile, cloudId, regulation, backup/replication fields | write-only [5] |
//
// [1] undocumented mapping (ITCARE-API §7.3); whitelist only while enabled; template and mode lower-cased.
// [2] only when spec.cluster is set or the parent's path/type says kubernetes.
// [3] read only when spec.urls is set; the primary URL is left out; URLs match without case or http(s)://.
// [4] read when spec.members is set; keyed by the desired member whose resolved id is the member's
//     resourceId (so the diff reads `/members/PEB4APP01/port`), else by the pool name (will be removed).
// [5] the GET has no field documented to hold them (healthChecks[], protocols[] and defaultPersistence
//     are not documented to echo the create values); comparing them could plan a needless replacement.
import { dict } from '../../../../core/dict.js';
import { RefusedError } from '../../../../core/errors.js';
import type { HttpClient } from '../../../../http/types.js';
import { OWNER_TAG, type ActionRef, type DesiredResource, type LiveResource, type Observation, type OwnedResource, type OwnedScope, type ReadScope } from '../../../../engine/provider.js';
import { getArray, getObject, LIST_PAGE_SIZE, listAll, type Json } from '../../common/client.js';
import { isObject } from '../../../../core/objects.js';
import { botDefenseOf } from './bot.js';
import { LB_PATH, canonicalUrl, checkLists, emptyLookups, lbPath, memberItems, memberKey } from './base.js';
import { membersOf, resolveMemberIds, resolveMemberNetworks } from './members.js';
import { urlsOf } from './urls.js';
import { likeDesired, put, putMonitoring, serviceIdOf, stateOf, toNumber, toText } from '../../common/normalize.js';
import { embeddedTags, pendingActions, pendingFrom, readServiceScopes, sharedList } from '../../common/shared-reads.js';
import { tagsOf, tagsPath } from '../../common/tags.js';

/** The kind's manifest name. */
export const KIND = 'LoadBalancer';

/**
 * The LB of `serviceId` whose name is `url` (without case or http(s)://), from
 * `GET /itcare/networking/loadbalancers?services=&names=` (paged). No fallback to `urls=`: that
 * filter also matches secondary URLs, i.e. other load balancers. Two hits are refused.
 */
export async function findLoadBalancer(http: HttpClient, serviceId: number, url: string, address: string): Promise<Json | undefined> {
  const items = await listAll(http, LB_PATH, { services: serviceId, names: url });
  return pickByUrl(items, serviceId, url, address);
}

/** The item of `items` whose name is `url` (without case or http(s)://) in the service; two are refused. */
function pickByUrl(items: readonly Json[], serviceId: number, url: string, address: string): Json | undefined {
  const want = canonicalUrl(url);
  const hits = items.filter(
    (i) => typeof i.name === 'string' && canonicalUrl(i.name) === want && (i.serviceId === undefined || toNumber(i.serviceId) === serviceId),
  );
  const ids = new Set(hits.map((h) => String(h.id)));
  if (ids.size > 1) {
    throw new RefusedError(`${ids.size} live load balancers are named ${url} in service ${serviceId}; caretaker will not guess which one is meant`, address);
  }
  return hits[0];
}

function clusterOf(detail: Json, desired: DesiredResource): number | string | undefined {
  const p = detail.parentResource;
  if (!isObject(p) || (typeof p.id !== 'number' && typeof p.id !== 'string')) return undefined;
  const k8s = [p.path, p.type, p.technology, p.family].some((v) => typeof v === 'string' && /kubernetes|k8s/i.test(v));
  return desired.spec.cluster !== undefined || k8s ? (toNumber(p.id) ?? p.id) : undefined;
}

/**
 * Observes one load balancer. Requests for an existing LB, in parallel after the lookup by name:
 * GET lb + tags + in-progress actions (+ /urls when spec.urls is set, + /members when spec.members
 * is set), then one `compute/resources` lookup per desired member that is neither pinned by id nor
 * already in the pool. A missing LB costs 1 request plus those member lookups (for the create body).
 */
/** Network ids of the pool's members, from the LB GET's `members[].network.id` (`004:1923-1936`). */
function poolNetworksOf(detail: Json): number[] {
  const list = Array.isArray(detail.members) ? detail.members.filter(isObject) : [];
  return [...new Set(list.map((m) => (isObject(m.network) ? toNumber(m.network.id) : undefined)).filter((n): n is number => n !== undefined))];
}

/** Reads of one existing LB, from wherever they came (its own GETs, or the service-wide lists). */
interface LbReads {
  detail: Json;
  tagList: readonly Json[];
  pending: ActionRef[];
  urlList?: Json[];
  memberList?: Json[];
}

/** A desired LB that does not exist: only the member lookups its create body needs. */
async function missing(http: HttpClient, desired: DesiredResource): Promise<Observation> {
  const lookups = emptyLookups();
  if (desired.spec.members !== undefined) {
    lookups.memberIds = await resolveMemberIds(http, desired, []);
    lookups.memberNetworks = await resolveMemberNetworks(http, lookups.memberIds);
  }
  return { exists: false, spec: {}, lookups: { ...lookups } };
}

export async function observeLoadBalancer(http: HttpClient, desired: DesiredResource): Promise<Observation> {
  const serviceId = serviceIdOf(desired);
  checkLists(desired);
  const item = await findLoadBalancer(http, serviceId, desired.name, desired.address);
  if (item === undefined) return missing(http, desired);
  const id = item.id as string | number;
  const [detail, tagList, pending, urlList, memberList] = await Promise.all([
    getObject(http, lbPath(id)),
    getArray(http, tagsPath(id)),
    pendingActions(http, id, serviceId, desired.name),
    desired.spec.urls === undefined ? undefined : getArray(http, `${lbPath(id)}/urls`),
    desired.spec.members === undefined ? undefined : getArray(http, `${lbPath(id)}/members`),
  ]);
  return observationOf(http, desired, item, { detail, tagList, pending, urlList, memberList });
}

/** The normalised observation of an existing LB (shared by `observeLoadBalancer` and `observeAllLoadBalancers`). */
async function observationOf(http: HttpClient, desired: DesiredResource, item: Json, reads: LbReads): Promise<Observation> {
  const { detail, tagList, pending, urlList, memberList } = reads;
  const id = item.id as string | number;
  const spec: Record<string, unknown> = {};
  put(spec, 'serviceId', toNumber(detail.serviceId ?? item.serviceId));
  put(spec, 'networkId', isObject(detail.network) ? toNumber(detail.network.id) : undefined);
  put(spec, 'certificateName', isObject(detail.certificate) ? likeDesired(detail.certificate.certificateName, desired.spec.certificateName) : undefined);
  putMonitoring(spec, detail);
  put(spec, 'state', stateOf(detail.status ?? item.status));
  put(spec, 'botDefense', botDefenseOf(detail));
  put(spec, 'cluster', clusterOf(detail, desired));
  const lookups = emptyLookups();
  if (urlList !== undefined) {
    const { urls, urlIds, urlMonitoring } = urlsOf(urlList, desired);
    spec.urls = urls;
    Object.assign(lookups, { urlIds, urlMonitoring });
  }
  if (memberList !== undefined) {
    const { members, ids, states } = membersOf(memberList, desired, await resolveMemberIds(http, desired, memberList));
    spec.members = members;
    lookups.memberIds = ids;
    lookups.memberStates = states;
    // The networks of the members the plan would add (not yet in the pool), and the pool's own.
    const inPool = new Set(members.map((m) => memberKey(m)));
    const adding = dict<string | number>();
    for (const k of memberItems(desired.spec.members).map(memberKey)) if (!inPool.has(k) && ids[k] !== undefined) adding[k] = ids[k]!;
    lookups.memberNetworks = await resolveMemberNetworks(http, adding);
    lookups.poolNetworks = poolNetworksOf(detail);
  }
  const { tags, owner, origin } = tagsOf(tagList);
  spec.tags = tags;
  const obs: Observation = { exists: true, id, spec, lookups: { ...lookups }, raw: { item, detail, tags: tagList, urls: urlList, members: memberList } };
  if (owner !== undefined) obs.owner = owner;
  if (origin !== undefined) obs.origin = origin;
  if (pending.length > 0) obs.pending = pending;
  return obs;
}

const byCanonicalUrl = (i: Json): string | undefined => (typeof i.name === 'string' ? canonicalUrl(i.name) : undefined);

/**
 * Observes many load balancers from shared reads. Per service: the LB list (its items have the GET's
 * shape, ITCARE-API §7.3, so no detail GET is needed), the generic resource list (embedded `tags[]`)
 * and the running actions, each once. Per existing LB, only what no list carries: `/members` when
 * spec.members is set (pool ports and states), `/urls` when spec.urls is set and the list item embeds
 * no `urls[]`, the tags GET when the generic list lacks the LB, and the member-name lookups. Same
 * identity, refusals and normalisation as `observeLoadBalancer`.
 */
export async function observeAllLoadBalancers(http: HttpClient, desired: readonly DesiredResource[], scope?: ReadScope): Promise<Map<string, Observation>> {
  for (const d of desired) checkLists(d);
  const reads = await readServiceScopes(http, LB_PATH, desired, scope);
  const out = new Map<string, Observation>();
  await Promise.all(
    desired.map(async (d) => {
      const serviceId = serviceIdOf(d);
      const s = reads.get(serviceId)!;
      const item = pickByUrl(s.index(byCanonicalUrl).get(canonicalUrl(d.name)) ?? [], serviceId, d.name, d.address);
      if (item === undefined) {
        out.set(d.address, await missing(http, d));
        return;
      }
      const id = item.id as string | number;
      const embeddedUrls = Array.isArray(item.urls) ? item.urls.filter(isObject) : undefined;
      const [tagList, urlList, memberList] = await Promise.all([
        embeddedTags(s, id) ?? getArray(http, tagsPath(id)),
        d.spec.urls === undefined ? undefined : (embeddedUrls ?? getArray(http, `${lbPath(id)}/urls`)),
        d.spec.members === undefined ? undefined : getArray(http, `${lbPath(id)}/members`),
      ]);
      const pending = pendingFrom(s, String(item.name), serviceId, id);
      out.set(d.address, await observationOf(http, d, item, { detail: item, tagList, pending, urlList, memberList }));
    }),
  );
  return out;
}

/**
 * Load balancers tagged `caretaker-stack=<stack>` in the scoped services (list filter `tags=`), observed
 * with the same shared reads as refresh (`observeAllLoadBalancers`); ownership is re-checked on the
 * tags, since the filter's matching is undocumented.
 */
export async function listOwnedLoadBalancers(http: HttpClient, stack: string, scope: OwnedScope, reads?: ReadScope): Promise<OwnedResource[]> {
  if (scope.serviceIds.length === 0) return [];
  const items = await listAll(http, LB_PATH, { services: scope.serviceIds, tags: `${OWNER_TAG}:${stack}` }, undefined, LIST_PAGE_SIZE);
  const seen = new Set<string>();
  const candidates: DesiredResource[] = [];
  const addresses = new Set<string>();
  for (const item of items) {
    const name = toText(item.name);
    const serviceId = toNumber(item.serviceId) ?? (scope.serviceIds.length === 1 ? scope.serviceIds[0] : undefined);
    if (name === undefined || serviceId === undefined || seen.has(`${serviceId}/${name}`)) continue;
    seen.add(`${serviceId}/${name}`);
    const plain = `${KIND}/${name}`;
    const address = addresses.has(plain) ? `${plain} (service ${serviceId})` : plain;
    addresses.add(address);
    candidates.push({ address, kind: KIND, name, spec: { serviceId } });
  }
  if (candidates.length === 0) return [];
  const observed = await observeAllLoadBalancers(http, candidates, reads);
  const out: OwnedResource[] = [];
  for (const c of candidates) {
    const observation = observed.get(c.address)!;
    if (!observation.exists || observation.owner !== stack || observation.id === undefined) continue;
    out.push({ kind: KIND, name: c.name, id: observation.id, serviceId: toNumber(c.spec.serviceId), observation });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Every load balancer of the scoped services with its ownership tag: the LB list of each service
 * (its items have the GET's shape) for identity, the generic list (embedded `tags[]`) for the tags;
 * both are lists refresh reads, shared through `reads`. No per-LB call; an LB the generic list lacks
 * counts as untagged.
 */
export async function lbInventory(http: HttpClient, scope: OwnedScope, reads?: ReadScope): Promise<LiveResource[]> {
  const out: LiveResource[] = [];
  await Promise.all(scope.serviceIds.map(async (sid) => {
    const [items, generic] = await Promise.all([
      sharedList(http, reads, LB_PATH, { services: sid }),
      sharedList(http, reads, '/itcare/compute/resources', { services: sid }),
    ]);
    const tagsById = new Map(generic.filter((g) => Array.isArray(g.tags)).map((g) => [String(g.id), (g.tags as unknown[]).filter(isObject)]));
    for (const item of items) {
      const name = toText(item.name);
      if (name === undefined || item.id === undefined || item.id === null) continue;
      const { owner } = tagsOf(tagsById.get(String(item.id)) ?? []);
      out.push({ kind: KIND, name, id: item.id as string | number, serviceId: toNumber(item.serviceId) ?? sid, ...(owner === undefined ? {} : { owner }) });
    }
  }));
  return out;
}
