// The VirtualMachine kind (ITCARE-API §11, `001:2760-4134`): an instance, found in its own paged list,
// with its own operations and preconditions (resize and delete only when INACTIVE). Its descriptor: the
// reader (observe.ts), the handler (handler.ts over operations.ts) and what export writes (export.ts).
import type { ItcareKind } from '../../common/kind.js';
import { VIRTUAL_MACHINE_EXPORT } from './export.js';
import { virtualMachineHandler } from './handler.js';
import { VIRTUAL_MACHINE } from './observe.js';

export const virtualMachine: ItcareKind = {
  kind: VIRTUAL_MACHINE.kind,
  sign: VIRTUAL_MACHINE.sign,
  // The create is sampled with the vendor type (`001:3268-3272`).
  vendorTyped: [['POST', /^\/itcare\/compute\/instances$/]],
  handler: virtualMachineHandler,
  export: VIRTUAL_MACHINE_EXPORT,
  // Its disks hold data a delete loses.
  stateful: true,
  // Drift attribution: the instance's resize changes `resourceId` (its sizing, `001:3851`), not the PaaS
  // kinds' nodeSizing; backup and replication have their own operations (`001:3917-3975`).
  history: { RESIZE: ['/resourceId'], UPDATE_BACKUP: ['/backupEnabled'], UPDATE_STORAGE_REPLICATION: ['/replicationEnabled'] },
};
