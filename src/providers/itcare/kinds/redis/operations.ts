// The Redis kind's operations: none of its own beyond the shared PaaS ones (create, start/stop,
// resize, monitoring, patch party, tags, delete; ITCARE-API §4, §14), only the create's summary, and
// its downgrade rule (redisVersion has no update operation, so a change of it is a replace).
import type { DesiredResource } from '../../../../engine/provider.js';
import { toNumber, toText } from '../../common/normalize.js';
import type { PaasOperations } from '../../common/paas/handler.js';
import { fixedVersion } from '../../common/versions.js';

/** `create Redis orders-cache (2cpu4gb, 40 GB, 1 instance)`. */
function createSummary(d: DesiredResource): string {
  const n = toNumber(d.spec.instanceCount);
  const parts = [
    toText(d.spec.nodeSizing),
    d.spec.diskSize === undefined ? undefined : `${String(d.spec.diskSize)} GB`,
    n === undefined ? undefined : `${n} instance${n === 1 ? '' : 's'}`,
  ].filter(Boolean);
  return `create Redis ${d.name}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

export const REDIS_OPERATIONS: PaasOperations = { createSummary };

/** A replace to a lower redisVersion would delete the cache and its data: refused as the downgrade it is. */
export const REDIS_DOWNGRADE = fixedVersion('/redisVersion', 'Redis', 'the cache and its data');
