// The KindHandler of a PaaS kind, assembled from its PaasReader and its own operations: observe,
// observeAll and listOwned read through the shared PaaS reads, the builders add the kind's own
// operations to the shared ones (state, resize, monitoring, patch party, tags) in phase order.
import type { DesiredResource, KindHandler, Observation, OperationContext } from '../../../../engine/provider.js';
import type { FieldDiff, Operation } from '../../../../engine/plan.js';
import { refuseUnhandled } from '../changes.js';
import type { ItcareContext } from '../kind.js';
import { flattenPhases } from '../phases.js';
import { inventoryPaas, listOwnedPaas, observeAllPaas, observePaas, type PaasReader } from './observe.js';
import { commonUpdates, createOperations, deleteOperations, paasPhases, type Phased } from './operations.js';

/** What a PaaS kind adds to the shared operations. Pure functions (see KindHandler). */
export interface PaasOperations {
  /** The create's summary: `create Redis orders-cache (2cpu4gb, 40 GB, 1 instance)`. */
  createSummary(desired: DesiredResource): string;
  /** Refuses, before any operation is built, a create the API would reject (RefusedError). */
  checkCreate?(desired: DesiredResource): void;
  /** Follow-ups of the create on the new resource (`self` is its `${ref:self}` placeholder), before a final stop. */
  createExtras?(desired: DesiredResource, self: string): Operation[];
  /**
   * The kind's own update operations for `diff`, added to `phased` (phases of `PaasReader.ownPhases`);
   * returns the top-level fields it handled. Throws RefusedError for a change the API cannot make.
   */
  updates?(desired: DesiredResource, observed: Observation, diff: readonly FieldDiff[], ctx: OperationContext, phased: Phased): Iterable<string>;
}

/** The handler of the PaaS kind `r`. Idempotent reads; pure builders; unhandled differences refused. */
export function paasHandler(ctx: ItcareContext, r: PaasReader, ops: PaasOperations): KindHandler {
  const { http } = ctx;
  return {
    kind: r.kind,
    observe: (desired) => observePaas(http, r, desired),
    observeAll: (desired, reads) => observeAllPaas(http, r, desired, reads),
    listOwned: (stack, scope, reads) => listOwnedPaas(http, r, stack, scope, reads),
    inventory: (scope, reads) => inventoryPaas(http, r, scope, reads),
    createOperations(desired, opCtx) {
      ops.checkCreate?.(desired);
      const extras = ops.createExtras;
      return createOperations(r, desired, opCtx, ops.createSummary(desired), extras && ((self) => extras(desired, self)));
    },
    updateOperations(desired, observed, diff, opCtx) {
      const phased: Phased = {};
      const handled = commonUpdates(r, desired, observed, diff, opCtx, phased);
      for (const h of ops.updates?.(desired, observed, diff, opCtx, phased) ?? []) handled.add(h);
      refuseUnhandled(desired, diff, handled);
      return flattenPhases(paasPhases(r), phased);
    },
    deleteOperations: (address, observed, opCtx) => deleteOperations(r, address, observed, opCtx),
  };
}
