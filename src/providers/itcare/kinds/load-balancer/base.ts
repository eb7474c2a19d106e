// Shared pieces of the LoadBalancer kind (ITCARE-API §7): paths, the PATCH envelope with its optional
// changeReference, the phase order inside one change, the plan-time lookups, and the URL matching rule.
import { dict, toDict, type Dict } from '../../../../core/dict.js';
import type { PhasedOperations } from '../../common/phases.js';
import { RefusedError } from '../../../../core/errors.js';
import { fromPointer } from '../../../../core/json-pointer.js';
import type { DesiredResource, Observation } from '../../../../engine/provider.js';
import type { FieldDiff, Operation } from '../../../../engine/plan.js';
import { isObject } from '../../../../core/objects.js';

/** POST here creates; `${LB_PATH}/{id}` reads, PATCHes and deletes (004:1714, 004:2226, 004:2269). */
export const LB_PATH = '/itcare/networking/loadbalancers';

export function lbPath(id: string | number): string {
  return `${LB_PATH}/${id}`;
}

/**
 * Where each operation runs inside one change (the order of this list): members and URLs are added
 * before states, bot defense and monitoring are set, and removed only afterwards, so that a pool or
 * a URL set is never emptier than both its old and new versions; tags, then stop, come last.
 */
export const LB_PHASES = [
  'start', 'members_add', 'urls_add', 'member_states', 'bot', 'monitoring', 'urls_delete', 'members_delete', 'tags', 'stop',
] as const;
export type LbPhase = (typeof LB_PHASES)[number];
export type LbPhased = PhasedOperations<LbPhase>;

/** The load balancer the builders act on. */
export interface LbTarget {
  /** Live id, or the `${ref:self}` placeholder during a create. */
  id: string | number;
  serviceId?: number;
  /** Sent as `options.changeReference` where the docs show it (start, stop, bot calls; 004:2399). */
  changeReference?: string;
}

/** One operation on the load balancer or one of its sub-resources (`sub` = `/urls/12`, `/members`…). */
export function lbOp(
  t: LbTarget, method: Operation['method'], sub: string, body: unknown,
  flags: { summary: string; async: boolean; irreversible?: boolean; role?: Operation['role'] },
): Operation {
  const op: Operation = {
    method, path: `${lbPath(t.id)}${sub}`, async: flags.async, irreversible: flags.irreversible ?? false,
    summary: flags.summary, role: flags.role ?? 'update',
  };
  if (body !== undefined) op.body = body;
  if (t.serviceId !== undefined) op.serviceId = t.serviceId;
  return op;
}

/**
 * `PATCH {operation, options}` on the load balancer. Every LB PATCH answers with an action
 * ("synchronous (status code 202)", 004:2286), so it is tracked as async. `withChangeReference`
 * adds the stack's changeReference to the options when one is set.
 */
export function lbPatch(t: LbTarget, operation: string, options: Record<string, unknown>, summary: string, withChangeReference = true): Operation {
  const opts = withChangeReference && t.changeReference !== undefined ? { ...options, changeReference: t.changeReference } : options;
  return lbOp(t, 'PATCH', '', { operation, options: opts }, { summary, async: true });
}

