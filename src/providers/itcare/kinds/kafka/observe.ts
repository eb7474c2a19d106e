// Reading the Kafka kind (`/itcare/message-brokers/apache-kafka`, ITCARE-API §11, `001:18221-19000`):
// its PaasReader, i.e. where its resources are listed and its live -> spec table.
//
// Live -> spec mapping (Observation.spec; a field the API does not return stays absent):
//
// | spec field         | live source                                                  | note |
// | ------------------ | ------------------------------------------------------------ | ---- |
// | serviceId          | `serviceId`                                                  | number |
// | nodeSizing         | GET `nodeSizing`, else list item `sizing`, else `cpu` + `ram` | lower-case |
// | brokerCount        | `nodeCount`                                                  | number |
// | kafkaVersion       | `version`                                                    | string; [1] |
// | overloadedParams   | GET `overloadedParams` (`001:18477`), text                   | [2] |
// | region, area       | nodes [3]: `region.id`, `area.id`                            | write-only: read for export only |
// | diskSize           | nodes [3]: `storage` (GB)                                    | [4] |
// | networkId          | nodes [3]: `network.id`                                      | number; [4] |
// | monitoringEnabled  | `monitoringEnabled`                                          | |
// | monitoringAlerting | `monitoringAlerting`                                         | |
// | onCallSupervision  | `monitoringOnCallEnabled`                                    | ITCARE-API §3.4 |
// | state              | `status`: ACTIVE, PREPARATION -> running; INACTIVE -> stopped | other values: absent |
// | patchParty         | `patchParty`: excluded; patchGroup if non-empty; exclusionReason if excluded | |
// | tags               | the generic list's `tags[]` (else GET compute/resources/{id}/tags) minus caretaker's tags | owner, origin |
// | never read         | admPassword, nodePrefix, platform, cloudId, backupEnabled, replicationEnabled, regulation, dbBackupPolicyId, serverBackupPolicyId | write-only |
//
// [1] the spec's spelling when one is a dotted prefix of the other (`3.6` ~ `3.6.0`).
// [2] `{key: value}` (params.ts): a JSON object or `key=value` pairs; only the GET has it, so the GET is
//     read only when the spec manages overloadedParams (the list item, `001:19534-19735`, has the rest).
// [3] GET apache-kafka/{id}/nodes (`001:18713-18952`), read only when the spec has region, area, diskSize or networkId.
// [4] the desired value when any node has it, else the first node's (disk: the largest).
import { fromNodes, put, sizingOf, toNumber, versionLike } from '../../common/normalize.js';
import type { PaasReader } from '../../common/paas/observe.js';
import { paramsOf } from './params.js';

/** Spec fields read from `/nodes`: placement, disk and network, which neither the list nor the GET carries. */
const NODE_FIELDS = ['region', 'area', 'diskSize', 'networkId'] as const;

export const KAFKA: PaasReader = {
  kind: 'Kafka',
  basePath: '/itcare/message-brokers/apache-kafka',
  // Found in the aggregate `/itcare/message-brokers` list (`001:19534-19603`), by path, else by technology.
  sign: { path: '/message-brokers/apache-kafka', word: /kafka/i },
  list: { path: '/itcare/message-brokers' },
  // reconfigure runs after start and resize (a stopped platform is started first), before monitoring.
  ownPhases: ['reconfigure'],
  shapeCreateBody(body) {
    // `kafkaVersion` is a string (`001:18282`, example "2.7.0"); the parameters are not a create field.
    if (typeof body.kafkaVersion === 'number') body.kafkaVersion = String(body.kafkaVersion);
    delete body.overloadedParams;
  },
  minFarmMembers: 3,
  detailFields: ['overloadedParams'],
  subReads: (desired) => (NODE_FIELDS.some((f) => desired.spec[f] !== undefined) ? ['nodes'] : []),
  kindSpec(detail, item, sub, desired) {
    const out: Record<string, unknown> = {};
    put(out, 'nodeSizing', sizingOf([detail.nodeSizing, item.sizing], detail.cpu ?? item.cpu, detail.ram ?? item.ram));
    put(out, 'brokerCount', toNumber(detail.nodeCount ?? item.nodeCount));
    put(out, 'kafkaVersion', versionLike(detail.version ?? item.version, desired.spec.kafkaVersion));
    put(out, 'overloadedParams', paramsOf(detail.overloadedParams, desired.spec.overloadedParams));
    if (sub.nodes) {
      // Its create body has no az (`001:18255-18350`): only the fields the schema has.
      const placed = fromNodes(sub.nodes, desired.spec);
      for (const k of NODE_FIELDS) put(out, k, placed[k]);
    }
    return out;
  },
};
