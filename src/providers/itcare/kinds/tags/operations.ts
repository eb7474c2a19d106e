// The operations of the `Tags` governance kind (ITCARE-API §8): the fewest tag calls from the live set
// to the desired one, keeping the `caretaker-stack` ownership tag as it is (a `{ref}` target's own).
import { own as ownKey, toDict } from '../../../../core/dict.js';
import { InternalError } from '../../../../core/errors.js';
import { fromPointer } from '../../../../core/json-pointer.js';
import { ORIGIN_TAG, OWNER_TAG, type DesiredResource, type Observation, type OperationContext } from '../../../../engine/provider.js';
import { refPlaceholder, type FieldDiff, type Operation } from '../../../../engine/plan.js';
import { isObject } from '../../../../core/objects.js';
import { tagPairOperation, tagsPath } from '../../common/tags.js';
import { targetOf, type Target } from './observe.js';

const text = (v: unknown): string => String(v);

/** caretaker's own tags a PUT keeps: the ownership tag and the origin tag, each when the target has it. */
export interface Kept {
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
  return [...head, ...keys.map((k) => ({ tagKey: k, tagValue: ownKey(map, k) }))];
}

export function putOperation(id: string | number, desiredTags: unknown, own: Kept, serviceId?: number): Operation {
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
export function targetId(t: Target, observed: Observation | undefined, ctx: OperationContext): string | number {
  if (t.form === 'ref') return ctx.resolveRef(t.address) ?? (observed?.exists ? observed.id : undefined) ?? refPlaceholder(t.address);
  if (observed?.id === undefined) throw new InternalError('tags planned for a target without a live id');
  return observed.id;
}

/**
 * The ownership (and origin) tag values a PUT must carry. A {ref} target is a resource of this stack,
 * so after its own change it carries `caretaker-stack=<stack>` (and this manifest set's origin when it
 * had none); any other target keeps whatever it has live.
 */
export function ownerToKeep(t: Target, observed: Observation | undefined, ctx: OperationContext): Kept {
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
    const [from, to] = [ownKey(live, k), ownKey(want, k)];
    if (from !== undefined && to !== undefined && text(from) === text(to)) continue;
    if (from !== undefined) calls.push(tagPairOperation('DELETE', id, k, from, serviceId));
    if (to !== undefined) calls.push(tagPairOperation('POST', id, k, to, serviceId));
  }
  if (calls.length < 2) return calls;
  // The PUT changes exactly the keys of the diff: other keys keep their live value (lifecycle.ignoreChanges).
  const next = toDict<unknown>(live);
  for (const k of keys) {
    const to = ownKey(want, k);
    if (to === undefined) delete next[k];
    else next[k] = to;
  }
  return [putOperation(id, next, ownerToKeep(t, observed, ctx), serviceId)];
}

/** Only a {ref} target can be missing: it is created by this plan first (the ref orders it), then tagged with one PUT. */
export function tagsCreate(desired: DesiredResource, ctx: OperationContext, observed?: Observation): Operation[] {
  const t = targetOf(desired);
  return [putOperation(targetId(t, observed, ctx), desired.spec.tags, ownerToKeep(t, observed, ctx))];
}