/** URLs are host names: compared without case and without an `http(s)://` prefix. */
export function canonicalUrl(u: string): string {
  return u.trim().toLowerCase().replace(/^https?:\/\//, '');
}

/**
 * Plan-time lookups of a LoadBalancer observation (`Observation.lookups`), read by the pure builders.
 * - `memberIds`: member key (spec `name`, or a live-only member's key) -> ITCare resource id, from
 *   the spec's `id`, the live pool, or `GET /itcare/compute/resources?names=`; absent = not found.
 * - `memberStates`: member key -> live pool state (kept when a port change re-adds the member).
 * - `urlIds`: URL key (spec spelling) -> live URL id.
 * - `urlMonitoring`: URL key -> live `{monitoringEnabled, onCallSupervision}` (sent unchanged by
 *   update_monitoring for the field the spec does not manage).
 * - `memberNetworks`: member key -> `{id, ipAddress}` of the member resource's network, from
 *   `GET /itcare/compute/instances/{id}/networks` (`001:4050-4100`), for the members the plan adds:
 *   the create body carries it (`004:1764-1799`), and a new member must share the others' network (`004:2058`).
 * - `poolNetworks`: network ids of the members already in the pool (the LB GET's `members[].network.id`).
 */
/** Maps keyed by member and URL names (manifest or API data): null-prototype maps. */
export interface LbLookups {
  memberIds: Dict<string | number>;
  memberNetworks: Dict<{ id: number; ipAddress: string }>;
  poolNetworks: number[];
  memberStates: Dict<string>;
  urlIds: Dict<string | number>;
  urlMonitoring: Dict<{ monitoringEnabled?: boolean; onCallSupervision?: boolean }>;
}

/** Lookups of an LB with nothing resolved yet. */
export function emptyLookups(): LbLookups {
  return { memberIds: dict(), memberNetworks: dict(), poolNetworks: [], memberStates: dict(), urlIds: dict(), urlMonitoring: dict() };
}

/** The LbLookups carried by an observation (empty maps where absent). */
export function lookupsOf(observed: Observation | undefined): LbLookups {
  const l = observed?.lookups ?? {};
  const map = <T>(v: unknown): Dict<T> => (isObject(v) ? toDict(v as Record<string, T>) : dict<T>());
  return {
    memberIds: map(l.memberIds), memberNetworks: map(l.memberNetworks), poolNetworks: Array.isArray(l.poolNetworks) ? (l.poolNetworks as number[]) : [],
    memberStates: map(l.memberStates), urlIds: map(l.urlIds), urlMonitoring: map(l.urlMonitoring),
  };
}

/**
 * Keys of a keyed list (`/urls/<name>/…`) that `diff` touches, or `all` when the diff replaces the
 * whole list (`/urls`). Keys come unescaped (`https://a.b` stays whole).
 */
export function touchedKeys(diff: readonly FieldDiff[], head: string): Set<string> | 'all' {
  const keys = new Set<string>();
  for (const d of diff) {
    const [h, key] = fromPointer(d.path);
    if (h !== head) continue;
    if (key === undefined) return 'all';
    keys.add(key);
  }
  return keys;
}

/** The items of a spec list that are objects with a string `name`. */
export function namedItems(list: unknown): Record<string, unknown>[] {
  return Array.isArray(list) ? list.filter((x): x is Record<string, unknown> => isObject(x) && typeof x.name === 'string') : [];
}

/**
 * A pool member's key, the same the engine diffs by (`x-list-key: [name, ref, resourceId, id]`): its name
 * when given, else its ref (`VirtualMachine/PEB4APP01`), else its resource id.
 */
export function memberKey(m: Record<string, unknown>): string {
  if (typeof m.name === 'string') return m.name;
  return typeof m.ref === 'string' ? m.ref : String(memberResourceId(m));
}

/** The ITCare name of a member's resource: its `name`, or the name part of its `ref` address. */
export function memberName(m: Record<string, unknown>): string | undefined {
  if (typeof m.name === 'string') return m.name;
  return typeof m.ref === 'string' ? m.ref.slice(m.ref.indexOf('/') + 1) : undefined;
}

/** A member's resource id as the manifest gives it: `resourceId` (the API's name, 004:2071), or its alias `id`. */
export function memberResourceId(m: Record<string, unknown>): unknown {
  return m.resourceId ?? m.id;
}

/** The members of a list that can be keyed (a name, a ref or an id). */
export function memberItems(list: unknown): Record<string, unknown>[] {
  const keyed = (x: Record<string, unknown>) => typeof x.name === 'string' || typeof x.ref === 'string' || memberResourceId(x) !== undefined;
  return Array.isArray(list) ? list.filter((x): x is Record<string, unknown> => isObject(x) && keyed(x)) : [];
}

/**
 * Refuses what the schema cannot express: two URLs or two members with the same name (the engine
 * diffs these lists by name), and the primary URL (metadata.name) listed in spec.urls.
 */
export function checkLists(desired: DesiredResource): void {
  const urls = namedItems(desired.spec.urls).map((u) => canonicalUrl(u.name as string));
  if (urls.includes(canonicalUrl(desired.name))) {
    const msg = `spec.urls must not list the primary URL ${desired.name}: its monitoring is spec.monitoringEnabled / spec.onCallSupervision`;
    throw new RefusedError(msg, desired.address);
  }
  const dupUrl = urls.find((u, i) => urls.indexOf(u) !== i);
  if (dupUrl !== undefined) throw new RefusedError(`spec.urls lists ${dupUrl} twice`, desired.address);
  const members = memberItems(desired.spec.members).map((m) => memberKey(m).toLowerCase());
  const dupMember = members.find((m, i) => members.indexOf(m) !== i);
  if (dupMember !== undefined) throw new RefusedError(`spec.members lists ${dupMember} twice`, desired.address);
}
