// Kubernetes node pools (ITCARE-API §6.3-§6.5): live nodes grouped into pools by (availabilityZone.id,
// `${cpu}cpu${ram}gb`), and the plan that turns the live pools into the desired ones: which nodes to add
// with `create_nodes` and which existing nodes to remove with `delete_nodes`, chosen deterministically.
import { RefusedError } from '../../../../core/errors.js';
import { type Json } from '../../common/client.js';
import { isObject } from '../../../../core/objects.js';
import { sizingOf, toNumber, toText } from '../../common/normalize.js';

/** One live node, reduced to what pool reconciliation needs. `az`/`nodeSizing` absent = unknown. */
export interface KubeNode {
  id: string;
  name?: string;
  az?: string;
  nodeSizing?: string;
  /** `isExternalIngressNode || isInternalIngressNode` (`001:17920-17921`). */
  ingress: boolean;
}

/** One pool of the spec: `count` nodes of `nodeSizing` in availability zone `az`. */
export interface NodePool {
  az: string;
  nodeSizing: string;
  count: number;
}

/** What to change: pools to grow (nodes to add per az and sizing) and existing nodes to delete. */
export interface NodePlan {
  add: NodePool[];
  remove: KubeNode[];
}

/** Numeric ids (int64, possibly beyond 2^53) compare by length then text; others by text. */
export function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b) && a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

const poolKey = (az: string, sizing: string) => `${az.toLowerCase()} ${sizing.toLowerCase()}`;
const byPool = (a: NodePool, b: NodePool) => (poolKey(a.az, a.nodeSizing) < poolKey(b.az, b.nodeSizing) ? -1 : 1);

/** The nodes of `GET .../{id}/nodes`, sorted by id. Items without an id are left out. */
export function nodesOf(raw: readonly Json[]): KubeNode[] {
  const out: KubeNode[] = [];
  for (const n of raw) {
    const id = toText(n.id);
    if (id === undefined) continue;
    const node: KubeNode = { id, ingress: n.isExternalIngressNode === true || n.isInternalIngressNode === true };
    const name = toText(n.name);
    const az = isObject(n.availabilityZone) ? toText(n.availabilityZone.id) : undefined;
    const sizing = sizingOf([], n.cpu, n.ram);
    if (name !== undefined) node.name = name;
    if (az !== undefined) node.az = az;
    if (sizing !== undefined) node.nodeSizing = sizing;
    out.push(node);
  }
  return out.sort((a, b) => compareIds(a.id, b.id));
}

/** Live pools: nodes whose zone and sizing are known, counted per (az, sizing), sorted. */
export function poolsOf(nodes: readonly KubeNode[]): NodePool[] {
  const pools = new Map<string, NodePool>();
  for (const n of nodes) {
    if (n.az === undefined || n.nodeSizing === undefined) continue;
    const key = poolKey(n.az, n.nodeSizing);
    const pool = pools.get(key) ?? { az: n.az, nodeSizing: n.nodeSizing, count: 0 };
    pool.count++;
    pools.set(key, pool);
  }
  return [...pools.values()].sort(byPool);
}

/** The spec's pools, validated: (az, nodeSizing) unique without case, counts positive integers. */
export function desiredPools(value: unknown, address: string): NodePool[] {
  const list = Array.isArray(value) ? value : [];
  const seen = new Set<string>();
  const out: NodePool[] = [];
  for (const p of list) {
    const az = isObject(p) ? toText(p.az) : undefined;
    const nodeSizing = isObject(p) ? toText(p.nodeSizing)?.toLowerCase() : undefined;
    const count = isObject(p) ? toNumber(p.count) : undefined;
    if (az === undefined || nodeSizing === undefined || count === undefined || !Number.isInteger(count) || count < 0) {
      throw new RefusedError('spec.nodePools: every pool needs az, nodeSizing and a whole count', address);
    }
    const key = poolKey(az, nodeSizing);
    if (seen.has(key)) throw new RefusedError(`spec.nodePools lists ${nodeSizing} in ${az} twice: merge the two pools into one`, address);
    seen.add(key);
    if (count > 0) out.push({ az, nodeSizing, count });
  }
  return out.sort(byPool);
}

