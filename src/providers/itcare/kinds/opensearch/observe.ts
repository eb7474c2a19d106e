// Reading the OpenSearch kind (`/itcare/databases/opensearch`, ITCARE-API §11, `001:4538-5335`): its
// PaasReader, i.e. where its clusters are listed and its live -> spec table; the shared PaaS reads do
// the rest (common/paas/).
//
// Live -> spec mapping (Observation.spec; a field the API does not return stays absent):
//
// | spec field         | live source                                              | note |
// | ------------------ | -------------------------------------------------------- | ---- |
// | serviceId          | `serviceId`                                              | number |
// | nodeSizing         | nodes [1]: each node's `cpu` + `ram`; else `sizing`, else `cpu` + `ram` | [2] |
// | instanceCount      | `nodeCount`                                              | number (the spec's string "5" compares equal) |
// | clusterVersion     | `version`                                                | string; [3] |
// | diskSize           | nodes [1]: `storage` (GB)                                | the desired value when any node has it, else the largest |
// | networkId          | nodes [1]: `network.id`                                  | number |
// | region, area, az   | nodes [1]: `region.id`, `area.id`, `availabilityZone.id` | write-only: read for export only |
// | monitoringEnabled, monitoringAlerting | same names                            | |
// | onCallSupervision  | `monitoringOnCallEnabled`                                | ITCARE-API §3.4 |
// | state              | `status`: ACTIVE, PREPARATION -> running; INACTIVE -> stopped | other values: absent |
// | patchParty         | `patchParty`: excluded; patchGroup if non-empty; exclusionReason if excluded | |
// | tags               | the generic list item's `tags[]` (observe: GET compute/resources/{id}/tags) minus the ownership tags | |
// | never read         | admPassword, nodePrefix, platform, cloudId, backup, replication and regulation fields | write-only |
//
// [1] GET opensearch/{id}/nodes (`001:5036-5289`), read when the spec has nodeSizing, diskSize,
//     networkId, region, area or az: the GET and the `/itcare/databases` items have no disk, network or
//     node names, and resize_nodes names its nodes (`001:4929-4944`).
// [2] the desired sizing when every node has it, else the sizing of the first node that differs (so a
//     partly resized cluster still plans resize_nodes for the rest).
// [3] the spec's spelling when one is a dotted prefix of the other (`2.11` ~ `2.11.1`).
import type { DesiredResource } from '../../../../engine/provider.js';
import type { Json } from '../../common/client.js';
import { fromNodes, put, sizingOf, toNumber, toText, versionLike } from '../../common/normalize.js';
import type { PaasReader } from '../../common/paas/observe.js';

/** Spec fields read from `/nodes`. */
const NODE_FIELDS = ['nodeSizing', 'diskSize', 'networkId', 'region', 'area', 'az'] as const;

/** A node's sizing, `${cpu}cpu${ram}gb`. */
export const nodeSizingOf = (n: Json): string | undefined => sizingOf([n.sizing, n.nodeSizing], n.cpu, n.ram);

/** The cluster's sizing from its nodes: the desired one when every node has it, else the first that differs. */
function sizingOfNodes(nodes: readonly Json[], desired: unknown): string | undefined {
  const sizes = nodes.map(nodeSizingOf).filter((s): s is string => s !== undefined);
  if (sizes.length === 0) return undefined;
  const want = toText(desired)?.toLowerCase();
  return sizes.find((s) => s !== want) ?? sizes[0];
}

export const OPENSEARCH: PaasReader = {
  kind: 'OpenSearch',
  basePath: '/itcare/databases/opensearch',
  // Found in the aggregate `/itcare/databases` list (no list of its own, ITCARE-API §11), by path, else by technology.
  sign: { path: '/databases/opensearch', word: /opensearch/i },
  list: { path: '/itcare/databases' },
  // add_nodes grows the cluster first, then resize_nodes brings the nodes known at plan time to the size.
  ownPhases: ['add_nodes', 'resize_nodes'],
  shapeCreateBody(body) {
    // instanceCount is a string in the API (`001:4599-4603`, sample "3" `001:4571`); clusterVersion a string (`001:4590`).
    if (typeof body.instanceCount === 'number') body.instanceCount = String(body.instanceCount);
    if (typeof body.clusterVersion === 'number') body.clusterVersion = String(body.clusterVersion);
  },
  // The `/itcare/databases` items carry every field of the OpenSearch GET this table reads (`001:11994-12083`
  // against `001:4723-4830`): the detail GET is never needed in refresh.
  detailFields: [],
  subReads: (desired: DesiredResource) => (NODE_FIELDS.some((f) => desired.spec[f] !== undefined) ? ['nodes'] : []),
  kindSpec(detail, item, sub, desired) {
    const want = desired.spec;
    const out: Record<string, unknown> = {};
    const fromList = sizingOf([item.sizing, detail.sizing], detail.cpu ?? item.cpu, detail.ram ?? item.ram);
    put(out, 'nodeSizing', (sub.nodes ? sizingOfNodes(sub.nodes, want.nodeSizing) : undefined) ?? fromList);
    put(out, 'instanceCount', toNumber(detail.nodeCount ?? item.nodeCount));
    put(out, 'clusterVersion', versionLike(detail.version ?? item.version, want.clusterVersion));
    if (sub.nodes) Object.assign(out, fromNodes(sub.nodes, want));
    return out;
  },
};
