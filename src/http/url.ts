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

/** The path as shown in errors and logs: never a query string (it may carry values) nor a host. */
export function displayPath(path: string): string {
  const cut = path.search(/[?#]/);
  return cut === -1 ? path : path.slice(0, cut);
}
