// Typed failures with a stable `code` and the context a user needs. Expected failures are printed
// as one line without a stack; InternalError is the only one that asks the user to report a bug.
import type { Diagnostic } from './diagnostics.js';

/** Base class: every expected failure of caretaker. */
export class CaretakerError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An error to be thrown when the input (manifests, plan file) has problems; carries every diagnostic. */
export class DiagnosticsError extends CaretakerError {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[], message = 'invalid input') {
    super('ERR_DIAGNOSTICS', message);
    this.diagnostics = diagnostics;
  }
}

/** An error to be thrown when the API answers with a non-2xx status. Credentials are never part of it. */
export class ApiError extends CaretakerError {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** The API's own message (ITCare `errorMessage`), if any. */
  readonly apiMessage?: string;
  readonly apiCode?: string;
  readonly requestId?: string;
  /** Response headers (lower-case names), for callers that read a protocol header; never printed. */
  readonly headers?: Readonly<Record<string, string>>;
  constructor(
    init: { method: string; path: string; status: number; apiMessage?: string; apiCode?: string; requestId?: string; headers?: Record<string, string> },
    options?: { cause?: unknown },
  ) {
    const msg = `${init.status} ${init.method} ${init.path}${init.apiMessage ? `: ${init.apiMessage}` : ''}`;
    super('ERR_API', msg, options);
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.apiMessage = init.apiMessage;
    this.apiCode = init.apiCode;
    this.requestId = init.requestId;
    if (init.headers) this.headers = init.headers;
  }
}

/** An error to be thrown when the connection fails (reset, refused, DNS) before an answer arrives. */
export class NetworkError extends CaretakerError {
  readonly method: string;
  readonly path: string;
  constructor(method: string, path: string, reason: string, options?: { cause?: unknown }) {
    super('ERR_NETWORK', `${method} ${path}: ${reason}`, options);
    this.method = method;
    this.path = path;
  }
}

/** An error to be thrown when a request or an asynchronous action takes longer than allowed. */
export class TimeoutError extends CaretakerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_TIMEOUT', message, options);
  }
}

/** An error to be thrown when an asynchronous action ends in ERROR. */
export class ActionFailedError extends CaretakerError {
  readonly actionId: string;
  constructor(actionId: string, message: string) {
    super('ERR_ACTION_FAILED', message);
    this.actionId = actionId;
  }
}

/** An error to be thrown when a saved plan no longer matches the live state. */
export class PlanStaleError extends CaretakerError {
  constructor(message = 'plan is stale: the live state changed since the plan was made; run plan again') {
    super('ERR_PLAN_STALE', message);
  }
}

/** An error to be thrown when a safety policy refuses a change (preventDestroy, replace, downgrade…). */
export class RefusedError extends CaretakerError {
  readonly address?: string;
  constructor(message: string, address?: string) {
    super('ERR_REFUSED', message);
    this.address = address;
  }
}

/** An error to be thrown when configuration (environment, flags) is wrong. */
export class ConfigError extends CaretakerError {
  constructor(message: string) {
    super('ERR_CONFIG', message);
  }
}

/** Ends the process with a given exit code after output has already been rendered. */
export class ExitError extends CaretakerError {
  readonly exitCode: number;
  constructor(exitCode: number, message = '') {
    super('ERR_EXIT', message);
    this.exitCode = exitCode;
  }
}

/** A bug in caretaker: printed with its stack and a request to report it. */
export class InternalError extends CaretakerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_INTERNAL', message, options);
  }
}

/**
 * Adds what was being done in front of an error's message (`cannot observe Redis/x: 503 GET …`),
 * keeping its class and code so callers can still test identity.
 */
export function withContext<E>(err: E, context: string): E {
  if (err instanceof Error && !err.message.startsWith(context)) err.message = `${context}: ${err.message}`;
  return err;
}
