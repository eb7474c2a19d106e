// The Apache Kafka kind (ITCARE-API §11, `001:18221-19000`): a cluster of 3 to 5 brokers, listed in
// `GET /itcare/message-brokers` (no list of its own), with the shared PaaS operations plus
// `reconfigure` (its overloaded parameters), and a DELETE that takes no body.
import type { ItcareKind } from '../../common/kind.js';
import { commonOps } from '../../common/paas.js';
import { kafkaOps } from './operations.js';
import { kafkaRoutes } from './routes.js';
import { kafkaView } from './views.js';

export const kafka: ItcareKind = {
  kind: 'kafka',
  label: 'Apache Kafka',
  // APACHE_KAFKA is the docs' spelling of the type (`001:7589`).
  resource: { category: 'MESSAGE_BROKERS', type: 'APACHE_KAFKA', family: 'APACHE_KAFKA', technology: 'APACHE_KAFKA', path: '/message-brokers/apache-kafka' },
  operations: { ...commonOps, ...kafkaOps },
  deletion: { body: false },
  lists: ['message-brokers'],
  view: kafkaView,
  routes: kafkaRoutes,
};
