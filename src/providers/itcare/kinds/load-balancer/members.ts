// Pool members of a LoadBalancer (ITCARE-API §7.6): plan-time resolution of member names to resource
// ids (the only I/O here, called by observe), live `GET /{id}/members` -> spec items keyed like the
// desired ones, and the add / remove / state calls (synchronous answers: member lists, §2.4).
import { dict, own, toDict, type Dict } from '../../../../core/dict.js';
import { RefusedError } from '../../../../core/errors.js';
import type { HttpClient } from '../../../../http/types.js';
import type { DesiredResource, OperationContext } from '../../../../engine/provider.js';
import { refPlaceholder, type Operation } from '../../../../engine/plan.js';
import { ApiError } from '../../../../core/errors.js';
import { listAll, type Json } from '../../common/client.js';
import { isObject } from '../../../../core/objects.js';
import { addToPhase } from '../../common/phases.js';
import { lbOp, memberItems, memberKey, memberName, memberResourceId, type LbLookups, type LbPhased, type LbTarget } from './base.js';
import { toNumber, toText } from '../../common/normalize.js';

type Id = string | number;
const lower = (v: unknown) => String(v ?? '').toLowerCase();
const sameId = (a: unknown, b: unknown) => a !== undefined && b !== undefined && String(a) === String(b);

/** A live member with this name (a ref's name part), from a compatible service (the spec's serviceId, when given). */
function liveByName(live: readonly Json[], m: Record<string, unknown>): Json | undefined {
  const name = memberName(m);
  return live.find((l) => lower(l.name) === lower(name) && (m.serviceId === undefined || l.serviceId === undefined || sameId(l.serviceId, m.serviceId)));
}

/**
 * Resolves every desired member to its ITCare resource id: the spec's `id`; else the live pool member
 * of that name; else `GET /itcare/compute/resources?services=<sid>&names=<name>` (exact name, then a
 * unique case-insensitive match), one request per unresolved member, in parallel. A member given by ref
 * is looked up by its name first, then in the pool: the pool may still hold a replaced VM's old id,
 * which then shows as a member to remove beside the VM to add. Unknown names are left out (the builders
 * refuse them, naming them; a ref takes its target's id at plan or apply time, `withRefMembers`). Never writes.
 */
export async function resolveMemberIds(http: HttpClient, desired: DesiredResource, live: readonly Json[]): Promise<Dict<Id>> {
  const out = dict<Id>();
  const lbService = toNumber(desired.spec.serviceId);
  const lookup = async (m: Record<string, unknown>): Promise<Id | undefined> => {
    const name = memberName(m)!;
    const items = await listAll(http, '/itcare/compute/resources', { services: toNumber(m.serviceId) ?? lbService, names: name });
    const exact = items.filter((i) => i.name === name);
    const loose = items.filter((i) => lower(i.name) === name.toLowerCase());
    const hit = exact.length === 1 ? exact[0] : loose.length === 1 ? loose[0] : undefined;
    return hit && (typeof hit.id === 'number' || typeof hit.id === 'string') ? hit.id : undefined;
  };
  await Promise.all(
    memberItems(desired.spec.members).map(async (m) => {
      const pinned = toNumber(memberResourceId(m));
      const byRef = typeof m.ref === 'string' && typeof m.name !== 'string';
      const inPool = () => liveByName(live, m)?.resourceId as Id | undefined;
      const id = pinned ?? (byRef ? ((await lookup(m)) ?? inPool()) : (inPool() ?? (await lookup(m))));
      if (id !== undefined) out[memberKey(m)] = id;
    }),
  );
  return out;
}

/**
 * The live pool in spec shape. A live member whose resource id is a desired member's takes that
 * member's key and only the fields it manages (`port` always; `state` when set; `serviceId` and
 * `id` copied from the spec, since they only locate it). A live-only member is keyed by its pool
 * name (`name (id)` if that name is taken by a desired member; `name:port` for a second port of
 * the same resource). Also returns key -> id and states.
 */
