// The OpenSearch kind (ITCARE-API §11, `001:4538-5335`): a PaaS kind whose node count grows by add_nodes
// and whose sizing changes node by node (resize_nodes). Its descriptor: the reader (observe.ts), the
// handler (handler.ts over operations.ts) and what export writes (export.ts).
import type { ItcareKind } from '../../common/kind.js';
import { OPENSEARCH_EXPORT } from './export.js';
import { opensearchHandler } from './handler.js';
import { OPENSEARCH } from './observe.js';
import { OPENSEARCH_DOWNGRADE } from './operations.js';

export const opensearch: ItcareKind = {
  kind: OPENSEARCH.kind,
  sign: OPENSEARCH.sign,
  // A cluster has at least 3 nodes (`001:4554`): its farm never has one member, so no patch group (`001:4968`).
  minFarmMembers: 3,
  handler: opensearchHandler,
  export: OPENSEARCH_EXPORT,
  stateful: true,
  downgrade: OPENSEARCH_DOWNGRADE,
  // Drift attribution: its node operations (`001:4913-4944`); the shared RESIZE is never sent for it.
  history: { ADD_NODES: ['/instanceCount'], RESIZE_NODES: ['/nodeSizing'] },
};
