// Reading the Redis kind (`/itcare/databases/redis`, ITCARE-API §4): its PaasReader, i.e. where its
// resources are listed and its live -> spec table; the shared PaaS reads do the rest (common/paas/).
//
// Live -> spec mapping (Observation.spec; a field the API does not return stays absent):
//
// | spec field         | live source                                         | note |
// | ------------------ | --------------------------------------------------- | ---- |
// | serviceId          | GET redis/{id} `serviceId`                          | number |
// | nodeSizing         | list item `sizing` (`NcpuMgb`), else `cpu` + `ram`  | `${cpu}cpu${ram}gb`, lower-case |
// | redisVersion       | `version`                                           | string; [1] |
// | instanceCount      | `nodeCount`                                         | number |
// | persistenceMode    | `persistenceMode`                                   | |
// | tlsEnabled         | `tlsEnabled`                                        | |
// | region, area, az   | nodes [2]: `region.id`, `area.id`, `availabilityZone.id` | [3] |
// | diskSize           | nodes [2]: `storage` (GB)                           | [3], else the largest |
// | networkId          | nodes [2]: `network.id`                             | number; [3] |
// | monitoringEnabled  | `monitoringEnabled`                                 | |
// | monitoringAlerting | `monitoringAlerting`                                | |
// | onCallSupervision  | `monitoringOnCallEnabled`                           | ITCARE-API §3.4 |
// | state              | `status`: ACTIVE, PREPARATION -> running; INACTIVE -> stopped | other values: absent |
// | patchParty         | `patchParty`: excluded; patchGroup if non-empty; exclusionReason if excluded | |
// | tags               | GET compute/resources/{id}/tags minus `caretaker-stack` | its value -> Observation.owner |
// | never read         | admPassword, vmPrefix, platform, cloudId, backupEnabled, replicationEnabled, regulation, dbBackupPolicyId, serverBackupPolicyId | write-only |
//
// [1] the spec's spelling when one is a dotted prefix of the other (`6.2` ~ `6.2.5`).
// [2] GET redis/{id}/nodes, read only when the spec has region, area, az, diskSize or networkId.
// [3] the desired value when any node has it (a 3-node farm spans AZs; case ignored), else the first node's.
import type { DesiredResource } from '../../../../engine/provider.js';
import { fromNodes, put, sizingOf, toBool, toNumber, toText, versionLike } from '../../common/normalize.js';
import type { PaasReader } from '../../common/paas/observe.js';

/** Spec fields read from `/nodes`: placement and disk, which the Redis GET does not carry. */
const NODE_FIELDS = ['region', 'area', 'az', 'diskSize', 'networkId'] as const;

export const REDIS: PaasReader = {
  kind: 'Redis',
  basePath: '/itcare/databases/redis',
  // Found in the aggregate `/itcare/databases` list, by path, else by technology (ITCARE-API §1.1).
  sign: { path: '/databases/redis', word: /redis/i },
  list: { path: '/itcare/databases' },
  shapeCreateBody(body) {
    if (typeof body.redisVersion === 'number') body.redisVersion = String(body.redisVersion);
  },
  // Everything else comes from the `/itcare/databases` list item (`001:10324-10409`).
  detailFields: ['persistenceMode', 'tlsEnabled'],
  subReads: (desired: DesiredResource) => (NODE_FIELDS.some((f) => desired.spec[f] !== undefined) ? ['nodes'] : []),
  kindSpec(detail, item, sub, desired) {
    const out: Record<string, unknown> = {};
    put(out, 'nodeSizing', sizingOf([item.sizing, detail.sizing], detail.cpu ?? item.cpu, detail.ram ?? item.ram));
    put(out, 'redisVersion', versionLike(detail.version ?? item.version, desired.spec.redisVersion));
    put(out, 'instanceCount', toNumber(detail.nodeCount ?? item.nodeCount));
    put(out, 'persistenceMode', toText(detail.persistenceMode));
    put(out, 'tlsEnabled', toBool(detail.tlsEnabled));
    if (sub.nodes) Object.assign(out, fromNodes(sub.nodes, desired.spec));
    return out;
  },
};
