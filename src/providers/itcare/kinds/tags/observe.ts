// Reading the `Tags` governance kind (ITCARE-API §8): the whole tag set of one resource that the manifests do
// not otherwise manage, found by id, by (serviceId, name) or by `{ref}`. It never creates, adopts or
// deletes anything, and never adds, changes or removes the `caretaker-stack` ownership tag.
//
// Observation.spec = { resource: <as written; a {ref} as the live id>, tags: <live map without caretaker-stack> },
// Observation.id = the target's id, Observation.owner = its caretaker-stack value.
// | resource          | reads                                              | target missing            |
// | {id}              | GET compute/resources/{id}/tags                    | RefusedError (404)        |
// | {serviceId, name} | GET compute/resources?services=&names= (tags[] of the item) | RefusedError     |
// | {ref: Kind/name}  | GET compute/resources?names= filtered by the kind's path    | plan `create`: one PUT on ${ref:…} |
// Refresh (observeAll) shares the lookups of a batch: one `?services=&names=` list per service for all
// its {serviceId, name} targets and one `?names=` list for all {ref} targets (50 names a request).
// A {ref} target is looked up across every service the credentials see (the Tags spec does not say
// which service the target is in): the same name in two services is refused as ambiguous.
import { hasOwn, own as ownKey, textOf } from '../../../../core/dict.js';
import { ApiError, InternalError, RefusedError } from '../../../../core/errors.js';
import { parseAddress } from '../../../../core/address.js';
import type { HttpClient } from '../../../../http/types.js';
import type { DesiredResource, Observation } from '../../../../engine/provider.js';
import { getArray, type Json } from '../../common/client.js';
import { isObject } from '../../../../core/objects.js';
import { runningActionsOn } from '../../common/governance-pending.js';
import type { ItcareContext } from '../../common/kind.js';
import { toNumber } from '../../common/normalize.js';
import { resourcesNamed, resourcesNamedInChunks, single } from '../../common/resource-lookup.js';
import { tagsOf, tagsPath } from '../../common/tags.js';

export type Target =
  | { form: 'id'; id: number }
  | { form: 'name'; serviceId: number; name: string }
  | { form: 'ref'; address: string; kind: string; name: string };

/** The validated `spec.resource` (the schema guarantees exactly one form). */
export function targetOf(desired: DesiredResource): Target {
  const r = isObject(desired.spec.resource) ? desired.spec.resource : {};
  const id = toNumber(r.id);
  if (id !== undefined) return { form: 'id', id };
  if (typeof r.ref === 'string') {
    const a = parseAddress(r.ref);
    if (a) return { form: 'ref', address: r.ref, ...a };
  }
  const serviceId = toNumber(r.serviceId);
  if (serviceId !== undefined && typeof r.name === 'string') return { form: 'name', serviceId, name: r.name };
  throw new InternalError(`spec.resource of ${desired.address} has none of the validated forms`);
}

function found(id: string | number, tagList: readonly Json[], echo: unknown): Observation {
  const { tags, owner, origin } = tagsOf(tagList);
  const obs: Observation = { exists: true, id, spec: { resource: echo, tags }, raw: { tags: tagList } };
  if (owner !== undefined) obs.owner = owner;
  if (origin !== undefined) obs.origin = origin;
  return obs;
}

/** The item's embedded `tags[]` (documented on list items, `001:8048-8053`), else one GET of its tags. */
async function tagsOfItem(http: HttpClient, item: Json): Promise<Json[]> {
  if (Array.isArray(item.tags)) return item.tags.filter(isObject);
  return getArray(http, tagsPath(item.id as string | number));
}

/** The desired tag set equals the live one (no write planned: no need to ask for running actions). */
function sameTags(want: unknown, have: unknown): boolean {
  const a = isObject(want) ? want : {};
  const b = isObject(have) ? have : {};
  const ka = Object.keys(a).sort();
  return ka.length === Object.keys(b).length && ka.every((k) => hasOwn(b, k) && textOf(ownKey(a, k)) === textOf(ownKey(b, k)));
}

