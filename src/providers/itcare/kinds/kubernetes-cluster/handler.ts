// The KubernetesCluster handler: the shared PaaS reads and builders, without the shared operations a
// cluster lacks (start, stop, resize), with its own (node pools first, then upgrade, enable_ha).
import { fromPointer } from '../../../../core/json-pointer.js';
import type { DesiredResource, KindHandler, Observation } from '../../../../engine/provider.js';
import { isObject } from '../../../../core/objects.js';
import { refuseUnhandled } from '../../common/changes.js';
import type { ItcareContext } from '../../common/kind.js';
import { toNumber, toText } from '../../common/normalize.js';
import { inventoryPaas, listOwnedPaas } from '../../common/paas/observe.js';
import { commonUpdates, createOperations, deleteOperations, paasPhases, type Phased } from '../../common/paas/operations.js';
import { flattenPhases } from '../../common/phases.js';
import { KUBERNETES, observeAllClusters, observeCluster } from './observe.js';
import { kubernetesCreateExtras, kubernetesUpdates } from './operations.js';

/** Shared PaaS operations Kubernetes lacks (no start/stop/resize, §6.4): such a difference is refused. */
const NO_OPERATION = new Set(['state', 'nodeSizing']);

/**
 * The observation without the live patch group, so that update_patch_party never sends one: a group is
 * "only allowed when the farm has one member" (`001:17735`), and ITCare assigns clusters their own (`001:510`).
 */
function withoutPatchGroup(obs: Observation): Observation {
  const pp = obs.spec.patchParty;
  if (!isObject(pp) || pp.patchGroup === undefined) return obs;
  const { patchGroup: _dropped, ...rest } = pp;
  return { ...obs, spec: { ...obs.spec, patchParty: rest } };
}

/** `create KubernetesCluster web (3 x 4cpu16gb, NGINX)`. */
function createSummary(d: DesiredResource): string {
  const n = toNumber(d.spec.instanceCount);
  const sizing = toText(d.spec.nodeSizing);
  const parts = [
    n !== undefined && sizing !== undefined ? `${n} x ${sizing}` : sizing,
    toText(d.spec.ingressProvider)?.toUpperCase(),
  ].filter(Boolean);
  return `create KubernetesCluster ${d.name}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

/** The KubernetesCluster handler. Idempotent reads; pure builders (see KindHandler). */
export function kubernetesClusterHandler({ http }: ItcareContext): KindHandler {
  return {
    kind: KUBERNETES.kind,
    observe: (desired) => observeCluster(http, desired),
    observeAll: (desired, reads) => observeAllClusters(http, desired, reads),
    listOwned: (stack, scope, reads) => listOwnedPaas(http, KUBERNETES, stack, scope, reads),
    inventory: (scope, reads) => inventoryPaas(http, KUBERNETES, scope, reads),
    createOperations: (desired, ctx) =>
      createOperations(KUBERNETES, desired, ctx, createSummary(desired), (self) => kubernetesCreateExtras(KUBERNETES, desired, self)),
    updateOperations(desired, observed, diff, ctx) {
      const phased: Phased = {};
      const shared = diff.filter((x) => !NO_OPERATION.has(fromPointer(x.path)[0] ?? ''));
      const handled = commonUpdates(KUBERNETES, desired, withoutPatchGroup(observed), shared, ctx, phased);
      const own = kubernetesUpdates(KUBERNETES, desired, observed, diff, phased);
      for (const h of own.handled) handled.add(h);
      refuseUnhandled(desired, diff, handled);
      return [...own.nodeOps, ...flattenPhases(paasPhases(KUBERNETES), phased)];
    },
    deleteOperations: (address, observed, ctx) => deleteOperations(KUBERNETES, address, observed, ctx),
  };
}
