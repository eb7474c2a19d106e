// Reading the GlusterFS kind (`/itcare/storage/glusterfs`, ITCARE-API §11, `001:23251-24300`): its
// PaasReader, i.e. where its resources are listed and its live -> spec table (volumes: volumes.ts).
//
// Live -> spec mapping (Observation.spec; a field the API does not return stays absent):
//
// | spec field         | live source                                                  | note |
// | ------------------ | ------------------------------------------------------------ | ---- |
// | serviceId          | `serviceId`                                                  | number |
// | nodeSizing         | `sizing` (`NcpuMgb`), else `cpu` + `ram`                     | lower-case |
// | diskSize           | volumes [1]: `sizeOf` of the volume named spec.user_name     | [2] |
// | volumes            | volumes [1]: every other volume, `{name, diskSize}`          | [3] |
// | region, area       | nodes [4]: `region.id`, `area.id`                            | write-only: read for export only |
// | networkId          | nodes [4]: `network.id`                                      | number; [5] |
// | monitoringEnabled  | `monitoringEnabled`                                          | |
// | monitoringAlerting | `monitoringAlerting`                                         | |
// | onCallSupervision  | `monitoringOnCallEnabled`                                    | ITCARE-API §3.4 |
// | state              | `status`: ACTIVE, PREPARATION -> running; INACTIVE -> stopped | other values: absent |
// | patchParty         | `patchParty`: excluded; patchGroup if non-empty; exclusionReason if excluded | |
// | tags               | the generic list's `tags[]` (else GET compute/resources/{id}/tags) minus caretaker's tags | owner, origin |
// | never read         | admPassword, user_name/userName, a volume's userPass, platform, cloudId, backupEnabled, replicationEnabled, regulation, dbBackupPolicyId, serverBackupPolicyId | write-only |
//
// The kind's own list (`GET /itcare/storage/glusterfs?services=&names=`, `001:23251-23318`) carries every
// field of the GET (`001:23770-23880`), so the GET is never read.
// [1] GET glusterfs/{id}/volumes (`001:23658-23672`), read only when the spec has diskSize or volumes.
// [2] the create's own volume (volumes.ts); absent when no live volume has that name.
// [3] a volume's name is the last segment of its `mountingPoint` when the item has no `name`.
// [4] GET glusterfs/{id}/nodes (`001:23673-23686`), read only when the spec has region, area or networkId;
//     the nodes' `storage` is the node's disk, not a volume: never read as diskSize.
// [5] the desired value when any node has it, else the first node's.
import { fromNodes, put, sizingOf, toNumber } from '../../common/normalize.js';
import type { PaasReader, SubResource } from '../../common/paas/observe.js';
import { createVolumeName, splitVolumes } from './volumes.js';

/** Spec fields read from `/nodes`: placement and network. */
const NODE_FIELDS = ['region', 'area', 'networkId'] as const;

export const GLUSTERFS: PaasReader = {
  kind: 'GlusterFS',
  basePath: '/itcare/storage/glusterfs',
  sign: { path: '/storage/glusterfs', word: /gluster/i },
  list: { path: '/itcare/storage/glusterfs', own: true },
  // Volume calls run after start and resize; a volume is resized or added before another is deleted.
  ownPhases: ['resize_volume', 'add_volume', 'delete_volume'],
  // "Instance(s): 2" (`001:28409-28411`): a patch group is never allowed on its farms.
  minFarmMembers: 2,
  shapeCreateBody(body) {
    // The schema's spelling is sent (`001:23440`); the prose's `userName` (`001:23335`) is accepted.
    if (body.user_name === undefined && body.userName !== undefined) body.user_name = body.userName;
    delete body.userName;
    // int32 in the schema (`001:23375`); the example's string "15" (`001:23348`) is accepted.
    const disk = toNumber(body.diskSize);
    if (disk !== undefined) body.diskSize = disk;
    delete body.volumes; // add_volume after the create (operations.ts)
  },
  detailFields: [],
  subReads(desired) {
    const subs: SubResource[] = [];
    if (NODE_FIELDS.some((f) => desired.spec[f] !== undefined)) subs.push('nodes');
    if (desired.spec.diskSize !== undefined || desired.spec.volumes !== undefined) subs.push('volumes');
    return subs;
  },
  kindSpec(detail, item, sub, desired) {
    const out: Record<string, unknown> = {};
    put(out, 'nodeSizing', sizingOf([item.sizing, detail.sizing], detail.cpu ?? item.cpu, detail.ram ?? item.ram));
    if (sub.nodes) {
      const placed = fromNodes(sub.nodes, desired.spec);
      for (const k of NODE_FIELDS) put(out, k, placed[k]);
    }
    if (sub.volumes) {
      const { first, others } = splitVolumes(sub.volumes, createVolumeName(desired.spec));
      put(out, 'diskSize', first?.diskSize);
      out.volumes = others;
    }
    return out;
  },
};
