// What an SCP route handler receives, and the SCP error answers. The seed documents no error body
// ("None" in every error row, e.g. `003:82-84`); for 400 we answer the SDK's `ValidationErrorModel[]`
// (`{loc, msg, type_, ctx}`, digest §1.4), for 401/403/404 a small `{code, message}` object so that a
// client log says why (choice [SIM]). No message ever contains a secret.
import type { FaultControls } from '../faults.js';
import { SimHttpError, type Reply } from '../reply.js';
import type { ScpState } from './state.js';

export interface ScpOptions {
  /** How long a request stays IN_PROGRESS. */
  actionMs: number;
  /** How long a TERMINATED cluster stays visible before it answers 404. */
  terminatedMs: number;
  /**
   * How long an existing cluster keeps its current service_state after a 202 before it turns
   * transitional (EDITING, STOPPING…): the "still RUNNING before EDITING begins" race of digest §10
   * (point 9). Default 0. The request itself is IN_PROGRESS from the start.
   */
  stateLagMs: number;
}

export interface ScpContext {
  readonly method: string;
  readonly path: string;
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly state: ScpState;
  readonly now: number;
  readonly options: ScpOptions;
  readonly faults: FaultControls;
}

export interface ValidationErrorItem {
  loc: string[] | null;
  msg: string | null;
  type_: string | null;
  ctx: Record<string, unknown> | null;
}

/** 400 with one or more ValidationErrorModel items. */
export function invalid(items: ValidationErrorItem[]): SimHttpError {
  return new SimHttpError(400, items, items.map((i) => i.msg).join('; '));
}

/** 400 for one field: `loc` is the path, e.g. ['body', 'instance_groups', '0', 'role_type']. */
export function fieldInvalid(loc: (string | number)[], msg: string, type = 'value_error'): SimHttpError {
  return invalid([{ loc: loc.map(String), msg, type_: type, ctx: null }]);
}

/** 400 for a cluster in the wrong service_state for the operation (digest §3.3 preconditions). */
export function stateInvalid(clusterId: string, msg: string): SimHttpError {
  return invalid([{ loc: ['path', 'cluster_id'], msg, type_: 'state_error', ctx: { cluster_id: clusterId } }]);
}

export function scpNotFound(what: string, id: string): SimHttpError {
  return new SimHttpError(404, { code: 'NOT_FOUND', message: `${what} ${id} not found` });
}

export const JSON_TYPE = { 'content-type': 'application/json' };

export function ok(body: unknown, status = 200): Reply {
  return { status, body, headers: JSON_TYPE };
}
