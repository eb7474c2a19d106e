// Reading the Matomo kind (`/itcare/analytics/matomo`, ITCARE-API §11, `001:6961-7532`): its PaasReader,
// i.e. where its resources are listed and its live -> spec table.
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
// | never read         | password, region, defaultWebSiteName, defaultWebUri, cloudId, backupEnabled, replicationEnabled, regulation, dbBackupPolicyId, serverBackupPolicyId | write-only |
//
// The kind's own list (`GET /itcare/analytics/matomo?names=`, a page, `001:6961-7120`) carries every field
// of the GET (`001:7274-7395`), so the GET is never read. It has no nodes, area or network (ITCARE-API
// §3.1). Its `patchParty` is not a spec field: Matomo has no update_patch_party (start, stop and extend,
// `001:7437-7490`); a PatchPolicy document sets it through the service.
import { put, toText } from '../../common/normalize.js';
import type { PaasReader } from '../../common/paas/observe.js';

export const MATOMO: PaasReader = {
  kind: 'Matomo',
  basePath: '/itcare/analytics/matomo',
  sign: { path: '/analytics/matomo', word: /matomo/i },
  list: { path: '/itcare/analytics/matomo', own: true },
  // extend runs after start (it needs a started instance, `001:1615`) and before a final stop.
  ownPhases: ['extend'],
  shapeCreateBody(body) {
    // Required by the schema, yet "if left empty, a dummy value will be configured" (`001:7161-7167`).
    for (const k of ['defaultWebSiteName', 'defaultWebUri'] as const) if (body[k] === undefined) body[k] = '';
  },
  detailFields: [],
  subReads: () => [],
  kindSpec(detail, item) {
    const out: Record<string, unknown> = {};
    put(out, 'sizing', toText(detail.sizing ?? item.sizing)?.toUpperCase());
    return out;
  },
};
