// Asynchronous action lifecycle (ITCARE-API §2): submit -> IN_PROGRESS -> SUCCESS | ERROR. Completion
// is lazy and time-based: on every request, actions whose due time has passed complete and apply
// their effect, so a state file handed from one process to another keeps progressing.
import { actionFault } from '../../faults.js';
import { conflict, type RouteContext } from '../../reply.js';
import type { ActionRecord, ActionStatus, Effect, ResourceRecord, SimulatorState } from '../../state.js';

/** A named effect a route file can register for changes a merge patch cannot express. */
export type CustomEffect = (state: SimulatorState, action: ActionRecord, args: unknown) => void;

const customEffects = new Map<string, CustomEffect>();

/** Registers a custom effect under a unique name (e.g. `kubernetes.delete_nodes`). */
export function registerEffect(name: string, fn: CustomEffect): void {
  customEffects.set(name, fn);
}

export interface SubmitInput {
  resource: ResourceRecord;
  /** Operation as the client named it (`create`, `resize`, …). */
  operation: string;
  /** Process name shown in the action; defaults to the operation in upper case. */
  process?: string;
  /** Human message, e.g. `Resize Redis orders-cache`. */
  message: string;
  effect: Effect;
}

/**
 * Records a new IN_PROGRESS action due `ctx.actionMs` from now. A matching `failActions` rule is
 * consumed here (at submission), so the outcome is fixed even if the faults change later.
 */
export function submitAction(ctx: RouteContext, input: SubmitInput): ActionRecord {
  const { resource: r } = input;
  const process = input.process ?? input.operation.toUpperCase();
  const at = iso(ctx.now);
  const action: ActionRecord = {
    id: ctx.state.nextActionId++,
    resourceId: r.id, serviceId: r.serviceId, resourceName: r.name, resourceType: r.type, family: r.family,
    category: r.category, operation: input.operation, process, message: input.message, status: 'IN_PROGRESS',
    submittedAt: at, submittedBy: ctx.principal, dueAt: ctx.now + ctx.actionMs, completedAt: null, lastUpdatedAt: at,
    effect: input.effect,
  };
  const fault = actionFault(ctx.faults, ctx.rng ?? (() => 1), ctx.actionMs, r.name, input.operation, process);
  action.dueAt = ctx.now + fault.actionMs;
  if (fault.failWith !== undefined) action.failWith = fault.failWith;
  if (fault.failStatus !== undefined) action.failStatus = fault.failStatus;
  ctx.state.actions.push(action);
  return action;
}

/** Completes every due action in due order. Returns true when the state changed. */
export function advanceActions(state: SimulatorState, now: number): boolean {
  const due = state.actions
    .filter((a) => a.status === 'IN_PROGRESS' && a.dueAt <= now)
    .sort((a, b) => a.dueAt - b.dueAt || a.id - b.id);
  for (const a of due) complete(state, a);
  return due.length > 0;
}

function complete(state: SimulatorState, a: ActionRecord): void {
  a.completedAt = a.lastUpdatedAt = iso(a.dueAt);
  const idx = state.resources.findIndex((r) => r.id === a.resourceId);
  if (a.failWith !== undefined) {
    a.status = (a.failStatus as ActionStatus | undefined) ?? 'ERROR';
    a.message = a.failWith;
    // Choice: a failed create leaves no resource behind, so a retry can create it again by name.
    if (a.effect.type === 'create' && idx >= 0) state.resources.splice(idx, 1);
    return;
  }
  a.status = 'SUCCESS';
  if (idx < 0) return;
  const r = state.resources[idx]!;
  switch (a.effect.type) {
    case 'create':
      if (r.status === 'PREPARATION') r.status = 'ACTIVE';
      break;
    case 'delete':
      state.resources.splice(idx, 1);
      break;
    case 'merge':
      mergePatch(r as unknown as Record<string, unknown>, a.effect.patch);
      break;
    case 'custom': {
      const fn = customEffects.get(a.effect.name);
      if (!fn) {
        a.status = 'ERROR';
        a.message = `simulator has no effect named ${a.effect.name}`;
        return;
      }
      fn(state, a, a.effect.args);
      break;
    }
  }
}

