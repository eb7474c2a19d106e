// The operations of the `Tags` governance kind (ITCARE-API §8): the fewest tag calls from the live set
// to the desired one, keeping the `caretaker-stack` ownership tag as it is (a `{ref}` target's own).
import { InternalError } from '../../../../core/errors.js';
import { fromPointer } from '../../../../core/json-pointer.js';
import { OWNER_TAG, type DesiredResource, type Observation, type OperationContext } from '../../../../engine/provider.js';
import { refPlaceholder, type FieldDiff, type Operation } from '../../../../engine/plan.js';
import { isObject } from '../../../../core/objects.js';
import { tagPairOperation, tagsPath } from '../../common/tags.js';
import { targetOf, type Target } from './observe.js';

const text = (v: unknown): string => String(v);

/**
 * The full list for a PUT: the live ownership tag first when there is one to keep, then the desired
 * tags by key. `owner` is the value to keep; undefined = the target has none.
 */
export function replacementList(desiredTags: unknown, owner: string | undefined): { tagKey: string; tagValue: unknown }[] {
  const map = isObject(desiredTags) ? desiredTags : {};
  const keys = Object.keys(map).filter((k) => k !== OWNER_TAG).sort();
  const head = owner === undefined ? [] : [{ tagKey: OWNER_TAG, tagValue: owner }];
  return [...head, ...keys.map((k) => ({ tagKey: k, tagValue: map[k] }))];
}

export function putOperation(id: string | number, desiredTags: unknown, owner: string | undefined, serviceId?: number): Operation {
  const body = replacementList(desiredTags, owner);
  const shown = body.filter((t) => t.tagKey !== OWNER_TAG).map((t) => `${t.tagKey}=${text(t.tagValue)}`);
  const kept = owner === undefined ? '' : ` (${OWNER_TAG} kept)`;
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
 * The ownership tag value a PUT must carry. A {ref} target is a resource of this stack, so after its
 * own change it carries `caretaker-stack=<stack>`; any other target keeps whatever it has live.
 */
export function ownerToKeep(t: Target, observed: Observation | undefined, ctx: OperationContext): string | undefined {
  return t.form === 'ref' ? ctx.stack : observed?.owner;
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

/** Only a {ref} target can be missing: it is created by this plan first (the ref orders it), then tagged with one PUT. */
export function tagsCreate(desired: DesiredResource, ctx: OperationContext, observed?: Observation): Operation[] {
  const t = targetOf(desired);
  return [putOperation(targetId(t, observed, ctx), desired.spec.tags, ownerToKeep(t, observed, ctx))];
}
