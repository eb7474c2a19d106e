// The Redis kind (ITCARE-API §4): a PaaS kind with no operation of its own. Its descriptor: the
// reader (observe.ts), the create summary (operations.ts) and what export writes (export.ts). No live
// catalogue: none is documented for redisVersion (nor an upgrade, `001:1091-1101`): the schema's list only.
import type { ItcareKind } from '../../common/kind.js';
import { paasHandler } from '../../common/paas/handler.js';
import { REDIS_EXPORT } from './export.js';
import { REDIS } from './observe.js';
import { REDIS_OPERATIONS } from './operations.js';

export const redis: ItcareKind = {
  kind: REDIS.kind,
  sign: REDIS.sign,
  handler: (ctx) => paasHandler(ctx, REDIS, REDIS_OPERATIONS),
  export: REDIS_EXPORT,
  history: { UPGRADE: ['/redisVersion'] },
};
