// The MariaDB kind's operations: none of its own beyond the shared PaaS ones (create, start/stop,
// resize, monitoring, patch party, tags, delete; `001:12463-12608`), only the create's summary.
import type { DesiredResource } from '../../../../engine/provider.js';
import { toNumber, toText } from '../../common/normalize.js';
import type { PaasOperations } from '../../common/paas/handler.js';
import { fixedVersion } from '../../common/versions.js';

/** `create MariaDB orders-maria (2cpu4gb, 40 GB, SINGLE, 1 instance)`. */
function createSummary(d: DesiredResource): string {
  const n = toNumber(d.spec.instanceCount);
  const parts = [
    toText(d.spec.nodeSizing),
    d.spec.diskSize === undefined ? undefined : `${String(d.spec.diskSize)} GB`,
    toText(d.spec.topology)?.toUpperCase(),
    n === undefined ? undefined : `${n} instance${n === 1 ? '' : 's'}`,
  ].filter(Boolean);
  return `create MariaDB ${d.name}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

export const MARIADB_OPERATIONS: PaasOperations = { createSummary };

/** A replace to a lower version would delete the database and its data: refused as the downgrade it is. */
export const MARIADB_DOWNGRADE = fixedVersion('/version', 'MariaDB', 'the database and its data');
