// The OpenSearch handler: the shared PaaS reads and builders, without the shared resize (its sizing
// changes through resize_nodes, by node), with its own add_nodes and resize_nodes.
import { fromPointer } from '../../../../core/json-pointer.js';
import type { KindHandler } from '../../../../engine/provider.js';
import { refuseUnhandled } from '../../common/changes.js';
import type { ItcareContext } from '../../common/kind.js';
import { inventoryPaas, listOwnedPaas, observeAllPaas, observePaas } from '../../common/paas/observe.js';
import { commonUpdates, createOperations, deleteOperations, paasPhases, type Phased } from '../../common/paas/operations.js';
import { flattenPhases } from '../../common/phases.js';
import { OPENSEARCH } from './observe.js';
import { createSummary, opensearchUpdates } from './operations.js';

/** Fields the shared builders would change the PaaS way: here they are OpenSearch's own. */
const OWN = new Set(['nodeSizing', 'instanceCount']);

/** The OpenSearch handler. Idempotent reads; pure builders (see KindHandler). */
export function opensearchHandler({ http }: ItcareContext): KindHandler {
  return {
    kind: OPENSEARCH.kind,
    observe: (desired) => observePaas(http, OPENSEARCH, desired),
    observeAll: (desired, reads) => observeAllPaas(http, OPENSEARCH, desired, reads),
    listOwned: (stack, scope, reads) => listOwnedPaas(http, OPENSEARCH, stack, scope, reads),
    inventory: (scope, reads) => inventoryPaas(http, OPENSEARCH, scope, reads),
    createOperations: (desired, ctx) => createOperations(OPENSEARCH, desired, ctx, createSummary(desired)),
    updateOperations(desired, observed, diff, ctx) {
      const phased: Phased = {};
      const shared = diff.filter((x) => !OWN.has(fromPointer(x.path)[0] ?? ''));
      const handled = commonUpdates(OPENSEARCH, desired, observed, shared, ctx, phased);
      for (const h of opensearchUpdates(OPENSEARCH, desired, observed, diff, ctx, phased)) handled.add(h);
      refuseUnhandled(desired, diff, handled);
      return flattenPhases(paasPhases(OPENSEARCH), phased);
    },
    deleteOperations: (address, observed, ctx) => deleteOperations(OPENSEARCH, address, observed, ctx),
  };
}
