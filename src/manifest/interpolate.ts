// ${env:NAME} and ${file:relative/path} inside string values. A string that contained an
// interpolation becomes a Secret (unless its field may be printed); `$${` escapes a literal `${`.
import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { error, warning, type Diagnostic } from '../core/diagnostics.js';
import { dict, own } from '../core/dict.js';
import { escapeSegment } from '../core/json-pointer.js';
import { Secret } from '../core/secret.js';
import type { SourceMap } from './types.js';

export interface InterpolateOptions {
  /** Environment to read `${env:…}` from (passed in; never process.env implicitly). */
  env: Record<string, string | undefined>;
  /** Directory that `${file:…}` paths are relative to: the manifest file's directory. */
  baseDir: string;
  /**
   * Root of the manifest set (real path): `${file:…}` resolves only to regular files inside it.
   * Defaults to `baseDir`.
   */
  root?: string;
  sourceMap: SourceMap;
  /** True for document pointers whose interpolated value stays a plain string (`x-sensitive: false`). */
  plain?: (pointer: string) => boolean;
  /**
   * `warning` (validate only): an unset `${env:NAME}` is a warning, not an error, so that a lint job
   * without secrets can check schemas, references and interpolation syntax.
   */
  missingEnv?: 'error' | 'warning';
  /**
   * True for document pointers where a secret may go: fields the API never returns (`x-sensitive`).
   * When given, an interpolated value anywhere else (a tag, a description: fields anyone can read back
   * through the API) is an error unless it is marked `${public:env:NAME}` / `${public:file:path}`.
   */
  secretAllowed?: (pointer: string) => boolean;
  /**
   * The scalar type the schema wants at a document pointer (`integer`, `number`, `boolean`), when it
   * wants no string there: an interpolated string is then converted (`"46922"` -> 46922), and a value
   * that is not of that type is an error naming the variable, never its value.
   */
  typeAt?: (pointer: string) => 'integer' | 'number' | 'boolean' | undefined;
}

export interface InterpolateResult {
  /** A copy of the input where every interpolated string is a Secret or (when `plain`) a string. */
  value: unknown;
  diagnostics: Diagnostic[];
}

/** Result of expanding one string. `problems` name the variable or file, never a value. */
export interface Expansion {
  text: string;
  interpolated: boolean;
  /** Every interpolation of the string was marked `public:` (its value may be printed and stored). */
  public: boolean;
  problems: string[];
}

