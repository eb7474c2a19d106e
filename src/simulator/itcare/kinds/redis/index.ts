// The Redis kind (ITCARE-API §4, `001:5338-6107`): a managed database of one node or a three-node
// Sentinel cluster, listed in `GET /itcare/databases`, with the shared PaaS operations only and a
// DELETE that takes no body.
import type { ItcareKind } from '../../common/kind.js';
import { commonOps } from '../../common/paas.js';
import { redisRoutes } from './routes.js';
import { redisView } from './views.js';

export const redis: ItcareKind = {
  kind: 'redis',
  label: 'Redis',
  resource: { category: 'MANAGED_DATABASES', type: 'REDIS', family: 'REDIS', technology: 'REDIS', path: '/databases/redis' },
  operations: commonOps,
  deletion: { body: false },
  lists: ['databases'],
  view: redisView,
  routes: redisRoutes,
};
