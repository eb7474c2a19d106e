// The RabbitMQ kind's operations: none of its own beyond the shared PaaS ones (create, start/stop,
// resize, monitoring, patch party, tags, delete; `001:14503-14620`), only the create's summary.
import type { DesiredResource } from '../../../../engine/provider.js';
import { toNumber, toText } from '../../common/normalize.js';
import type { PaasOperations } from '../../common/paas/handler.js';
import { fixedVersion } from '../../common/versions.js';

/** `create RabbitMQ orders-mq (2cpu4gb, 3 brokers, 40 GB, v3.13)`. */
function createSummary(d: DesiredResource): string {
  const n = toNumber(d.spec.brokerCount);
  const parts = [
    toText(d.spec.nodeSizing),
    n === undefined ? undefined : `${n} broker${n === 1 ? '' : 's'}`,
    d.spec.diskSize === undefined ? undefined : `${String(d.spec.diskSize)} GB`,
    d.spec.rabbitMqVersion === undefined ? undefined : `v${String(d.spec.rabbitMqVersion)}`,
  ].filter(Boolean);
  return `create RabbitMQ ${d.name}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

export const RABBITMQ_OPERATIONS: PaasOperations = { createSummary };

/** A replace to a lower rabbitMqVersion would delete the broker and its queues: refused as the downgrade it is. */
export const RABBITMQ_DOWNGRADE = fixedVersion('/rabbitMqVersion', 'RabbitMQ', 'the broker and its queues');
