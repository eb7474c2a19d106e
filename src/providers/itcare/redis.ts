// The Redis kind (`/itcare/databases/redis`, ITCARE-API §4): its live -> spec table and its handler.
// Redis has no operation of its own beyond the shared ones (resize, monitoring, patch party, state).
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
import type { HttpClient } from '../../http/types.js';
import type { DesiredResource, KindHandler } from '../../engine/provider.js';
import { fromNodes, put, refuseDowngrade, sizingOf, toBool, toNumber, toText, versionLike } from './normalize.js';
import { listOwnedPaas, observeAllPaas, observePaas, type PaasReader } from './paas-common.js';
import { commonUpdates, createOperations, deleteOperations, flatten, refuseUnhandled, type Phased } from './paas-operations.js';

/** Spec fields read from `/nodes`: placement and disk, which the Redis GET does not carry. */
const NODE_FIELDS = ['region', 'area', 'az', 'diskSize', 'networkId'];

export const READER: PaasReader = {
  kind: 'Redis',
  basePath: '/itcare/databases/redis',
  segment: 'redis',
  shapeCreateBody(body) {
    if (typeof body.redisVersion === 'number') body.redisVersion = String(body.redisVersion);
  },
  // Everything else comes from the `/itcare/databases` list item (`001:10324-10409`).
  detailFields: ['persistenceMode', 'tlsEnabled'],
  subReads: (desired) => (NODE_FIELDS.some((f) => desired.spec[f] !== undefined) ? ['nodes'] : []),
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

/** `create Redis orders-cache (2cpu4gb, 40 GB, 1 instance)`. */
function createSummary(d: DesiredResource): string {
  const n = toNumber(d.spec.instanceCount);
  const parts = [
    toText(d.spec.nodeSizing),
    d.spec.diskSize === undefined ? undefined : `${String(d.spec.diskSize)} GB`,
    n === undefined ? undefined : `${n} instance${n === 1 ? '' : 's'}`,
  ].filter(Boolean);
  return `create Redis ${d.name}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

const REDIS_DOWNGRADE = 'ITCare has no Redis version change, and a replace would delete the cache and its data to create an empty one; ' +
  'delete it first, or give the older version another name';

/** The Redis handler. Idempotent reads; pure builders (see KindHandler). */
export function createRedisHandler(http: HttpClient): KindHandler {
  return {
    kind: READER.kind,
    // a database: export protects it with lifecycle.preventDestroy
    stateful: true,
    observe: (desired) => observePaas(http, READER, desired),
    observeAll: (desired, reads) => observeAllPaas(http, READER, desired, reads),
    listOwned: (stack, scope, reads) => listOwnedPaas(http, READER, stack, scope, reads),
    createOperations(desired, ctx, observed) {
      // A replace (redisVersion has no update operation) to a lower version is refused as a downgrade.
      if (observed?.exists) refuseDowngrade(READER.kind, '/redisVersion', desired.spec.redisVersion, observed.spec.redisVersion, desired.address, REDIS_DOWNGRADE);
      return createOperations(READER, desired, ctx, createSummary(desired));
    },
    updateOperations(desired, observed, diff, ctx) {
      const phased: Phased = {};
      const handled = commonUpdates(READER, desired, observed, diff, ctx, phased);
      refuseUnhandled(desired, diff, handled);
      return flatten(phased);
    },
    deleteOperations: (address, observed, ctx) => deleteOperations(READER, address, observed, ctx),
  };
}
