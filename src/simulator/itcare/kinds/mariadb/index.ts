// The MariaDB kind (ITCARE-API §11, `001:12123-12880`): a managed database, a standalone instance or a
// three-node Galera cluster, listed in `GET /itcare/databases`, with the shared PaaS operations (start,
// stop, resize, update_monitoring, update_patch_party) and a DELETE without body. The seed holds one.
import type { ItcareKind } from '../../common/kind.js';
import { commonOps } from '../../common/paas.js';
import { mariadbRoutes } from './routes.js';
import { mariadbView } from './views.js';

export const mariadb: ItcareKind = {
  kind: 'mariadb',
  label: 'MariaDB',
  resource: { category: 'MANAGED_DATABASES', type: 'MARIADB', family: 'MARIADB', technology: 'MARIADB', path: '/databases/mariadb' },
  operations: commonOps,
  deletion: { body: false },
  lists: ['databases'],
  view: mariadbView,
  routes: mariadbRoutes,
};
