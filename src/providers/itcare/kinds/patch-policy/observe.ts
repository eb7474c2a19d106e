// Reading the `PatchPolicy` governance kind (ITCARE-API §9.4): Patch Party settings of several resources
// of one service, read with one GET (changed with ONE bulk PATCH of only the entries that differ).
//
// Observation: exists (the service answers), id = serviceId, spec = { serviceId, resources: one live
// entry per desired entry, same order, same written fields (entries.ts) }, lookups = the
// resolved ids, names and known farm sizes. Requests: 1 GET patch-policies + 1 GET compute/resources
// (only when an entry is given by name or ref) + 1 GET resources/{id}/patch-policy per resource the
// service list lacks (its title says it lists excluded resources) + 1 GET managed-databases (only when
// a patch group must change, to refuse a group on a multi-member farm at plan time). Refresh (observeAll)
// reads the patch-policies list and the names lookup once per service for all the documents of it.
import { dict } from '../../../../core/dict.js';
import { ApiError, RefusedError } from '../../../../core/errors.js';
import { parseAddress } from '../../../../core/address.js';
import type { HttpClient } from '../../../../http/types.js';
import type { DesiredResource, Observation } from '../../../../engine/provider.js';
import { getArray, getObject, type Json } from '../../common/client.js';
import { isObject } from '../../../../core/objects.js';
import type { ItcareContext, KindDirectory } from '../../common/kind.js';
import { serviceIdOf, toNumber, toText } from '../../common/normalize.js';
import { entriesOf, liveEntry, type Entry } from './entries.js';
import { resourcesNamedInChunks, single } from '../../common/resource-lookup.js';
import { runningActionsOn } from '../../common/governance-pending.js';

/** What observe resolved, by entry index (ids, names) and by resource id (farm sizes). */
export interface PolicyLookups {
  ids: Array<string | number | undefined>;
  names: Array<string | undefined>;
  nodeCounts: Record<string, number>;
}

/** The service's patch policies: read here, changed by one PATCH (operations.ts). */
export const policiesPath = (sid: number) => `/itcare/compute/services/${sid}/patch-policies`;

const refName = (address: string) => parseAddress(address)?.name ?? address;
const refKind = (address: string) => parseAddress(address)?.kind;

async function orRefuse<T>(read: Promise<T>, message: string, address: string): Promise<T> {
  try {
    return await read;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) throw new RefusedError(message, address);
    throw err;
  }
}

/** Resolves every entry to a live id (undefined: a {ref} target not created yet), collecting refusals. */
function resolveIds(entries: readonly Entry[], items: readonly Json[], sid: number, address: string, refusals: string[], kinds: KindDirectory): PolicyLookups['ids'] {
  return entries.map((e) => {
    const t = e.target;
    if (t.form === 'id') return t.id;
    const pick = t.form === 'name' ? { name: t.name, serviceId: sid } : { name: refName(t.address), serviceId: sid, kind: refKind(t.address) };
    try {
      const hit = single(items, pick, address, 'name it with resource: {id: N}', kinds);
      if (hit) return hit.id as string | number;
      if (t.form === 'name') refusals.push(`no resource named ${t.name} in service ${sid}`);
    } catch (err) {
      if (!(err instanceof RefusedError)) throw err;
      refusals.push(err.message);
    }
    return undefined;
  });
}

/** Farm sizes of the resources whose patch group must change, when ITCare tells them. */
async function farmSizes({ http, kinds }: ItcareContext, sid: number, need: ReadonlyArray<{ id: string | number; name?: string }>, items: readonly Json[]) {
  // Keyed by the API's resource ids: a null-prototype map.
  const sizes = dict<number>();
  for (const i of items) if (toNumber(i.nodeCount) !== undefined) sizes[String(i.id)] = toNumber(i.nodeCount)!;
  // Some kinds' farms never have fewer members than their descriptor says (a Kubernetes cluster: 2).
  for (const i of items) {
    const min = kinds.minFarmMembers(i);
    if (min !== undefined) sizes[String(i.id)] = Math.max(sizes[String(i.id)] ?? 0, min);
  }
  const names = need.filter((n) => sizes[String(n.id)] === undefined && n.name !== undefined).map((n) => n.name!);
  if (names.length > 0) {
    const dbs = await getArray(http, `/itcare/compute/services/${sid}/managed-databases`, { names: [...new Set(names)].sort() });
    for (const d of dbs) if (toNumber(d.nodeCount) !== undefined) sizes[String(d.id)] = toNumber(d.nodeCount)!;
  }
  return sizes;
}

/** Whether an entry's written settings differ from its live entry (the PATCH would touch it). */
function settingsDiffer(want: Record<string, unknown>, live: Json): boolean {
  const keys = (['excluded', 'patchGroup', 'exclusionReason'] as const).filter((k) => k in want);
  if (keys.some((k) => String(want[k]) !== String(live[k]))) return true;
  return !('excluded' in want) && live.excluded === true;
}

