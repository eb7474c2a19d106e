// Secret values (x-sensitive fields, interpolated values, tokens) are wrapped so that no string
// conversion, JSON serialisation or inspection can print them. Only the HTTP layer reveals them.
import { inspect } from 'node:util';
import { dict } from './dict.js';

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
    const out = dict<unknown>();
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

/** Length of the runs of a secret that are scrubbed wherever they appear: any 12 consecutive characters. */
export const SCRUB_RUN = 12;
/** Values up to this length index every window; longer ones (a big `${file:}`) one window in `stride`. */
const FULL_INDEX_CHARS = 16 * 1024;
/** Windows with fewer distinct characters than this carry no secret (`------------`) and are not indexed. */
const MIN_DISTINCT = 4;

/** Base64 of `bytes` placed at each of the 3 byte alignments, keeping only the characters that depend on `bytes` alone. */
function base64Cores(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let k = 0; k < 3; k++) {
    const enc = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
    out.push(enc.slice(Math.ceil((k * 8) / 6), Math.floor(((k + bytes.length) * 8) / 6)));
  }
  return out;
}

/** `\u00e9` escapes of every character outside printable ASCII and of `<>&='` (HTML-safe JSON encoders). */
function jsonUnicodeEscaped(value: string, upper: boolean): string {
  return value.replace(/[^\x20-\x7e]|[<>&='"\\]/g, (c) => {
    if (c === '"' || c === '\\') return `\\${c}`;
    const hex = c.charCodeAt(0).toString(16).padStart(4, '0');
    return `\\u${upper ? hex.toUpperCase() : hex}`;
  });
}

/**
 * The forms in which a secret may come back: as written, JSON-escaped (plain and with `\u` escapes),
 * URL-encoded (component and form encoding, either hex case), hex (either case), base64 and base64url
 * (at the three byte alignments, as inside `Basic base64(id:secret)` or an echoed request body).
 */
