// The KubernetesCluster kind (ITCARE-API §6, `001:16383-18219`): a cluster with its own paged list,
// node pools, upgrades and HA, and custom load balancers that go with it when it is deleted (its
// DELETE takes an optional `{changeReference}`). No start, stop or resize.
import type { ItcareKind } from '../../common/kind.js';
import { K8S_VERSIONS } from './nodes.js';
import { k8sOps } from './operations.js';
import { DELETE_CLUSTER_EFFECT, deleteCluster, kubernetesRoutes } from './routes.js';
import { clusterView } from './views.js';

export const kubernetesCluster: ItcareKind = {
  kind: 'kubernetes',
  label: 'Kubernetes',
  resource: { category: 'CONTAINERS', type: 'KUBERNETES', family: 'KUBERNETES', technology: 'KUBERNETES', path: '/compute/containers/kubernetes' },
  operations: k8sOps,
  deletion: { body: true, effect: { type: 'custom', name: DELETE_CLUSTER_EFFECT } },
  lists: [],
  view: clusterView,
  effects: { [DELETE_CLUSTER_EFFECT]: deleteCluster },
  /**
   * One product per version the simulator offers (`productVersion` = the minor, as `upgrade` takes
   * it, `001:17768-17784`).
   */
  products: {
    type: 'KUBERNETES',
    list: () => K8S_VERSIONS.map((v) => ({
      category: 'CONTAINERS', code: `K8S_${v.version.replace('.', '_')}`, id: `kubernetes-${v.version}`, label: `Kubernetes ${v.version}`,
      name: 'Kubernetes', platform: 'kubernetes', productDisplayable: true, productIsDisabled: false, productIsInBetaMode: false,
      productVersion: v.version, status: 'ACTIVE', supportPhase: 'STANDARD', technology: 'KUBERNETES',
    })),
  },
  routes: kubernetesRoutes,
};
