// The PostgreSQL kind (ITCARE-API §5): a PaaS kind with its own operations (upgrade, enable_ha,
// install_extension). Its descriptor: the reader (observe.ts), the operations (operations.ts), the
// live catalogues of versions and extensions (catalogue.ts) and what export writes (export.ts).
import type { ItcareKind } from '../../common/kind.js';
import { paasHandler } from '../../common/paas/handler.js';
import { checkPostgresql } from './catalogue.js';
import { POSTGRESQL_EXPORT } from './export.js';
import { POSTGRESQL } from './observe.js';
import { POSTGRESQL_OPERATIONS } from './operations.js';

export const postgresql: ItcareKind = {
  kind: POSTGRESQL.kind,
  sign: POSTGRESQL.sign,
  handler: (ctx) => paasHandler(ctx, POSTGRESQL, POSTGRESQL_OPERATIONS),
  catalogue: checkPostgresql,
  export: POSTGRESQL_EXPORT,
  history: { UPGRADE: ['/postgreVersion'], ENABLE_HA: ['/ha', '/topology', '/allowedReplicationLag'], INSTALL_EXTENSION: ['/extensions'] },
};