const TOKEN = /\$\$\{|\$\{([^}]*)\}|\$\{/g;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// A secret file is small; a bigger one is almost certainly a wrong path.
const MAX_FILE_BYTES = 1024 * 1024;

/**
 * Reads a `${file:…}` value, confined to the manifest set's root: absolute paths, `..` escapes,
 * symlinks that lead out of the root and anything but a regular file are refused.
 */
function readSecretFile(rel: string, baseDir: string, root: string): { content: string } | { problem: string } {
  if (path.isAbsolute(rel) || /^[A-Za-z]:[\\/]/.test(rel)) {
    return { problem: `absolute path not allowed in \${file:${rel}}: paths are relative to the manifest file, inside the manifest root` };
  }
  let realBase = baseDir;
  try {
    realBase = realpathSync(baseDir);
  } catch {
    // a missing base directory leaves the lexical check below to refuse or the read to fail
  }
  const abs = path.resolve(realBase, rel);
  const lexical = path.relative(root, abs);
  if (lexical.startsWith('..') || path.isAbsolute(lexical)) {
    return { problem: `\${file:${rel}} points outside the manifest root ${root}` };
  }
  const link = lstatSync(abs, { throwIfNoEntry: false });
  if (!link) return { problem: `file not found: ${rel}` };
  let real: string;
  try {
    real = realpathSync(abs);
  } catch {
    return { problem: `file not found: ${rel}` };
  }
  const inside = path.relative(root, real);
  if (inside.startsWith('..') || path.isAbsolute(inside)) {
    return { problem: `\${file:${rel}} is a symbolic link to a file outside the manifest root ${root}` };
  }
  const info = statSync(real, { throwIfNoEntry: false });
  if (!info) return { problem: `file not found: ${rel}` };
  if (!info.isFile()) return { problem: `\${file:${rel}} is not a regular file` };
  if (info.size > MAX_FILE_BYTES) return { problem: `file too large (over 1 MiB): ${rel}` };
  let bytes: Buffer;
  try {
    bytes = readFileSync(real);
  } catch (err) {
    return { problem: `cannot read file ${rel}: ${(err as NodeJS.ErrnoException).code ?? 'read error'}` };
  }
  return fileText(bytes, rel);
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
// Control characters (C0, DEL, C1) and the byte order mark: never part of a password or a token.
const NOT_TEXT = /[\p{Cc}\uFEFF]/u;

/**
 * The value of a `${file:…}`: UTF-8 text whose trailing newlines are trimmed, as a shell's $(cat file)
 * would. Invalid UTF-8 (a binary file) or a control character anywhere else is a problem naming the
 * file and the position, never the content.
 */
export function fileText(bytes: Uint8Array, rel: string): { content: string } | { problem: string } {
  let text: string;
  try {
    text = STRICT_UTF8.decode(bytes);
  } catch {
    return { problem: `\${file:${rel}} is not text: it is not valid UTF-8 (a binary file?)` };
  }
  const content = text.replace(/(\r?\n)+$/, '');
  const bad = NOT_TEXT.exec(content);
  if (bad) {
    const what = bad[0] === '\uFEFF' ? 'a byte order mark (U+FEFF)' : `a control character (U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`;
    return { problem: `\${file:${rel}} is not text: ${what} at character ${[...content.slice(0, bad.index)].length + 1}; only a final newline is allowed` };
  }
  return { content };
}

function expandOne(body: string, env: InterpolateOptions['env'], baseDir: string, root: string, problems: string[]): string {
  const colon = body.indexOf(':');
  const scheme = colon < 0 ? body : body.slice(0, colon);
  const arg = colon < 0 ? '' : body.slice(colon + 1);
  if (scheme === 'env') {
    if (!ENV_NAME.test(arg)) problems.push(`invalid environment variable name in "\${${body}}"`);
    else {
      // Own variables only: `${env:constructor}` names no variable, not an inherited member.
      const value = own(env, arg);
      if (value === undefined) problems.push(`environment variable ${arg} is not set`);
      else return value;
    }
  } else if (scheme === 'file') {
    if (arg === '') problems.push('empty file path in "${file:}"');
    else {
      const read = readSecretFile(arg, baseDir, root);
      if ('content' in read) return read.content;
      problems.push(read.problem);
    }
  } else {
    problems.push(`unknown interpolation "\${${body}}": expected \${env:NAME} or \${file:path}`);
  }
  return '';
}

/** Expands every `${…}` of one string (several allowed) and unescapes `$${`. */
export function expandString(input: string, env: InterpolateOptions['env'], baseDir: string, root: string = baseDir): Expansion {
  const problems: string[] = [];
  let interpolated = false;
  let allPublic = true;
  const text = input.replace(TOKEN, (match: string, body: string | undefined) => {
    if (match === '$${') return '${';
    if (body === undefined) {
      problems.push('unterminated interpolation: missing "}" after "${"');
      return match;
    }
    interpolated = true;
    if (body.startsWith('public:')) return expandOne(body.slice('public:'.length), env, baseDir, root, problems);
    allPublic = false;
    return expandOne(body, env, baseDir, root, problems);
  });
  return { text, interpolated, public: interpolated && allPublic, problems };
}

/** What a string reads, for messages (never the values): `environment variable SERVICE_ID`, `file ids/service.txt`. */
function sourcesOf(input: string): string[] {
  return [...input.matchAll(/\$\{(?:public:)?(env|file):([^}]*)\}/g)].map((m) => (m[1] === 'env' ? `environment variable ${m[2]}` : `file ${m[2]}`));
}

const SCALARS: Record<'integer' | 'number' | 'boolean', { re: RegExp; convert: (s: string) => number | boolean; article: string }> = {
  integer: { re: /^-?\d+$/, convert: Number, article: 'an integer' },
  number: { re: /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/, convert: Number, article: 'a number' },
  boolean: { re: /^(true|false)$/, convert: (s) => s === 'true', article: 'a boolean (true or false)' },
};

/**
 * Typed interpolation: the expanded text of a field whose schema wants a number or a boolean, converted;
 * or a problem naming what was read (never the value). Such a value is not a secret: it must be
 * `${public:…}` unless the field is printable anyway.
 */
function typedValue(
  input: string, e: Expansion, type: 'integer' | 'number' | 'boolean', pointer: string, plain: boolean,
): { value: number | boolean } | { problem: string } {
  const want = SCALARS[type];
  const sources = sourcesOf(input);
  const what = sources.length > 0 ? sources.join(' and ') : 'the interpolated value';
  if (!want.re.test(e.text) || (type !== 'boolean' && !Number.isSafeInteger(Math.trunc(Number(e.text))))) {
    return { problem: `${fieldName(pointer)} wants ${want.article}, and the value of ${what} is not one` };
  }
  if (!e.public && !plain) {
    return { problem: `${fieldName(pointer)} is not a secret: mark ${what} as public (\${public:env:NAME}) to fill it with ${want.article}` };
  }
  return { value: want.convert(e.text) };
}

function visit(value: unknown, pointer: string, opts: InterpolateOptions, diags: Diagnostic[]): unknown {
  if (typeof value === 'string') {
    if (!value.includes('${')) return value;
    const expansion = expandString(value, opts.env, opts.baseDir, opts.root ?? opts.baseDir);
    const { text, interpolated, problems } = expansion;
    for (const p of problems) {
      const lenient = opts.missingEnv === 'warning' && /^environment variable \S+ is not set$/.test(p);
      diags.push((lenient ? warning : error)('interpolation', lenient ? `${p} (an error for plan and apply)` : p, { path: pointer, range: opts.sourceMap.rangeOf(pointer) }));
    }
    const typed = interpolated && problems.length === 0 ? opts.typeAt?.(pointer) : undefined;
    if (typed) {
      const r = typedValue(value, expansion, typed, pointer, opts.plain?.(pointer) === true);
      if ('value' in r) return r.value;
      diags.push(error('interpolation', r.problem, { path: pointer, range: opts.sourceMap.rangeOf(pointer) }));
      return text;
    }
    if (!interpolated || expansion.public || opts.plain?.(pointer)) return text;
    if (problems.length === 0 && opts.secretAllowed && !opts.secretAllowed(pointer)) {
      diags.push(error('interpolation', `an interpolated value would be stored in ${fieldName(pointer)}, which anyone can read back through the API; ` +
        'interpolate secrets only into sensitive fields (e.g. admPassword), or mark a value that is not a secret as ${public:env:NAME}', {
        path: pointer, range: opts.sourceMap.rangeOf(pointer),
      }));
      return text;
    }
    return new Secret(text);
  }
  if (Array.isArray(value)) return value.map((v, i) => visit(v, `${pointer}/${i}`, opts, diags));
  if (value && typeof value === 'object') {
    // A null-prototype copy: whatever its keys, the document's maps hold data only.
    const out = dict<unknown>();
    for (const [k, v] of Object.entries(value)) out[k] = visit(v, `${pointer}/${escapeSegment(k)}`, opts, diags);
    return out;
  }
  return value;
}

function fieldName(pointer: string): string {
  return pointer.replace(/^\/spec\//, '').split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
}

/**
 * Interpolates every string value of a document (keys are left as written). Missing variables and
 * files, unknown schemes and unterminated `${` are diagnostics at the string's range.
 */
export function interpolate(value: unknown, opts: InterpolateOptions): InterpolateResult {
  const diagnostics: Diagnostic[] = [];
  return { value: visit(value, '', opts, diagnostics), diagnostics };
}
