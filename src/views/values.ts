// How one value or one field path is shown to a human, shared by every text and Markdown view:
// secrets as `(sensitive)`, `${ref:…}` placeholders as "known after apply", JSON-pointer paths dotted.
import { fromPointer } from '../core/json-pointer.js';
import { isSpecObject } from '../core/objects.js';
import { REDACTED, isSecret } from '../core/secret.js';

const WHOLE_REF = /^\$\{ref:([^}]+)\}$/;
const ANY_REF = /\$\{ref:([^}]+)\}/g;
const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `self` in `${ref:self}` means the change's own resource; anything else is already an address. */
function target(ref: string, self: string | undefined): string {
  return ref === 'self' && self ? self : ref;
}

/** A path with its `${ref:X}` placeholders shown as `{id of X}` (paths stay one short token). */
export function formatRefPath(path: string, self?: string): string {
  return path.replace(ANY_REF, (_m, ref: string) => `{id of ${target(ref, self)}}`);
}

/** True for `{ ref: "Kind/name" }`, the manifest form of a reference. */
export function isRefObject(v: unknown): v is { ref: string } {
  return isSpecObject(v) && Object.keys(v).length === 1 && typeof v.ref === 'string';
}

/**
 * One value on one line: strings quoted, secrets `(sensitive)`, references
 * `(known after apply: id of Kind/name)`, lists `[a, b]`, objects `{ k: v }`.
 */
export function formatValue(v: unknown, self?: string): string {
  if (v === undefined) return '(absent)';
  if (isSecret(v) || v === REDACTED) return REDACTED;
  if (typeof v === 'string') {
    const whole = WHOLE_REF.exec(v);
    if (whole) return `(known after apply: id of ${target(whole[1]!, self)})`;
    return JSON.stringify(formatRefPath(v, self));
  }
  if (isRefObject(v)) return `(known after apply: id of ${target(v.ref, self)})`;
  if (Array.isArray(v)) return `[${v.map((x) => formatValue(x, self)).join(', ')}]`;
  if (isSpecObject(v)) {
    const parts = Object.entries(v).map(([k, x]) => `${formatKey(k)}: ${formatValue(x, self)}`);
    return parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`;
  }
  return JSON.stringify(v) ?? String(v);
}

function formatKey(k: string): string {
  return IDENT.test(k) ? k : JSON.stringify(k);
}

/** Display form of path segments: `tags.team`, `urls[0].path`, `tags["app.kubernetes.io/name"]`. */
export function formatSegments(segments: readonly string[]): string {
  let out = '';
  for (const seg of segments) {
    if (/^(0|[1-9][0-9]*)$/.test(seg) && out !== '') out += `[${seg}]`;
    else if (IDENT.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out === '' ? '(whole spec)' : out;
}

/** Display form of a JSON pointer relative to `spec`: `/tags/team` → `tags.team`. */
export function formatPath(pointer: string): string {
  return formatSegments(fromPointer(pointer));
}
