// Patch-party rules shared by `update_patch_party` on every kind and by the service bulk endpoint
// (ITCARE-API §9): an exclusion needs a reason, groups are "1" | "2" | "3", and a group is only
// allowed when the farm has one member (`001:5759`, messages from the bulk example `001:9421-9444`).
import { iso } from './actions.js';
import { newPatchParty, type PatchPartyRecord, type ResourceRecord } from '../../state.js';

/** A requested change, after validation. */
export interface PatchPartyChange {
  excluded: boolean;
  exclusionReason?: string;
  /** Absent: the current group is kept (choice: the docs do not say that omitting it clears it). */
  patchGroup?: string;
}

export const WRONG_GROUP = 'Wrong patch party group set';
export const GROUP_NEEDS_ONE_MEMBER = 'The patch group is only allowed when the farm has one member';
/** Not documented verbatim; the rule is (`001:9391`, `001:500`). */
export const REASON_REQUIRED = 'An exclusion reason must be given to exclude a resource from the patch party';

/** Checks one request; returns the change or the problem (field + message). */
export function checkPatchParty(
  raw: Record<string, unknown>, nodeCount: number,
): { ok: PatchPartyChange } | { field: string; message: string } {
  if (typeof raw.excluded !== 'boolean') return { field: 'excluded', message: "Error on field 'excluded': a boolean is required" };
  const reason = raw.exclusionReason;
  if (reason !== undefined && reason !== null && typeof reason !== 'string') {
    return { field: 'exclusionReason', message: "Error on field 'exclusionReason': must be a string" };
  }
  if (raw.excluded && (typeof reason !== 'string' || reason.trim() === '')) return { field: 'exclusionReason', message: REASON_REQUIRED };
  const group = raw.patchGroup;
  if (group !== undefined && group !== null) {
    // Strings only: the PaaS examples, schemas and responses all use "1".."3" (`001:5766-5772`, `001:8238`).
    if (typeof group !== 'string' || !['1', '2', '3'].includes(group)) return { field: 'patchGroup', message: WRONG_GROUP };
    if (nodeCount !== 1) return { field: 'patchGroup', message: GROUP_NEEDS_ONE_MEMBER };
  }
  const change: PatchPartyChange = { excluded: raw.excluded };
  if (raw.excluded) change.exclusionReason = reason as string;
  if (typeof group === 'string') change.patchGroup = group;
  return { ok: change };
}

/** The merge patch that applies a change when its action succeeds. */
export function patchPartyMerge(change: PatchPartyChange, principal: string, now: number): Record<string, unknown> {
  const pp: Partial<PatchPartyRecord> = change.excluded
    ? { excluded: true, exclusionReason: change.exclusionReason ?? '', excludedBy: principal, exclusionDate: iso(now) }
    : { excluded: false, exclusionReason: '', excludedBy: '' };
  if (change.patchGroup !== undefined) pp.patchGroup = change.patchGroup;
  // exclusionDate cannot be nulled through a merge patch (null deletes); the view restores the default.
  return { patchParty: change.excluded ? pp : { ...pp, exclusionDate: null } };
}

/** The `patchParty` object of every GET (`001:8230-8240`), with `id`/`name` of the resource. */
export function patchPartyView(r: ResourceRecord): Record<string, unknown> {
  return { ...newPatchParty(), ...r.patchParty, id: r.id, name: r.name };
}

/** Process and message of a patch-party action, after the bulk example ("Include PatchParty SQLServer rhutsql20"). */
export function patchPartyProcess(change: PatchPartyChange, r: ResourceRecord): { process: string; message: string } {
  const verb = change.excluded ? 'Exclude' : 'Include';
  return { process: `${verb.toUpperCase()}_PATCHPARTY`, message: `${verb} PatchParty ${r.technology} ${r.name}` };
}
