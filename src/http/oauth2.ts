// Token sources for HttpClient: a static bearer token, or OAuth2 client credentials (ITCARE-API
// §1.2) cached and refreshed before expiry, with at most one token request in flight.
import { getGlobalDispatcher } from './undici.js';
import { ApiError, AuthError, CaretakerError, ConfigError } from '../core/errors.js';
import { registerSecret, Secret } from '../core/secret.js';
import { createHttpClient } from './client.js';
import type { HttpClientOptions, RetryOptions, TokenSource } from './types.js';
import { parseSafeUrl } from './url.js';

function reveal(v: string | Secret): string {
  return String(v instanceof Secret ? v.reveal() : v);
}

/** A fixed token sent as `Bearer <token>` (a value that already names its scheme is kept as is). */
export function staticToken(token: string | Secret): TokenSource {
  const raw = reveal(token).trim();
  if (!raw) throw new ConfigError('the API token is empty');
  const value = /^(bearer|basic)\s/i.test(raw) ? raw : `Bearer ${raw}`;
  registerSecret(raw);
  registerSecret(value);
  return {
    authorization: async () => value,
    invalidate: () => undefined,
  };
}

/** Options of clientCredentials. */
export interface ClientCredentialsOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string | Secret;
  /** An undici Dispatcher (tests pass a MockAgent); default undici's global one. */
  dispatcher?: unknown;
  /** Fraction of `expires_in` after which the token is renewed. Default 0.8. */
  refreshSkewRatio?: number;
  /** Clock in ms, injectable for tests. Default Date.now. */
  now?: () => number;
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  onAttempt?: HttpClientOptions['onAttempt'];
}

interface CachedToken {
  value: string;
  refreshAt: number;
  expiresAt: number;
}

/** Resolves with `promise`, or rejects with the signal's reason as soon as it aborts. */
function withSignal<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * OAuth2 client credentials: `POST tokenUrl` with Basic `id:secret` and
 * `grant_type=client_credentials`. The token is cached and renewed at `refreshSkewRatio` of its
 * lifetime (without `expires_in`, it is kept until a 401 invalidates it). Concurrent callers share
 * one token request; one caller's abort does not cancel it for the others. If a renewal fails while
 * the old token is still valid, the old token is used. Failures: ApiError/NetworkError/TimeoutError
 * naming the token URL's path, never the secret. Throws ConfigError for an http:// URL off loopback.
 */
export function clientCredentials(opts: ClientCredentialsOptions): TokenSource {
  const url = parseSafeUrl(opts.tokenUrl, 'token URL');
  const secret = reveal(opts.clientSecret);
  if (!opts.clientId || !secret) throw new ConfigError('OAuth2 client id and client secret are both required');
  registerSecret(secret);
  const ratio = opts.refreshSkewRatio !== undefined && opts.refreshSkewRatio > 0 && opts.refreshSkewRatio <= 1 ? opts.refreshSkewRatio : 0.8;
  const now = opts.now ?? Date.now;
  const basic = `Basic ${Buffer.from(`${opts.clientId}:${secret}`, 'utf8').toString('base64')}`;
  const http = createHttpClient({
    baseUrl: url.origin,
    dispatcher: opts.dispatcher ?? getGlobalDispatcher(),
    timeoutMs: opts.timeoutMs,
    retry: opts.retry,
    onAttempt: opts.onAttempt,
    // The Basic credentials travel as a TokenSource so the client scrubs them from every error.
    auth: { authorization: async () => basic, invalidate: () => undefined },
  });
  let current: CachedToken | undefined;
  let inflight: Promise<string> | undefined;

  // Shown in a login failure: origin and path only (a query string could carry anything).
  const shownUrl = `${url.origin}${url.pathname}`;

  /**
   * One token request; any failure becomes one AuthError naming the token URL, so that a wrong
   * secret reads as a login failure once, not as a failure of every resource that waited for it.
   */
  async function fetchToken(): Promise<string> {
    try {
      return await requestToken();
    } catch (err) {
      if (!(err instanceof CaretakerError)) throw err;
      const reason = err instanceof ApiError && err.status === 401
        ? `${err.message} (check ITCARE_CLIENT_ID and ITCARE_CLIENT_SECRET)`
        : err.message;
      throw new AuthError(shownUrl, reason, { cause: err });
    }
  }

  async function requestToken(): Promise<string> {
    const fetchedAt = now();
    const res = await http.request({
      method: 'POST',
      path: url.pathname,
      body: 'grant_type=client_credentials',
      contentType: 'application/x-www-form-urlencoded',
      // Asking for a token changes nothing on the server, so a failed attempt may be repeated.
      idempotent: true,
    });
    const body = (res.body ?? {}) as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string' || !body.access_token) {
      throw new ApiError({ method: 'POST', path: url.pathname, status: res.status, apiMessage: 'token response has no access_token' });
    }
    registerSecret(body.access_token);
    const lifetimeMs = Number(body.expires_in) * 1000;
    const known = Number.isFinite(lifetimeMs) && lifetimeMs > 0;
    current = {
      value: `Bearer ${body.access_token}`,
      refreshAt: known ? fetchedAt + lifetimeMs * ratio : Infinity,
      expiresAt: known ? fetchedAt + lifetimeMs : Infinity,
    };
    return current.value;
  }

  return {
    async authorization(signal) {
      if (current && now() < current.refreshAt) return current.value;
      inflight ??= fetchToken().finally(() => {
        inflight = undefined;
      });
      try {
        return await withSignal(inflight, signal);
      } catch (err) {
        if (!signal?.aborted && current && now() < current.expiresAt) return current.value;
        throw err;
      }
    },
    invalidate() {
      current = undefined;
    },
  };
}
