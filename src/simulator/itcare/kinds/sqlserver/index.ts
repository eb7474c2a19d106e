// The SQLServer kind (ITCARE-API §11, `001:12894-14150`): a SQL Server 2022 farm, standalone or Always On,
// with its own paged list and a HEAD by name, in `GET /itcare/databases` by its category; start, stop,
// reset, resize, update_monitoring, update_patch_party; its DELETE may carry `{changeReference}`
// (`001:13630-13686`, 202). The seed holds one (`rhutsql20`).
import type { ItcareKind } from '../../common/kind.js';
import { sqlserverOps } from './operations.js';
import { sqlserverRoutes } from './routes.js';
import { sqlserverView } from './views.js';

export const sqlserver: ItcareKind = {
  kind: 'sqlserver',
  label: 'SQLServer',
  resource: { category: 'MANAGED_DATABASES', type: 'SQLSERVER', family: 'SQLSERVER', technology: 'SQLSERVER', path: '/databases/sqlserver' },
  operations: sqlserverOps,
  deletion: { body: true },
  lists: ['databases'],
  view: sqlserverView,
  routes: sqlserverRoutes,
};
