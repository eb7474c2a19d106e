// The `Tags` governance kind (ITCARE-API §8): the whole tag set of one resource that the manifests do
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
import { runningActionsOn } from './governance-pending.js';
import { ApiError, InternalError, RefusedError } from '../../core/errors.js';
import { fromPointer } from '../../core/json-pointer.js';
import { parseAddress } from '../../core/address.js';
import type { HttpClient } from '../../http/types.js';
import { ORIGIN_TAG, OWNER_TAG, type DesiredResource, type KindHandler, type Observation, type OperationContext } from '../../engine/provider.js';
import { refPlaceholder, type FieldDiff, type Operation } from '../../engine/plan.js';
import { getArray, isObject, type Json } from './client.js';
import { toNumber } from './normalize.js';
import { resourcesNamed, single } from './resource-lookup.js';
import { tagPairOperation, tagsOf, tagsPath } from './tags.js';

type Target =
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
  return ka.length === Object.keys(b).length && ka.every((k) => k in b && String(a[k]) === String(b[k]));
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
async function observeTags(http: HttpClient, desired: DesiredResource, named?: NamedItems): Promise<Observation> {
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
    const item = single(items, { name: t.name, serviceId: t.serviceId }, desired.address, hint);
    if (!item) {
      const msg = `no resource named ${t.name} in service ${t.serviceId} (for a resource of these manifests, use resource: {ref: Kind/name})`;
      throw new RefusedError(msg, desired.address);
    }
    return found(item.id as string | number, await tagsOfItem(http, item), desired.spec.resource);
  }
  const items = named?.anywhere ?? (await resourcesNamed(http, [t.name]));
  const item = single(items, { name: t.name, kind: t.kind }, desired.address, 'name the resource with resource: {id: N} or {serviceId, name}');
  if (!item) return { exists: false, spec: {} };
  return found(item.id as string | number, await tagsOfItem(http, item), item.id);
}

/** Names per `names=` list request: keeps the query string well under the usual 8 kB URL limits. */
const NAMES_PER_REQUEST = 50;

/** Every generic list item named one of `names` (in `serviceId` when given), in requests of NAMES_PER_REQUEST names. */
async function itemsNamed(http: HttpClient, names: readonly string[], serviceId?: number): Promise<Json[]> {
  const unique = [...new Set(names)].sort();
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += NAMES_PER_REQUEST) chunks.push(unique.slice(i, i + NAMES_PER_REQUEST));
  return (await Promise.all(chunks.map((c) => resourcesNamed(http, c, serviceId)))).flat();
}

/**
 * Observes many Tags documents: ONE `GET /itcare/compute/resources?services=&names=` per service for
 * every `{serviceId, name}` target of the batch, ONE `?names=` for every `{ref}` target (50 names per
 * request), tags from the items' embedded `tags[]`; a `{id}` target still costs its tags GET (no list is
 * searchable by id). Same identity, refusals and normalisation as `observe`; the running actions are
 * read only for targets whose tags differ, as `observe` does.
 */
async function observeAllTags(http: HttpClient, desired: readonly DesiredResource[]): Promise<Map<string, Observation>> {
  const targets = desired.map((d) => targetOf(d));
  const byService = new Map<number, string[]>();
  const anywhere: string[] = [];
  for (const t of targets) {
    if (t.form === 'name') byService.set(t.serviceId, [...(byService.get(t.serviceId) ?? []), t.name]);
    if (t.form === 'ref') anywhere.push(t.name);
  }
  const [serviceLists, refItems] = await Promise.all([
    Promise.all([...byService].map(async ([sid, names]) => [sid, await itemsNamed(http, names, sid)] as const)),
    anywhere.length > 0 ? itemsNamed(http, anywhere) : Promise.resolve([]),
  ]);
  const named: NamedItems = { byService: new Map(serviceLists), anywhere: refItems };
  const out = new Map<string, Observation>();
  await Promise.all(desired.map(async (d) => out.set(d.address, await withPending(http, d, await observeTags(http, d, named)))));
  return out;
}

/** Like the managed kinds, wait for the actions already running on a target whose tags will change (issue 13 item 12). */
async function withPending(http: HttpClient, desired: DesiredResource, obs: Observation): Promise<Observation> {
  if (!obs.exists || obs.id === undefined || sameTags(desired.spec.tags, obs.spec.tags)) return obs;
  const pending = await runningActionsOn(http, [obs.id]);
  return pending.length > 0 ? { ...obs, pending } : obs;
}

const text = (v: unknown): string => String(v);

/** caretaker's own tags a PUT keeps: the ownership tag and the origin tag, each when the target has it. */
interface Kept {
  owner?: string;
  origin?: string;
}

/**
 * The full list for a PUT: the live ownership tag first when there is one to keep (then the origin
 * tag, likewise), then the desired tags by key. `kept.owner` undefined = the target has none.
 */
