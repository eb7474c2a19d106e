// The Matomo kind (ITCARE-API §11, `001:6961-7532`): a PaaS kind with its own list, no area, network or
// nodes, and `extend` of its sizing as its own operation; it is deleted only once stopped. Its
// descriptor: the reader (observe.ts), the operations (operations.ts) and what export writes (export.ts).
import type { ItcareKind } from '../../common/kind.js';
import { paasHandler } from '../../common/paas/handler.js';
import { MATOMO_EXPORT } from './export.js';
import { MATOMO } from './observe.js';
import { MATOMO_OPERATIONS, matomoDelete } from './operations.js';

export const matomo: ItcareKind = {
  kind: MATOMO.kind,
  sign: MATOMO.sign,
  handler: (ctx) => ({ ...paasHandler(ctx, MATOMO, MATOMO_OPERATIONS), deleteOperations: matomoDelete }),
  export: MATOMO_EXPORT,
  stateful: true,
  history: { EXTEND: ['/sizing'] },
};