export function secretForms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const component = encodeURIComponent(value);
  const b64 = base64Cores(bytes);
  const forms = [
    value,
    JSON.stringify(value).slice(1, -1),
    jsonUnicodeEscaped(value, false),
    jsonUnicodeEscaped(value, true),
    component,
    component.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    new URLSearchParams([['', value]]).toString().slice(1),
    bytes.toString('hex'),
    bytes.toString('hex').toUpperCase(),
    ...b64,
    ...b64.map((f) => f.replace(/\+/g, '-').replace(/\//g, '_')),
  ];
  return [...new Set(forms)];
}

const HASH_BASE = 0x01000193;
/** HASH_BASE ** (SCRUB_RUN - 1), mod 2^32. */
const HASH_TOP = Array.from({ length: SCRUB_RUN - 1 }).reduce<number>((h) => Math.imul(h, HASH_BASE), 1);
const BITMAP_BITS = 20;
/** Packs a window's form index and offset in one number (a form of a 1 MiB value is under 2^24 characters). */
const OFFSETS = 2 ** 24;

function windowHash(s: string, from: number): number {
  let h = 0;
  for (let i = from; i < from + SCRUB_RUN; i++) h = (Math.imul(h, HASH_BASE) + s.charCodeAt(i)) | 0;
  return h;
}

/** True when the window of `s` at `from` has at least `n` distinct characters (no allocation: 12 characters). */
function distinctAtLeast(s: string, from: number, n: number): boolean {
  let distinct = 0;
  for (let i = from; i < from + SCRUB_RUN; i++) {
    const c = s.charCodeAt(i);
    let seen = false;
    for (let j = from; j < i && !seen; j++) seen = s.charCodeAt(j) === c;
    if (!seen && ++distinct >= n) return true;
  }
  return false;
}

/**
 * Removes known secret strings from free text (an API error message that echoes a value, a log line):
 * each registered value in every form of `secretForms`, and any run of SCRUB_RUN or more consecutive
 * characters of any form (a token cut short, a password inside a longer echoed string). Values shorter
 * than SCRUB_RUN are matched whole, as written and JSON-escaped. One pass over the text with a rolling
 * hash of its 12-character windows; a window whose hash is in a bitmap is looked up exactly and the match
 * is extended as far as the text and the form agree. Used as a last line of defence; the first is never
 * to put a secret into text.
 */
export class SecretScrubber {
  readonly #values = new Set<string>();
  /** Values added since the index was last brought up to date (indexing is deferred to the first scrub). */
  #pending: string[] = [];
  readonly #forms: string[] = [];
  /** Window text -> form index * OFFSETS + offset of its first occurrence. */
  readonly #windows = new Map<string, number>();
  /** One bit per window-hash prefix, allocated with the first window (per-request scrubbers mostly never scrub). */
  #bitmap: Uint8Array | undefined;
  /** Values shorter than SCRUB_RUN (as written and JSON-escaped), and forms with unindexed runs: matched whole. */
  readonly #exact = new Set<string>();

  add(value: string | undefined): void {
    if (value && value.length >= 4 && !this.#values.has(value)) {
      this.#values.add(value);
      this.#pending.push(value);
    }
  }

  #index(): void {
    for (const value of this.#pending) {
      if (value.length < SCRUB_RUN) {
        this.#exact.add(value);
        this.#exact.add(JSON.stringify(value).slice(1, -1));
      }
      for (const form of secretForms(value)) {
        if (form.length >= SCRUB_RUN) this.#indexForm(form);
      }
    }
    this.#pending = [];
  }

  #indexForm(form: string): void {
    const f = this.#forms.push(form) - 1;
    // A big value (a 1 MiB `${file:}`) indexes one window in `stride`: runs of SCRUB_RUN + stride - 1
    // characters are still found, and extended to their whole length.
    const stride = Math.max(1, Math.ceil(form.length / FULL_INDEX_CHARS));
    let skipped = false;
    const bitmap = (this.#bitmap ??= new Uint8Array(1 << (BITMAP_BITS - 3)));
    for (let i = 0; i + SCRUB_RUN <= form.length; i += stride) {
      if (!distinctAtLeast(form, i, MIN_DISTINCT)) {
        skipped = true;
        continue;
      }
      const w = form.slice(i, i + SCRUB_RUN);
      if (this.#windows.has(w)) continue;
      this.#windows.set(w, f * OFFSETS + i);
      const h = windowHash(form, i) >>> (32 - BITMAP_BITS);
      bitmap[h >>> 3]! |= 1 << (h & 7);
    }
    // A form with runs too plain to index is still matched whole.
    if (skipped) this.#exact.add(form);
  }

  scrub(text: string): string {
    if (this.#values.size === 0 || text.length < 4) return text;
    if (this.#pending.length > 0) this.#index();
    const spans: Array<[number, number]> = [];
    if (this.#bitmap && text.length >= SCRUB_RUN) this.#findRuns(text, this.#bitmap, spans);
    for (const v of this.#exact) {
      for (let i = text.indexOf(v); i >= 0; i = text.indexOf(v, i + 1)) spans.push([i, i + v.length]);
    }
    return spans.length === 0 ? text : redactSpans(text, spans);
  }

  /** Every run of a form of length SCRUB_RUN or more in `text`, as [start, end) spans. */
  #findRuns(text: string, bitmap: Uint8Array, spans: Array<[number, number]>): void {
    let i = 0;
    let h = windowHash(text, 0);
    const last = text.length - SCRUB_RUN;
    while (i <= last) {
      const b = h >>> (32 - BITMAP_BITS);
      if ((bitmap[b >>> 3]! & (1 << (b & 7))) !== 0) {
        const hit = this.#windows.get(text.slice(i, i + SCRUB_RUN));
        if (hit !== undefined) {
          const form = this.#forms[Math.floor(hit / OFFSETS)]!;
          const offset = hit % OFFSETS;
          let [start, end] = [i, i + SCRUB_RUN];
          for (let o = offset - 1; start > 0 && o >= 0 && text.charCodeAt(start - 1) === form.charCodeAt(o); o--) start--;
          for (let o = offset + SCRUB_RUN; end < text.length && o < form.length && text.charCodeAt(end) === form.charCodeAt(o); o++) end++;
          spans.push([start, end]);
          // Windows inside the span are covered; a run of another form that goes on past it is found
          // by the windows that end at or after its end.
          const next = Math.max(i + 1, end - SCRUB_RUN + 1);
          if (next > last) break;
          i = next;
          h = windowHash(text, i);
          continue;
        }
      }
      if (i === last) break;
      h = (Math.imul(h - Math.imul(text.charCodeAt(i), HASH_TOP), HASH_BASE) + text.charCodeAt(i + SCRUB_RUN)) | 0;
      i++;
    }
  }
}

/** `text` with each span (merged where they overlap or touch) replaced by `(sensitive)`. */
function redactSpans(text: string, spans: Array<[number, number]>): string {
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  let [s, e] = spans[0]!;
  for (const [a, b] of spans.slice(1)) {
    if (a <= e) e = Math.max(e, b);
    else {
      out += text.slice(at, s) + REDACTED;
      at = e;
      [s, e] = [a, b];
    }
  }
  return out + text.slice(at, s) + REDACTED + text.slice(e);
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
  if (typeof value === 'string') registry.add(value);
  else if (typeof value === 'number' && Number.isFinite(value)) registry.add(String(value));
  else if (Array.isArray(value)) for (const v of value) registerSecret(v);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) registerSecret(v);
}

/** `text` with every registered secret replaced by `(sensitive)`. */
export function scrubText(text: string): string {
  return registry.scrub(text);
}
