// The PostgreSQL kind (ITCARE-API §5, `001:15463-16329`): a managed database, standalone or HA,
// listed in `GET /itcare/databases`, with the shared PaaS operations plus enable_ha, upgrade,
// install_extension and a refused restore; its DELETE takes no body.
import type { ItcareKind } from '../../common/kind.js';
import { commonOps } from '../../common/paas.js';
import { pgOps } from './operations.js';
import { postgresqlRoutes } from './routes.js';
import { pgView } from './views.js';

export const postgresql: ItcareKind = {
  kind: 'postgresql',
  label: 'PostgreSQL',
  resource: { category: 'MANAGED_DATABASES', type: 'POSTGRESQL', family: 'POSTGRESQL', technology: 'POSTGRESQL', path: '/databases/postgresql' },
  operations: { ...commonOps, ...pgOps },
  deletion: { body: false },
  lists: ['databases'],
  view: pgView,
  routes: postgresqlRoutes,
};
