// The one HttpClient (DESIGN §7): base URL, headers, JSON bodies, per-request timeout, the retry
// loop of retry.ts with an abortable wait, one re-authentication after a 401, and attempt hooks.
// Nothing else in caretaker opens sockets.
import type { Dispatcher } from 'undici';
import { Agent, dispatchText, type DispatchLimits } from './undici.js';
import { ApiError, InternalError } from '../core/errors.js';
import { setOwn } from '../core/dict.js';
import { scrubText, SecretScrubber } from '../core/secret.js';
import { collectSecrets, decodeBody, DEFAULT_MAX_BODY_BYTES, encodeBody, flattenHeaders, scrubAuthorization } from './body.js';
import { apiError, errorCodeOf, hostAndPort, transportError } from './errors.js';
import { paginate } from './paginate.js';
import { createLimiter, DEFAULT_MAX_IN_FLIGHT } from './limiter.js';
import { backoffDelay, decideRetry, parseRetryAfter, resolveRetryOptions } from './retry.js';
import type { HttpClient, HttpClientOptions, HttpMethod, HttpRequest, HttpResponse, RetryOptions } from './types.js';
import { buildUrl, displayPath, parseSafeUrl } from './url.js';

const ACCEPT = 'application/vnd.cegedim-it.v1+json, application/json;q=0.9, */*;q=0.8';
const DEFAULT_TIMEOUT_MS = 30_000;
const CREDENTIALS_HINT = 'check the API credentials';
/**
 * 429s are refusals before processing, so they do not use up `maxRetries`: a throttled read waits
 * (Retry-After, else backoff) and goes again, up to this many times, while the limiter halves.
 */
export const MAX_THROTTLED_RETRIES = 30;

type Outcome = { res: HttpResponse; ms: number } | { error: unknown; timedOut: boolean; ms: number };

/** Waits `ms`, rejecting with the signal's reason as soon as it aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** `/itcare/databases/redis/123/nodes` -> `/itcare/databases/redis/{id}/nodes` (numeric segments). */
export function endpointOf(path: string): string {
  return path.replace(/\/\d+(?=\/|$)/g, '/{id}');
}

/** Per-request retry bookkeeping. Bounded: `retries` stops at maxRetries, 429s at MAX_THROTTLED_RETRIES, one re-authentication. */
interface RetryState {
  retries: number;
  throttledRetries: number;
  reauthenticated: boolean;
  previousDelayMs?: number;
}

/** What one request's attempts share: the request, its display path, the client's settings and its retry state. */
interface Attempts {
  req: HttpRequest;
  method: HttpMethod;
  path: string;
  attempt: number;
  state: RetryState;
  retry: RetryOptions;
  timeoutMs: number;
  server: { host: string; hostname: string };
  scrub: (text: string) => string;
  opts: HttpClientOptions;
}

/**
 * After an attempt: its answer is returned, or the request goes again at once (re-authenticated),
 * after a throttling wait (not counted against maxRetries), or after a retry delay (counted).
 */
type NextStep = { res: HttpResponse } | { again: 'now' } | { again: 'throttled' | 'retry'; delayMs: number };

/**
 * Creates the client. Throws ConfigError for a plain http:// base URL off loopback. A request
 * resolves with any 2xx answer and rejects with ApiError (non-2xx), NetworkError, TimeoutError, or
 * the caller signal's reason when it aborts (also during a backoff wait). Idempotent calls are
 * retried per retry.ts, and so is a GET/HEAD that timed out; POST/PATCH only after a 429. After a
 * 401 the token is invalidated and the call is sent once more, whatever its method: a 401 means it
 * was not processed.
 */
