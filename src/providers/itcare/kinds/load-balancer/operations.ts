// Pure operation builders of the LoadBalancer kind: create (plain POST with members, or inside a
// Kubernetes cluster, then URLs, members, states, bot defense and stop on `${ref:self}`), update (the
// fewest calls per changed field, in LB_PHASES order) and delete (ITCARE-API §7, §6.6, §14).
import { setOwn } from '../../../../core/dict.js';
import { InternalError } from '../../../../core/errors.js';
import { parseAddress } from '../../../../core/address.js';
import type { DesiredResource, Observation, OperationContext } from '../../../../engine/provider.js';
import { refPlaceholder, type FieldDiff, type Operation } from '../../../../engine/plan.js';
import { isObject } from '../../../../core/objects.js';
import { botOperations } from './bot.js';
import {
  LB_PATH, LB_PHASES, checkLists, lbOp, lbPatch, lookupsOf, memberItems, memberKey, namedItems, touchedKeys, type LbPhased, type LbTarget,
} from './base.js';
import { addToPhase, flattenPhases } from '../../common/phases.js';
import { addMemberOp, checkSameNetwork, memberIdOf, memberNetworkOf, memberOperations, memberStateOp, withRefMembers } from './members.js';
import { addUrlOp, urlOperations } from './urls.js';
import { toNumber, toText } from '../../common/normalize.js';
import { diffHeads, refuseUnhandled } from '../../common/changes.js';
import { putTagsOperation, tagUpdateOperations } from '../../common/tags.js';

/** Spec fields that are not LB create-body fields: they become follow-up operations (or the path). */
const NOT_IN_CREATE_BODY = new Set(['state', 'tags', 'botDefense', 'urls', 'members', 'cluster']);

/** Address of the KubernetesCluster the LB is created in, when `spec.cluster` is a ref. */
export function clusterRefOf(desired: DesiredResource): string | undefined {
  const c = desired.spec.cluster;
  return isObject(c) && typeof c.ref === 'string' ? c.ref : undefined;
}

/**
 * Create. Plain: `POST /itcare/networking/loadbalancers` with `url` = metadata.name, the spec's
 * create fields (portMembers as a string, 004:1856) and `members: [{id, network: {id, ipAddress}}]` for the members on
 * portMembers. In a cluster (§6.6): `POST /itcare/compute/containers/kubernetes/${ref:Kind/name}/loadbalancers`
 * with the same body without members (the executor puts the cluster's live id in the path). Then on `${ref:self}`: the full tag set, the other members
 * (POST), the other URLs (POST, with their monitoring), non-enabled member states, bot defense, stop.
 * Throws RefusedError for a member that observe could not resolve.
 */
export function createOperations(desired: DesiredResource, ctx: OperationContext, observed?: Observation): Operation[] {
  checkLists(desired);
  const lookups = withRefMembers(desired, lookupsOf(observed), ctx);
  const spec = desired.spec;
  const serviceId = toNumber(spec.serviceId);
  const cluster = clusterRefOf(desired);
  const members = memberItems(spec.members).map((m) => ({ m, id: memberIdOf(desired, m, lookups) }));
  const body: Record<string, unknown> = { url: desired.name };
  for (const [key, v] of Object.entries(spec)) if (!NOT_IN_CREATE_BODY.has(key) && v !== undefined) setOwn(body, key, v);
  if (typeof body.portMembers === 'number') body.portMembers = String(body.portMembers);
  // A member given by ref is added after the create (POST /members with its id, known at apply time).
  const inBody = cluster === undefined ? members.filter(({ m }) => typeof m.ref !== 'string' && toNumber(m.port) === toNumber(spec.portMembers)) : [];
  // Each member as every documented example carries it: `{id, network: {id, ipAddress}}` (004:1764-1799, 004:1923-1936).
  if (spec.members !== undefined && cluster === undefined) {
    body.members = inBody.map(({ m, id }) => ({ id: toNumber(id) ?? id, network: { ...memberNetworkOf(desired, memberKey(m), lookups) } }));
  }
  if (cluster === undefined) checkSameNetwork(desired, members.map(({ m }) => memberKey(m)), lookups);

  const where = cluster === undefined ? '' : ` in ${cluster}`;
  const facts = [toText(spec.profileName), spec.portMembers === undefined ? undefined : `port ${String(spec.portMembers)}`,
    spec.members === undefined ? undefined : `${members.length} member${members.length === 1 ? '' : 's'}`].filter(Boolean);
  const summary = `create LoadBalancer ${desired.name}${where}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`;
  // Always the placeholder, even for a live cluster: a cluster replaced in the same plan gets a new id.
  const path = cluster === undefined ? LB_PATH : `/itcare/compute/containers/kubernetes/${refPlaceholder(cluster)}/loadbalancers`;
  const create: Operation = { method: 'POST', path, body, async: true, irreversible: false, summary, role: 'create' };
  if (serviceId !== undefined) create.serviceId = serviceId;

  const t: LbTarget = { id: refPlaceholder('self'), serviceId, changeReference: ctx.changeReference };
  const phased: LbPhased = {};
  for (const { m, id } of members) {
    if (!inBody.some((x) => x.m === m)) addToPhase(phased, 'members_add', addMemberOp(t, memberKey(m), id, m.port));
    if (m.state !== undefined && m.state !== 'enabled') addToPhase(phased, 'member_states', memberStateOp(t, memberKey(m), id, m.state));
  }
  for (const u of namedItems(spec.urls)) addToPhase(phased, 'urls_add', addUrlOp(t, u));
  botOperations(t, spec.botDefense, undefined, phased);
  if (spec.state === 'stopped') addToPhase(phased, 'stop', lbPatch(t, 'stop', {}, 'stop'));
  return [create, putTagsOperation(t.id, spec.tags, ctx, serviceId), ...flattenPhases(LB_PHASES, phased)];
}

