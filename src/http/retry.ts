// Conservative retry policy (STYLE habit 12), as pure functions: which failures may be retried,
// and how long to wait. The client owns the loop and the (abortable) wait.
import type { HttpMethod, RetryOptions } from './types.js';

export const DEFAULT_RETRY: Readonly<RetryOptions> = { maxRetries: 4, minDelayMs: 250, maxDelayMs: 10_000 };

/** Statuses that mean "not processed, try again later" (rate limit, gateway or server trouble). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/**
 * Connection failures where the server cannot have completed the request, or where the caller can
 * safely repeat an idempotent one. Timeouts of a sent request are not in this list: only a read
 * (GET/HEAD) that timed out is retried (`timedOut` in decideRetry), because repeating it changes
 * nothing; a write that timed out may still be running on the server and is never repeated here.
 */
export const RETRYABLE_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** How the exponential delay is randomised: AWS "full" jitter or "decorrelated" jitter. */
export type Jitter = 'full' | 'decorrelated';

/** Fills in defaults and clamps nonsense (negative or non-finite values) to the defaults. */
export function resolveRetryOptions(partial?: Partial<RetryOptions>): RetryOptions {
  const pick = (v: number | undefined, d: number): number => (v !== undefined && Number.isFinite(v) && v >= 0 ? v : d);
  const minDelayMs = pick(partial?.minDelayMs, DEFAULT_RETRY.minDelayMs);
  return {
    maxRetries: Math.floor(pick(partial?.maxRetries, DEFAULT_RETRY.maxRetries)),
    minDelayMs,
    maxDelayMs: Math.max(minDelayMs, pick(partial?.maxDelayMs, DEFAULT_RETRY.maxDelayMs)),
  };
}

/** GET/HEAD/PUT/DELETE are idempotent by default; POST/PATCH only when the caller says so. */
export function isIdempotent(method: HttpMethod, explicit?: boolean): boolean {
  if (explicit !== undefined) return explicit;
  return method === 'GET' || method === 'HEAD' || method === 'PUT' || method === 'DELETE';
}

/** Reads change nothing on the server: GET and HEAD, whatever the caller's `idempotent` flag says. */
export function isRead(method: HttpMethod): boolean {
  return method === 'GET' || method === 'HEAD';
}

/**
 * Parses `Retry-After` (delta-seconds or an HTTP date) into milliseconds from `nowMs`.
 * Returns undefined when absent or malformed, so the caller falls back to backoff.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // Date.parse accepts odd strings like "1"; require something that looks like an HTTP date.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * Delay before retry number `retry` (1-based): the ceiling is min(minDelay·2^(retry-1), maxDelay).
 * Full jitter draws in [0, ceiling]; decorrelated draws in [minDelay, 3·previous], capped.
 */
export function backoffDelay(
  retry: number,
  opts: RetryOptions,
  random: () => number = Math.random,
  jitter: Jitter = 'full',
  previousMs?: number,
): number {
  if (jitter === 'decorrelated') {
    const prev = Math.max(opts.minDelayMs, previousMs ?? opts.minDelayMs);
    const upper = Math.min(opts.maxDelayMs, prev * 3);
    return Math.round(opts.minDelayMs + random() * Math.max(0, upper - opts.minDelayMs));
  }
  const ceiling = Math.min(opts.maxDelayMs, opts.minDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(random() * ceiling);
}

/** What happened on the attempt that is being judged. */
export interface RetryContext {
  method: HttpMethod;
  /** The request's explicit `idempotent` flag, if any. */
  idempotent?: boolean;
  /** Retries already made for this request (0 after the first attempt). */
  retriesSoFar: number;
  status?: number;
  /** `code` of a connection error (ECONNRESET, UND_ERR_SOCKET…). */
  errorCode?: string;
  /** The attempt got no answer within the per-request timeout. */
  timedOut?: boolean;
  retryAfter?: string;
  nowMs?: number;
  random?: () => number;
  jitter?: Jitter;
  previousDelayMs?: number;
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/** Decides whether to retry and after how long; pure, so every rule is unit-tested. */
export function decideRetry(ctx: RetryContext, opts: RetryOptions): RetryDecision {
  if (ctx.retriesSoFar >= opts.maxRetries) return { retry: false };
  // A read that timed out is repeated with backoff (same bound); nothing else that timed out is.
  if (ctx.timedOut) {
    if (!isRead(ctx.method)) return { retry: false };
    return { retry: true, delayMs: backoffDelay(ctx.retriesSoFar + 1, opts, ctx.random, ctx.jitter, ctx.previousDelayMs) };
  }
  const byStatus = ctx.status !== undefined && RETRYABLE_STATUSES.has(ctx.status);
  const byError = ctx.errorCode !== undefined && RETRYABLE_ERROR_CODES.has(ctx.errorCode);
  if (!byStatus && !byError) return { retry: false };
  // A 429 is a refusal by the rate limiter before the request is processed, so even a POST or
  // PATCH had no effect and is safe to send again. Any other failure of a non-idempotent call may
  // have been half-done: it is never retried blindly (the caller re-observes and decides).
  if (!isIdempotent(ctx.method, ctx.idempotent) && ctx.status !== 429) return { retry: false };
  const fromHeader = byStatus ? parseRetryAfter(ctx.retryAfter, ctx.nowMs ?? Date.now()) : undefined;
  if (fromHeader !== undefined) return { retry: true, delayMs: Math.min(fromHeader, opts.maxDelayMs) };
  const delayMs = backoffDelay(ctx.retriesSoFar + 1, opts, ctx.random, ctx.jitter, ctx.previousDelayMs);
  return { retry: true, delayMs };
}
