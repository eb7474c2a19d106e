// Reading the MariaDB kind (`/itcare/databases/mariadb`, ITCARE-API §11, `001:12123-12880`): its
// PaasReader, i.e. where its resources are listed and its live -> spec table; the shared PaaS reads do
// the rest (common/paas/).
//
// Live -> spec mapping (Observation.spec; a field the API does not return stays absent):
//
// | spec field         | live source                                              | note |
// | ------------------ | -------------------------------------------------------- | ---- |
// | serviceId          | `serviceId`                                              | number |
// | nodeSizing         | list item `sizing` (`NcpuMgb`), else `cpu` + `ram`       | lower-case |
// | instanceCount      | `nodeCount`                                              | number |
// | topology           | `topology`: Standalone/Single -> SINGLE, Galera/Cluster -> CLUSTER | [1] |
// | version            | `version`                                                | string; [2] |
// | diskSize           | nodes [3]: `storage` (GB)                                | the desired value when any node has it, else the largest |
// | networkId          | nodes [3]: `network.id`                                  | number |
// | region, area, az   | nodes [3]: `region.id`, `area.id`, `availabilityZone.id` | write-only: read for export only |
// | monitoringEnabled, monitoringAlerting | same names                            | |
// | onCallSupervision  | `monitoringOnCallEnabled`                                | ITCARE-API §3.4 |
// | state              | `status`: ACTIVE, PREPARATION -> running; INACTIVE -> stopped | other values: absent |
// | patchParty         | `patchParty`: excluded; patchGroup if non-empty; exclusionReason if excluded | |
// | tags               | the generic list item's `tags[]` (observe: GET compute/resources/{id}/tags) minus the ownership tags | |
// | never read         | admPassword, platform, authenticationDomain, cloudId, backup, replication and regulation fields | write-only |
//
// [1] the create sends SINGLE or CLUSTER ("Either single or cluster", `001:12140`; sample `001:12162`);
//     the GET's topology is free text, the list filter's words being Standalone and Galera (`001:11966`).
// [2] the spec's spelling when one is a dotted prefix of the other (`10.6` ~ `10.6.12`).
// [3] GET mariadb/{id}/nodes (`001:12610-12845`), read when the spec has diskSize, networkId, region,
//     area or az: the MariaDB GET and the `/itcare/databases` items have no disk or network.
import type { DesiredResource } from '../../../../engine/provider.js';
import { fromNodes, put, sizingOf, toNumber, toText, versionLike } from '../../common/normalize.js';
import type { PaasReader } from '../../common/paas/observe.js';

/** Spec fields read from `/nodes`: disk, network and placement, which no list nor the GET carries. */
const NODE_FIELDS = ['diskSize', 'networkId', 'region', 'area', 'az'] as const;

/** The live topology in the create's words: SINGLE or CLUSTER (other values upper-cased as they are). */
export function mariadbTopology(live: unknown): string | undefined {
  const t = toText(live)?.toUpperCase();
  if (t === undefined) return undefined;
  if (t === 'STANDALONE' || t === 'SINGLE') return 'SINGLE';
  if (t === 'GALERA' || t === 'CLUSTER') return 'CLUSTER';
  return t;
}

export const MARIADB: PaasReader = {
  kind: 'MariaDB',
  basePath: '/itcare/databases/mariadb',
  // Found in the aggregate `/itcare/databases` list (no list of its own, ITCARE-API §11), by path, else by technology.
  sign: { path: '/databases/mariadb', word: /maria/i },
  list: { path: '/itcare/databases' },
  shapeCreateBody(body) {
    // `version` is a string in the schema and the sample (`001:12151`); topology is sampled upper-case (`001:12162`).
    if (typeof body.version === 'number') body.version = String(body.version);
    if (typeof body.topology === 'string') body.topology = body.topology.toUpperCase();
  },
  // The `/itcare/databases` items carry every field of the MariaDB GET this table reads (`001:11994-12083`
  // against `001:12335-12421`): the detail GET is never needed in refresh.
  detailFields: [],
  subReads: (desired: DesiredResource) => (NODE_FIELDS.some((f) => desired.spec[f] !== undefined) ? ['nodes'] : []),
  kindSpec(detail, item, sub, desired) {
    const out: Record<string, unknown> = {};
    put(out, 'nodeSizing', sizingOf([item.sizing, detail.sizing], detail.cpu ?? item.cpu, detail.ram ?? item.ram));
    put(out, 'instanceCount', toNumber(detail.nodeCount ?? item.nodeCount));
    put(out, 'topology', mariadbTopology(detail.topology ?? item.topology));
    put(out, 'version', versionLike(detail.version ?? item.version, desired.spec.version));
    if (sub.nodes) Object.assign(out, fromNodes(sub.nodes, desired.spec));
    return out;
  },
};
