// Kubernetes PATCH operations (`001:17646-17782`): create_nodes, delete_nodes, upgrade, enable_ha,
// plus the shared update_monitoring and update_patch_party. Each is validated at once (400) and
// applied when its action completes; there is no start, stop or resize for a cluster.
import { fieldError } from '../../../reply.js';
import type { ResourceRecord } from '../../../state.js';
import { checkSizing, optionalString, requireInt, requireString } from '../../common/validate.js';
import { clusterAzs, K8S_VERSIONS, k8sNodes, makeNodes, MAX_NODES, remainingNodes, type K8sNode } from './nodes.js';
import type { OpHandler, OpResult } from '../../common/kind.js';
import { commonOps } from '../../common/paas.js';

/** The merge effect that sets a cluster's node list (nodeCount follows it). */
export function nodesEffect(nodes: K8sNode[], extra: Record<string, unknown> = {}): OpResult {
  return { effect: { type: 'merge', patch: { nodeCount: nodes.length, attrs: { nodes, ...extra } } } };
}

/** Node ids of `delete_nodes`: strings as documented (`001:17696`); integers are accepted too. */
function nodeIds(o: Record<string, unknown>): number[] {
  const list = o.nodes;
  if (!Array.isArray(list) || list.length === 0) {
    throw fieldError('options.nodes', "Error on field 'options.nodes': a non-empty list of node ids is required");
  }
  const ids = list.map((v, i) => {
    const ok = (typeof v === 'string' && /^\d{1,18}$/.test(v)) || (typeof v === 'number' && Number.isSafeInteger(v) && v > 0);
    if (!ok) throw fieldError(`options.nodes[${i}]`, `Error on field 'options.nodes[${i}]': must be a node id`);
    return Number(v);
  });
  return [...new Set(ids)];
}

/** `{"version": "1.30"}`; `v1.30` and `1.30.6` name the same minor (choice). */
function targetVersion(o: Record<string, unknown>): string {
  const raw = requireString(o, 'version', 'options.version');
  const m = /^v?(\d+)\.(\d+)(\.\d+)?$/.exec(raw.trim());
  if (!m) throw fieldError('options.version', "Error on field 'options.version': must look like 1.30");
  return `${Number(m[1])}.${Number(m[2])}`;
}

function compareMinor(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number) as [number, number];
  const [bm, bn] = b.split('.').map(Number) as [number, number];
  return am - bm || an - bn;
}

export const k8sOps: Record<string, OpHandler> = {
  /** `{nodes: [{nodesNb, nodeSizing, az}]}`; `az` must be one of the cluster's AZs, or absent (spread). */
  create_nodes: (ctx, r, o) => {
    const list = o.nodes;
    if (!Array.isArray(list) || list.length === 0) {
      throw fieldError('options.nodes', "Error on field 'options.nodes': a non-empty list of {nodesNb, nodeSizing, az} is required");
    }
    const azs = clusterAzs(r);
    let nodes = [...k8sNodes(r)];
    let nextNode = typeof r.attrs.nextNode === 'number' ? r.attrs.nextNode : nodes.length + 1;
    list.forEach((item, i) => {
      const at = `options.nodes[${i}]`;
      if (typeof item !== 'object' || item === null || Array.isArray(item)) throw fieldError(at, `Error on field '${at}': an object is required`);
      const spec = item as Record<string, unknown>;
      const count = requireInt(spec, 'nodesNb', { min: 1, max: MAX_NODES }, `${at}.nodesNb`);
      const sizing = requireString(spec, 'nodeSizing', `${at}.nodeSizing`);
      checkSizing(sizing, `${at}.nodeSizing`);
      const rawAz = optionalString(spec, 'az', `${at}.az`);
      const az = rawAz === undefined ? undefined : azs.find((a) => a.toLowerCase() === rawAz.toLowerCase());
      if (rawAz !== undefined && !az) {
        throw fieldError(`${at}.az`, `Error on field '${at}.az': ${rawAz} is not an availability zone of area ${String(r.attrs.area)} (${azs.join(', ')})`);
      }
      const made = makeNodes(ctx.state, { ...r, attrs: { ...r.attrs, nextNode } }, nodes, count, sizing, az);
      nodes = [...nodes, ...made.nodes];
      nextNode = made.nextNode;
    });
    if (nodes.length > MAX_NODES) throw fieldError('options.nodes', `Error on field 'options.nodes': a cluster has at most ${MAX_NODES} nodes`);
    return nodesEffect(nodes, { nextNode });
  },
  /** Node ids as strings; never every node nor every ingress node (`001:18179-18185`). */
  delete_nodes: (_ctx, r, o) => nodesEffect(remainingNodes(r, nodeIds(o), 'options.nodes')),
  /**
   * One minor step up only (`001:17762-17773`): the target must be exactly the next offered
   * version. Same or lower: "no downgrade"; further: "step by step upgrade only".
   */
  upgrade: (_ctx, r, o) => {
    const target = targetVersion(o);
    const cmp = compareMinor(target, r.version);
    if (cmp === 0) throw fieldError('options.version', `Error on field 'options.version': the cluster is already at version ${r.version}`);
    if (cmp < 0) throw fieldError('options.version', `Error on field 'options.version': no downgrade possibility (cluster is at ${r.version})`);
    const i = K8S_VERSIONS.findIndex((v) => v.version === r.version);
    const next = i >= 0 ? K8S_VERSIONS[i + 1] : undefined;
    if (!next) throw fieldError('options.version', `Error on field 'options.version': ${r.version} is the newest version available`);
    if (next.version !== target) {
      throw fieldError('options.version', `Error on field 'options.version': step by step upgrade only (next version is ${next.version})`);
    }
    return { effect: { type: 'merge', patch: { version: target } } };
  },
  /** Irreversible; refused when already HA or when the cluster does not support HA (choice, §12.2). */
  enable_ha: (_ctx, r) => {
    if (r.topology === 'HA') throw fieldError('operation', "Error on field 'operation': the cluster is already HA");
    if (r.attrs.supportsHAMode !== true) throw fieldError('operation', "Error on field 'operation': the cluster does not support HA mode");
    return { effect: { type: 'merge', patch: { topology: 'HA' } } };
  },
  update_monitoring: commonOps.update_monitoring!,
  update_patch_party: commonOps.update_patch_party!,
};

/** `DELETE /{id}/nodes/{nodeId}`: same rules as delete_nodes for one node. */
export function deleteNodeResult(r: ResourceRecord, nodeId: number): OpResult {
  return nodesEffect(remainingNodes(r, [nodeId], 'nodeId'));
}
