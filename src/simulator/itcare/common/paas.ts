// The pattern every ITCare kind follows (ITCARE-API §11): create -> 202 action with the resource in
// PREPARATION; PATCH {operation, options} -> 202 action applied on completion, dispatched through the
// kind's operations table; DELETE -> 202 action, gone on completion; 409 while another action runs.
import { fieldError, json, notFound, type Reply, type RouteContext } from '../../reply.js';
import { allocateResourceId, findResource, findService, newPatchParty, type NetworkRecord, type ResourceRecord, type ServiceRecord } from '../../state.js';
import { actionObject, assertIdle, iso, submitAction, type SubmitInput } from './actions.js';
import type { ItcareKind, OpHandler } from './kind.js';
import { checkPatchParty, patchPartyMerge, patchPartyProcess } from './patch-party.js';
import type { NodeRecord } from './views.js';
import { asObject, checkChangeReference, checkSizing, optionalBool, parseId, requireBool, requireInt, requireString, type Body } from './validate.js';

/** The 202 answer carrying an action object. */
export function accepted(ctx: RouteContext, input: SubmitInput): Reply {
  return json(202, actionObject(submitAction(ctx, input)));
}

/** The resource `:id` of the given kind, or 404. */
export function loadResource(ctx: RouteContext, kind: string): ResourceRecord {
  const r = findResource(ctx.state, parseId(ctx.params.id));
  if (!r || r.kind !== kind) throw notFound();
  return r;
}

/** The service `:id`, or 404. */
export function loadService(ctx: RouteContext): ServiceRecord {
  const s = findService(ctx.state, parseId(ctx.params.id));
  if (!s) throw notFound();
  return s;
}

/** serviceId must exist (every create body, ITCARE-API §3.1). */
export function checkService(ctx: RouteContext, body: Body): ServiceRecord {
  const serviceId = requireInt(body, 'serviceId');
  const service = findService(ctx.state, serviceId);
  if (!service) throw fieldError('serviceId', `Error on field 'serviceId': service ${serviceId} does not exist`);
  return service;
}

/** serviceId and networkId must exist (`001:5352-5353`). */
export function checkPlacement(ctx: RouteContext, body: Body): { service: ServiceRecord; network: NetworkRecord } {
  const service = checkService(ctx, body);
  const networkId = requireInt(body, 'networkId');
  const network = ctx.state.networks.find((n) => n.id === networkId);
  if (!network) throw fieldError('networkId', `Error on field 'networkId': network ${networkId} does not exist`);
  return { service, network };
}

/** Names are unique per service across every kind (choice: the docs only say names identify resources). */
export function checkUniqueName(ctx: RouteContext, serviceId: number, name: string): void {
  if (ctx.state.resources.some((r) => r.serviceId === serviceId && r.name.toLowerCase() === name.toLowerCase())) {
    throw fieldError('name', `Error on field 'name': a resource named ${name} already exists in service ${serviceId}`);
  }
}

/**
 * Monitoring flags at create (§3.1 defaults): monitoring defaults to on in a production service or
 * when backup is enabled; alerting and on-call default to off.
 */
export function monitoringAtCreate(body: Body, service: ServiceRecord): Pick<ResourceRecord, 'monitoringEnabled' | 'monitoringOnCallEnabled' | 'monitoringAlerting'> {
  const backup = optionalBool(body, 'backupEnabled');
  return {
    monitoringEnabled: optionalBool(body, 'monitoringEnabled') ?? (service.environment === 'PRODUCTION' || backup === true),
    monitoringOnCallEnabled: optionalBool(body, 'onCallSupervision') ?? false,
    monitoringAlerting: optionalBool(body, 'monitoringAlerting') ?? false,
  };
}

/** What a create decides of a new record; the rest comes from the kind's descriptor and the request. */
export interface NewRecordFields {
  /** Allocated by the caller (`allocateResourceId`), before any id of its nodes, URLs… */
  id: number;
  name: string;
  serviceId: number;
  version: string;
  sizing: string;
  topology: string;
  nodeCount: number;
  monitoring: ReturnType<typeof monitoringAtCreate>;
  /** What only the kind's own routes read. */
  attrs: Record<string, unknown>;
}

/** A new record of `kind` in PREPARATION: generic fields from the descriptor, no tag, default patch party. */
export function newRecord(ctx: RouteContext, kind: ItcareKind, f: NewRecordFields): ResourceRecord {
  const { category, type, family, technology, path } = kind.resource;
  return {
    id: f.id, kind: kind.kind, name: f.name, serviceId: f.serviceId, category, type, family, technology, path,
    status: 'PREPARATION', version: f.version, sizing: f.sizing, topology: f.topology, nodeCount: f.nodeCount, ...f.monitoring,
    patchParty: newPatchParty(), tags: [], creationTime: iso(ctx.now), creationUser: ctx.principal, attrs: f.attrs,
  };
}