export function replacementList(desiredTags: unknown, kept: string | undefined | Kept): { tagKey: string; tagValue: unknown }[] {
  const own: Kept = typeof kept === 'object' ? kept : { owner: kept };
  const map = isObject(desiredTags) ? desiredTags : {};
  const keys = Object.keys(map).filter((k) => k !== OWNER_TAG && k !== ORIGIN_TAG).sort();
  const head = own.owner === undefined ? [] : [{ tagKey: OWNER_TAG, tagValue: own.owner }];
  if (own.origin !== undefined) head.push({ tagKey: ORIGIN_TAG, tagValue: own.origin });
  return [...head, ...keys.map((k) => ({ tagKey: k, tagValue: map[k] }))];
}

function putOperation(id: string | number, desiredTags: unknown, own: Kept, serviceId?: number): Operation {
  const body = replacementList(desiredTags, own);
  const shown = body.filter((t) => t.tagKey !== OWNER_TAG && t.tagKey !== ORIGIN_TAG).map((t) => `${t.tagKey}=${text(t.tagValue)}`);
  const ours = [own.owner === undefined ? '' : OWNER_TAG, own.origin === undefined ? '' : ORIGIN_TAG].filter((k) => k !== '');
  const kept = ours.length === 0 ? '' : ` (${ours.join(', ')} kept)`;
  const op: Operation = {
    method: 'PUT', path: tagsPath(id), body, async: false, irreversible: false, role: 'update',
    summary: `replace tags: ${shown.length > 0 ? shown.join(', ') : '(none)'}${kept}`,
  };
  if (serviceId !== undefined) op.serviceId = serviceId;
  return op;
}

/** The id operations address: a {ref} resolved now when its target exists, else a placeholder. */
function targetId(t: Target, observed: Observation | undefined, ctx: OperationContext): string | number {
  if (t.form === 'ref') return ctx.resolveRef(t.address) ?? (observed?.exists ? observed.id : undefined) ?? refPlaceholder(t.address);
  if (observed?.id === undefined) throw new InternalError('tags planned for a target without a live id');
  return observed.id;
}

/**
 * The ownership (and origin) tag values a PUT must carry. A {ref} target is a resource of this stack,
 * so after its own change it carries `caretaker-stack=<stack>` (and this manifest set's origin when it
 * had none); any other target keeps whatever it has live.
 */
function ownerToKeep(t: Target, observed: Observation | undefined, ctx: OperationContext): Kept {
  if (t.form === 'ref') return { owner: ctx.stack, origin: observed?.origin ?? ctx.origin };
  return { owner: observed?.owner, origin: observed?.origin };
}

/**
 * The fewest calls from the live map to the desired one, for the keys the diff names: one POST per
 * new pair, one DELETE per removed pair, both for a changed value; one PUT of the full set (keeping
 * the ownership tag, and the live value of keys the diff does not name) as soon as that is fewer
 * calls, i.e. from 2 pair calls on.
 */
export function tagsUpdate(desired: DesiredResource, observed: Observation, diff: readonly FieldDiff[], ctx: OperationContext): Operation[] {
  const t = targetOf(desired);
  const id = targetId(t, observed, ctx);
  const serviceId = t.form === 'name' ? t.serviceId : undefined;
  const want = isObject(desired.spec.tags) ? desired.spec.tags : {};
  const live = isObject(observed.spec.tags) ? observed.spec.tags : {};
  const keys = new Set<string>();
  for (const d of diff) {
    const [head, key] = fromPointer(d.path);
    if (head !== 'tags') continue;
    if (key !== undefined) keys.add(key);
    else for (const k of [...Object.keys(live), ...Object.keys(want)]) keys.add(k);
  }
  keys.delete(OWNER_TAG);
  keys.delete(ORIGIN_TAG);
  const calls: Operation[] = [];
  for (const k of [...keys].sort()) {
    const [from, to] = [live[k], want[k]];
    if (from !== undefined && to !== undefined && text(from) === text(to)) continue;
    if (from !== undefined) calls.push(tagPairOperation('DELETE', id, k, from, serviceId));
    if (to !== undefined) calls.push(tagPairOperation('POST', id, k, to, serviceId));
  }
  if (calls.length < 2) return calls;
  // The PUT changes exactly the keys of the diff: other keys keep their live value (lifecycle.ignoreChanges).
  const next: Record<string, unknown> = { ...live };
  for (const k of keys) {
    if (want[k] === undefined) delete next[k];
    else next[k] = want[k];
  }
  return [putOperation(id, next, ownerToKeep(t, observed, ctx), serviceId)];
}

/** The Tags handler. Never owns anything: listOwned is empty and there is no delete operation. */
export function createTagsHandler(http: HttpClient): KindHandler {
  return {
    kind: 'Tags',
    // Like the managed kinds, wait for the actions already running on the target (issue 13 item 12).
    observe: async (desired) => withPending(http, desired, await observeTags(http, desired)),
    observeAll: (desired) => observeAllTags(http, desired),
    listOwned: async () => [],
    // Only a {ref} target can be missing: it is created by this plan first (the ref orders it).
    createOperations(desired, ctx, observed) {
      const t = targetOf(desired);
      return [putOperation(targetId(t, observed, ctx), desired.spec.tags, ownerToKeep(t, observed, ctx))];
    },
    updateOperations: tagsUpdate,
    // Governance kinds are never pruned or destroyed (the planner leaves x-owned: false kinds alone).
    deleteOperations: () => [],
  };
}