/** RFC 7386 JSON merge patch, in place: objects merge, null deletes, anything else replaces. */
export function mergePatch(target: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      delete target[k];
    } else if (isPlainObject(v) && isPlainObject(target[k])) {
      mergePatch(target[k] as Record<string, unknown>, v);
    } else {
      target[k] = structuredClone(v);
    }
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function hasActionInProgress(state: SimulatorState, resourceId: number): boolean {
  return state.actions.some((a) => a.resourceId === resourceId && a.status === 'IN_PROGRESS');
}

/** Throws 409 when the resource already has an action IN_PROGRESS (no concurrent operations). */
export function assertIdle(state: SimulatorState, resourceId: number): void {
  if (hasActionInProgress(state, resourceId)) throw conflict(resourceId);
}

/** The 202 body (`001:3330-3340`). */
export function actionObject(a: ActionRecord): Record<string, unknown> {
  return {
    family: a.family, id: a.id, internalId: a.resourceId, lastUpdatedAt: a.lastUpdatedAt, message: a.message,
    process: a.process, resourceName: a.resourceName, resourceType: a.resourceType, status: a.status,
  };
}

/** The record of `GET /itcare/actions/{id}` (`001:19115-19127`); no internalId, as documented. */
export function actionRecord(a: ActionRecord): Record<string, unknown> {
  return {
    completedAt: a.completedAt, family: a.family, id: a.id, lastUpdatedAt: a.lastUpdatedAt, message: a.message,
    process: a.process, resourceName: a.resourceName, resourceType: a.resourceType, status: a.status,
    submittedAt: a.submittedAt, submittedBy: a.submittedBy,
  };
}

/** ISO 8601 with milliseconds and a numeric offset, like `2022-11-02T09:32:02.000+00:00` (`001:2451-2461`). */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

/**
 * A synchronous write (tag calls, pool members…) as a completed history entry of the resource its path
 * names (`GET /itcare/compute/resources/{id}/history` lists "all operations and events", `001:9116-9163`).
 * The message names keys, never values: a tag value may be a secret of the caller.
 */
export function recordWrite(ctx: RouteContext): void {
  const ids = ctx.path.split('/').filter((s) => /^\d+$/.test(s)).map(Number);
  const r = ids.map((id) => ctx.state.resources.find((x) => x.id === id)).find((x) => x !== undefined);
  if (!r) return;
  const { process, message } = describeWrite(ctx, r);
  const at = iso(ctx.now);
  ctx.state.actions.push({
    id: ctx.state.nextActionId++,
    resourceId: r.id, serviceId: r.serviceId, resourceName: r.name, resourceType: r.type, family: r.family,
    category: r.category, operation: process.toLowerCase(), process, message, status: 'SUCCESS',
    submittedAt: at, submittedBy: ctx.principal, dueAt: ctx.now, completedAt: at, lastUpdatedAt: at,
    effect: { type: 'merge', patch: {} },
  });
}

function describeWrite(ctx: RouteContext, r: ResourceRecord): { process: string; message: string } {
  const label = `${r.type} ${r.name}`;
  const body = ctx.body as Record<string, unknown> | unknown[] | undefined;
  if (/\/tags$/.test(ctx.path)) {
    const key = !Array.isArray(body) && body && typeof body.tagKey === 'string' ? body.tagKey : undefined;
    if (ctx.method === 'PUT') {
      const keys = Array.isArray(body) ? body.map((t) => String((t as Record<string, unknown>)?.tagKey)).join(', ') : '';
      return { process: 'UPDATE_TAGS', message: `Replace tags of ${label} (${keys})` };
    }
    if (ctx.method === 'POST') return { process: 'ADD_TAG', message: `Add tag ${key ?? '?'} on ${label}` };
    return { process: 'DELETE_TAG', message: `Remove tag ${key ?? '?'} from ${label}` };
  }
  const tail = ctx.path.split('/').filter((s) => s !== '' && !/^\d+$/.test(s)).pop() ?? 'resource';
  return { process: `${ctx.method}_${tail.toUpperCase()}`, message: `${ctx.method} ${tail} of ${label}` };
}
