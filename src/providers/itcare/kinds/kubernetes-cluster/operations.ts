// KubernetesCluster's own PATCH operations (ITCARE-API §6.4, §14): node pools (`create_nodes` then
// `delete_nodes`), `upgrade` one minor at a time and never down, and `enable_ha` (STANDARD -> HA only).
import { InternalError, RefusedError } from '../../../../core/errors.js';
import type { DesiredResource, Observation } from '../../../../engine/provider.js';
import type { FieldDiff, Operation } from '../../../../engine/plan.js';
import { createNodesOptions, createNodesSummary, deleteNodesSummary, desiredPools, planNodes, type KubeNode, type NodePool } from './nodes.js';
import { toNumber, toText } from '../../common/normalize.js';
import { addToPhase } from '../../common/phases.js';
import { diffHeads } from '../../common/changes.js';
import { patchOp, type PaasKind, type Phased } from '../../common/paas/operations.js';

/** More minor steps than this in one plan is taken for a typo (`1.290`), not a wish. */
const MAX_UPGRADE_STEPS = 10;

/** `1.29`, `v1.29.3`, `1.29.3` -> `{major: 1, minor: 29}`; anything else is undefined. */
export function kubeMinor(v: unknown): { major: number; minor: number } | undefined {
  const m = /^v?(\d+)\.(\d+)(\.\d+)?$/i.exec(toText(v)?.trim() ?? '');
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

/**
 * Target versions of the `upgrade` calls from `live` to `target`, in order: 1.27 -> 1.29 gives
 * ["1.28", "1.29"] ("step by step upgrade only", `001:17771`). Refuses a downgrade ("no downgrade
 * possibility", `001:17772`), a change of major version and an implausible number of steps.
 */
export function upgradeSteps(live: string | undefined, target: string, address: string, catalogue?: readonly string[]): string[] {
  const [from, to] = [kubeMinor(live), kubeMinor(target)];
  if (to === undefined) throw new RefusedError(`spec.version ${target} is not a Kubernetes minor version such as 1.29`, address, '/version');
  if (from === undefined) throw new RefusedError(`ITCare reports no version for this cluster (${live ?? 'none'}), so the upgrade steps to ${target} are unknown`, address, '/version');
  const shown = `${from.major}.${from.minor}`;
  if (to.major !== from.major) throw new RefusedError(`cannot plan a Kubernetes upgrade from ${shown} to ${target} across major versions`, address, '/version');
  if (to.minor < from.minor) throw new RefusedError(`cannot downgrade Kubernetes from ${shown} to ${target} (spec.version): ITCare upgrades only, one minor version at a time`, address, '/version');
  if (to.minor - from.minor > MAX_UPGRADE_STEPS) {
    throw new RefusedError(`upgrading Kubernetes from ${shown} to ${target} takes ${to.minor - from.minor} steps; more than ${MAX_UPGRADE_STEPS} looks like a typo`, address, '/version');
  }
  const steps: string[] = [];
  if (catalogue !== undefined && catalogue.length > 0) {
    // Step through the versions ITCare lists (`001:17771`), not through "next minor" arithmetic.
    const listed = [...new Set(catalogue.map(kubeMinor).filter((v): v is { major: number; minor: number } => v !== undefined && v.major === to.major)
      .map((v) => v.minor))].sort((a, b) => a - b);
    if (!listed.includes(to.minor)) {
      const valid = listed.filter((m) => m > from.minor).map((m) => `${to.major}.${m}`);
      throw new RefusedError(
        `spec.version ${target} is not in the Kubernetes versions ITCare lists (GET /itcare/compute/platform/products?type=KUBERNETES); upgrades from ${shown}: ${valid.length > 0 ? valid.join(', ') : 'none'}`,
        address,
      );
    }
    return listed.filter((m) => m > from.minor && m <= to.minor).map((m) => `${to.major}.${m}`);
  }
  for (let m = from.minor + 1; m <= to.minor; m++) steps.push(`${to.major}.${m}`);
  return steps;
}

/** `create_nodes` (grow; not said to be irreversible) then `delete_nodes` ("cannot be undone", `001:17688`). */
export function nodeOperations(k: PaasKind, id: string | number, add: readonly NodePool[], remove: readonly KubeNode[], serviceId?: number): Operation[] {
  const ops: Operation[] = [];
  if (add.length > 0) ops.push(patchOp(k, id, 'create_nodes', createNodesOptions(add), { summary: createNodesSummary(add), irreversible: false, serviceId }));
  if (remove.length > 0) {
    const options = { nodes: remove.map((n) => n.id) };
    ops.push(patchOp(k, id, 'delete_nodes', options, { summary: deleteNodesSummary(remove), irreversible: true, serviceId }));
  }
  return ops;
}

/** `enable_ha` has no options (`001:17708-17711`) and cannot be undone. */
export function enableHaOp(k: PaasKind, id: string | number, serviceId?: number): Operation {
  return patchOp(k, id, 'enable_ha', undefined, { summary: 'enable HA (topology STANDARD -> HA)', irreversible: true, serviceId });
}

/** Live nodes recorded by observe in `lookups.nodes`. */
export function observedNodes(observed: Observation, address: string): KubeNode[] {
  const nodes = observed.lookups?.nodes;
  if (!Array.isArray(nodes)) throw new InternalError(`node pools of ${address} were not read before planning`);
  return nodes as KubeNode[];
}

/**
 * Adds the Kubernetes-only operations for `diff`: `upgrade` steps and `enable_ha` into `phased`; returns
 * the node operations (which run first, adding before deleting so capacity never dips) and the heads it
 * consumed. Every refusal is thrown here, at plan time, before any call is made.
 */
export function kubernetesUpdates(
  k: PaasKind, desired: DesiredResource, observed: Observation, diff: readonly FieldDiff[], phased: Phased,
): { nodeOps: Operation[]; handled: string[] } {
  const heads = diffHeads(diff);
  const id = observed.id as string | number;
  const [want, have, address] = [desired.spec, observed.spec, desired.address];
  const serviceId = toNumber(want.serviceId) ?? toNumber(have.serviceId);
  const handled: string[] = [];
  let nodeOps: Operation[] = [];

  if (heads.has('nodePools')) {
    handled.push('nodePools');
    const plan = planNodes(desiredPools(want.nodePools, address), observedNodes(observed, address), address);
    nodeOps = nodeOperations(k, id, plan.add, plan.remove, serviceId);
  }
  const target = toText(want.version);
  if (heads.has('version')) handled.push('version');
  if (heads.has('version') && target !== undefined) {
    const live = toText(have.version);
    const catalogue = Array.isArray(observed.lookups?.versions) ? (observed.lookups.versions as string[]) : undefined;
    const steps = upgradeSteps(live, target, address, catalogue);
    steps.forEach((v, i) => {
      const summary = `upgrade Kubernetes ${i === 0 ? live : steps[i - 1]} -> ${v}${steps.length > 1 ? ` (step ${i + 1} of ${steps.length})` : ''}`;
      addToPhase(phased, 'upgrade', patchOp(k, id, 'upgrade', { version: v }, { summary, irreversible: true, serviceId }));
    });
  }
  const [to, from] = [toText(want.topology)?.toUpperCase(), toText(have.topology)?.toUpperCase()];
  if (heads.has('topology')) handled.push('topology');
  if (heads.has('topology') && to !== undefined && to !== from) {
    if (to !== 'HA' || from !== 'STANDARD') {
      throw new RefusedError(`cannot change topology from ${from ?? 'unknown'} to ${to}; ITCare only converts STANDARD to HA (enable_ha, which cannot be undone)`, address);
    }
    if (observed.lookups?.supportsHAMode === false) throw new RefusedError('ITCare reports supportsHAMode: false for this cluster, so enable_ha is not possible', address);
    addToPhase(phased, 'enable_ha', enableHaOp(k, id, serviceId));
  }
  return { nodeOps, handled };
}

/**
 * Follow-ups of a create, on `${ref:self}`: `create_nodes` for the pools of another sizing than the
 * create's `nodeSizing` (the initial `instanceCount` nodes are of that sizing, placed by ITCare), and
 * `enable_ha` when the topology is HA. Pools of the create's sizing, and `version` (no create field,
 * `001:16599-16746`), are compared once the cluster exists: the first plan after the create shows them.
 * Refused: node pools without any pool of the create's sizing (the initial nodes would all be deleted).
 */
export function kubernetesCreateExtras(k: PaasKind, desired: DesiredResource, self: string): Operation[] {
  const want = desired.spec;
  const serviceId = toNumber(want.serviceId);
  const ops: Operation[] = [];
  if (want.nodePools !== undefined) {
    const pools = desiredPools(want.nodePools, desired.address);
    const initial = toText(want.nodeSizing)?.toLowerCase();
    if (!pools.some((p) => p.nodeSizing === initial)) {
      const count = toNumber(want.instanceCount);
      const initialNodes = `${count === undefined ? '' : `${count} `}${initial ?? '?'} nodes`;
      const msg = `spec.nodePools has no pool of ${initial ?? 'spec.nodeSizing'}, so the ${initialNodes} the cluster is created with would all be deleted`;
      throw new RefusedError(`${msg}; add a pool of that sizing (ITCare cannot delete all the nodes of a cluster)`, desired.address);
    }
    const others = pools.filter((p) => p.nodeSizing !== initial);
    ops.push(...nodeOperations(k, self, others, [], serviceId));
  }
  if (toText(want.topology)?.toUpperCase() === 'HA') ops.push(enableHaOp(k, self, serviceId));
  return ops;
}