export function membersOf(
  live: readonly Json[], desired: DesiredResource, resolved: Readonly<Record<string, Id>>,
): { members: Record<string, unknown>[]; ids: Dict<Id>; states: Dict<string> } {
  const wanted = memberItems(desired.spec.members);
  const desiredKeys = new Set(wanted.map(memberKey));
  const members: Record<string, unknown>[] = [];
  const ids = toDict(resolved);
  const states = dict<string>();
  for (const l of live) {
    const rid = l.resourceId as Id | undefined;
    const d = wanted.find((m) => sameId(own(resolved, memberKey(m)), rid));
    let key = d ? memberKey(d) : (toText(l.name) ?? String(rid));
    if (!d && desiredKeys.has(key)) key = `${key} (${String(rid)})`;
    // One member per resource is documented (memberId = resourceId); a second port must not hide the first.
    if (members.some((m) => memberKey(m) === key)) key = `${key}:${String(l.port)}`;
    // Same key field as the desired member, so the engine pairs them (a member given by id has no name).
    const item: Record<string, unknown> = d && typeof d.name !== 'string' ? {} : { name: key };
    // A member given by ref is keyed by its ref (`x-list-key`), which the live item echoes.
    if (typeof d?.ref === 'string') item.ref = d.ref;
    if (d?.serviceId !== undefined) item.serviceId = d.serviceId;
    if (d?.id !== undefined) item.id = d.id;
    if (d?.resourceId !== undefined) item.resourceId = d.resourceId;
    const port = toNumber(l.port);
    if (port !== undefined) item.port = port;
    const state = toText(l.state)?.toLowerCase();
    if (state !== undefined && (!d || d.state !== undefined)) item.state = state;
    if (state !== undefined) states[key] = state;
    if (rid !== undefined) ids[key] = rid;
    members.push(item);
  }
  members.sort((a, b) => (memberKey(a) < memberKey(b) ? -1 : 1));
  return { members, ids, states };
}

/**
 * `{id, ipAddress}` of each given member resource's network: `GET /itcare/compute/instances/{id}/networks`
 * (`001:4050-4100`; its sample is one object, an array is read as its first item). A member whose
 * network cannot be read (404, an unexpected shape) is left out: the builders refuse it, naming it.
 */
export async function resolveMemberNetworks(http: HttpClient, ids: Readonly<Record<string, Id>>): Promise<Dict<{ id: number; ipAddress: string }>> {
  const out = dict<{ id: number; ipAddress: string }>();
  await Promise.all(Object.entries(ids).map(async ([key, id]) => {
    let answer: unknown;
    try {
      answer = (await http.request({ method: 'GET', path: `/itcare/compute/instances/${encodeURIComponent(String(id))}/networks` })).body;
    } catch (err) {
      if (err instanceof ApiError && err.status < 500) return;
      throw err;
    }
    const n = Array.isArray(answer) ? answer.find(isObject) : answer;
    if (!isObject(n)) return;
    const nid = toNumber(n.id);
    const ip = toText(n.ipAddress ?? n.ip);
    if (nid !== undefined && ip !== undefined) out[key] = { id: nid, ipAddress: ip };
  }));
  return out;
}

/** The network of a member the plan adds, or a refusal naming it (the create body needs it, 004:1764-1799). */
export function memberNetworkOf(desired: DesiredResource, key: string, lookups: LbLookups): { id: number; ipAddress: string } {
  const n = lookups.memberNetworks[key];
  if (n !== undefined) return n;
  throw new RefusedError(
    `member ${key}: its network {id, ipAddress}, which the create body carries for each member (ITCare 004:1764-1799), could not be read from GET /itcare/compute/instances/{id}/networks`,
    desired.address,
  );
}

/**
 * "The member … must be in the same network as the other members of the loadbalancer" (`004:2058`):
 * refuses at plan time the members to add whose network is known and differs from the pool's (or,
 * at create, from the first member's).
 */
export function checkSameNetwork(desired: DesiredResource, adding: readonly string[], lookups: LbLookups): void {
  const known = adding.filter((k) => lookups.memberNetworks[k] !== undefined);
  const reference = lookups.poolNetworks[0] ?? (known.length > 0 ? lookups.memberNetworks[known[0]!]!.id : undefined);
  if (reference === undefined) return;
  const off = known.filter((k) => lookups.memberNetworks[k]!.id !== reference);
  if (off.length === 0) return;
  const list = off.map((k) => `${k} (network ${lookups.memberNetworks[k]!.id})`).join(', ');
  throw new RefusedError(
    `a new member "must be in the same network as the other members of the loadbalancer" (ITCare 004:2058): ${list} not in network ${reference}`,
    desired.address,
  );
}

