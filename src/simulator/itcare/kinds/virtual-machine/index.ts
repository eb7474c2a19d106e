// The VirtualMachine kind as far as the simulator models it today (ITCARE-API §11 "Instances",
// `001:2760-4134`): the seeded VMs of `seed.ts` (kind `instance`), usable as load-balancer pool
// members, and the one route the load-balancer provider reads of them. Creating, changing or deleting
// a VM is not served yet: this folder is where it goes (see the README, "Adding a simulator kind").
import type { ItcareKind } from '../../common/kind.js';
import { INSTANCE_KIND, virtualMachineRoutes } from './routes.js';

export const virtualMachine: ItcareKind = {
  kind: INSTANCE_KIND,
  label: 'Instance',
  resource: { category: 'INSTANCES', type: 'LINUX', family: 'DEBIAN', technology: 'DEBIAN', path: '/compute/instances' },
  operations: {},
  deletion: { body: true },
  lists: [],
  routes: virtualMachineRoutes,
};
