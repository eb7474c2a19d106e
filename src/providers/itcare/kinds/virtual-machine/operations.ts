// The VirtualMachine kind's operations (ITCARE-API §11, `001:3100-3990`): create, the instance's own
// PATCH operations (stop/start with a changeReference, resize {sizing}, update_monitoring {state,
// alerting}, update_patch_party with a numeric group, update_backup and update_storage_replication with
// the deactivation reason production requires), and the state each needs: resize and DELETE only on an
// INACTIVE instance, so the plan stops a running one first (and starts it again after a resize).
import { setOwn } from '../../../../core/dict.js';
import { InternalError, RefusedError } from '../../../../core/errors.js';
import { parseAddress } from '../../../../core/address.js';
import { isObject } from '../../../../core/objects.js';
import type { DesiredResource, Observation, OperationContext } from '../../../../engine/provider.js';
import { refPlaceholder, type FieldDiff, type Operation } from '../../../../engine/plan.js';
import { diffHeads, refuseUnhandled } from '../../common/changes.js';
import { toNumber, toText } from '../../common/normalize.js';
import { patchPartyOptions, patchPartySummary, type PatchPartyOptions } from '../../common/patch-party.js';
import { patchOp } from '../../common/paas/operations.js';
import { addToPhase, flattenPhases, type PhasedOperations } from '../../common/phases.js';
import { putTagsOperation, tagUpdateOperations } from '../../common/tags.js';
import { VIRTUAL_MACHINE as VM } from './observe.js';

/** The order of one change's calls: stop first, resize while stopped, start again, then the settings. */
const VM_PHASES = ['stop', 'resize', 'start', 'update_monitoring', 'update_backup', 'update_storage_replication', 'update_patch_party', 'tags'] as const;
type VmPhased = PhasedOperations<(typeof VM_PHASES)[number]>;

/** Spec fields that are not create-body fields: they become follow-up operations. */
const NOT_IN_CREATE_BODY = new Set(['state', 'tags', 'patchParty']);

type Id = string | number;

/** The instance's live status (ACTIVE, INACTIVE, PREPARATION…), upper-cased; undefined when not read. */
export function liveStatus(observed: Observation): string | undefined {
  const raw = isObject(observed.raw) ? observed.raw : {};
  const from = (o: unknown) => (isObject(o) ? toText(o.status) : undefined);
  const s = from(raw.detail) ?? from(raw.item);
  if (s !== undefined) return s.toUpperCase();
  return observed.spec.state === 'running' ? 'ACTIVE' : observed.spec.state === 'stopped' ? 'INACTIVE' : undefined;
}

/** Whether the instance is in a production service (its `environment`), where disabling backup or replication needs a reason. */
function isProduction(observed: Observation): boolean {
  const raw = isObject(observed.raw) ? observed.raw : {};
  const env = [raw.detail, raw.item].map((o) => (isObject(o) ? toText(o.environment) : undefined)).find((e) => e !== undefined);
  return env !== undefined && /^prod/i.test(env);
}

const withChangeRef = (ctx: OperationContext, options: Record<string, unknown> = {}): Record<string, unknown> | undefined => {
  const o = ctx.changeReference === undefined ? options : { ...options, changeReference: ctx.changeReference };
  return Object.keys(o).length === 0 ? undefined : o;
};

function vmPatch(id: Id, operation: string, options: Record<string, unknown> | undefined, summary: string, serviceId?: number): Operation {
  // No instance operation says "cannot be undone" but the DELETE (`001:3701`).
  return patchOp(VM, id, operation, options, { summary, irreversible: false, serviceId });
}

/**
 * `stop` ("only if instance is running and is in the ACTIVE state", `001:3770-3796`) or `start` ("only if
 * instance is not running and is in the INACTIVE state", `001:3797-3820`), with the stack's changeReference.
 * The calls after it in the change act on the new status (Operation.changesStatus).
 */
function statusOp(operation: 'stop' | 'start', id: Id, ctx: OperationContext, serviceId?: number, why = ''): Operation {
  return { ...vmPatch(id, operation, withChangeRef(ctx), `${operation}${why}`, serviceId), changesStatus: true };
}
const stopOp = (id: Id, ctx: OperationContext, serviceId?: number, why = '') => statusOp('stop', id, ctx, serviceId, why);
const startOp = (id: Id, ctx: OperationContext, serviceId?: number, why = '') => statusOp('start', id, ctx, serviceId, why);

