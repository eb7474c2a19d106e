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
  /** The spec field the refusal is about (a pointer inside `spec`, `/postgreVersion`): the planner prints its file:line:col. */
  readonly field?: string;
  constructor(message: string, address?: string, field?: string) {
    super('ERR_REFUSED', message);
    this.address = address;
    if (field !== undefined) this.field = field;
  }
}

/** An error to be thrown when a policy rule denies a plan (DESIGN §3) and no override lets it through. */
export class PolicyDeniedError extends CaretakerError {
  constructor(message: string) {
    super('ERR_POLICY_DENIED', message);
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
 * A copy of an error with what was being done in front of its message (`cannot observe Redis/x:
 * 503 GET …`), keeping its class, code and fields so callers can still test it. The original is never
 * changed: one error object is often shared by several waiters (a failed token request, a batched
 * read), and each must get its own context, not every context stacked on one message.
 * An error that already names its cause on its own (`standalone`, e.g. a login failure) is returned
 * unchanged: the context would only repeat it once per resource.
 */
export function withContext<E>(err: E, context: string): E {
  if (!(err instanceof Error) || err.message.startsWith(context)) return err;
  if ((err as { standalone?: boolean }).standalone) return err;
  const copy = Object.create(Object.getPrototypeOf(err) as object) as Error;
  for (const key of Reflect.ownKeys(err)) {
    const d = Object.getOwnPropertyDescriptor(err, key)!;
    Object.defineProperty(copy, key, d);
  }
  Object.defineProperty(copy, 'message', { value: `${context}: ${err.message}`, writable: true, configurable: true, enumerable: false });
  if (typeof err.stack === 'string') {
    Object.defineProperty(copy, 'stack', { value: err.stack.replace(err.message, copy.message), writable: true, configurable: true, enumerable: false });
  }
  return copy as E;
}

/**
 * An error to be thrown when the login itself fails (the OAuth2 token request is refused or cannot
 * reach the token URL). It names the token URL once; contexts are not added to it (`standalone`).
 */
export class AuthError extends CaretakerError {
  readonly standalone = true;
  readonly tokenUrl: string;
  constructor(tokenUrl: string, reason: string, options?: { cause?: unknown }) {
    super('ERR_AUTH', `login failed at the token URL ${tokenUrl}: ${reason}`, options);
    this.tokenUrl = tokenUrl;
  }
}
