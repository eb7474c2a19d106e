// The `update_patch_party` PATCH operation shared by every PaaS kind (ITCARE-API §9.3): include with an
// optional group, or exclude with a reason. Sub-fields the spec leaves out keep their live value.
import { RefusedError } from '../../../core/errors.js';
import { isObject } from '../../../core/objects.js';
import { toText } from './normalize.js';

export interface PatchPartyOptions {
  patchParty: { excluded: boolean; patchGroup?: string; exclusionReason?: unknown };
}

/**
 * Options for `update_patch_party` from the desired `patchParty` (falling back to `live` for the
 * sub-fields the spec does not manage). An exclusion without a reason is refused: the API requires
 * one (`001:9386-9392`) and would only fail at apply time.
 */
export function patchPartyOptions(desired: unknown, live: unknown, address: string, members?: number): PatchPartyOptions {
  const want = isObject(desired) ? desired : {};
  const have = isObject(live) ? live : {};
  const excluded = (want.excluded ?? have.excluded ?? false) === true;
  if (excluded) {
    const reason = want.exclusionReason ?? have.exclusionReason;
    if (reason === undefined || reason === '') {
      throw new RefusedError(`patchParty.excluded needs patchParty.exclusionReason (ITCare requires a reason)`, address);
    }
    return { patchParty: { excluded: true, exclusionReason: reason } };
  }
  // "the patchGroup is optional, and is only allowed when the farm has one member" (`001:5759`, `001:15847`,
  // `001:17735`): on a farm of several members a desired group is refused and a live one never re-sent.
  const multi = members !== undefined && members > 1;
  if (multi && toText(want.patchGroup) !== undefined) {
    throw new RefusedError(
      `patchParty.patchGroup: "the patchGroup is optional, and is only allowed when the farm has one member" (ITCare); this farm has ${members} members, remove patchParty.patchGroup`,
      address,
    );
  }
  const group = multi ? undefined : toText(want.patchGroup ?? have.patchGroup);
  return { patchParty: group === undefined ? { excluded: false } : { excluded: false, patchGroup: group } };
}

/** `patch party: include, group 2` / `patch party: include` / `patch party: exclude`. */
export function patchPartySummary(o: PatchPartyOptions): string {
  if (o.patchParty.excluded) return 'patch party: exclude';
  return o.patchParty.patchGroup === undefined ? 'patch party: include' : `patch party: include, group ${o.patchParty.patchGroup}`;
}
