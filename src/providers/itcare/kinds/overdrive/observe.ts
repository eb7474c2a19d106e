// Reading the OverDrive kind (`/itcare/storage/overdrive`, ITCARE-API §11, `001:6398-6959`): its
// PaasReader, i.e. where its resources are listed and its live -> spec table.
//
// Live -> spec mapping (Observation.spec; a field the API does not return stays absent):
//
// | spec field         | live source                                                  | note |
// | ------------------ | ------------------------------------------------------------ | ---- |
// | serviceId          | `serviceId`                                                  | number |
// | sizing             | `sizing`                                                     | upper-case (XS..XL) |
// | monitoringEnabled  | `monitoringEnabled`                                          | immutable here |
// | monitoringAlerting | `monitoringAlerting`                                         | |
// | onCallSupervision  | `monitoringOnCallEnabled`                                    | ITCARE-API §3.4 |
// | state              | `status`: ACTIVE, PREPARATION -> running; INACTIVE -> stopped | other values: absent |
// | tags               | the generic list's `tags[]` (else GET compute/resources/{id}/tags) minus caretaker's tags | owner, origin |
// | never read         | password, region, driveSiteUri, cloudId, backupEnabled, replicationEnabled, regulation, dbBackupPolicyId, serverBackupPolicyId | write-only |
//
// The kind's own list (`GET /itcare/storage/overdrive?names=`, `001:6398-6567`) carries every field of
// the GET (`001:6717-6838`), so the GET is never read. It has no nodes, area or network (ITCARE-API §3.1).
// Its `patchParty` is not a spec field: OverDrive has no update_patch_party (start and stop only,
// `001:6880-6920`); a PatchPolicy document sets it through the service.
import { put, toText } from '../../common/normalize.js';
import type { PaasReader } from '../../common/paas/observe.js';

export const OVERDRIVE: PaasReader = {
  kind: 'OverDrive',
  basePath: '/itcare/storage/overdrive',
  sign: { path: '/storage/overdrive', word: /overdrive/i },
  list: { path: '/itcare/storage/overdrive', own: true },
  detailFields: [],
  subReads: () => [],
  kindSpec(detail, item) {
    const out: Record<string, unknown> = {};
    put(out, 'sizing', toText(detail.sizing ?? item.sizing)?.toUpperCase());
    return out;
  },
};
