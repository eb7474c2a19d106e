// Reading the VirtualMachine kind (`/itcare/compute/instances`, ITCARE-API §11, `001:2760-4134`): its
// reader in the PaaS reader's terms (its own paged list, its live -> spec table); the shared reads of
// common/paas/ find, read and list it like any kind.
//
// Live -> spec mapping (Observation.spec; a field the API does not return stays absent):
//
// | spec field         | live source                                              | note |
// | ------------------ | -------------------------------------------------------- | ---- |
// | serviceId          | `serviceId`                                              | number |
// | resourceId         | `${cpu}cpu${ram}gb`                                      | the create's sizing (`001:3246-3248`) |
// | availabilityZone   | `availabilityZone.id`                                    | the spec's spelling when equal without case |
// | networkId          | `network.id`                                             | number |
// | backupEnabled      | `backupStatus`                                           | [1] |
// | replicationEnabled | `replicationStatus`                                      | [1] |
// | region, area       | `region.id`, `area.id`                                   | write-only: read for export only |
// | monitoringEnabled, monitoringAlerting | same names                            | |
// | onCallSupervision  | `monitoringOnCallEnabled`                                | ITCARE-API §3.4 |
// | state              | `status`: ACTIVE, PREPARATION -> running; INACTIVE -> stopped | other values: absent |
// | patchParty         | `patchParty`: excluded; patchGroup if non-empty (a string, as the GET types it); exclusionReason if excluded | |
// | tags               | the generic list item's `tags[]` (observe: GET compute/resources/{id}/tags) minus the ownership tags | |
// | never read         | platform (the GET's imageCode is not documented as the same value), volumes, properties, productCode, authenticationDomainId, storagePool, specificRequest, backupOffSiteEnabled, cloudId, regulation, backup policies, the *ProdReason fields | write-only |
//
// Every field comes from the instances' own paged list `GET /itcare/compute/instances?services=`, whose
// items have the GET's shape (`001:2850-3097` against `001:3457-3692`): refresh reads no detail, and
// neither `/storage` nor `/networks` (no managed field needs them).
// [1] the GET's status flags of the two settings update_backup and update_storage_replication change
//     (`001:3917-3975`); the create's names are backupEnabled and replicationEnabled.
import { isObject } from '../../../../core/objects.js';
import { likeDesired, put, sizingOf, toBool, toNumber } from '../../common/normalize.js';
import type { PaasReader } from '../../common/paas/observe.js';

const idOf = (o: unknown) => (isObject(o) ? o.id : undefined);

export const VIRTUAL_MACHINE: PaasReader = {
  kind: 'VirtualMachine',
  basePath: '/itcare/compute/instances',
  // An instance's path is /compute/instances; without one, its category is "Instance" (`001:2380-2449`).
  sign: { path: '/compute/instances', word: /^instances?$/i },
  // Its own paged list (`001:2760-3097`), whose items need no sign check.
  list: { path: '/itcare/compute/instances', own: true },
  detailFields: [],
  subReads: () => [],
  kindSpec(detail, item, _sub, desired) {
    const want = desired.spec;
    const out: Record<string, unknown> = {};
    put(out, 'resourceId', sizingOf([], detail.cpu ?? item.cpu, detail.ram ?? item.ram));
    put(out, 'availabilityZone', likeDesired(idOf(detail.availabilityZone ?? item.availabilityZone), want.availabilityZone));
    put(out, 'networkId', toNumber(idOf(detail.network ?? item.network)));
    put(out, 'backupEnabled', toBool(detail.backupStatus ?? item.backupStatus));
    put(out, 'replicationEnabled', toBool(detail.replicationStatus ?? item.replicationStatus));
    put(out, 'region', likeDesired(idOf(detail.region ?? item.region), want.region));
    put(out, 'area', likeDesired(idOf(detail.area ?? item.area), want.area));
    return out;
  },
};
