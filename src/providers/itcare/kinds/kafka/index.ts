// The Kafka kind (ITCARE-API §11, `001:18221-19000`): a PaaS kind with one operation of its own,
// `reconfigure` of the platform's parameters (`overloadedParams`). Its descriptor: the reader
// (observe.ts, params.ts), the operations (operations.ts) and what export writes (export.ts). No live
// catalogue: the docs list no Kafka versions nor parameters.
import type { ItcareKind } from '../../common/kind.js';
import { paasHandler } from '../../common/paas/handler.js';
import { KAFKA_EXPORT } from './export.js';
import { KAFKA } from './observe.js';
import { KAFKA_DOWNGRADE, KAFKA_OPERATIONS } from './operations.js';

export const kafka: ItcareKind = {
  kind: KAFKA.kind,
  sign: KAFKA.sign,
  // "at least 3 and maximum 5" brokers (`001:18232`): a patch group is never allowed on its farms.
  minFarmMembers: KAFKA.minFarmMembers,
  handler: (ctx) => paasHandler(ctx, KAFKA, KAFKA_OPERATIONS),
  export: KAFKA_EXPORT,
  stateful: true,
  downgrade: KAFKA_DOWNGRADE,
  history: { RECONFIGURE: ['/overloadedParams'] },
};
