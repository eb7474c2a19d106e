// Kubernetes nodes and versions (ITCARE-API §6, `001:16383-18219`): the version catalogue, the
// availability zones of a cluster, node naming and placement, and the node-deletion rules.
import { fieldError } from '../../../reply.js';
import { allocateResourceId, type ResourceRecord, type SimulatorState } from '../../../state.js';
import type { NodeRecord } from '../../common/views.js';

/** A cluster node: its own sizing (node pools may differ) and whether it runs the ingress controller. */
export interface K8sNode extends NodeRecord {
  sizing: string;
  ingress: boolean;
}

/**
 * Versions offered, oldest first; the newest is 1.31 as the French page says (`001:25157-25159`).
 * `version` is the minor, `versionDetailed` the full release (format of the filter example
 * `v1.28.13`, `001:16431`). A new cluster gets the first one (the create body has no version field).
 */
export const K8S_VERSIONS: ReadonlyArray<{ version: string; detailed: string }> = [
  { version: '1.29', detailed: 'v1.29.10' },
  { version: '1.30', detailed: 'v1.30.6' },
  { version: '1.31', detailed: 'v1.31.4' },
];
export const K8S_DEFAULT_VERSION = K8S_VERSIONS[0]!.version;

/** Ingress providers (`001:18140-18159`); the French page lists ingress-nginx, traefik, istio (`001:25161-25163`). */
export const INGRESS_PROVIDERS = ['NGINX', 'TRAEFIK', 'ISTIO'] as const;

/** Number of nodes a new cluster flags as ingress nodes (choice: the docs never say how many). */
export const INGRESS_NODE_COUNT = 2;

/** Upper bound of a cluster's size (French product table: 2 - 256 nodes, `001:1202-1206`). */
export const MAX_NODES = 256;

export function versionDetailed(version: string): string {
  return K8S_VERSIONS.find((v) => v.version === version)?.detailed ?? `v${version}.0`;
}

/**
 * The AZs of a cluster: `{area}-A`, `-B`, `-C`, the form of the topology examples (`EB-QA-A`,
 * `001:15303`), as Redis nodes use. The create_nodes example's `EB-A` (`001:17673`) is a region-level
 * zone and is refused for an area such as EB-QA (choice: one AZ naming for node reads and writes).
 */
export function clusterAzs(r: ResourceRecord): string[] {
  return ['A', 'B', 'C'].map((l) => `${String(r.attrs.area)}-${l}`);
}

/** Datacenter of an AZ: A and B in the first DC, C in the second, as EB-A/EB-B (EB4) and EB-C (EB5) (`001:25893-25909`). */
export function datacenterOf(region: string, az: string): string {
  const second = az.endsWith('-C');
  if (region === 'ET') return second ? 'ET2' : 'ET1';
  if (region === 'EB') return second ? 'EB5' : 'EB4';
  return `${region}${second ? 2 : 1}`;
}

export function k8sNodes(r: ResourceRecord): K8sNode[] {
  return Array.isArray(r.attrs.nodes) ? (r.attrs.nodes as K8sNode[]) : [];
}

/**
 * Allocates `count` nodes named after the cluster (`ORDERSK8S` + a counter that never reuses a
 * number). Without `az` they are spread over the AZ with the fewest nodes first.
 */
export function makeNodes(
  state: SimulatorState, r: ResourceRecord, existing: K8sNode[], count: number, sizing: string, az: string | undefined,
): { nodes: K8sNode[]; nextNode: number } {
  const prefix = r.name.replace(/-/g, '').toUpperCase().slice(0, 10);
  let next = typeof r.attrs.nextNode === 'number' ? r.attrs.nextNode : 1;
  const all = [...existing];
  const nodes: K8sNode[] = [];
  for (let i = 0; i < count; i++) {
    const zone = az ?? leastUsedAz(clusterAzs(r), all);
    const node: K8sNode = { id: allocateResourceId(state), name: `${prefix}${String(next++).padStart(2, '0')}`, az: zone, sizing, ingress: false };
    nodes.push(node);
    all.push(node);
  }
  return { nodes, nextNode: next };
}

function leastUsedAz(azs: string[], nodes: K8sNode[]): string {
  const counts = azs.map((az) => nodes.filter((n) => n.az === az).length);
  return azs[counts.indexOf(Math.min(...counts))]!;
}

/**
 * The nodes left after removing `ids`. BAD_REQUEST when an id is not a node of the cluster, or
 * when every node or every ingress node would go (`001:18179-18185`).
 */
export function remainingNodes(r: ResourceRecord, ids: number[], field: string): K8sNode[] {
  const nodes = k8sNodes(r);
  for (const id of ids) {
    if (!nodes.some((n) => n.id === id)) throw fieldError(field, `Error on field '${field}': ${id} is not a node of cluster ${r.name}`);
  }
  const left = nodes.filter((n) => !ids.includes(n.id));
  if (left.length === 0) throw fieldError(field, `Error on field '${field}': all nodes cannot be deleted`);
  if (!left.some((n) => n.ingress)) throw fieldError(field, `Error on field '${field}': all ingress nodes cannot be deleted`);
  return left;
}
