// The `PatchPolicy` governance kind (ITCARE-API §9.4): the Patch Party settings of several resources of
// one service. It never owns anything: listOwned is empty and there is no create or delete. Its
// descriptor: the reads (observe.ts over entries.ts), the bulk PATCH (operations.ts) and export (export.ts).
import { InternalError } from '../../../../core/errors.js';
import type { ItcareKind } from '../../common/kind.js';
import { PATCH_POLICY_EXPORT } from './export.js';
import { observeAllPolicies, observePolicy } from './observe.js';
import { policyUpdate } from './operations.js';

export const patchPolicy: ItcareKind = {
  kind: 'PatchPolicy',
  // No sign: a policy is a setting of its service's resources, not a live resource of its own.
  handler: (ctx) => ({
    kind: 'PatchPolicy',
    observe: (desired) => observePolicy(ctx, desired),
    observeAll: (desired) => observeAllPolicies(ctx, desired),
    listOwned: async () => [],
    createOperations(desired) {
      // observe either finds the service (exists: true) or refuses: there is nothing to create.
      throw new InternalError(`${desired.address}: a PatchPolicy is never created`);
    },
    updateOperations: policyUpdate,
    // Governance kinds are never pruned or destroyed (the planner leaves x-owned: false kinds alone).
    deleteOperations: () => [],
  }),
  export: PATCH_POLICY_EXPORT,
  // Its patch-party calls change the policy's entries, not a resource's own patchParty.
  history: { UPDATE_PATCH_PARTY: ['/resources'], INCLUDE_PATCHPARTY: ['/resources'], EXCLUDE_PATCHPARTY: ['/resources'] },
};
