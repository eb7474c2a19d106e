// The MariaDB kind (ITCARE-API §11, `001:12123-12880`): a PaaS kind with no operation of its own. Its
// descriptor: the reader (observe.ts), the create summary (operations.ts) and what export writes
// (export.ts). No live catalogue is documented for its versions: the schema's rules only.
import type { ItcareKind } from '../../common/kind.js';
import { paasHandler } from '../../common/paas/handler.js';
import { MARIADB_EXPORT } from './export.js';
import { MARIADB } from './observe.js';
import { MARIADB_DOWNGRADE, MARIADB_OPERATIONS } from './operations.js';

export const mariadb: ItcareKind = {
  kind: MARIADB.kind,
  sign: MARIADB.sign,
  handler: (ctx) => paasHandler(ctx, MARIADB, MARIADB_OPERATIONS),
  export: MARIADB_EXPORT,
  stateful: true,
  downgrade: MARIADB_DOWNGRADE,
};
