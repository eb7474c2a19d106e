// Resource tags (ITCARE-API §8): live list -> spec map + owner, and the fewest calls that turn the
// live set into the desired one. Tag calls are synchronous; the unit is the (tagKey, tagValue) pair.
import { dict, own as ownKey, toDict } from '../../../core/dict.js';
import { ORIGIN_TAG, OWNER_TAG, type KindHandler, type Observation, type OperationContext } from '../../../engine/provider.js';
import type { FieldDiff, Operation } from '../../../engine/plan.js';
import { fromPointer } from '../../../core/json-pointer.js';
import { REDACTED, isSecret } from '../../../core/secret.js';
import { type Json } from './client.js';
import { isObject } from '../../../core/objects.js';

export function tagsPath(id: string | number): string {
  return `/itcare/compute/resources/${id}/tags`;
}

/**
 * The live tag list as a map without caretaker's own tags: the ownership tag's value becomes the owner,
 * the origin tag's (`caretaker-origin`, written at create) the origin. Neither is ever diffed.
 */
export function tagsOf(list: readonly Json[]): { tags: Record<string, string>; owner?: string; origin?: string } {
  // Tag keys are the API's data: a null-prototype map keeps `constructor` or `__proto__` as a tag.
  const tags = dict<string>();
  let owner: string | undefined;
  let origin: string | undefined;
  for (const t of list) {
    if (typeof t.tagKey !== 'string') continue;
    const value = t.tagValue === undefined || t.tagValue === null ? '' : String(t.tagValue);
    if (t.tagKey === OWNER_TAG) owner = value;
    else if (t.tagKey === ORIGIN_TAG) origin = value;
    else tags[t.tagKey] = value;
  }
  return { tags, ...(owner === undefined ? {} : { owner }), ...(origin === undefined ? {} : { origin }) };
}

const show = (v: unknown): string => (isSecret(v) ? REDACTED : String(v));
const pair = (k: string, v: unknown) => ({ tagKey: k, tagValue: v });

/** caretaker's own tags of a PUT: the stack, and the manifest set's origin when it is known. */
export type OwnTags = Pick<OperationContext, 'stack' | 'origin'>;

/**
 * The full desired list: the ownership tag first, the origin tag when known (the create-time marker of
 * the manifest set, kept as it is afterwards), then the spec's tags by key. Values may be Secrets.
 */
export function fullTagList(desiredTags: unknown, own: OwnTags): { tagKey: string; tagValue: unknown }[] {
  const map = isObject(desiredTags) ? desiredTags : {};
  const keys = Object.keys(map).filter((k) => k !== OWNER_TAG && k !== ORIGIN_TAG).sort();
  const origin = own.origin === undefined ? [] : [pair(ORIGIN_TAG, own.origin)];
  return [pair(OWNER_TAG, own.stack), ...origin, ...keys.map((k) => pair(k, ownKey(map, k)))];
}

/** One PUT that replaces every tag of `id` (a live id or a `${ref:…}` placeholder). */
export function putTagsOperation(id: string | number, desiredTags: unknown, own: OwnTags, serviceId?: number): Operation {
  const list = fullTagList(desiredTags, own);
  return {
    method: 'PUT', path: tagsPath(id), body: list, async: false, irreversible: false, role: 'update', serviceId,
    summary: `set tags: ${list.map((t) => `${t.tagKey}=${show(t.tagValue)}`).join(', ')}`,
  };
}

/**
 * Tag operations for the `/tags…` entries of `diff`. Only the keys named by the diff are touched.
 * More than 2 pair calls with an authoritative `spec.tags` -> one PUT of the full set instead; else one
 * POST per new pair and one DELETE per old pair (a changed value = DELETE old + POST new).
 */
