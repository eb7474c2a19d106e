// What `caretaker export` writes of a KubernetesCluster: its node pools, and the create-only fields
// (nodeSizing, instanceCount, region, area: write-only, required) from its live nodes.
import { isObject } from '../../../../core/objects.js';
import type { Json } from '../../common/client.js';
import { WRITE_ONLY, placement } from '../../common/export.js';
import { toNumber } from '../../common/normalize.js';
import { paasExport } from '../../common/paas/export.js';
import { KUBERNETES } from './observe.js';

/**
 * The create-only fields of a cluster (nodeSizing, instanceCount: write-only, required) from its live
 * node pools, and its region/area from the nodes.
 */
function kubernetesCreateFields(raw: Json, spec: Record<string, unknown>, notes: Record<string, string>): void {
  placement(raw.nodes, spec, notes);
  const pools = Array.isArray(spec.nodePools) ? spec.nodePools.filter(isObject) : [];
  const biggest = [...pools].sort((a, b) => (toNumber(b.count) ?? 0) - (toNumber(a.count) ?? 0))[0];
  if (biggest && typeof biggest.nodeSizing === 'string') {
    spec.nodeSizing = biggest.nodeSizing;
    notes['spec.nodeSizing'] = `${WRITE_ONLY} (create-time sizing); the most common live node sizing`;
  }
  const total = pools.reduce((n, p) => n + (toNumber(p.count) ?? 0), 0);
  if (total > 0) {
    spec.instanceCount = Math.min(12, Math.max(2, total));
    notes['spec.instanceCount'] = `${WRITE_ONLY} (create-time node count, 2..12); the live node count${total < 2 || total > 12 ? ` (${total}) clamped` : ''}; nodePools manages the nodes`;
  }
}

export const KUBERNETES_EXPORT = paasExport(KUBERNETES, {
  fileStem: 'kubernetes-cluster',
  probe: (serviceId) => ({ serviceId, nodePools: [], networkId: null }),
  finish: (_ctx, _r, _obs, raw, spec, notes) => kubernetesCreateFields(raw, spec, notes),
});
