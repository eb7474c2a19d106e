// OpenSearch PATCH operations (`001:4872-5010`): the shared start, stop, update_monitoring and
// update_patch_party, plus add_nodes `{diskSize, nodeSize, nodesCount}` ("nodesCount must be even") and
// resize_nodes `{nodeSize, nodes[]}`. There is no resize of the whole cluster and no node removal.
import { fieldError } from '../../../reply.js';
import type { OpHandler } from '../../common/kind.js';
import { commonOps } from '../../common/paas.js';
import { checkSizing, requireInt, requireString } from '../../common/validate.js';
import { addNodes, clusterSizing, MAX_NODES, osNodes, type OsNode } from './nodes.js';

/** The new node list as a merge effect; the cluster's sizing and count follow it. */
function nodesPatch(nodes: OsNode[], fallback: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { sizing: clusterSizing(nodes, fallback), nodeCount: nodes.length, attrs: { nodes, ...extra } };
}

export const opensearchOps: Record<string, OpHandler> = {
  start: commonOps.start!,
  stop: commonOps.stop!,
  /**
   * The three options of the only example (`001:4913-4927`) are required (choice). `nodesCount` is even
   * and at least 2, so the total stays odd, and the total stays within 51 (`001:4554`). `diskSize`: the
   * example sends 10, below the create's 40, so the range is 10..1024 (choice). `nodeSize` is a sizing.
   */
  add_nodes: (ctx, r, o) => {
    const count = requireInt(o, 'nodesCount', { min: 2, max: MAX_NODES }, 'options.nodesCount');
    if (count % 2 !== 0) throw fieldError('options.nodesCount', "Error on field 'options.nodesCount': nodesCount must be even");
    const sizing = requireString(o, 'nodeSize', 'options.nodeSize');
    checkSizing(sizing, 'options.nodeSize');
    const diskSize = requireInt(o, 'diskSize', { min: 10, max: 1024 }, 'options.diskSize');
    const existing = osNodes(r);
    if (existing.length + count > MAX_NODES) {
      throw fieldError('options.nodesCount', `Error on field 'options.nodesCount': a cluster has at most ${MAX_NODES} nodes (it has ${existing.length})`);
    }
    const made = addNodes(ctx.state, r, existing, count, sizing, diskSize);
    return { effect: { type: 'merge', patch: nodesPatch(made.nodes, r.sizing, { nextNode: made.nextNode }) } };
  },
  /**
   * `nodes` names the nodes to resize (the example `["node1"]`, `001:4929-4945`); a node id (number or
   * numeric string) is accepted too. A name or id that is not a node of the cluster is a 400.
   */
  resize_nodes: (_ctx, r, o) => {
    const sizing = requireString(o, 'nodeSize', 'options.nodeSize');
    checkSizing(sizing, 'options.nodeSize');
    const list = o.nodes;
    if (!Array.isArray(list) || list.length === 0) {
      throw fieldError('options.nodes', "Error on field 'options.nodes': a non-empty list of node names is required");
    }
    const nodes = osNodes(r).map((n) => ({ ...n }));
    list.forEach((item, i) => {
      const node = nodes.find((n) => n.name === item || String(n.id) === String(item));
      if (!node || (typeof item !== 'string' && typeof item !== 'number')) {
        throw fieldError(`options.nodes[${i}]`, `Error on field 'options.nodes[${i}]': ${JSON.stringify(item)} is not a node of ${r.name}`);
      }
      node.sizing = sizing;
    });
    return { effect: { type: 'merge', patch: nodesPatch(nodes, r.sizing) } };
  },
  update_monitoring: commonOps.update_monitoring!,
  update_patch_party: commonOps.update_patch_party!,
};