/** Names the entries of one document look up in the generic list (`{name}` and `{ref}` entries). */
function namesOf(entries: readonly Entry[]): string[] {
  return entries.flatMap((e) => (e.target.form === 'name' ? [e.target.name] : e.target.form === 'ref' ? [refName(e.target.address)] : []));
}

/** The two service-wide reads of a PatchPolicy document, shareable by every document of the service. */
interface ServiceReads {
  list: Promise<Json[]>;
  items: Promise<Json[]>;
}

function serviceReads(http: HttpClient, sid: number, names: readonly string[]): ServiceReads {
  const reads = {
    list: getArray(http, policiesPath(sid)),
    items: resourcesNamedInChunks(http, names, sid),
  };
  // Each document awaits (and reports) these itself; nothing is left unhandled meanwhile.
  reads.list.catch(() => undefined);
  reads.items.catch(() => undefined);
  return reads;
}

export async function observePolicy(ctx: ItcareContext, desired: DesiredResource, shared?: ServiceReads): Promise<Observation> {
  const { http } = ctx;
  const sid = serviceIdOf(desired);
  const entries = entriesOf(desired.spec);
  const reads = shared ?? serviceReads(http, sid, namesOf(entries));
  const [list, items] = await Promise.all([
    orRefuse(reads.list, `service ${sid} not found`, desired.address),
    reads.items,
  ]);
  const refusals: string[] = [];
  const ids = resolveIds(entries, items, sid, desired.address, refusals, ctx.kinds);
  const policies = new Map(list.map((p) => [String(p.id), p] as const));
  const missing = [...new Set(ids.filter((id): id is string | number => id !== undefined && !policies.has(String(id))))];
  await Promise.all(missing.map(async (id) => {
    try {
      policies.set(String(id), await getObject(http, `/itcare/compute/resources/${id}/patch-policy`));
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) throw err;
      refusals.push(`no ITCare resource has id ${String(id)}`);
    }
  }));
  if (refusals.length > 0) throw new RefusedError(refusals.join('; '), desired.address);

  const itemName = (id: string | number | undefined) => items.find((i) => String(i.id) === String(id))?.name;
  const knownNames = entries.map((e, i) => toText(e.target.form === 'name' ? e.target.name : itemName(ids[i]) ?? policies.get(String(ids[i]))?.name));
  const need = entries.flatMap((e, i) => {
    const id = ids[i];
    const live = policies.get(String(id));
    const group = toText(e.want.patchGroup);
    const changes = group !== undefined && e.want.excluded !== true && toText(isObject(live) ? live.patchGroup : undefined) !== group;
    return id !== undefined && changes ? [{ id, name: knownNames[i] }] : [];
  });
  const nodeCounts = need.length > 0 ? await farmSizes(ctx, sid, need, items) : {};
  const resources = entries.map((e, i) => liveEntry(e, policies.get(String(ids[i])), ids[i]));
  const lookups: PolicyLookups = { ids, names: knownNames, nodeCounts };
  // The running actions on the resources whose entry differs (the ones the PATCH would touch), as the
  // managed kinds do (issue 13 item 12); a converged policy costs no request.
  const touched = entries.flatMap((e, i) => {
    const id = ids[i];
    return id !== undefined && settingsDiffer(e.want, resources[i]!) ? [id] : [];
  });
  const pending = touched.length > 0 ? await runningActionsOn(http, touched) : [];
  const obs: Observation = { exists: true, id: sid, spec: { serviceId: sid, resources }, lookups: { ...lookups }, raw: { policies: list } };
  if (pending.length > 0) obs.pending = pending;
  return obs;
}

/**
 * Observes many PatchPolicy documents: the documents of one service share ONE GET patch-policies and
 * ONE generic-list lookup of all their entry names (50 names a request); the per-resource reads
 * (`resources/{id}/patch-policy` for resources the service list lacks, farm sizes, running actions of
 * the entries that would change) stay per document, as in `observe`.
 */
export async function observeAllPolicies(ctx: ItcareContext, desired: readonly DesiredResource[]): Promise<Map<string, Observation>> {
  const names = new Map<number, string[]>();
  for (const d of desired) {
    const sid = serviceIdOf(d);
    names.set(sid, [...(names.get(sid) ?? []), ...namesOf(entriesOf(d.spec))]);
  }
  const shared = new Map([...names].map(([sid, n]) => [sid, serviceReads(ctx.http, sid, n)] as const));
  const out = new Map<string, Observation>();
  await Promise.all(desired.map(async (d) => out.set(d.address, await observePolicy(ctx, d, shared.get(serviceIdOf(d))))));
  return out;
}