/**
 * The lookups with the resource id of every member given by `ref`: the target's live id when the plan
 * knows it (`ctx.resolveRef`), else the id observe found by its name, else the `${ref:Kind/name}`
 * placeholder that apply resolves once the target exists (the plan orders the target first).
 */
export function withRefMembers(desired: DesiredResource, lookups: LbLookups, ctx: OperationContext): LbLookups {
  const ids = toDict(lookups.memberIds);
  for (const m of memberItems(desired.spec.members)) {
    if (typeof m.ref !== 'string' || typeof m.name === 'string') continue;
    ids[m.ref] = ctx.resolveRef(m.ref) ?? ids[m.ref] ?? refPlaceholder(m.ref);
  }
  return { ...lookups, memberIds: ids };
}

/** The resource id of a desired member (its `id`, else the lookups), or a refusal naming it and where it was looked for. */
export function memberIdOf(desired: DesiredResource, m: Record<string, unknown>, lookups: LbLookups): Id {
  const id = toNumber(memberResourceId(m)) ?? lookups.memberIds[memberKey(m)];
  if (id !== undefined) return id;
  const sid = toNumber(m.serviceId) ?? toNumber(desired.spec.serviceId);
  throw new RefusedError(`member ${String(m.name)} not found: no ITCare resource named ${String(m.name)} in service ${String(sid)}`, desired.address);
}

/** `POST /members {resourceId, port}`: the documented minimum payload; other fields are ignored (004:2071-2083). */
export function addMemberOp(t: LbTarget, key: string, id: Id, port: unknown): Operation {
  const body = { resourceId: toNumber(id) ?? id, port: toNumber(port) ?? port };
  return lbOp(t, 'POST', '/members', body, { summary: `add member ${key}:${String(port)}`, async: false });
}

/** `DELETE /members/{resourceId}` (memberId = the resource id, ITCARE-API §7.6). */
export function removeMemberOp(t: LbTarget, key: string, id: Id, why = ''): Operation {
  return lbOp(t, 'DELETE', `/members/${encodeURIComponent(String(id))}`, undefined, { summary: `remove member ${key}${why}`, async: false });
}

/** `PATCH /members/{resourceId} {"operation": <state>}`: the state is the operation (004:2568-2571). */
export function memberStateOp(t: LbTarget, key: string, id: Id, state: unknown): Operation {
  const path = `/members/${encodeURIComponent(String(id))}`;
  return lbOp(t, 'PATCH', path, { operation: state }, { summary: `set member ${key} ${String(state)}`, async: false });
}

/**
 * Operations for the member keys a diff touches (`all`: every desired and live member). A port has
 * no update call, so a port change removes the member and adds it back (adjacent, in the add phase),
 * then restores the desired state, or the live one when the spec does not manage it.
 */
export function memberOperations(
  t: LbTarget, desired: DesiredResource, live: readonly Record<string, unknown>[], lookups: LbLookups,
  keys: Set<string> | 'all', phased: LbPhased,
): void {
  const want = new Map(memberItems(desired.spec.members).map((m) => [memberKey(m), m]));
  const have = new Map(live.map((m) => [memberKey(m), m]));
  const all = keys === 'all' ? new Set([...want.keys(), ...have.keys()]) : keys;
  checkSameNetwork(desired, [...all].filter((k) => want.has(k) && !have.has(k)), lookups);
  for (const key of [...all].sort()) {
    const d = want.get(key);
    const l = have.get(key);
    if (!d && l) addToPhase(phased, 'members_delete', removeMemberOp(t, key, lookups.memberIds[key] ?? key));
    if (!d) continue;
    const id = memberIdOf(desired, d, lookups);
    const moved = l !== undefined && toNumber(d.port) !== toNumber(l.port);
    if (moved) {
      const why = ` (port ${String(l.port)} -> ${String(d.port)})`;
      addToPhase(phased, 'members_add', removeMemberOp(t, key, lookups.memberIds[key] ?? id, why), addMemberOp(t, key, id, d.port));
    } else if (!l) addToPhase(phased, 'members_add', addMemberOp(t, key, id, d.port));
    // Added (or re-added) members start enabled (004:2113).
    const current = !l || moved ? 'enabled' : l.state;
    const target = d.state ?? (moved ? lookups.memberStates[key] : undefined);
    if (target !== undefined && lower(target) !== lower(current)) addToPhase(phased, 'member_states', memberStateOp(t, key, id, target));
  }
}
