// The RabbitMQ kind (ITCARE-API §11, `001:14166-14934`): a PaaS kind with no operation of its own. Its
// descriptor: the reader (observe.ts), the create summary (operations.ts) and what export writes
// (export.ts). No live catalogue: the docs list no RabbitMQ versions; the schema's pattern only.
import type { ItcareKind } from '../../common/kind.js';
import { paasHandler } from '../../common/paas/handler.js';
import { RABBITMQ_EXPORT } from './export.js';
import { RABBITMQ } from './observe.js';
import { RABBITMQ_DOWNGRADE, RABBITMQ_OPERATIONS } from './operations.js';

export const rabbitmq: ItcareKind = {
  kind: RABBITMQ.kind,
  sign: RABBITMQ.sign,
  handler: (ctx) => paasHandler(ctx, RABBITMQ, RABBITMQ_OPERATIONS),
  export: RABBITMQ_EXPORT,
  stateful: true,
  downgrade: RABBITMQ_DOWNGRADE,
};
