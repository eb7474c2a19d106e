// Secret values (x-sensitive fields, interpolated values, tokens) are wrapped so that no string
// conversion, JSON serialisation or inspection can print them. Only the HTTP layer reveals them.
import { inspect } from 'node:util';
import { tooWeakToProtect } from './weak-secret.js';

export const REDACTED = '(sensitive)';

/** A value that must never reach output. `toString`, `toJSON` and `util.inspect` all print `(sensitive)`. */
export class Secret {
  readonly #value: unknown;
  constructor(value: unknown) {
    this.#value = value;
    registerSecret(value);
  }
  /** The wrapped value. Call only where the value leaves the process to its owner (the API). */
  reveal(): unknown {
    return this.#value;
  }
  toString(): string {
    return REDACTED;
  }
  toJSON(): string {
    return REDACTED;
  }
  [inspect.custom](): string {
    return REDACTED;
  }
}

export function isSecret(v: unknown): v is Secret {
  return v instanceof Secret;
}

/** Deep copy of plain data in which every Secret is replaced by `leaf(secret)`. */
function mapSecrets(v: unknown, leaf: (s: Secret) => unknown): unknown {
  if (v instanceof Secret) return leaf(v);
  if (Array.isArray(v)) return v.map((x) => mapSecrets(x, leaf));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = mapSecrets(x, leaf);
    return out;
  }
  return v;
}

/** Deep copy with every Secret replaced by its value: used only to build a request body or to validate. */
export function revealDeep(v: unknown): unknown {
  return mapSecrets(v, (s) => revealDeep(s.reveal()));
}

/** Deep copy with every Secret replaced by `(sensitive)`: safe to print or save. */
export function redactDeep(v: unknown): unknown {
  return mapSecrets(v, () => REDACTED);
}

/** True when a Secret is anywhere inside `v`. */
export function containsSecret(v: unknown): boolean {
  if (v instanceof Secret) return true;
  if (Array.isArray(v)) return v.some(containsSecret);
  if (v && typeof v === 'object') return Object.values(v).some(containsSecret);
  return false;
}

/**
 * Removes known secret strings from free text (an API error message that echoes a value, a log line).
 * Used as a last line of defence; the first is never to put a secret into text.
 */
export class SecretScrubber {
  readonly #values = new Set<string>();
  /** The values longest first (a secret containing another is removed whole); rebuilt only after an add. */
  #ordered: string[] | undefined;
  add(value: string | undefined): void {
    // A value too weak to protect (short, or one of caretaker's own words) is never scrubbed: that would
    // rewrite the word in every message. Interpolation refuses such values (weak-secret.ts).
    if (value && !this.#values.has(value) && tooWeakToProtect(value) === undefined) {
      this.#values.add(value);
      this.#ordered = undefined;
    }
  }
  scrub(text: string): string {
    if (this.#values.size === 0 || text.length < 4) return text;
    this.#ordered ??= [...this.#values].sort((a, b) => b.length - a.length);
    let out = text;
    for (const v of this.#ordered) if (out.includes(v)) out = out.split(v).join(REDACTED);
    return out;
  }
}

/**
 * The process-wide registry of secret strings: every Secret's value (interpolated values, sensitive
 * fields), the bearer token, the OAuth2 client secret and each access token. Every string that leaves
 * the process (terminal output, saved plans, error messages) goes through `scrubText` first, before it
 * is shortened or formatted, so that a secret an API echoes back never prints, even in part.
 */
const registry = new SecretScrubber();

/** Registers every string (or number) inside `value` as a secret to scrub from output. */
export function registerSecret(value: unknown): void {
  if (value instanceof Secret) return registerSecret(value.reveal());
  if (typeof value === 'string') {
    registry.add(value);
    // The same value as it appears inside JSON text (quotes, backslashes, control characters escaped).
    const escaped = JSON.stringify(value).slice(1, -1);
    if (escaped !== value) registry.add(escaped);
  }
  else if (typeof value === 'number' && Number.isFinite(value)) registry.add(String(value));
  else if (Array.isArray(value)) for (const v of value) registerSecret(v);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) registerSecret(v);
}

/** `text` with every registered secret replaced by `(sensitive)`. */
export function scrubText(text: string): string {
  return registry.scrub(text);
}
