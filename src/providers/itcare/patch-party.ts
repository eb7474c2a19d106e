// The `update_patch_party` PATCH operation shared by every PaaS kind (ITCARE-API §9.3): include with an
// optional group, or exclude with a reason. Sub-fields the spec leaves out keep their live value.
import { RefusedError } from '../../core/errors.js';
import { isObject } from './client.js';
import { toText } from './normalize.js';

export interface PatchPartyOptions {
  patchParty: { excluded: boolean; patchGroup?: string; exclusionReason?: unknown };
}

/**
 * Options for `update_patch_party` from the desired `patchParty` (falling back to `live` for the
 * sub-fields the spec does not manage). An exclusion without a reason is refused: the API requires
 * one (`001:9386-9392`) and would only fail at apply time.
 */
export function patchPartyOptions(desired: unknown, live: unknown, address: string): PatchPartyOptions {
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
  const group = toText(want.patchGroup ?? have.patchGroup);
  return { patchParty: group === undefined ? { excluded: false } : { excluded: false, patchGroup: group } };
}

/** `patch party: include, group 2` / `patch party: include` / `patch party: exclude`. */
export function patchPartySummary(o: PatchPartyOptions): string {
  if (o.patchParty.excluded) return 'patch party: exclude';
  return o.patchParty.patchGroup === undefined ? 'patch party: include' : `patch party: include, group ${o.patchParty.patchGroup}`;
}
