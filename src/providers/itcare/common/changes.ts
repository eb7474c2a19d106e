// What a diff touches, and the refusal of what no operation can change: shared by every kind's
// update builders, which consume the top-level fields they handle and refuse the rest.
import { RefusedError } from '../../../core/errors.js';
import { fromPointer } from '../../../core/json-pointer.js';
import type { DesiredResource } from '../../../engine/provider.js';
import type { FieldDiff } from '../../../engine/plan.js';

/** Top-level spec fields named by a diff, e.g. `/patchParty/patchGroup` -> `patchParty`. */
export function diffHeads(diff: readonly FieldDiff[]): Set<string> {
  return new Set(diff.filter((d) => !d.forcesReplace).map((d) => fromPointer(d.path)[0] ?? ''));
}

/** Refuses the differences no operation can make (those not marked `forcesReplace` by the engine). */
export function refuseUnhandled(desired: DesiredResource, diff: readonly FieldDiff[], handled: ReadonlySet<string>): void {
  const left = [...diffHeads(diff)].filter((h) => !handled.has(h)).sort();
  if (left.length > 0) {
    const fields = left.map((h) => `spec.${h}`).join(', ');
    throw new RefusedError(`no ITCare operation changes ${fields} of a live ${desired.kind}`, desired.address);
  }
}
