// Virtual machine PATCH operations (`001:3759-3990`): stop, start, reset, resize, update_monitoring
// `{state, alerting}`, update_patch_party (numeric group), update_storage_replication and update_backup
// `{state, deactivationReason}`. Every one is an action (202); the state rules are the documented ones.
import { fieldError } from '../../../reply.js';
import { findService, type ResourceRecord, type ResourceStatus } from '../../../state.js';
import type { OpHandler, OpResult } from '../../common/kind.js';
import { commonOps } from '../../common/paas.js';
import { checkPatchParty, patchPartyMerge, patchPartyProcess, WRONG_GROUP } from '../../common/patch-party.js';
import { asObject, checkChangeReference, checkSizing, optionalBool, optionalString, requireBool, requireString, type Body } from '../../common/validate.js';
import type { RouteContext } from '../../../reply.js';

/** 400 unless the instance is in `status` ("Otherwise a 400 status error code will be returned"). */
export function requireStatus(operation: string, r: ResourceRecord, status: ResourceStatus): void {
  if (r.status !== status) {
    throw fieldError('operation', `Error on field 'operation': ${operation} is only allowed when the instance is ${status} (it is ${r.status})`);
  }
}

/**
 * update_storage_replication (`001:3915-3945`) and update_backup (`001:3947-3985`): `state` is
 * required; turning it off on an instance of a production service needs a `deactivationReason`
 * ("For production resource, ... an explanation must be given"). A reason sent with `state: true` (as
 * the replication example does, `001:3938-3945`) is accepted and ignored. Setting the state it already
 * has is accepted (choice: the docs do not refuse it).
 */
function toggle(ctx: RouteContext, r: ResourceRecord, o: Body, flag: string, explanation: string): OpResult {
  const state = requireBool(o, 'state', 'options.state');
  const reason = optionalString(o, 'deactivationReason', 'options.deactivationReason');
  const prod = findService(ctx.state, r.serviceId)?.environment === 'PRODUCTION';
  if (!state && prod && (reason === undefined || reason.trim() === '')) {
    throw fieldError('options.deactivationReason', "Error on field 'options.deactivationReason': a reason is required to deactivate it on a production resource");
  }
  return { effect: { type: 'merge', patch: { attrs: { [flag]: state, [explanation]: state ? '' : reason ?? '' } } } };
}

export const vmOps: Record<string, OpHandler> = {
  /** Only when ACTIVE (`001:3778`); optional `changeReference` (<= 10, as the DELETE's). */
  stop: (ctx, r, o) => {
    checkChangeReference(o, 'options.changeReference');
    return commonOps.stop!(ctx, r, o);
  },
  /** Only when INACTIVE (`001:3801`); optional `changeReference`. */
  start: (ctx, r, o) => {
    checkChangeReference(o, 'options.changeReference');
    return commonOps.start!(ctx, r, o);
  },
  /** Hard reset, only when ACTIVE (`001:3828`); optional `comment` for the monitoring system. The status does not change. */
  reset: (_ctx, r, o) => {
    optionalString(o, 'comment', 'options.comment');
    requireStatus('reset', r, 'ACTIVE');
    return { effect: { type: 'merge', patch: {} } };
  },
  /**
   * "only if instance is not running and is in the INACTIVE or ACTIVE state" (`001:3851`): an ACTIVE
   * instance is running (`001:3778`), so the two conditions together leave INACTIVE only (choice,
   * README). `changeReference` may be empty (the example sends "").
   */
  resize: (_ctx, r, o) => {
    const sizing = requireString(o, 'sizing', 'options.sizing');
    checkSizing(sizing, 'options.sizing');
    checkChangeReference(o, 'options.changeReference');
    requireStatus('resize', r, 'INACTIVE');
    return { effect: { type: 'merge', patch: { sizing } } };
  },
  /**
   * `{state, alerting}` (`001:3862-3878`): `state` required, `alerting` optional (kept when absent).
   * Other options (the PaaS `on_call`) are not documented for instances and are ignored.
   */
  update_monitoring: (_ctx, _r, o) => {
    const state = requireBool(o, 'state', 'options.state');
    const alerting = optionalBool(o, 'alerting', 'options.alerting');
    const patch: Record<string, unknown> = { monitoringEnabled: state };
    if (alerting !== undefined) patch.monitoringAlerting = alerting;
    return { effect: { type: 'merge', patch } };
  },
  /**
   * The instance variant (`001:3881-3913`): `patchGroup` is a number 1..3 (the string "1".."3" of the
   * PaaS kinds is accepted too); an exclusion needs a reason. "If no group is set, it means that you
   * have no preference" (`001:3902`): including without a group clears it.
   */
  update_patch_party: (ctx, r, o) => {
    const raw = { ...asObject(o.patchParty, 'options.patchParty') };
    const group = raw.patchGroup;
    if (typeof group === 'number') {
      if (!Number.isInteger(group) || group < 1 || group > 3) throw fieldError('options.patchParty.patchGroup', WRONG_GROUP);
      raw.patchGroup = String(group);
    }
    const checked = checkPatchParty(raw, 1);
    if ('field' in checked) throw fieldError(`options.patchParty.${checked.field}`, checked.message);
    const change = checked.ok;
    if (!change.excluded && change.patchGroup === undefined) change.patchGroup = '';
    return { ...patchPartyProcess(change, r), effect: { type: 'merge', patch: patchPartyMerge(change, ctx.principal, ctx.now) } };
  },
  update_storage_replication: (ctx, r, o) => toggle(ctx, r, o, 'replicationEnabled', 'noReplicationExplanation'),
  /**
   * "The platform supporting the instance must allow backup" and "Only virtual appliances are
   * manageable" (`001:3953-3954`): every simulated platform allows backup and every instance is virtual.
   */
  update_backup: (ctx, r, o) => toggle(ctx, r, o, 'backupEnabled', 'noBackupExplanation'),
};