/**
 * The nodes of a new farm, allocated after the farm's own id: `{prefix}01`, `{prefix}02`…; a single
 * node goes to `az` when one is given, several are spread over the area's AZs `{area}-A`, `-B`, `-C`
 * in turn (as the seeded areas have three, `001:1768`).
 */
export function farmNodes(ctx: RouteContext, prefix: string, count: number, area: string, az?: string): NodeRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    id: allocateResourceId(ctx.state),
    name: `${prefix}${String(i + 1).padStart(2, '0')}`,
    az: count === 1 && az ? az : `${area}-${'ABC'[i % 3]}`,
  }));
}

/** Stores a new resource in PREPARATION and answers 202 with its create action. */
export function createResource(ctx: RouteContext, r: ResourceRecord, label: string): Reply {
  ctx.state.resources.push(r);
  return accepted(ctx, { resource: r, operation: 'create', message: `Create ${label} ${r.name}`, effect: { type: 'create' } });
}

/**
 * Operations every PaaS kind shares. start/stop follow the documented instance preconditions
 * (stop only when ACTIVE, start only when INACTIVE, `001:3778`, `001:3801`); the PaaS pages state none.
 */
export const commonOps: Record<string, OpHandler> = {
  start: (_ctx, r) => {
    if (r.status !== 'INACTIVE') throw fieldError('operation', `Error on field 'operation': start is only allowed when the resource is INACTIVE (it is ${r.status})`);
    return { effect: { type: 'merge', patch: { status: 'ACTIVE' } } };
  },
  stop: (_ctx, r) => {
    if (r.status !== 'ACTIVE') throw fieldError('operation', `Error on field 'operation': stop is only allowed when the resource is ACTIVE (it is ${r.status})`);
    return { effect: { type: 'merge', patch: { status: 'INACTIVE' } } };
  },
  resize: (_ctx, _r, o) => {
    const sizing = requireString(o, 'sizing', 'options.sizing');
    checkSizing(sizing, 'options.sizing');
    return { effect: { type: 'merge', patch: { sizing } } };
  },
  update_monitoring: (_ctx, _r, o) => {
    const state = requireBool(o, 'state', 'options.state');
    const onCall = optionalBool(o, 'on_call', 'options.on_call');
    const patch: Record<string, unknown> = { monitoringEnabled: state };
    if (onCall !== undefined) patch.monitoringOnCallEnabled = onCall;
    return { effect: { type: 'merge', patch } };
  },
  update_patch_party: (ctx, r, o) => {
    const raw = asObject(o.patchParty, 'options.patchParty');
    const checked = checkPatchParty(raw, r.nodeCount);
    if ('field' in checked) throw fieldError(`options.patchParty.${checked.field}`, checked.message);
    return { ...patchPartyProcess(checked.ok, r), effect: { type: 'merge', patch: patchPartyMerge(checked.ok, ctx.principal, ctx.now) } };
  },
};

/** `PATCH /{id}` with the envelope `{operation, options}` (§3.5), through the kind's operations; unknown operation -> 400. */
export function patchResource(ctx: RouteContext, kind: ItcareKind): Reply {
  const { label, operations: ops } = kind;
  const r = loadResource(ctx, kind.kind);
  const body = asObject(ctx.body);
  const operation = requireString(body, 'operation');
  const handler = Object.hasOwn(ops, operation) ? ops[operation] : undefined;
  if (!handler) throw fieldError('operation', `Error on field 'operation': unknown operation ${operation}`);
  const options = body.options === undefined || body.options === null ? {} : asObject(body.options, 'options');
  assertIdle(ctx.state, r.id);
  const { message, ...rest } = handler(ctx, r, options);
  return accepted(ctx, { ...rest, message: message ?? `${title(operation)} ${label} ${r.name}`, resource: r, operation });
}

/**
 * `DELETE /{id}`. `kind.deletion.body`: an optional body `{changeReference}` (<= 10 chars) is
 * documented (load balancers, `004:2226-2267`). Without it (Redis `001:5640-5667`, PostgreSQL
 * `001:15572-15599`) the docs show no body, so one is refused. `kind.deletion.check` may refuse the
 * resource's state (a 400). The action's effect is `kind.deletion.effect`, by default the removal of
 * the resource.
 */
export function deleteResource(ctx: RouteContext, kind: ItcareKind): Reply {
  const { label, deletion } = kind;
  const r = loadResource(ctx, kind.kind);
  if (ctx.body !== undefined && !deletion.body) throw fieldError('body', `Error: DELETE ${label} takes no body`);
  if (ctx.body !== undefined) checkChangeReference(asObject(ctx.body));
  deletion.check?.(r);
  assertIdle(ctx.state, r.id);
  return accepted(ctx, { resource: r, operation: 'delete', message: `Delete ${label} ${r.name}`, effect: deletion.effect ?? { type: 'delete' } });
}

function title(op: string): string {
  const words = op.split('_');
  return [words[0]!.charAt(0).toUpperCase() + words[0]!.slice(1), ...words.slice(1)].join(' ');
}