export function tagUpdateOperations(
  desiredTags: unknown, observed: Observation, diff: readonly FieldDiff[], ctx: OperationContext, serviceId?: number,
): Operation[] {
  const id = observed.id as string | number;
  const want = isObject(desiredTags) ? desiredTags : undefined;
  const live = isObject(observed.spec.tags) ? observed.spec.tags : {};
  // caretaker's own tags: the ownership tag, and the origin tag (re-stamped when a plan takes over a
  // resource of another manifest set with --allow-foreign-origin).
  const desiredOf = (k: string): unknown => (k === OWNER_TAG ? ctx.stack : k === ORIGIN_TAG ? ctx.origin : ownKey(want, k));
  const liveOf = (k: string): unknown => (k === OWNER_TAG ? observed.owner : k === ORIGIN_TAG ? observed.origin : ownKey(live, k));

  // key -> whether its value changes even if both sides look equal (an explicit `replace`, e.g. a Secret)
  const keys = new Map<string, boolean>();
  for (const d of diff) {
    const [head, key] = fromPointer(d.path);
    if (head !== 'tags') continue;
    if (key !== undefined) keys.set(key, d.op === 'replace');
    else for (const k of new Set([...Object.keys(live), ...Object.keys(want ?? {})])) keys.set(k, false);
  }
  const ops: Operation[] = [];
  for (const k of [...keys.keys()].sort()) {
    const [from, to] = [liveOf(k), desiredOf(k)];
    const changed = keys.get(k) === true || isSecret(to) || from !== to;
    if (!changed || (from === undefined && to === undefined)) continue;
    if (from !== undefined) ops.push(tagCall('DELETE', id, k, from, serviceId, `untag ${k}`));
    if (to !== undefined) ops.push(tagCall('POST', id, k, to, serviceId, `tag ${k}=${show(to)}`));
  }
  if (ops.length > 2 && want !== undefined) {
    // The PUT replaces every tag: the keys the diff does not name keep their live value (a key under
    // lifecycle.ignoreChanges is not reset to the manifest's), the others get the desired one.
    const next = toDict<unknown>(live);
    for (const k of keys.keys()) {
      if (k === OWNER_TAG || k === ORIGIN_TAG) continue;
      if (desiredOf(k) === undefined) delete next[k];
      else next[k] = desiredOf(k);
    }
    // A resource observed without adoption (lifecycle.adopt: false: the planner adds no ownership-tag
    // difference) must not be tagged by the PUT either.
    const adopting = observed.owner === ctx.stack || diff.some((d) => d.path === `/tags/${OWNER_TAG}`);
    // A live origin stays as it is; an adopted resource gets this manifest set's.
    const restamp = diff.some((d) => d.path === `/tags/${ORIGIN_TAG}`);
    if (adopting) return [putTagsOperation(id, next, { stack: ctx.stack, origin: restamp ? ctx.origin : observed.origin ?? ctx.origin }, serviceId)];
    const list = Object.keys(next).filter((k) => k !== OWNER_TAG && k !== ORIGIN_TAG).sort().map((k) => pair(k, next[k]));
    return [{
      method: 'PUT', path: tagsPath(id), body: list, async: false, irreversible: false, role: 'update', serviceId,
      summary: `set tags: ${list.map((t) => `${t.tagKey}=${show(t.tagValue)}`).join(', ')}`,
    }];
  }
  return ops;
}

function tagCall(method: 'POST' | 'DELETE', id: string | number, key: string, value: unknown, serviceId: number | undefined, summary: string): Operation {
  return { method, path: tagsPath(id), body: pair(key, value), async: false, irreversible: false, role: 'update', serviceId, summary };
}

/** One pair call: POST adds `key=value` (`tag k=v`), DELETE removes that live pair (`untag k`). */
export function tagPairOperation(method: 'POST' | 'DELETE', id: string | number, key: string, value: unknown, serviceId?: number): Operation {
  const summary = method === 'POST' ? `tag ${key}=${show(value)}` : `untag ${key}`;
  return tagCall(method, id, key, value, serviceId, summary);
}

/**
 * Adds the release call to a handler of an owned kind (DESIGN §2): one DELETE of the ownership tag pair
 * and nothing else; the origin tag and every other tag stay.
 */
export function withRelease(h: KindHandler): KindHandler {
  return {
    ...h,
    releaseOperations: (_address, observed) => {
      const serviceId = typeof observed.spec.serviceId === 'number' ? observed.spec.serviceId : undefined;
      return [tagPairOperation('DELETE', observed.id as string | number, OWNER_TAG, observed.owner ?? '', serviceId)];
    },
  };
}
