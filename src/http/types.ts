import type { Limiter } from './limiter.js';
// The contract of the one HTTP layer. Everything that talks to an API goes through HttpClient.

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  /** Path (with leading slash) relative to the client's base URL, without query string. */
  path: string;
  /** Query parameters; arrays are joined with commas (ITCare style); undefined values are dropped. */
  query?: Record<string, string | number | boolean | readonly (string | number)[] | undefined>;
  /**
   * JSON body. Secrets inside are revealed only when serialising the request. A string body with a
   * non-JSON `contentType` (e.g. a form) is sent as is.
   */
  body?: unknown;
  /** Defaults to `application/json` when a body is present. */
  contentType?: string;
  /**
   * Whether the call may be retried after a 429/5xx/connection reset. Defaults to true for
   * GET/HEAD/PUT/DELETE and false for POST/PATCH (never retried blindly).
   */
  idempotent?: boolean;
  /** Extra headers of this request (never credentials; they cannot replace Accept or Authorization). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON body, the text when not JSON, or undefined when empty. */
  body: unknown;
}

/** Supplies the Authorization header value; `invalidate` is called after a 401 so the next call refreshes. */
export interface TokenSource {
  authorization(signal?: AbortSignal): Promise<string | undefined>;
  invalidate(): void;
}

export interface RetryOptions {
  /** Retries after the first attempt. Default 4. */
  maxRetries: number;
  /** First backoff delay in ms. Default 250. */
  minDelayMs: number;
  /** Cap of one backoff delay (also the cap of Retry-After). Default 10_000. */
  maxDelayMs: number;
}

export interface HttpClientOptions {
  baseUrl: string;
  auth?: TokenSource;
  /** Per-request timeout (headers and body). Default 30_000 ms. */
  timeoutMs?: number;
  /** Largest response body read, in bytes (default 64 MiB); a larger answer fails the call. */
  maxBodyBytes?: number;
  retry?: Partial<RetryOptions>;
  /** An undici Dispatcher (tests pass a MockAgent). */
  dispatcher?: unknown;
  /** Called after every attempt (for -v logging and request counting). Never receives credentials. */
  onAttempt?: (info: { method: string; path: string; status?: number; attempt: number; ms: number; error?: string }) => void;
  /** Extra headers for every request (never credentials). */
  headers?: Record<string, string>;
  /** The run's request budget: most requests in flight at once (AIMD below it on 429). Default 32. */
  maxInFlight?: number;
  /**
   * Signs each attempt (e.g. SCP's HMAC headers): called with the method and the absolute URL as sent;
   * its headers are added last. The values it lists in `secrets` are scrubbed from errors.
   */
  signer?: RequestSigner;
  /**
   * How a request's `query` becomes the query string (returned without `?`). Default: ITCare's style
   * (url.ts `buildQuery`: insertion order, arrays joined with commas).
   */
  encodeQuery?: (query: HttpRequest['query']) => string;
  /**
   * Send and sign the base URL as configured (host case, an explicit default port, the Host header as
   * written) instead of its normalised origin. For APIs that sign the endpoint string (SCP).
   */
  verbatimEndpoint?: boolean;
}

/** Headers computed per attempt from the request line (signed-request APIs). */
export interface RequestSigner {
  sign(method: string, url: string): { headers: Record<string, string>; secrets: string[] };
}

export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
  /**
   * Iterates over every item of a paged list (`content` / `last` / `totalPages`, 0-based `page`),
   * or over the array when the endpoint is not paged.
   */
  paginate<T = unknown>(req: Omit<HttpRequest, 'method'> & { pageSize?: number }): AsyncIterable<T>;
  /** Number of HTTP attempts made so far (retries included). */
  readonly requestCount: number;
  /** The request budget every attempt goes through (stats: limit, peak in flight, 429s). */
  readonly limiter?: Limiter;
  /** Attempts so far per `METHOD /path` with numeric segments as `{id}`. */
  requestsByEndpoint?(): Map<string, number>;
  close(): Promise<void>;
}
