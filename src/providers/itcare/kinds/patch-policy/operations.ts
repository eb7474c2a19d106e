// The operation of the `PatchPolicy` governance kind (ITCARE-API §9.4): ONE bulk PATCH of the entries
// that differ; a patch group on a farm known to have several members is refused at plan time.
import { own } from '../../../../core/dict.js';
import { InternalError, RefusedError } from '../../../../core/errors.js';
import type { DesiredResource, Observation, OperationContext } from '../../../../engine/provider.js';
import { refPlaceholder, type FieldDiff, type Operation } from '../../../../engine/plan.js';
import { serviceIdOf } from '../../common/normalize.js';
import { changedEntries, describeItem, entriesOf, entryKey, entryLabel, policyItem } from './entries.js';
import { policiesPath, type PolicyLookups } from './observe.js';

function lookupsOf(observed: Observation): PolicyLookups {
  const l = (observed.lookups ?? {}) as Partial<PolicyLookups>;
  return { ids: l.ids ?? [], names: l.names ?? [], nodeCounts: l.nodeCounts ?? {} };
}

/**
 * ONE PATCH with the changed entries only. A patch group on a farm known to have several members is
 * refused here ("only allowed when the farm has one member", `001:5759`); when the size is unknown,
 * ITCare's per-item FAILED answer reports it at apply (common/actions.ts names the resource).
 */
export function policyUpdate(desired: DesiredResource, observed: Observation, diff: readonly FieldDiff[], ctx: OperationContext): Operation[] {
  const sid = serviceIdOf(desired);
  const entries = entriesOf(desired.spec);
  const lk = lookupsOf(observed);
  const refusals: string[] = [];
  const labels: string[] = [];
  const keys = entries.map((e) => entryKey(e, ctx.resolveRef));
  const body = changedEntries(diff, keys).map((i) => {
    const e = entries[i]!;
    const t = e.target;
    const id = t.form === 'id' ? t.id : t.form === 'ref' ? (ctx.resolveRef(t.address) ?? lk.ids[i] ?? refPlaceholder(t.address)) : lk.ids[i];
    if (id === undefined) throw new InternalError(`entry ${i} of ${desired.address} has no resolved resource id`);
    const item = policyItem(e, id);
    const label = entryLabel(e, lk.names[i], id);
    const size = own(lk.nodeCounts, String(id));
    if (item.patchGroup !== undefined && size !== undefined && size > 1) {
      refusals.push(`${label}: a patch group is only allowed when the farm has one member (it has ${size}); remove its patchGroup`);
    }
    labels.push(`${label} ${describeItem(item)}`);
    return item;
  });
  if (refusals.length > 0) throw new RefusedError(refusals.join('; '), desired.address);
  if (body.length === 0) return [];
  return [{
    method: 'PATCH', path: policiesPath(sid), body, async: true, irreversible: false, role: 'update', serviceId: sid,
    summary: `update patch policies of service ${sid}: ${labels.join('; ')}`,
  }];
}
