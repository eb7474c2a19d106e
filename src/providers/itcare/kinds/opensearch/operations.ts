// OpenSearch's own operations on top of the shared PaaS ones (ITCARE-API §11, `001:4872-5034`): the
// cluster grows by an even number of nodes (`add_nodes`, "nodesCount must be even", `001:4915`), so that
// its total stays odd; it never shrinks; `resize_nodes` resizes the nodes by name ("cannot be undone").
import { RefusedError } from '../../../../core/errors.js';
import type { DesiredResource, Observation, OperationContext } from '../../../../engine/provider.js';
import type { FieldDiff } from '../../../../engine/plan.js';
import { isObject } from '../../../../core/objects.js';
import type { Json } from '../../common/client.js';
import { diffHeads } from '../../common/changes.js';
import { toNumber, toText } from '../../common/normalize.js';
import { addToPhase } from '../../common/phases.js';
import { patchOp, type PaasKind, type Phased } from '../../common/paas/operations.js';
import { fixedVersion } from '../../common/versions.js';
import { nodeSizingOf } from './observe.js';

/** The live nodes of the observation (read by observe when the spec manages nodeSizing). */
function liveNodes(observed: Observation): Json[] {
  const raw = observed.raw;
  return isObject(raw) && Array.isArray(raw.nodes) ? raw.nodes.filter(isObject) : [];
}

const nodeName = (n: Json): string | undefined => toText(n.name) ?? toText(n.id);

/**
 * `add_nodes {diskSize, nodeSize, nodesCount}` for an instanceCount that grows by an even number; a shrink,
 * an odd step or an even total is refused, naming the rule.
 */
function growth(k: PaasKind, desired: DesiredResource, observed: Observation, serviceId: number | undefined, phased: Phased): void {
  const want = toNumber(desired.spec.instanceCount);
  const have = toNumber(observed.spec.instanceCount);
  if (want === undefined || have === undefined || want === have) return;
  const address = desired.address;
  if (want < have) {
    throw new RefusedError(`instanceCount ${have} -> ${want}: an OpenSearch cluster cannot shrink; ITCare only adds nodes (add_nodes, ITCare 001:4913-4927)`, address);
  }
  if (want % 2 === 0) throw new RefusedError(`instanceCount ${want}: the cluster's node count "must be odd" (ITCare 001:4554)`, address);
  const count = want - have;
  if (count % 2 !== 0) {
    throw new RefusedError(`instanceCount ${have} -> ${want} adds ${count} nodes: add_nodes "nodesCount must be even" (ITCare 001:4915)`, address);
  }
  const options = { diskSize: toNumber(desired.spec.diskSize) ?? desired.spec.diskSize, nodeSize: desired.spec.nodeSizing, nodesCount: count };
  const summary = `add ${count} nodes (${have} -> ${want}, ${String(desired.spec.nodeSizing)}, ${String(desired.spec.diskSize)} GB)`;
  addToPhase(phased, 'add_nodes', patchOp(k, observed.id!, 'add_nodes', options, { summary, irreversible: false, serviceId }));
}

/** `resize_nodes {nodeSize, nodes}` over every live node not at the desired sizing ("cannot be undone", `001:4933`). */
function resize(k: PaasKind, desired: DesiredResource, observed: Observation, serviceId: number | undefined, phased: Phased): void {
  const target = toText(desired.spec.nodeSizing);
  if (target === undefined) return;
  const nodes = liveNodes(observed).filter((n) => nodeSizingOf(n) !== target.toLowerCase());
  const names = nodes.map(nodeName).filter((n): n is string => n !== undefined);
  if (names.length === 0) {
    throw new RefusedError(`nodeSizing: resize_nodes names the nodes to resize (ITCare 001:4929-4944), and no node of this cluster could be read`, desired.address);
  }
  const summary = `resize nodes ${String(observed.spec.nodeSizing ?? '?')} -> ${target} (${names.join(', ')})`;
  addToPhase(phased, 'resize_nodes', patchOp(k, observed.id!, 'resize_nodes', { nodeSize: target, nodes: names }, { summary, irreversible: true, serviceId }));
}

/** Adds OpenSearch's own operations for `diff` to `phased`; returns the heads it consumed. */
export function opensearchUpdates(
  k: PaasKind, desired: DesiredResource, observed: Observation, diff: readonly FieldDiff[], _ctx: OperationContext, phased: Phased,
): string[] {
  const heads = diffHeads(diff);
  const serviceId = toNumber(desired.spec.serviceId) ?? toNumber(observed.spec.serviceId);
  const handled: string[] = [];
  if (heads.has('instanceCount')) {
    handled.push('instanceCount');
    growth(k, desired, observed, serviceId, phased);
  }
  if (heads.has('nodeSizing')) {
    handled.push('nodeSizing');
    resize(k, desired, observed, serviceId, phased);
  }
  return handled;
}

/** `create OpenSearch orders-search (3 x 2cpu4gb, 40 GB, v2.11.1)`. */
export function createSummary(d: DesiredResource): string {
  const n = toNumber(d.spec.instanceCount);
  const sizing = toText(d.spec.nodeSizing);
  const parts = [
    n !== undefined && sizing !== undefined ? `${n} x ${sizing}` : sizing,
    d.spec.diskSize === undefined ? undefined : `${String(d.spec.diskSize)} GB`,
    d.spec.clusterVersion === undefined ? undefined : `v${String(d.spec.clusterVersion)}`,
  ].filter(Boolean);
  return `create OpenSearch ${d.name}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

/** A replace to a lower clusterVersion would delete the cluster and its indices: refused as the downgrade it is. */
export const OPENSEARCH_DOWNGRADE = fixedVersion('/clusterVersion', 'OpenSearch', 'the cluster and its indices');
