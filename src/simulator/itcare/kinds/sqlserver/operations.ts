// SQL Server PATCH operations (`001:13689-13840`; `operation` Required, media type
// `application/vnd.cegedim-it.v1+json`, 202): start, stop (optional `changeReference`), reset, resize
// `{sizing}` within the product's range, update_monitoring and update_patch_party.
import { fieldError } from '../../../reply.js';
import type { OpHandler } from '../../common/kind.js';
import { commonOps } from '../../common/paas.js';
import { checkChangeReference, requireString } from '../../common/validate.js';
import { checkSqlSizing } from './create.js';

export const sqlserverOps: Record<string, OpHandler> = {
  start: commonOps.start!,
  /** Optional `{"changeReference": "56789"}` (`001:13715-13735`), at most 10 characters as the DELETE's. */
  stop: (ctx, r, o) => {
    checkChangeReference(o, 'options.changeReference');
    return commonOps.stop!(ctx, r, o);
  },
  /**
   * "Use the reset operation to reset the SQL Server Farm" (`001:13737-13748`): no state rule is
   * given; the instance rule applies (only when ACTIVE, `001:3828`; choice). The status does not change.
   */
  reset: (_ctx, r) => {
    if (r.status !== 'ACTIVE') throw fieldError('operation', `Error on field 'operation': reset is only allowed when the farm is ACTIVE (it is ${r.status})`);
    return { effect: { type: 'merge', patch: {} } };
  },
  /** `{sizing}` (`001:13750-13764`), within the product page's 2..16 vCPU and 8..384 GB. */
  resize: (_ctx, _r, o) => {
    const sizing = requireString(o, 'sizing', 'options.sizing');
    checkSqlSizing(sizing, 'options.sizing');
    return { effect: { type: 'merge', patch: { sizing } } };
  },
  update_monitoring: commonOps.update_monitoring!,
  update_patch_party: commonOps.update_patch_party!,
};
