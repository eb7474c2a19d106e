// URL encoding as the official SCP Go SDK produces it (client.go `prepareRequest`, the API files'
// `url.PathEscape` of path parameters), written from Go's documented net/url rules: query strings in
// `url.Values.Encode()` form, path segments as `url.PathEscape`. Request and signature use the same string.
import { own } from '../../../core/dict.js';

const HEX = '0123456789ABCDEF';

/** RFC 3986 unreserved: never escaped by Go (letters, digits, `-` `_` `.` `~`). */
function unreserved(b: number): boolean {
  return (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) || b === 0x2d || b === 0x5f || b === 0x2e || b === 0x7e;
}

/** Reserved bytes `url.PathEscape` keeps in a path segment: `$ & + : = @`. */
const PATH_SEGMENT_KEPT = new Set([0x24, 0x26, 0x2b, 0x3a, 0x3d, 0x40]);

function escapeBytes(s: string, keep: (b: number) => boolean, spaceAsPlus: boolean): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    if (keep(b)) out += String.fromCharCode(b);
    else if (b === 0x20 && spaceAsPlus) out += '+';
    else out += `%${HEX[b >> 4]}${HEX[b & 15]}`;
  }
  return out;
}

/** Go's `url.QueryEscape`: UTF-8 bytes, unreserved kept, a space as `+`, everything else `%XX` (upper case). */
export function goQueryEscape(s: string): string {
  return escapeBytes(s, unreserved, true);
}

/** Go's `url.PathEscape`: unreserved and `$&+:=@` kept; `/`, `;`, `,`, `?`, a space (`%20`) and the rest escaped. */
export function goPathEscape(s: string): string {
  return escapeBytes(s, (b) => unreserved(b) || PATH_SEGMENT_KEPT.has(b), false);
}

export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined;

/**
 * The raw query the SDK sends and signs (without `?`): Go's `url.Values.Encode()` (keys sorted by
 * byte order, each key's values in the order given, `key=value` joined by `&`, both QueryEscape'd),
 * then, as the SDK's `prepareRequest` does, `%5B`/`%5D` turned back into `[`/`]` inside keys.
 * An array is several values of one key; undefined values are dropped.
 */
export function goValuesEncode(query: Readonly<Record<string, QueryValue>> | undefined): string {
  if (!query) return '';
  const keys = Object.keys(query).filter((k) => own(query, k) !== undefined);
  // Go sorts strings by bytes: compare the UTF-8 encodings, not UTF-16 code units.
  keys.sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
  const parts: string[] = [];
  for (const k of keys) {
    const v = own(query, k)!;
    const values = Array.isArray(v) ? v : [v as string | number | boolean];
    const key = goQueryEscape(k).replaceAll('%5B', '[').replaceAll('%5D', ']');
    for (const one of values) parts.push(`${key}=${goQueryEscape(String(one))}`);
  }
  return parts.join('&');
}

/**
 * A path from a template with `{name}` parameters, each replaced by its value through `url.PathEscape`
 * (the SDK's `strings.Replace(localVarPath, "{cluster_id}", url.PathEscape(…))`).
 */
export function scpPath(template: string, params: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{([a-z_]+)\}/g, (m, name: string) => {
    const v = own(params, name);
    return v === undefined ? m : goPathEscape(String(v));
  });
}
