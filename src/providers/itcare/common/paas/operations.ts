// Pure operation builders shared by the PaaS kinds: the create POST, the `{operation, options}` PATCH
// envelope (ITCARE-API §3.5), the fields every PaaS kind changes the same way (state, sizing,
// monitoring, patch party, tags), the phase order around a kind's own operations, and delete.
import { setOwn } from '../../../../core/dict.js';
import { InternalError } from '../../../../core/errors.js';
import { parseAddress } from '../../../../core/address.js';
import type { DesiredResource, Observation, OperationContext } from '../../../../engine/provider.js';
import { refPlaceholder, type FieldDiff, type Operation } from '../../../../engine/plan.js';
import { isObject } from '../../../../core/objects.js';
import { toNumber } from '../normalize.js';
import { patchPartyOptions, patchPartySummary } from '../patch-party.js';
import { diffHeads } from '../changes.js';
import { addToPhase, type PhasedOperations } from '../phases.js';
import { putTagsOperation, tagUpdateOperations } from '../tags.js';

/** The shared operations that run before a kind's own (`PaasKind.ownPhases`) inside one change… */
const FIRST_PHASES = ['start', 'resize'] as const;
/** …and those that run after them: monitoring, patch party and tags on the new size, stop last. */
const LAST_PHASES = ['update_monitoring', 'update_patch_party', 'tags', 'stop'] as const;

/** Operations of one change by phase (the shared phases and the kind's own). */
export type Phased = PhasedOperations<string>;

/** Where each operation of a change to `k` runs (the order of this list). */
export function paasPhases(k: PaasKind): string[] {
  return [...FIRST_PHASES, ...(k.ownPhases ?? []), ...LAST_PHASES];
}

/** What a PaaS kind's builders need to know about it. */
export interface PaasKind {
  kind: string;
  /** `/itcare/databases/redis`: POST here creates, `${basePath}/{id}` reads, PATCHes, deletes. */
  basePath: string;
  /** Kind-specific shaping of the create body (e.g. a YAML number sent as the string the API types). */
  shapeCreateBody?(body: Record<string, unknown>): void;
  /**
   * The kind's own PATCH operations, as phases in the order they run inside one change: after start
   * and resize, before monitoring, patch party, tags and stop (PostgreSQL: upgrade, enable_ha,
   * install_extension). Default: none.
   */
  ownPhases?: readonly string[];
  /**
   * The kind's DELETE documents a `{changeReference}` body (Kubernetes, `001:17590`). Redis and
   * PostgreSQL document none (`001:5640-5667`, `001:15572-15599`): their DELETE is sent bodyless.
   */
  deleteTakesChangeReference?: boolean;
}

export interface PatchFlags {
  summary: string;
  irreversible: boolean;
  serviceId?: number;
}

/** A PATCH `{operation, options}`. Every PaaS PATCH answers with an action, so it is tracked as async. */
export function patchOp(k: PaasKind, id: string | number, operation: string, options: Record<string, unknown> | undefined, f: PatchFlags): Operation {
  // `start`, `stop`, Kubernetes `enable_ha` are documented as `{"operation": …}` alone (`001:5703-5719`, `001:17708-17711`).
  const body = options === undefined ? { operation } : { operation, options };
  const op: Operation = {
    method: 'PATCH', path: `${k.basePath}/${id}`, body,
    async: true, irreversible: f.irreversible, summary: f.summary, role: 'update',
  };
  if (f.serviceId !== undefined) op.serviceId = f.serviceId;
  return op;
}

/**
 * How many members the farm has (or will have after this change), when known: the largest of the live
 * GET's `nodeCount`, the spec's Redis `instanceCount`, and 2 for a PostgreSQL `topology: HA` (primary
 * and replica; an `enable_ha` in the same change runs before `update_patch_party`).
 */
export function farmMembers(spec: Record<string, unknown>, raw?: unknown): number | undefined {
  const detail = isObject(raw) && isObject(raw.detail) ? raw.detail : undefined;
  const counts = [
    detail === undefined ? undefined : toNumber(detail.nodeCount ?? detail.instanceCount),
    toNumber(spec.instanceCount),
    typeof spec.topology === 'string' && spec.topology.toUpperCase() === 'HA' ? 2 : undefined,
  ].filter((n): n is number => n !== undefined);
  return counts.length === 0 ? undefined : Math.max(...counts);
}

/** Spec fields that are not create-body fields: they become follow-up operations. */
const NOT_IN_CREATE_BODY = new Set(['state', 'tags', 'patchParty', 'extensions', 'ha']);

/**
 * Create = POST the create body (Secrets stay Secret objects; the HTTP layer reveals them), then on
 * `${ref:self}`: PUT the full tag set with the ownership tag, `update_patch_party`, the kind's extras,
 * and `stop` last when the desired state is stopped.
 */
