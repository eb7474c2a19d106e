// URL rules of the HTTP layer: which base URLs are acceptable (https, or http on loopback only),
// how a request path and query become a URL, and how a path is shown in errors and logs.
import { ConfigError } from '../core/errors.js';
import type { HttpRequest } from './types.js';

/** True for hosts that never leave the machine: localhost, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Parses a base URL (API endpoint or token URL) and refuses what would leak credentials: a plain
 * `http://` URL to a non-loopback host, any scheme other than http(s), or credentials in the URL.
 * Throws ConfigError; the message never repeats the URL's userinfo.
 */
export function parseSafeUrl(raw: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`invalid ${what}: not an absolute URL`);
  }
  // Credentials in a URL end up in logs and proxies; they belong in the environment variables.
  if (url.username || url.password) {
    throw new ConfigError(`invalid ${what}: credentials in the URL are not allowed`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname)) return url;
    throw new ConfigError(
      `refusing plain http:// ${what} ${url.origin}: the bearer token would travel in clear text; use https:// (http:// is allowed only for loopback addresses)`,
    );
  }
  throw new ConfigError(`invalid ${what}: unsupported scheme ${url.protocol}`);
}

/**
 * Encodes query parameters ITCare style: arrays joined with literal commas (each element encoded),
 * undefined values dropped, everything else URL-encoded (so `+0200` in a date survives).
 */
export function buildQuery(query: HttpRequest['query']): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const encoded = Array.isArray(value)
      ? value.map((v) => encodeURIComponent(String(v))).join(',')
      : encodeURIComponent(String(value));
    parts.push(`${encodeURIComponent(key)}=${encoded}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/** The absolute URL of a request: base URL path prefix + request path + query. */
export function buildUrl(base: URL, path: string, query: HttpRequest['query']): string {
  const prefix = base.pathname.replace(/\/+$/, '');
  const rel = path.startsWith('/') ? path : `/${path}`;
  return `${base.origin}${prefix}${rel}${buildQuery(query)}`;
}

/** One request as it goes on the wire: the absolute URL (signed, and shown nowhere), where to connect, the request target, the Host header. */
export interface WireRequest {
  /** The absolute URL: origin (as configured with `verbatim`) + request target. */
  url: string;
  /** Where the connection goes (normalised). */
  origin: string;
  /** The request target of the request line: path and `?query`, byte for byte. */
  target: string;
  /** The Host header to send, when it must be the configured authority rather than the normalised one. */
  host?: string;
}

/**
 * The request line of one request. Default: the normalised origin (`URL.origin`: the host lower-cased,
 * a default port dropped) and ITCare's query style (buildQuery). With `verbatim`, the configured base
 * URL is kept as written (host case, an explicit `:443`) in the URL and the Host header, its trailing
 * slashes removed: an API that signs the URL as configured (SCP) gets exactly that string.
 * `encodeQuery` replaces the query style; it returns the query without `?`.
 */
export function wireRequest(
  base: URL, configured: string, path: string, query: HttpRequest['query'],
  opts: { verbatim?: boolean; encodeQuery?: (query: HttpRequest['query']) => string } = {},
): WireRequest {
  const rel = path.startsWith('/') ? path : `/${path}`;
  const encoded = opts.encodeQuery ? opts.encodeQuery(query) : buildQuery(query).slice(1);
  const search = encoded === '' ? '' : `?${encoded}`;
  if (!opts.verbatim) {
    const url = `${base.origin}${base.pathname.replace(/\/+$/, '')}${rel}${search}`;
    const u = new URL(url);
    return { url, origin: u.origin, target: `${u.pathname}${u.search}` };
  }
  // parseSafeUrl accepted `configured`: scheme://authority[/prefix], no userinfo, no query.
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)/.exec(configured.trim());
  if (!m) return wireRequest(base, configured, path, query, { ...opts, verbatim: false });
  const prefix = m[3]!.replace(/\/+$/, '');
  const target = `${prefix}${rel}${search}`;
  return { url: `${m[1]}${m[2]}${target}`, origin: base.origin, target, host: m[2] };
}

/** The path as shown in errors and logs: never a query string (it may carry values) nor a host. */
export function displayPath(path: string): string {
  const cut = path.search(/[?#]/);
  return cut === -1 ? path : path.slice(0, cut);
}