export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const base = parseSafeUrl(opts.baseUrl, 'API endpoint');
  const owned = opts.dispatcher === undefined;
  // Keep-alive matters: a plan issues hundreds of small GETs to one host, TLS handshakes dominate.
  const dispatcher = (opts.dispatcher as Dispatcher | undefined) ?? new Agent({ keepAliveTimeout: 30_000 });
  const retry = resolveRetryOptions(opts.retry);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const fixedHeaders = flattenHeaders(opts.headers ?? {});
  const server = hostAndPort(base);
  let count = 0;
  let closed = false;
  // The one request budget of the run: every attempt of every request holds a slot while on the wire.
  const limiter = createLimiter({ max: opts.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT });
  const perEndpoint = new Map<string, number>();

  async function send(req: HttpRequest): Promise<HttpResponse> {
    if (closed) throw new InternalError('http client used after close()');
    const { method } = req;
    const path = displayPath(req.path);
    const url = buildUrl(base, req.path, req.query);
    const { payload, contentType } = encodeBody(req);
    const scrubber = new SecretScrubber();
    collectSecrets(req.body, scrubber);
    const scrub = (text: string): string => scrubber.scrub(scrubText(text)); // this request's secrets and every registered one
    const state: RetryState = { retries: 0, throttledRetries: 0, reauthenticated: false };
    for (let attempt = 1; ; attempt++) {
      if (req.signal?.aborted) throw req.signal.reason;
      // Asked on every attempt: after a 401 or a long backoff the token source may have a new one.
      const authorization = await opts.auth?.authorization(req.signal);
      scrubAuthorization(authorization, scrubber);
      const headers = attemptHeaders(req, fixedHeaders, contentType, authorization, opts.signer, url, scrubber);
      const release = await limiter.acquire(req.signal);
      let outcome: Outcome;
      try {
        outcome = await attemptOnce(dispatcher, { timeoutMs, maxBodyBytes }, req, url, headers, payload);
      } finally {
        release();
      }
      count++;
      const key = `${method} ${endpointOf(path)}`;
      perEndpoint.set(key, (perEndpoint.get(key) ?? 0) + 1);
      if (!('error' in outcome)) limiter.feedback(outcome.res.status === 429);
      const attempts: Attempts = { req, method, path, attempt, state, retry, timeoutMs, server, scrub, opts };
      const next = 'error' in outcome ? afterFailure(attempts, outcome) : afterAnswer(attempts, outcome);
      if ('res' in next) return next.res;
      if (next.again === 'now') continue;
      if (next.again === 'retry') {
        state.retries++;
        state.previousDelayMs = next.delayMs;
      }
      await sleep(next.delayMs, req.signal);
    }
  }

  return {
    request: send,
    paginate<T>(req: Parameters<HttpClient['paginate']>[0]): AsyncIterable<T> {
      return paginate<T>(send, req);
    },
    get requestCount() {
      return count;
    },
    limiter,
    requestsByEndpoint: () => new Map(perEndpoint),
    async close() {
      if (closed) return;
      closed = true;
      if (owned) await dispatcher.close();
    },
  };
}

/**
 * The headers of one attempt. Caller-wide headers come first, so they can never replace Accept or
 * the credentials; a signer signs the very method and URL sent, and its secrets join the scrubber.
 */
function attemptHeaders(
  req: HttpRequest, fixed: Record<string, string>, contentType: string | undefined, authorization: string | undefined,
  signer: HttpClientOptions['signer'], url: string, scrubber: SecretScrubber,
): Record<string, string> {
  const headers: Record<string, string> = { ...fixed, ...flattenHeaders(req.headers ?? {}), 'user-agent': 'caretaker', accept: ACCEPT };
  if (contentType) headers['content-type'] = contentType;
  if (authorization) headers.authorization = authorization;
  if (signer) {
    const signed = signer.sign(req.method, url);
    for (const v of signed.secrets) scrubber.add(v);
    for (const [k, v] of Object.entries(signed.headers)) setOwn(headers, k.toLowerCase(), v);
  }
  return headers;
}