const label = (n: KubeNode) => (n.name === undefined ? n.id : `${n.id} (${n.name})`);

/**
 * Chooses the changes that turn `live` into `desired`. Within a pool that shrinks, non-ingress nodes
 * go first, then the highest id first. Refused: an empty desired set, deleting every existing node
 * ("All nodes cannot be deleted", `001:18181`), deleting every ingress node ("All ingress nodes cannot
 * be deleted", `001:18183`), and any change while a node's zone or sizing is unknown.
 */
export function planNodes(desired: readonly NodePool[], live: readonly KubeNode[], address: string): NodePlan {
  if (desired.reduce((n, p) => n + p.count, 0) === 0) throw new RefusedError('spec.nodePools would remove every node of the cluster', address);
  const unknown = live.filter((n) => n.az === undefined || n.nodeSizing === undefined);
  if (unknown.length > 0) {
    throw new RefusedError(`cannot reconcile spec.nodePools: ITCare gives no zone or sizing for node ${unknown.map(label).join(', ')}`, address);
  }
  const groups = new Map<string, KubeNode[]>();
  for (const n of live) groups.set(poolKey(n.az!, n.nodeSizing!), [...(groups.get(poolKey(n.az!, n.nodeSizing!)) ?? []), n]);
  const add: NodePool[] = [];
  const remove: KubeNode[] = [];
  const wanted = new Map(desired.map((p) => [poolKey(p.az, p.nodeSizing), p]));
  for (const p of desired) {
    const have = groups.get(poolKey(p.az, p.nodeSizing))?.length ?? 0;
    if (p.count > have) add.push({ ...p, count: p.count - have });
  }
  for (const [key, nodes] of groups) {
    const extra = nodes.length - (wanted.get(key)?.count ?? 0);
    if (extra <= 0) continue;
    const order = [...nodes].sort((a, b) => Number(a.ingress) - Number(b.ingress) || compareIds(b.id, a.id));
    remove.push(...order.slice(0, extra));
  }
  remove.sort((a, b) => compareIds(a.id, b.id));
  if (remove.length > 0 && remove.length === live.length) {
    throw new RefusedError(`spec.nodePools would delete every existing node (${remove.map(label).join(', ')}); ITCare refuses to delete all nodes: keep at least one of them`, address);
  }
  const ingress = live.filter((n) => n.ingress);
  if (ingress.length > 0 && ingress.every((n) => remove.includes(n))) {
    throw new RefusedError(`spec.nodePools would delete every ingress node (${ingress.map(label).join(', ')}); ITCare refuses to delete all ingress nodes`, address);
  }
  return { add: add.sort(byPool), remove };
}

/** Options of `create_nodes` (`001:17664-17682`): one entry per (az, sizing). */
export function createNodesOptions(add: readonly NodePool[]): { nodes: { nodesNb: number; nodeSizing: string; az: string }[] } {
  return { nodes: add.map((p) => ({ nodesNb: p.count, nodeSizing: p.nodeSizing, az: p.az })) };
}

/** `add 3 nodes: 1 x 2cpu4gb in EB-A, 2 x 4cpu8gb in EB-B`. */
export function createNodesSummary(add: readonly NodePool[]): string {
  const total = add.reduce((n, p) => n + p.count, 0);
  return `add ${total} node${total === 1 ? '' : 's'}: ${add.map((p) => `${p.count} x ${p.nodeSizing} in ${p.az}`).join(', ')}`;
}

/** `delete 2 nodes: 11113 (web-w3), 11114 (web-w4)`: the plan names every node it deletes. */
export function deleteNodesSummary(remove: readonly KubeNode[]): string {
  return `delete ${remove.length} node${remove.length === 1 ? '' : 's'}: ${remove.map(label).join(', ')}`;
}
