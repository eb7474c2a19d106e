// Virtual machine routes: only `GET /itcare/compute/instances/{id}/networks` (`001:4050-4100`) so far,
// "network information of a resource", which the load-balancer provider reads for its pool members.
import { json, notFound } from '../../../reply.js';
import type { Router } from '../../../router.js';
import type { ItcareKind } from '../../common/kind.js';
import { loadResource } from '../../common/paas.js';
import { networkView } from '../../common/views.js';

/** `ResourceRecord.kind` of a VM, as the seed stores it; load-balancer members must be of this kind. */
export const INSTANCE_KIND = 'instance';

export function virtualMachineRoutes(router: Router, self: ItcareKind): void {
  /**
   * One object as sampled, its `ipAddress` being the instance's address (choice: the sample does not
   * say whether it is the network's or the resource's; the LB create example pairs a member's network
   * id with "ipAddress": "1.2.3.4", `004:1764-1772`).
   */
  router.get(`/itcare${self.resource.path}/:id/networks`, (ctx) => {
    const r = loadResource(ctx, self.kind);
    const net = ctx.state.networks.find((n) => n.id === r.attrs.networkId);
    if (!net) throw notFound();
    return json(200, { ...networkView(net), ipAddress: String(r.attrs.ipAddress ?? '') });
  });
}
