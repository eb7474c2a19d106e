// The OverDrive kind's operations: start and stop only (`001:6880-6920`), shared with every PaaS kind,
// plus tags and delete; every other field is immutable (a replace). Only the create's summary here.
import type { DesiredResource } from '../../../../engine/provider.js';
import { toText } from '../../common/normalize.js';
import type { PaasOperations } from '../../common/paas/handler.js';

/** `create OverDrive orders-drive (XS, drive.orders.example.com)`. */
function createSummary(d: DesiredResource): string {
  const parts = [toText(d.spec.sizing), toText(d.spec.driveSiteUri)].filter(Boolean);
  return `create OverDrive ${d.name}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

export const OVERDRIVE_OPERATIONS: PaasOperations = { createSummary };