/** One attempt on the wire: its answer (body read to the end, within the size limit), or its failure and whether our budget timed it out. */
async function attemptOnce(
  dispatcher: Dispatcher, budget: { timeoutMs: number; maxBodyBytes: number },
  req: HttpRequest, url: string, headers: Record<string, string>, payload?: string,
): Promise<Outcome> {
  const started = performance.now();
  const { timeoutMs, maxBodyBytes } = budget;
  // One timer for our budget and the caller's signal: `limits.timedOut` tells them apart afterwards.
  const limits: DispatchLimits = {
    signal: req.signal, timeoutMs, limit: maxBodyBytes,
    // The whole body is read even for errors, so the socket returns to the pool; a body above the
    // limit is abandoned (the connection is dropped) and the call fails.
    tooLarge: (status) => new ApiError({ method: req.method, path: displayPath(req.path), status,
      apiMessage: `response body larger than the ${Math.round(maxBodyBytes / 1024 / 1024)} MiB limit; stopped reading` }),
  };
  try {
    const target = new URL(url);
    const r = await dispatchText(dispatcher, { origin: target.origin, path: `${target.pathname}${target.search}`, method: req.method, headers, body: payload }, limits);
    const resHeaders = flattenHeaders(r.headers);
    const res = { status: r.status, headers: resHeaders, body: decodeBody(r.text, resHeaders['content-type']) };
    return { res, ms: Math.round(performance.now() - started) };
  } catch (error) {
    const timedOut = limits.timedOut === true && !req.signal?.aborted;
    return { error, timedOut, ms: Math.round(performance.now() - started) };
  }
}

/**
 * An attempt that got no answer: reported to `onAttempt` with a code (never a message: messages may
 * quote URLs or server text), then retried per retry.ts or thrown as NetworkError / TimeoutError. The
 * caller's abort is thrown as its own reason; an answer refused for its size is final.
 */
function afterFailure(a: Attempts, outcome: Extract<Outcome, { error: unknown }>): NextStep {
  const { req, method, path, state } = a;
  const code = errorCodeOf(outcome.error);
  a.opts.onAttempt?.({ method, path, attempt: a.attempt, ms: outcome.ms, error: outcome.timedOut ? 'timeout' : (code ?? 'error') });
  // The caller asked to stop: that is not a failure of the request, so it keeps its reason.
  if (req.signal?.aborted) throw req.signal.reason;
  // An answer we refused to read to the end (too large) is final: repeating it would not help.
  if (outcome.error instanceof ApiError) throw outcome.error;
  const mapped = transportError(outcome.error, { method, path, timedOut: outcome.timedOut, timeoutMs: a.timeoutMs, ...a.server }, a.scrub);
  const decision = decideRetry(
    { method, idempotent: req.idempotent, retriesSoFar: state.retries, errorCode: code, timedOut: outcome.timedOut, previousDelayMs: state.previousDelayMs }, a.retry,
  );
  if (!decision.retry) throw mapped;
  return { again: 'retry', delayMs: decision.delayMs };
}

/**
 * An answer: a 2xx is returned. A first 401 invalidates the token and goes again at once, whatever
 * the method (the request was not processed; a second 401 is a credentials problem, not an expiry).
 * A 429 waits (Retry-After, else backoff) without using up maxRetries. Anything else is retried per
 * retry.ts or thrown as ApiError with the API's message.
 */
function afterAnswer(a: Attempts, outcome: Extract<Outcome, { res: HttpResponse }>): NextStep {
  const { req, method, path, state } = a;
  const { res } = outcome;
  a.opts.onAttempt?.({ method, path, attempt: a.attempt, ms: outcome.ms, status: res.status });
  if (res.status >= 200 && res.status < 300) return { res };
  if (res.status === 401 && a.opts.auth && !state.reauthenticated) {
    state.reauthenticated = true;
    a.opts.auth.invalidate();
    return { again: 'now' };
  }
  if (res.status === 429 && state.throttledRetries < MAX_THROTTLED_RETRIES) {
    state.throttledRetries++;
    const fromHeader = parseRetryAfter(res.headers['retry-after'], Date.now());
    return { again: 'throttled', delayMs: Math.min(fromHeader ?? backoffDelay(state.throttledRetries, a.retry), a.retry.maxDelayMs) };
  }
  const decision = decideRetry(
    { method, idempotent: req.idempotent, retriesSoFar: state.retries, status: res.status, retryAfter: res.headers['retry-after'], previousDelayMs: state.previousDelayMs },
    a.retry,
  );
  if (!decision.retry) throw apiError({ method, path, ...res }, a.scrub, res.status === 401 ? CREDENTIALS_HINT : undefined);
  return { again: 'retry', delayMs: decision.delayMs };
}
