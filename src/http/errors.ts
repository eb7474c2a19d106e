// Maps HTTP failures to the typed errors of core/errors.ts: a non-2xx answer to ApiError (with the
// ITCare message), a broken connection to NetworkError, an expired budget to TimeoutError.
// Every text that reaches a message goes through the request's scrubber first.
import { STATUS_CODES } from 'node:http';
import { own } from '../core/dict.js';
import { ApiError, NetworkError, TimeoutError } from '../core/errors.js';
import { scrubText } from '../core/secret.js';

/** The API's own explanation of a failure, as far as it can be recovered from the body. */
export interface ApiMessage {
  apiMessage?: string;
  apiCode?: string;
}

const MAX_MESSAGE = 300;

function clean(text: string, scrub: (text: string) => string): string | undefined {
  // Scrubbed before it is shortened: a secret cut at the limit would otherwise print in part.
  const oneLine = scrub(text).replace(/\s+/g, ' ').trim();
  if (!oneLine) return undefined;
  return oneLine.length > MAX_MESSAGE ? `${oneLine.slice(0, MAX_MESSAGE)}…` : oneLine;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v : undefined;
}

function fromObject(o: Record<string, unknown>, scrub: (text: string) => string): ApiMessage {
  // ITCare: {status, errorCode, errorDesc, errorMessage} (ITCARE-API §1.6). errorDesc names the
  // offending field, so it is only a fallback. Spring's default body has `message`; the OAuth2
  // token endpoint (Keycloak) answers {error, error_description}.
  const message = str(o.errorMessage) ?? str(o.errorDesc) ?? str(o.message) ?? str(o.error_description) ?? str(o.error);
  const code = str(o.errorCode) ?? (str(o.error_description) ? str(o.error) : undefined);
  return { apiMessage: message && clean(message, scrub), apiCode: code && scrub(code) };
}

/**
 * Recovers `{apiMessage, apiCode}` from a parsed body or a text body. The docs' own error sample is
 * not valid JSON (an unclosed string, seed 001:22641-22646), so when parsing fails the fields are
 * picked with a regex, and otherwise the text itself is used (never HTML pages).
 */
export function extractApiMessage(body: unknown, scrub: (text: string) => string = scrubText): ApiMessage {
  if (body && typeof body === 'object' && !Array.isArray(body)) return fromObject(body as Record<string, unknown>, scrub);
  if (typeof body !== 'string') return {};
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return fromObject(parsed as Record<string, unknown>, scrub);
  } catch {
    // fall through to the tolerant readings below
  }
  const message = /"errorMessage"\s*:\s*"([^"\r\n]*)/.exec(body)?.[1];
  const code = /"errorCode"\s*:\s*"([^"\r\n]*)"/.exec(body)?.[1];
  if (message !== undefined || code !== undefined) return { apiMessage: message && clean(message, scrub), apiCode: (code && scrub(code)) || undefined };
  if (/^\s*</.test(body)) return {};
  return { apiMessage: clean(body, scrub) };
}

/** Inputs of apiError: the failed answer, already read. */
export interface FailedResponse {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * Builds the ApiError of a non-2xx answer. `hint` is appended to the message (e.g. "check the
 * credentials" after a second 401). `scrub` removes known secrets from any API-provided text.
 */
export function apiError(res: FailedResponse, scrub: (text: string) => string, hint?: string): ApiError {
  const { apiMessage, apiCode } = extractApiMessage(res.body, scrub);
  let message = apiMessage ?? STATUS_CODES[res.status];
  if (hint) message = message ? `${message}; ${hint}` : hint;
  return new ApiError({
    method: res.method,
    path: res.path,
    status: res.status,
    apiMessage: message && scrub(message),
    apiCode: apiCode && scrub(apiCode),
    requestId: res.headers['x-request-id'],
    // Cookies may carry session credentials: they are never kept on an error.
    headers: Object.fromEntries(Object.entries(res.headers).filter(([k]) => k !== 'set-cookie')),
  });
}

/** The `code` of a Node or undici error (or of its cause), e.g. ECONNRESET or UND_ERR_SOCKET. */
export function errorCodeOf(err: unknown): string | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return errorCodeOf((err as { cause?: unknown }).cause);
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CLOSED: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
};

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * Maps a transport failure to TimeoutError (when our own timeout fired) or NetworkError (any coded
 * Node/undici error). Anything else is a bug and is returned unchanged for the caller to rethrow.
 */
export function transportError(
  err: unknown,
  ctx: { method: string; path: string; timedOut: boolean; timeoutMs: number; host?: string; hostname?: string },
  scrub: (text: string) => string,
): unknown {
  const code = errorCodeOf(err);
  if (ctx.timedOut || (code && TIMEOUT_CODES.has(code))) {
    const from = ctx.host ? ` from ${ctx.host}` : '';
    return new TimeoutError(`${ctx.method} ${ctx.path}: no response${from} within ${ctx.timeoutMs} ms`, { cause: err });
  }
  if (!code) return err;
  const detail = own(REASONS, code) ?? (err instanceof Error ? scrub(err.message) : code);
  const reason = detail === code ? code : `${detail} (${code})`;
  // The user must see which server failed: the host for a name lookup, host:port for a connection.
  const where = !ctx.host ? '' : NAME_LOOKUP_CODES.has(code) ? `: ${ctx.hostname ?? ctx.host}` : ` at ${ctx.host}`;
  return new NetworkError(ctx.method, ctx.path, `${reason}${where}`, { cause: err });
}

const NAME_LOOKUP_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN']);

/** `host:port` of a URL, the port spelt out even when it is the scheme's default. */
export function hostAndPort(url: URL): { host: string; hostname: string } {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return { host: `${url.hostname}:${port}`, hostname: url.hostname };
}
