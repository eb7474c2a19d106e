// Request and response bodies: JSON serialisation (the only place Secrets are revealed), response
// decoding by content type, header flattening, and collecting secret strings for error scrubbing.
import { dict } from '../core/dict.js';
import { isSecret, revealDeep, type SecretScrubber } from '../core/secret.js';
import type { HttpRequest } from './types.js';

/** What goes on the wire for a request body. */
export interface EncodedBody {
  payload?: string;
  contentType?: string;
}

/**
 * Serialises a request body. JSON by default (Secrets revealed here and only here); a string body
 * with a non-JSON content type (e.g. a form for the token endpoint) is sent as is.
 */
export function encodeBody(req: Pick<HttpRequest, 'body' | 'contentType'>): EncodedBody {
  if (req.body === undefined) return {};
  const contentType = req.contentType ?? 'application/json';
  if (typeof req.body === 'string' && !/json/i.test(contentType)) return { payload: req.body, contentType };
  return { payload: JSON.stringify(revealDeep(req.body)), contentType };
}

/** Adds every string inside every Secret of `value` to the scrubber (an API may echo them back). */
export function collectSecrets(value: unknown, scrubber: SecretScrubber, inSecret = false): void {
  if (isSecret(value)) return collectSecrets(value.reveal(), scrubber, true);
  if (inSecret && (typeof value === 'string' || typeof value === 'number')) return scrubber.add(String(value));
  if (Array.isArray(value)) for (const v of value) collectSecrets(v, scrubber, inSecret);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) collectSecrets(v, scrubber, inSecret);
}

/**
 * Adds an Authorization value to the scrubber: the whole value, the token after the scheme, and for
 * Basic also the decoded `id:secret` and the secret alone.
 */
export function scrubAuthorization(value: string | undefined, scrubber: SecretScrubber): void {
  if (!value) return;
  scrubber.add(value);
  const [scheme, token] = value.split(/\s+/, 2);
  scrubber.add(token);
  if (scheme?.toLowerCase() === 'basic' && token) {
    const decoded = Buffer.from(token, 'base64').toString('utf8');
    scrubber.add(decoded);
    scrubber.add(decoded.slice(decoded.indexOf(':') + 1));
  }
}

/** Lower-cased header names; repeated headers joined with ", ". */
export function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  // Header names come from the server: a null-prototype map keeps `__proto__` or `constructor` as data.
  const out = dict<string>();
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/**
 * Decodes a response body: JSON when the content type mentions json (ITCare answers
 * `application/vnd.cegedim-it.v1+json`), else text; empty means undefined. Invalid JSON is kept as
 * text so the error mapper can still read it.
 */
export function decodeBody(text: string, contentType: string | undefined): unknown {
  if (text.trim() === '') return undefined;
  if (contentType && /json/i.test(contentType)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** Largest response body read (64 MiB): a bigger answer is an error, never buffered whole. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;
