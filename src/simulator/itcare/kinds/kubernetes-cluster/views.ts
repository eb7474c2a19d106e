// Kubernetes response shapes: the cluster (`001:17488-17582`, also the list items and the service
// sub-list), its nodes (Node, `001:17824-18057`) and the node distribution metrics (`001:18106-18138`).
import { fieldError } from '../../../reply.js';
import type { ResourceRecord, SimulatorState } from '../../../state.js';
import { clusterAzs, datacenterOf, k8sNodes, versionDetailed, type K8sNode } from './nodes.js';
import { nodeView, resourceBase, sizingParts } from '../../common/views.js';

/** Rancher-like cluster id (`c-…`), used in technicalId and managementUrl (format undocumented). */
function technicalId(r: ResourceRecord): string {
  return `c-${r.id.toString(36)}`;
}

/** `GET /itcare/compute/containers/kubernetes/{id}`: ResourceBase plus the cluster fields. */
export function clusterView(state: SimulatorState, r: ResourceRecord): Record<string, unknown> {
  const region = String(r.attrs.region ?? '');
  const azs = clusterAzs(r);
  // Added to the fresh base object: spreading it into a new literal is slow (V8).
  return Object.assign(resourceBase(state, r), {
    allowMonitoringDisplay: true,
    availableAZs: azs,
    availableDCs: [...new Set(azs.map((az) => datacenterOf(region, az)))],
    ingressProvider: r.attrs.ingressProvider,
    labelAreaList: [r.attrs.area],
    labelRegion: region,
    managementUrl: `https://rancher.cegedim.cloud/dashboard/c/${technicalId(r)}`,
    nodeCount: r.nodeCount,
    supportsHAMode: r.attrs.supportsHAMode === true,
    technicalId: technicalId(r),
    topology: r.topology,
    version: r.version,
    versionDetailed: versionDetailed(r.version),
  });
}

/**
 * One node: the shared Node shape with the node's own sizing and AZ. An ingress node carries both
 * flags (it runs the internal controller and the `nginx-ext` one, `001:25059-25077`; choice).
 */
export function k8sNodeView(state: SimulatorState, r: ResourceRecord, n: K8sNode): Record<string, unknown> {
  const region = String(r.attrs.region ?? '');
  const area = String(r.attrs.area ?? '');
  const { cpu, ram } = sizingParts(n.sizing);
  const dc = datacenterOf(region, n.az);
  const net = state.networks.find((x) => x.id === r.attrs.networkId);
  return {
    ...nodeView(state, r, n, 0),
    availabilityZone: { id: n.az, availabilityZoneGroup: area, datacenterId: dc, defaultZone: false, location: n.az, routable: true },
    cpu, ram, family: 'UBUNTU', osName: 'Ubuntu 22.04', labelDataCenter: dc,
    // Stable per node, whatever the position in the list.
    ipAddress: net ? `${net.cidr.split('.').slice(0, 3).join('.')}.${20 + (n.id % 200)}` : '',
    isExternalIngressNode: n.ingress, isInternalIngressNode: n.ingress, parentResourceType: 'KUBERNETES',
  };
}

/** `?type=az-distribution | dc-distribution` (required): per AZ or DC, the node, CPU and RAM counts. */
export function metrics(r: ResourceRecord, type: string | null): Record<string, { cpuCount: number; nodeCount: number; ramCount: number }> {
  if (type !== 'az-distribution' && type !== 'dc-distribution') {
    throw fieldError('type', "Error on field 'type': must be az-distribution or dc-distribution");
  }
  const region = String(r.attrs.region ?? '');
  const out: Record<string, { cpuCount: number; nodeCount: number; ramCount: number }> = {};
  for (const n of k8sNodes(r)) {
    const key = type === 'az-distribution' ? n.az : datacenterOf(region, n.az);
    const { cpu, ram } = sizingParts(n.sizing);
    const m = (out[key] ??= { cpuCount: 0, nodeCount: 0, ramCount: 0 });
    m.cpuCount += cpu;
    m.ramCount += ram;
    m.nodeCount += 1;
  }
  return out;
}
