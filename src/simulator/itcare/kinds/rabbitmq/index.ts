// The RabbitMQ kind (ITCARE-API §11, `001:14166-14934`): a message broker of 1 to 5 nodes, listed in
// `GET /itcare/message-brokers` (no list of its own), with the shared PaaS operations only (start,
// stop, resize, update_monitoring, update_patch_party) and a DELETE that takes no body.
import type { ItcareKind } from '../../common/kind.js';
import { commonOps } from '../../common/paas.js';
import { rabbitmqRoutes } from './routes.js';
import { rabbitmqView } from './views.js';

export const rabbitmq: ItcareKind = {
  kind: 'rabbitmq',
  label: 'RabbitMQ',
  resource: { category: 'MESSAGE_BROKERS', type: 'RABBITMQ', family: 'RABBITMQ', technology: 'RABBITMQ', path: '/message-brokers/rabbitmq' },
  operations: commonOps,
  deletion: { body: false },
  lists: ['message-brokers'],
  view: rabbitmqView,
  routes: rabbitmqRoutes,
};
