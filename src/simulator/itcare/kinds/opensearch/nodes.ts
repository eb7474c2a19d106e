// OpenSearch nodes (ITCARE-API §11, `001:4538-5335`; architecture `001:997-1011`): each node has its
// own sizing and disk (add_nodes and resize_nodes work per node), its roles follow the cluster size,
// and the cluster's sizing is that of most of its nodes.
import { allocateResourceId, type ResourceRecord, type SimulatorState } from '../../../state.js';
import type { NodeRecord } from '../../common/views.js';

export interface OsNode extends NodeRecord {
  sizing: string;
  diskSize: number;
  roles: string[];
}

/** "Must be odd and at least be 3, recommended is 5, Maximum is 51" (`001:4554`). */
export const MAX_NODES = 51;

export function osNodes(r: ResourceRecord): OsNode[] {
  return Array.isArray(r.attrs.nodes) ? (r.attrs.nodes as OsNode[]) : [];
}

/**
 * Roles by position (`001:1005-1011`): with 3 nodes all are masters and two of them hold data; with
 * 5 or more, the first three are dedicated masters and the others hold data only.
 */
export function rolesAt(index: number, total: number): string[] {
  if (total <= 3) return index < 2 ? ['master', 'data'] : ['master'];
  return index < 3 ? ['master'] : ['data'];
}

/** Masters over the area's three AZs, data nodes over two of them (`001:1011`). */
function azAt(area: string, index: number, total: number): string {
  const letter = total <= 3 || index < 3 ? 'ABC'[index % 3] : 'AB'[(index - 3) % 2];
  return `${area}-${letter}`;
}

/** `count` more nodes named `<nodePrefix><nn>`; every node's roles and AZ follow the new size. */
export function addNodes(
  state: SimulatorState, r: ResourceRecord, existing: OsNode[], count: number, sizing: string, diskSize: number,
): { nodes: OsNode[]; nextNode: number } {
  const prefix = String(r.attrs.nodePrefix ?? r.name.toUpperCase());
  let next = typeof r.attrs.nextNode === 'number' ? r.attrs.nextNode : existing.length + 1;
  const added: OsNode[] = Array.from({ length: count }, () => ({
    id: allocateResourceId(state), name: `${prefix}${String(next++).padStart(2, '0')}`, az: '', sizing, diskSize, roles: [],
  }));
  const all = [...existing.map((n) => ({ ...n })), ...added];
  const area = String(r.attrs.area ?? '');
  all.forEach((n, i) => {
    n.roles = rolesAt(i, all.length);
    if (n.az === '') n.az = azAt(area, i, all.length);
  });
  return { nodes: all, nextNode: next };
}

/** The sizing most nodes have (ties: the first node's in list order) — the cluster's `cpu`/`ram`. */
export function clusterSizing(nodes: readonly OsNode[], fallback: string): string {
  const counts = new Map<string, number>();
  for (const n of nodes) counts.set(n.sizing, (counts.get(n.sizing) ?? 0) + 1);
  let best = fallback;
  let most = 0;
  for (const [sizing, count] of counts) {
    if (count > most) {
      best = sizing;
      most = count;
    }
  }
  return best;
}
