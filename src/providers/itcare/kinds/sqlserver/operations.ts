// The SQLServer kind's operations: the shared PaaS ones (create, start/stop, resize, monitoring, patch
// party, tags; `001:13689-13860`), the DELETE with its `{changeReference}` body (`001:13630-13687`), the
// create's summary and the patch-group rule checked at create for an Always On farm.
import { RefusedError } from '../../../../core/errors.js';
import { isObject } from '../../../../core/objects.js';
import type { DesiredResource } from '../../../../engine/provider.js';
import { toNumber, toText } from '../../common/normalize.js';
import type { PaasOperations } from '../../common/paas/handler.js';

/** `create SQLServer orderssql (2cpu8gb, STD, French_BIN)`. */
function createSummary(d: DesiredResource): string {
  const parts = [
    toText(d.spec.nodeSizing),
    toText(d.spec.edition),
    d.spec.alwaysOn === true ? `Always On${d.spec.nodeCount === undefined ? '' : `, ${String(d.spec.nodeCount)} nodes`}` : undefined,
    toText(d.spec.collation),
  ].filter(Boolean);
  return `create SQLServer ${d.name}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

/**
 * "the patchGroup is optional, and is only allowed when the farm has one member" (`001:13788`): an Always
 * On farm (or nodeCount > 1) is refused a patch group at plan time, before its create is sent.
 */
function checkCreate(d: DesiredResource): void {
  const pp = d.spec.patchParty;
  if (!isObject(pp) || pp.patchGroup === undefined) return;
  const members = toNumber(d.spec.nodeCount);
  if (d.spec.alwaysOn !== true && (members === undefined || members <= 1)) return;
  throw new RefusedError(
    `patchParty.patchGroup: "the patchGroup is optional, and is only allowed when the farm has one member" (ITCare 001:13788); an Always On farm has several, remove patchParty.patchGroup`,
    d.address,
  );
}

export const SQLSERVER_OPERATIONS: PaasOperations = { createSummary, checkCreate };