export function createOperations(
  k: PaasKind, desired: DesiredResource, ctx: OperationContext, summary: string, extras: (self: string) => Operation[] = () => [],
): Operation[] {
  const serviceId = toNumber(desired.spec.serviceId);
  const body: Record<string, unknown> = { name: desired.name };
  for (const [key, v] of Object.entries(desired.spec)) if (!NOT_IN_CREATE_BODY.has(key) && v !== undefined) setOwn(body, key, v);
  k.shapeCreateBody?.(body);
  const create: Operation = { method: 'POST', path: k.basePath, body, async: true, irreversible: false, summary, role: 'create' };
  if (serviceId !== undefined) create.serviceId = serviceId;
  const self = refPlaceholder('self');
  const ops = [create, putTagsOperation(self, desired.spec.tags, ctx, serviceId)];
  if (desired.spec.patchParty !== undefined) {
    const o = patchPartyOptions(desired.spec.patchParty, undefined, desired.address, farmMembers(desired.spec));
    ops.push(patchOp(k, self, 'update_patch_party', { ...o }, { summary: patchPartySummary(o), irreversible: false, serviceId }));
  }
  ops.push(...extras(self));
  if (desired.spec.state === 'stopped') ops.push(stopOp(k, self, serviceId));
  return ops;
}

/** `stop`: the docs say "cannot be undone" although `start` exists (ITCARE-API §13.11); flagged as they say. */
function stopOp(k: PaasKind, id: string | number, serviceId?: number): Operation {
  return patchOp(k, id, 'stop', undefined, { summary: 'stop', irreversible: true, serviceId });
}

const onOff = (v: unknown) => (v === true ? 'on' : 'off');

/**
 * Operations for the fields every PaaS kind changes the same way. Returns the heads it consumed so
 * that the caller can refuse the rest.
 */
export function commonUpdates(
  k: PaasKind, desired: DesiredResource, observed: Observation, diff: readonly FieldDiff[], ctx: OperationContext, phased: Phased,
): Set<string> {
  const heads = diffHeads(diff);
  if (observed.id === undefined) throw new InternalError(`update planned for a resource without a live id (${desired.address})`);
  const id = observed.id;
  const want = desired.spec;
  const have = observed.spec;
  const serviceId = toNumber(want.serviceId) ?? toNumber(have.serviceId);
  const flags = (summary: string, irreversible = false): PatchFlags => ({ summary, irreversible, serviceId });

  if (heads.has('state') && want.state === 'running') addToPhase(phased, 'start', patchOp(k, id, 'start', undefined, flags('start')));
  if (heads.has('state') && want.state === 'stopped') addToPhase(phased, 'stop', stopOp(k, id, serviceId));
  if (heads.has('nodeSizing') && want.nodeSizing !== undefined) {
    const summary = `resize ${String(have.nodeSizing ?? '?')} -> ${String(want.nodeSizing)}`;
    addToPhase(phased, 'resize', patchOp(k, id, 'resize', { sizing: want.nodeSizing }, flags(summary, true)));
  }
  if (heads.has('monitoringEnabled') || heads.has('onCallSupervision')) {
    const options: Record<string, unknown> = {};
    const state = want.monitoringEnabled ?? have.monitoringEnabled;
    const onCall = want.onCallSupervision ?? have.onCallSupervision;
    if (state !== undefined) options.state = state;
    if (onCall !== undefined) options.on_call = onCall;
    const parts = [state === undefined ? undefined : state === true ? 'enabled' : 'disabled', onCall === undefined ? undefined : `on-call ${onOff(onCall)}`];
    const summary = `update monitoring: ${parts.filter(Boolean).join(', ')}`;
    addToPhase(phased, 'update_monitoring', patchOp(k, id, 'update_monitoring', options, flags(summary)));
  }
  if (heads.has('patchParty') && isObject(want.patchParty)) {
    const o = patchPartyOptions(want.patchParty, have.patchParty, desired.address, farmMembers({ ...have, ...want }, observed.raw));
    addToPhase(phased, 'update_patch_party', patchOp(k, id, 'update_patch_party', { ...o }, flags(patchPartySummary(o))));
  }
  if (heads.has('tags')) addToPhase(phased, 'tags', ...tagUpdateOperations(want.tags, observed, diff, ctx, serviceId));
  return new Set(['state', 'nodeSizing', 'monitoringEnabled', 'onCallSupervision', 'patchParty', 'tags'].filter((h) => heads.has(h)));
}

/**
 * DELETE; `{changeReference}` as body only when the kind documents one and one is set. Deletion
 * cannot be undone.
 */
export function deleteOperations(k: PaasKind, address: string, observed: Observation, ctx: OperationContext): Operation[] {
  const name = parseAddress(address)?.name ?? address;
  const op: Operation = {
    method: 'DELETE', path: `${k.basePath}/${String(observed.id)}`,
    async: true, irreversible: true, summary: `delete ${k.kind} ${name}`, role: 'delete',
  };
  if (k.deleteTakesChangeReference === true && ctx.changeReference !== undefined) op.body = { changeReference: ctx.changeReference };
  const serviceId = toNumber(observed.spec.serviceId);
  if (serviceId !== undefined) op.serviceId = serviceId;
  return [op];
}
