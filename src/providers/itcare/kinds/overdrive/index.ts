// The OverDrive kind (ITCARE-API §11, `001:6398-6959`): a PaaS kind with its own list, no area, network
// or nodes, and start/stop as its only operations. Its descriptor: the reader (observe.ts), the create
// summary (operations.ts) and what export writes (export.ts).
import type { ItcareKind } from '../../common/kind.js';
import { paasHandler } from '../../common/paas/handler.js';
import { OVERDRIVE_EXPORT } from './export.js';
import { OVERDRIVE } from './observe.js';
import { OVERDRIVE_OPERATIONS } from './operations.js';

export const overdrive: ItcareKind = {
  kind: OVERDRIVE.kind,
  sign: OVERDRIVE.sign,
  handler: (ctx) => paasHandler(ctx, OVERDRIVE, OVERDRIVE_OPERATIONS),
  export: OVERDRIVE_EXPORT,
  stateful: true,
};
