// The VirtualMachine kind (ITCARE-API §11 "Instances", `001:2760-4134`): instances with their own paged
// list, start/stop/reset/resize and the monitoring, patch-party, replication and backup operations,
// snapshots, storage and network reads. A DELETE needs the instance INACTIVE (`001:3699`) and may carry
// `{changeReference}`. The seeded VMs of `seed.ts` (kind `instance`) are load-balancer pool members.
import { fieldError } from '../../../reply.js';
import type { ItcareKind } from '../../common/kind.js';
import { vmOps } from './operations.js';
import { INSTANCE_KIND, virtualMachineRoutes } from './routes.js';
import { vmView } from './views.js';

export const virtualMachine: ItcareKind = {
  kind: INSTANCE_KIND,
  label: 'Instance',
  // The type, family and technology of a new instance follow its platform (create.ts `osOf`).
  resource: { category: 'INSTANCES', type: 'LINUX', family: 'DEBIAN', technology: 'DEBIAN', path: '/compute/instances' },
  operations: vmOps,
  deletion: {
    body: true,
    check: (r) => {
      if (r.status !== 'INACTIVE') {
        throw fieldError('status', `Error on field 'status': instance ${r.name} must be INACTIVE to be deleted (it is ${r.status}); stop it first`);
      }
    },
  },
  lists: [],
  view: (state, r) => vmView(state, r),
  routes: virtualMachineRoutes,
};
