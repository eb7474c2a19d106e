// Reading the RabbitMQ kind (`/itcare/message-brokers/rabbitmq`, ITCARE-API §11, `001:14166-14934`): its
// PaasReader, i.e. where its resources are listed and its live -> spec table; the shared PaaS reads do the rest.
//
// Live -> spec mapping (Observation.spec; a field the API does not return stays absent):
//
// | spec field         | live source                                                  | note |
// | ------------------ | ------------------------------------------------------------ | ---- |
// | serviceId          | `serviceId`                                                  | number |
// | nodeSizing         | list item `sizing`, else GET `brokerSize` (`NcpuMgb`), else `cpu` + `ram` | lower-case |
// | brokerCount        | GET `brokerCount`, else list item `nodeCount`                | number |
// | rabbitMqVersion    | `version`                                                    | string; [1] |
// | tlsEnabled         | GET `tlsEnabled` (`001:14458`)                               | [2] |
// | region, area, az   | nodes [3]: `region.id`, `area.id`, `availabilityZone.id`     | write-only: read for export only |
// | diskSize           | nodes [3]: `storage` (GB)                                    | [4] |
// | networkId          | nodes [3]: `network.id`                                      | number; [4] |
// | monitoringEnabled  | `monitoringEnabled`                                          | |
// | monitoringAlerting | `monitoringAlerting`                                         | |
// | onCallSupervision  | `monitoringOnCallEnabled`                                    | ITCARE-API §3.4 |
// | state              | `status`: ACTIVE, PREPARATION -> running; INACTIVE -> stopped | other values: absent |
// | patchParty         | `patchParty`: excluded; patchGroup if non-empty; exclusionReason if excluded | |
// | tags               | the generic list's `tags[]` (else GET compute/resources/{id}/tags) minus caretaker's tags | owner, origin |
// | never read         | admPassword, vmPrefix, platform, cloudId, backupEnabled, replicationEnabled, regulation, dbBackupPolicyId, serverBackupPolicyId | write-only |
//
// [1] the spec's spelling when one is a dotted prefix of the other (`3.13` ~ `3.13.0`).
// [2] only the GET has it: the GET is read only when the spec manages tlsEnabled; the list item
//     (`GET /itcare/message-brokers`, `001:19534-19735`) carries every other field.
// [3] GET rabbitmq/{id}/nodes (`001:14650-14897`), read only when the spec has region, area, az, diskSize or networkId.
// [4] the desired value when any node has it, else the first node's (disk: the largest).
import { fromNodes, put, sizingOf, toBool, toNumber, versionLike } from '../../common/normalize.js';
import type { PaasReader } from '../../common/paas/observe.js';

/** Spec fields read from `/nodes`: placement, disk and network, which neither the list nor the GET carries. */
const NODE_FIELDS = ['region', 'area', 'az', 'diskSize', 'networkId'] as const;

export const RABBITMQ: PaasReader = {
  kind: 'RabbitMQ',
  basePath: '/itcare/message-brokers/rabbitmq',
  // Found in the aggregate `/itcare/message-brokers` list (`001:19534-19603`), by path, else by technology.
  sign: { path: '/message-brokers/rabbitmq', word: /rabbit/i },
  list: { path: '/itcare/message-brokers' },
  shapeCreateBody(body) {
    // `rabbitMqVersion` is a string (`001:14276`, example "3.8.9"); a YAML 3.13 is a number.
    if (typeof body.rabbitMqVersion === 'number') body.rabbitMqVersion = String(body.rabbitMqVersion);
  },
  detailFields: ['tlsEnabled'],
  subReads: (desired) => (NODE_FIELDS.some((f) => desired.spec[f] !== undefined) ? ['nodes'] : []),
  kindSpec(detail, item, sub, desired) {
    const out: Record<string, unknown> = {};
    put(out, 'nodeSizing', sizingOf([item.sizing, detail.brokerSize, detail.sizing], detail.cpu ?? item.cpu, detail.ram ?? item.ram));
    put(out, 'brokerCount', toNumber(detail.brokerCount ?? item.nodeCount ?? detail.nodeCount));
    put(out, 'rabbitMqVersion', versionLike(detail.version ?? item.version, desired.spec.rabbitMqVersion));
    put(out, 'tlsEnabled', toBool(detail.tlsEnabled));
    if (sub.nodes) Object.assign(out, fromNodes(sub.nodes, desired.spec));
    return out;
  },
};
