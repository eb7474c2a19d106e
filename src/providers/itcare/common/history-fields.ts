// Which spec fields an operation in an ITCare resource history can change, for drift attribution
// (KindHandler.historyFields). The names are the PATCH operations caretaker itself sends, upper-cased
// as ITCare's `process` shows them (RESIZE, UPDATE_MONITORING…), the documented INCLUDE_PATCHPARTY, and
// the tag calls; an operation no table names is unknown, and drift says "cause unknown" for it.
import { own as ownKey } from '../../../core/dict.js';
import type { HistoryEntry } from '../../../engine/provider.js';

/** Operation name (upper case, `_` between words) -> spec pointers it can change. */
export type HistoryFieldTable = Readonly<Record<string, readonly string[]>>;

const MONITORING = ['/monitoringEnabled', '/onCallSupervision', '/monitoringAlerting'];
const PATCH_PARTY = ['/patchParty'];
const TAGS = ['/tags'];

/** What every ITCare resource shares: tags, monitoring, patch party, start/stop, resize. */
export const COMMON_HISTORY_FIELDS: HistoryFieldTable = {
  ADD_TAG: TAGS, DELETE_TAG: TAGS, REMOVE_TAG: TAGS, UPDATE_TAGS: TAGS, REPLACE_TAGS: TAGS,
  UPDATE_MONITORING: MONITORING, ENABLE_MONITORING: MONITORING, DISABLE_MONITORING: MONITORING,
  UPDATE_PATCH_PARTY: PATCH_PARTY, INCLUDE_PATCHPARTY: PATCH_PARTY, EXCLUDE_PATCHPARTY: PATCH_PARTY,
  START: ['/state'], STOP: ['/state'],
  RESIZE: ['/nodeSizing'],
  // Creation sets everything; it explains nothing that drifted afterwards.
  CREATE: [],
};

/** `resize`, `Resize`, `update-monitoring` -> `RESIZE`, `UPDATE_MONITORING`. */
export function operationKey(operation: string): string {
  return operation.trim().toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/** The tag key a tag call's message names (`Add tag team on REDIS x`, `Remove tag team from …`), if any. */
function tagKeyOf(message: string): string | undefined {
  return /\btag ([A-Za-z0-9_.:/-]+) (?:on|from)\b/i.exec(message)?.[1];
}

/**
 * A `historyFields` hook: the kind's own table first, then the common one. A tag call whose message
 * names its key explains that key only (`/tags/team`); otherwise any tag.
 */
export function historyFields(own: HistoryFieldTable = {}): (entry: HistoryEntry) => readonly string[] | undefined {
  return (entry) => {
    const key = operationKey(entry.operation);
    const fields = ownKey(own, key) ?? ownKey(COMMON_HISTORY_FIELDS, key);
    const tag = fields === TAGS && key !== 'UPDATE_TAGS' && key !== 'REPLACE_TAGS' ? tagKeyOf(entry.message) : undefined;
    return tag === undefined ? fields : [`/tags/${tag.replace(/~/g, '~0').replace(/\//g, '~1')}`];
  };
}
