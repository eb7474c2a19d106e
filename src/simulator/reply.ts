// What a route handler receives and returns, and the documented error answers (ITCARE-API §1.6):
// 400 with {status, errorCode, errorDesc, errorMessage}; 401/404 with an empty body; 409 Conflict.
import type { FaultControls } from './faults.js';
import type { SimulatorState } from './state.js';

/** The answer of a handler. `body: undefined` means an empty body. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Everything a handler may read. Handlers mutate `state` synchronously; the server saves it afterwards. */
export interface RouteContext {
  readonly method: string;
  readonly path: string;
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  /** Parsed JSON body, or undefined when the request had none. */
  readonly body: unknown;
  readonly state: SimulatorState;
  /** Request time in epoch ms (one value for the whole request). */
  readonly now: number;
  /** Who is calling: the OAuth2 client id, or `static-token`. Shown as `submittedBy` of actions. */
  readonly principal: string;
  /** How long a new action stays IN_PROGRESS (before slow-action faults). */
  readonly actionMs: number;
  readonly faults: FaultControls;
  /** The simulator's seeded PRNG, for random action faults (absent: none are drawn). */
  readonly rng?: () => number;
}

/** Thrown by handlers and validators; the server turns it into the answer. */
export class SimHttpError extends Error {
  readonly status: number;
  readonly body: unknown;
  constructor(status: number, body?: unknown, message = `HTTP ${status}`) {
    super(message);
    this.name = 'SimHttpError';
    this.status = status;
    this.body = body;
  }
}

/** 400 with the documented error body (`001:22641-22646`). The message must never contain a secret. */
export function fieldError(field: string, message: string): SimHttpError {
  return new SimHttpError(400, {
    status: 'BAD_REQUEST',
    errorCode: 'INVALID_FIELD_VALUE',
    errorDesc: field,
    errorMessage: message,
  });
}

/** 404 with an empty body (errors table, `001:22574-22638`). */
export function notFound(): SimHttpError {
  return new SimHttpError(404);
}

/**
 * 409 Conflict. The table says "empty" body; we add the error body anyway so a human reading a
 * client log sees why (choice: the docs define no 409 body, `001:22574-22638`).
 */
export function conflict(resourceId: number): SimHttpError {
  return new SimHttpError(409, {
    status: 'CONFLICT',
    errorCode: 'ACTION_IN_PROGRESS',
    errorDesc: 'id',
    errorMessage: `an action is already in progress on resource ${resourceId}`,
  });
}

export function json(status: number, body: unknown): Reply {
  return { status, body };
}

export function empty(status: number): Reply {
  return { status };
}