/** The instance's patch-party options: its group is a number (`"patchGroup": 3`, `001:3910`). */
function numericGroup(o: PatchPartyOptions): Record<string, unknown> {
  const pp: Record<string, unknown> = { ...o.patchParty };
  if (pp.patchGroup !== undefined) pp.patchGroup = toNumber(pp.patchGroup) ?? pp.patchGroup;
  return { patchParty: pp };
}

/** `create VirtualMachine PEB4APP01 (deb12, 2cpu4gb)`. */
function createSummary(d: DesiredResource): string {
  const parts = [toText(d.spec.platform), toText(d.spec.resourceId)].filter(Boolean);
  return `create VirtualMachine ${d.name}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

/**
 * Create = POST the create body (`001:3100-3330`; Secrets stay Secret objects), then on `${ref:self}`:
 * the full tag set with the ownership tag, update_patch_party, and stop last when the desired state is
 * stopped (a new instance runs).
 */
export function createVmOperations(desired: DesiredResource, ctx: OperationContext): Operation[] {
  const serviceId = toNumber(desired.spec.serviceId);
  const body: Record<string, unknown> = { name: desired.name };
  for (const [key, v] of Object.entries(desired.spec)) if (!NOT_IN_CREATE_BODY.has(key) && v !== undefined) setOwn(body, key, v);
  const create: Operation = { method: 'POST', path: VM.basePath, body, async: true, irreversible: false, summary: createSummary(desired), role: 'create' };
  if (serviceId !== undefined) create.serviceId = serviceId;
  const self = refPlaceholder('self');
  const ops = [create, putTagsOperation(self, desired.spec.tags, ctx, serviceId)];
  if (desired.spec.patchParty !== undefined) {
    const o = patchPartyOptions(desired.spec.patchParty, undefined, desired.address, 1);
    ops.push(vmPatch(self, 'update_patch_party', numericGroup(o), patchPartySummary(o), serviceId));
  }
  if (desired.spec.state === 'stopped') ops.push(stopOp(self, ctx, serviceId));
  return ops;
}

/**
 * `update_backup` / `update_storage_replication` `{state, deactivationReason?}` (`001:3917-3975`): the
 * reason comes from the spec's no*ProdReason; turning the setting off on a production instance without
 * one is refused at plan time, as ITCare would refuse it.
 */
function toggle(
  desired: DesiredResource, observed: Observation, field: 'backupEnabled' | 'replicationEnabled', serviceId: number | undefined, phased: VmPhased,
): void {
  const t = field === 'backupEnabled'
    ? { op: 'update_backup' as const, reason: 'noBackupProdReason' as const, what: 'backup', line: '001:3955' }
    : { op: 'update_storage_replication' as const, reason: 'noReplicationProdReason' as const, what: 'replication', line: '001:3937' };
  const on = desired.spec[field] === true;
  const options: Record<string, unknown> = { state: on };
  const reason = desired.spec[t.reason];
  if (!on && reason !== undefined) options.deactivationReason = reason;
  if (!on && reason === undefined && isProduction(observed)) {
    throw new RefusedError(
      `${field}: disabling ${t.what} on a production instance needs a reason (ITCare ${t.line}); set spec.${t.reason}`,
      desired.address,
    );
  }
  addToPhase(phased, t.op, vmPatch(observed.id!, t.op, options, `${on ? 'enable' : 'disable'} ${t.what}`, serviceId));
}

/**
 * resize `{sizing, changeReference?}` "only if instance is not running" (`001:3851`): an INACTIVE instance
 * is resized; an ACTIVE one is stopped first and started again afterwards (unless the spec wants it
 * stopped); any other status is refused, naming it.
 */
function resize(desired: DesiredResource, observed: Observation, ctx: OperationContext, serviceId: number | undefined, phased: VmPhased): void {
  const id = observed.id!;
  const status = liveStatus(observed);
  const target = desired.spec.resourceId;
  if (status !== 'ACTIVE' && status !== 'INACTIVE') {
    throw new RefusedError(
      `resourceId: an instance is resized "only if instance is not running" (ITCare 001:3851), and stopped only when ACTIVE (001:3778); it is ${status ?? 'in an unknown status'}`,
      desired.address,
    );
  }
  if (status === 'ACTIVE' && phased.stop === undefined) addToPhase(phased, 'stop', stopOp(id, ctx, serviceId, ' (resize needs the instance INACTIVE, ITCare 001:3851)'));
  const summary = `resize ${String(observed.spec.resourceId ?? '?')} -> ${String(target)}`;
  addToPhase(phased, 'resize', vmPatch(id, 'resize', withChangeRef(ctx, { sizing: target }), summary, serviceId));
  if (status === 'ACTIVE' && desired.spec.state !== 'stopped' && phased.start === undefined) addToPhase(phased, 'start', startOp(id, ctx, serviceId, ' (after the resize)'));
}

const onOff = (v: unknown) => (v === true ? 'on' : 'off');

/** The calls that turn `observed` into `desired` for the fields of `diff`; the rest is refused. */
export function updateVmOperations(desired: DesiredResource, observed: Observation, diff: readonly FieldDiff[], ctx: OperationContext): Operation[] {
  if (observed.id === undefined) throw new InternalError(`update planned for a resource without a live id (${desired.address})`);
  const heads = diffHeads(diff);
  const id = observed.id;
  const [want, have] = [desired.spec, observed.spec];
  const serviceId = toNumber(want.serviceId) ?? toNumber(have.serviceId);
  const phased: VmPhased = {};

  if (heads.has('state') && want.state === 'stopped') addToPhase(phased, 'stop', stopOp(id, ctx, serviceId));
  if (heads.has('state') && want.state === 'running') addToPhase(phased, 'start', startOp(id, ctx, serviceId));
  if (heads.has('resourceId')) resize(desired, observed, ctx, serviceId, phased);
  if (heads.has('monitoringEnabled') || heads.has('monitoringAlerting')) {
    // `{"state": true, "alerting": false}` (`001:3864-3880`): no on-call option for an instance.
    const state = want.monitoringEnabled ?? have.monitoringEnabled;
    const alerting = want.monitoringAlerting ?? have.monitoringAlerting;
    const options: Record<string, unknown> = {};
    if (state !== undefined) options.state = state;
    if (alerting !== undefined) options.alerting = alerting;
    const parts = [state === undefined ? undefined : state === true ? 'enabled' : 'disabled', alerting === undefined ? undefined : `alerting ${onOff(alerting)}`];
    addToPhase(phased, 'update_monitoring', vmPatch(id, 'update_monitoring', options, `update monitoring: ${parts.filter(Boolean).join(', ')}`, serviceId));
  }
  if (heads.has('backupEnabled')) toggle(desired, observed, 'backupEnabled', serviceId, phased);
  if (heads.has('replicationEnabled')) toggle(desired, observed, 'replicationEnabled', serviceId, phased);
  if (heads.has('patchParty') && isObject(want.patchParty)) {
    const o = patchPartyOptions(want.patchParty, have.patchParty, desired.address, 1);
    addToPhase(phased, 'update_patch_party', vmPatch(id, 'update_patch_party', numericGroup(o), patchPartySummary(o), serviceId));
  }
  if (heads.has('tags')) addToPhase(phased, 'tags', ...tagUpdateOperations(want.tags, observed, diff, ctx, serviceId));
  const handled = ['state', 'resourceId', 'monitoringEnabled', 'monitoringAlerting', 'backupEnabled', 'replicationEnabled', 'patchParty', 'tags'];
  refuseUnhandled(desired, diff, new Set(handled.filter((h) => heads.has(h))));
  return flattenPhases(VM_PHASES, phased);
}

/**
 * "Instance has to be in INACTIVE status ... stop it before deleting it" (`001:3699`): a running instance
 * is stopped first; an instance in another status is refused, naming it. DELETE takes an optional
 * `{changeReference}` (`001:3703-3720`) and "cannot be undone".
 */
export function deleteVmOperations(address: string, observed: Observation, ctx: OperationContext): Operation[] {
  const name = parseAddress(address)?.name ?? address;
  const serviceId = toNumber(observed.spec.serviceId);
  const id = observed.id!;
  const status = liveStatus(observed);
  const ops: Operation[] = [];
  if (status === 'ACTIVE') ops.push(stopOp(id, ctx, serviceId, ' (an instance is deleted only when INACTIVE, ITCare 001:3699)'));
  else if (status !== undefined && status !== 'INACTIVE') {
    throw new RefusedError(`an instance is deleted only when INACTIVE (ITCare 001:3699) and stopped only when ACTIVE (001:3778); ${name} is ${status}`, address);
  }
  const del: Operation = { method: 'DELETE', path: `${VM.basePath}/${String(id)}`, async: true, irreversible: true, summary: `delete VirtualMachine ${name}`, role: 'delete' };
  if (ctx.changeReference !== undefined) del.body = { changeReference: ctx.changeReference };
  if (serviceId !== undefined) del.serviceId = serviceId;
  return [...ops, del];
}