/** The generic list items a batch of Tags documents name: by service (`{serviceId, name}`) and anywhere (`{ref}`). */
interface NamedItems {
  byService: Map<number, Json[]>;
  anywhere: Json[];
}

/**
 * Reads the target's tags. Requests: 1 (any form; 2 when a list item carries no `tags[]`), none for the
 * lookup by name when `named` already holds the batch's list items.
 */
async function observeOne({ http, kinds }: ItcareContext, desired: DesiredResource, named?: NamedItems): Promise<Observation> {
  const t = targetOf(desired);
  if (t.form === 'id') {
    try {
      return found(t.id, await getArray(http, tagsPath(t.id)), desired.spec.resource);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) throw new RefusedError(`no ITCare resource has id ${t.id}`, desired.address);
      throw err;
    }
  }
  if (t.form === 'name') {
    const items = named?.byService.get(t.serviceId) ?? (await resourcesNamed(http, [t.name], t.serviceId));
    const hint = 'name the resource with resource: {id: N}';
    const item = single(items, { name: t.name, serviceId: t.serviceId }, desired.address, hint, kinds);
    if (!item) {
      const msg = `no resource named ${t.name} in service ${t.serviceId} (for a resource of these manifests, use resource: {ref: Kind/name})`;
      throw new RefusedError(msg, desired.address);
    }
    return found(item.id as string | number, await tagsOfItem(http, item), desired.spec.resource);
  }
  const items = named?.anywhere ?? (await resourcesNamed(http, [t.name]));
  const item = single(items, { name: t.name, kind: t.kind }, desired.address, 'name the resource with resource: {id: N} or {serviceId, name}', kinds);
  if (!item) return { exists: false, spec: {} };
  return found(item.id as string | number, await tagsOfItem(http, item), item.id);
}

/**
 * Observes many Tags documents: ONE `GET /itcare/compute/resources?services=&names=` per service for
 * every `{serviceId, name}` target of the batch, ONE `?names=` for every `{ref}` target (50 names per
 * request), tags from the items' embedded `tags[]`; a `{id}` target still costs its tags GET (no list is
 * searchable by id). Same identity, refusals and normalisation as `observe`; the running actions are
 * read only for targets whose tags differ, as `observe` does.
 */
export async function observeAllTags(ctx: ItcareContext, desired: readonly DesiredResource[]): Promise<Map<string, Observation>> {
  const { http } = ctx;
  const targets = desired.map((d) => targetOf(d));
  const byService = new Map<number, string[]>();
  const anywhere: string[] = [];
  for (const t of targets) {
    if (t.form === 'name') byService.set(t.serviceId, [...(byService.get(t.serviceId) ?? []), t.name]);
    if (t.form === 'ref') anywhere.push(t.name);
  }
  const [serviceLists, refItems] = await Promise.all([
    Promise.all([...byService].map(async ([sid, names]) => [sid, await resourcesNamedInChunks(http, names, sid)] as const)),
    anywhere.length > 0 ? resourcesNamedInChunks(http, anywhere) : Promise.resolve([]),
  ]);
  const named: NamedItems = { byService: new Map(serviceLists), anywhere: refItems };
  const out = new Map<string, Observation>();
  await Promise.all(desired.map(async (d) => out.set(d.address, await withPending(http, d, await observeOne(ctx, d, named)))));
  return out;
}

/** Like the managed kinds, wait for the actions already running on a target whose tags will change (issue 13 item 12). */
async function withPending(http: HttpClient, desired: DesiredResource, obs: Observation): Promise<Observation> {
  if (!obs.exists || obs.id === undefined || sameTags(desired.spec.tags, obs.spec.tags)) return obs;
  const pending = await runningActionsOn(http, [obs.id]);
  return pending.length > 0 ? { ...obs, pending } : obs;
}

/** Observes one Tags document, waiting like the managed kinds for the actions running on its target (issue 13 item 12). */
export async function observeTags(ctx: ItcareContext, desired: DesiredResource): Promise<Observation> {
  return withPending(ctx.http, desired, await observeOne(ctx, desired));
}
