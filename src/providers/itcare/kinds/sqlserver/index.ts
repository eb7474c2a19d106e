// The SQLServer kind (ITCARE-API §11, `001:12894-14150`): a PaaS kind with its own paged list, whose
// DELETE takes a `{changeReference}` body. Its descriptor: the reader (observe.ts), the create summary
// and checks (operations.ts) and what export writes (export.ts).
import type { ItcareKind } from '../../common/kind.js';
import { paasHandler } from '../../common/paas/handler.js';
import { SQLSERVER_EXPORT } from './export.js';
import { SQLSERVER } from './observe.js';
import { SQLSERVER_OPERATIONS } from './operations.js';

export const sqlserver: ItcareKind = {
  kind: SQLSERVER.kind,
  sign: SQLSERVER.sign,
  // Its PATCH is sampled with the vendor type (`001:13837-13840`); its create is a /itcare/databases POST (shared row).
  vendorTyped: [['PATCH', /^\/itcare\/databases\/sqlserver\/[^/]+$/]],
  handler: (ctx) => paasHandler(ctx, SQLSERVER, SQLSERVER_OPERATIONS),
  export: SQLSERVER_EXPORT,
  stateful: true,
};
