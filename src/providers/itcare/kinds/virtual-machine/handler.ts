// The VirtualMachine handler: the shared reads of common/paas/ over the instances' own list, and the
// instance's own builders (operations.ts), whose calls and preconditions differ from the PaaS kinds'.
import type { KindHandler } from '../../../../engine/provider.js';
import type { ItcareContext } from '../../common/kind.js';
import { inventoryPaas, listOwnedPaas, observeAllPaas, observePaas } from '../../common/paas/observe.js';
import { VIRTUAL_MACHINE } from './observe.js';
import { createVmOperations, deleteVmOperations, updateVmOperations } from './operations.js';

/** The VirtualMachine handler. Idempotent reads; pure builders (see KindHandler). */
export function virtualMachineHandler({ http }: ItcareContext): KindHandler {
  return {
    kind: VIRTUAL_MACHINE.kind,
    observe: (desired) => observePaas(http, VIRTUAL_MACHINE, desired),
    observeAll: (desired, reads) => observeAllPaas(http, VIRTUAL_MACHINE, desired, reads),
    listOwned: (stack, scope, reads) => listOwnedPaas(http, VIRTUAL_MACHINE, stack, scope, reads),
    inventory: (scope, reads) => inventoryPaas(http, VIRTUAL_MACHINE, scope, reads),
    createOperations: (desired, ctx) => createVmOperations(desired, ctx),
    updateOperations: (desired, observed, diff, ctx) => updateVmOperations(desired, observed, diff, ctx),
    deleteOperations: (address, observed, ctx) => deleteVmOperations(address, observed, ctx),
  };
}
