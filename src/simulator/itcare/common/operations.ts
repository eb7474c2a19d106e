// "List actions and available actions for resources" (`001:6352-6396` GET /itcare/operations, which
// also takes LB `url` and member `id`s; `001:9263-9297` GET /itcare/compute/resources/operations).
// Query `resourceId`, `node[]`, `type` = "available|available-nodes|in-progress|in-progress-nodes|
// list-actions-in-progress|list-available-actions" (default `available`); answer `object[]`, sampled
// only as `[{}]`. The item shape is not documented: the simulator answers the shape caretaker assumes
// (README "Operation pre-checks"): `{operation, available, cause?}` per operation of the resource's kind,
// unavailable while an action is IN_PROGRESS on it (the simulator answers 409 then) or when the
// resource's state forbids it (start/stop). The in-progress types list the running actions (`001:3330-3340`).
import { fieldError, json, type Reply, type RouteContext } from '../../reply.js';
import type { Router } from '../../router.js';
import type { ActionRecord, ResourceRecord, SimulatorState } from '../../state.js';
import { actionObject } from './actions.js';
import { kindOf, type ItcareKind } from './kind.js';

const TYPES = new Set(['available', 'available-nodes', 'in-progress', 'in-progress-nodes', 'list-actions-in-progress', 'list-available-actions']);

/** The PATCH operations of the record's kind (none for the seeded records of unmodelled kinds), and `delete`. */
function operationsOf(kinds: readonly ItcareKind[], r: ResourceRecord): string[] {
  return [...Object.keys(kindOf(kinds, r)?.operations ?? {}), 'delete'];
}

function listOperations(kinds: readonly ItcareKind[], ctx: RouteContext): Reply {
  const type = ctx.query.get('type') ?? 'available';
  if (!TYPES.has(type)) throw fieldError('type', `Error on field 'type': unknown operation type ${type}`);
  const raw = ctx.query.get('resourceId');
  if (raw === null || raw === '') return json(200, []);
  if (!/^\d+$/.test(raw)) throw fieldError('resourceId', `Error on field 'resourceId': not an integer: ${raw}`);
  const r = ctx.state.resources.find((x) => x.id === Number(raw));
  if (!r) return { status: 404, body: { errorMessage: `Resource ${raw} not found` } };
  const running = runningActions(ctx.state, r);
  if (type.includes('in-progress')) return json(200, running.map(actionObject));
  return json(200, operationsOf(kinds, r).map((operation) => {
    const cause = unavailableCause(r, operation, running[0]);
    return cause === undefined ? { operation, available: true } : { operation, available: false, cause };
  }));
}

function runningActions(state: SimulatorState, r: ResourceRecord): ActionRecord[] {
  return state.actions.filter((a) => a.resourceId === r.id && a.status === 'IN_PROGRESS');
}

/** Why `operation` cannot run on `r` now (an action in progress, or the state start/stop need), or undefined. */
export function unavailableCause(r: ResourceRecord, operation: string, busy: ActionRecord | undefined): string | undefined {
  if (busy) return `action ${busy.id} (${busy.process}) is in progress on ${r.name}`;
  if (operation === 'start' && r.status !== 'INACTIVE') return `start needs the resource INACTIVE (it is ${r.status})`;
  if (operation === 'stop' && r.status !== 'ACTIVE') return `stop needs the resource ACTIVE (it is ${r.status})`;
  return undefined;
}

/**
 * The `actionsInProgress` and `availableActions` fields some GET bodies embed (`001:6435-6456`):
 * the running actions (202 shape) and, for each of `operations`, `{available, operation,
 * unavailabilityCauses}` by the rules of `/itcare/operations` plus the kind's own (`cause`).
 */
export function actionsView(
  state: SimulatorState, r: ResourceRecord, operations: readonly string[], cause?: (r: ResourceRecord, operation: string) => string | undefined,
): { actionsInProgress: Record<string, unknown>[]; availableActions: Record<string, unknown>[] } {
  const running = runningActions(state, r);
  return {
    actionsInProgress: running.map(actionObject),
    availableActions: operations.map((operation) => {
      const why = unavailableCause(r, operation, running[0]) ?? cause?.(r, operation);
      return { available: why === undefined, operation, unavailabilityCauses: why === undefined ? [] : [why] };
    }),
  };
}

export function registerOperations(router: Router, kinds: readonly ItcareKind[]): void {
  const handler = (ctx: RouteContext): Reply => listOperations(kinds, ctx);
  router.get('/itcare/operations', handler);
  router.get('/itcare/compute/resources/operations', handler);
}
