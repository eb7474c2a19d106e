// The KubernetesCluster kind (ITCARE-API §6): a PaaS kind without start, stop or resize, with node
// pools, upgrades and enable_ha. Its descriptor: the reader (observe.ts), the handler (handler.ts over
// operations.ts and nodes.ts), the ingress-provider catalogue (catalogue.ts) and export (export.ts).
import type { ItcareKind } from '../../common/kind.js';
import { checkKubernetes } from './catalogue.js';
import { KUBERNETES_EXPORT } from './export.js';
import { kubernetesClusterHandler } from './handler.js';
import { KUBERNETES } from './observe.js';

export const kubernetesCluster: ItcareKind = {
  kind: KUBERNETES.kind,
  sign: KUBERNETES.sign,
  // A cluster always has at least 2 nodes (`001:16644`): its farm never has one member (`001:17735`).
  minFarmMembers: 2,
  // The create and the DELETE (whose body is the changeReference, `001:17590`) are sampled with the vendor type.
  vendorTyped: [['POST', /^\/itcare\/compute\/containers\/kubernetes$/], ['DELETE', /^\/itcare\/compute\/containers\/kubernetes\/[^/]+$/]],
  handler: kubernetesClusterHandler,
  catalogue: checkKubernetes,
  export: KUBERNETES_EXPORT,
  history: {
    UPGRADE: ['/version'], ENABLE_HA: ['/topology'],
    CREATE_NODES: ['/nodePools', '/instanceCount'], DELETE_NODES: ['/nodePools', '/instanceCount'], DELETE_NODE: ['/nodePools', '/instanceCount'],
  },
};