const onOff = (v: unknown) => (v === true ? 'on' : 'off');

/** Every URL of `spec.urls` (the whole list) sets the LB's monitoring values: the LB-and-all-URLs form fits. */
function allUrlsLikeLb(want: Record<string, unknown>, state: unknown, onCall: unknown): boolean {
  if (!Array.isArray(want.urls)) return false;
  return namedItems(want.urls).every((u) => u.monitoringEnabled === state && (onCall === undefined || u.onCallSupervision === onCall));
}

/**
 * Update: start/stop, `update_monitoring {state, on_call, updateUrls: [primary URL]}` (so that the
 * other URLs keep their own settings, 004:2416-2428), tags, URLs, members and bot defense, each only
 * for what the diff names. A difference no operation can make is refused.
 */
export function updateOperations(desired: DesiredResource, observed: Observation, diff: readonly FieldDiff[], ctx: OperationContext): Operation[] {
  checkLists(desired);
  if (observed.id === undefined) throw new InternalError(`update planned for a resource without a live id (${desired.address})`);
  const heads = diffHeads(diff);
  const want = desired.spec;
  const have = observed.spec;
  const serviceId = toNumber(want.serviceId) ?? toNumber(have.serviceId);
  const t: LbTarget = { id: observed.id, serviceId, changeReference: ctx.changeReference };
  const lookups = withRefMembers(desired, lookupsOf(observed), ctx);
  const phased: LbPhased = {};

  if (heads.has('state') && want.state === 'running') addToPhase(phased, 'start', lbPatch(t, 'start', {}, 'start'));
  if (heads.has('state') && want.state === 'stopped') addToPhase(phased, 'stop', lbPatch(t, 'stop', {}, 'stop'));
  if (heads.has('monitoringEnabled') || heads.has('onCallSupervision')) {
    const state = want.monitoringEnabled ?? have.monitoringEnabled;
    const onCall = want.onCallSupervision ?? have.onCallSupervision;
    const options: Record<string, unknown> = {};
    if (state !== undefined) options.state = state;
    if (onCall !== undefined) options.on_call = onCall;
    // Without updateUrls the call means "the load balancer and all related URLs" (004:2407-2415): used
    // when the spec asks exactly that (every URL of the whole list with the LB's monitoring); otherwise
    // only the primary URL, so that the other URLs keep their own settings (004:2416-2428).
    if (!allUrlsLikeLb(want, state, onCall)) options.updateUrls = [desired.name];
    const parts = [state === undefined ? undefined : state === true ? 'enabled' : 'disabled', onCall === undefined ? undefined : `on-call ${onOff(onCall)}`];
    addToPhase(phased, 'monitoring', lbPatch(t, 'update_monitoring', options, `update monitoring: ${parts.filter(Boolean).join(', ')}`, false));
  }
  if (heads.has('tags')) addToPhase(phased, 'tags', ...tagUpdateOperations(want.tags, observed, diff, ctx, serviceId));
  if (heads.has('urls')) urlOperations(t, desired, namedItems(have.urls), lookups, touchedKeys(diff, 'urls'), phased);
  if (heads.has('members')) memberOperations(t, desired, memberItems(have.members), lookups, touchedKeys(diff, 'members'), phased);
  if (heads.has('botDefense')) botOperations(t, want.botDefense, have.botDefense, phased);
  const handled = ['state', 'monitoringEnabled', 'onCallSupervision', 'tags', 'urls', 'members', 'botDefense'];
  refuseUnhandled(desired, diff, new Set(handled.filter((h) => heads.has(h))));
  return flattenPhases(LB_PHASES, phased);
}

/** `DELETE /itcare/networking/loadbalancers/{id}`, body `{changeReference}` when set (004:2226-2267). Cannot be undone. */
export function deleteOperations(address: string, observed: Observation, ctx: OperationContext): Operation[] {
  const name = parseAddress(address)?.name ?? address;
  const t: LbTarget = { id: String(observed.id), serviceId: toNumber(observed.spec.serviceId) };
  const body = ctx.changeReference === undefined ? undefined : { changeReference: ctx.changeReference };
  return [lbOp(t, 'DELETE', '', body, { summary: `delete LoadBalancer ${name}`, async: true, irreversible: true, role: 'delete' })];
}
