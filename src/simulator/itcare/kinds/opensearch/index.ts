// The OpenSearch kind (ITCARE-API §11, `001:4538-5335`): a cluster of an odd number of nodes (3..51),
// listed in `GET /itcare/databases`, with start, stop, add_nodes, resize_nodes, update_monitoring and
// update_patch_party; its DELETE takes no body.
import type { ItcareKind } from '../../common/kind.js';
import { opensearchOps } from './operations.js';
import { opensearchRoutes } from './routes.js';
import { opensearchView } from './views.js';

export const opensearch: ItcareKind = {
  kind: 'opensearch',
  label: 'OpenSearch',
  resource: { category: 'MANAGED_DATABASES', type: 'OPENSEARCH', family: 'OPENSEARCH', technology: 'OPENSEARCH', path: '/databases/opensearch' },
  operations: opensearchOps,
  deletion: { body: false },
  lists: ['databases'],
  view: opensearchView,
  routes: opensearchRoutes,
};
