// ${env:NAME} and ${file:relative/path} inside string values. A string that contained an
// interpolation becomes a Secret (unless its field may be printed); `$${` escapes a literal `${`.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { error, warning, type Diagnostic } from '../core/diagnostics.js';
import { escapeSegment } from '../core/json-pointer.js';
import { Secret } from '../core/secret.js';
import type { SourceMap } from './types.js';

export interface InterpolateOptions {
  /** Environment to read `${env:…}` from (passed in; never process.env implicitly). */
  env: Record<string, string | undefined>;
  /** Directory that `${file:…}` paths are relative to: the manifest file's directory. */
  baseDir: string;
  sourceMap: SourceMap;
  /** True for document pointers whose interpolated value stays a plain string (`x-sensitive: false`). */
  plain?: (pointer: string) => boolean;
  /**
   * `warning` (validate only): an unset `${env:NAME}` is a warning, not an error, so that a lint job
   * without secrets can check schemas, references and interpolation syntax.
   */
  missingEnv?: 'error' | 'warning';
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
  problems: string[];
}

const TOKEN = /\$\$\{|\$\{([^}]*)\}|\$\{/g;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// A secret file is small; a bigger one is almost certainly a wrong path.
const MAX_FILE_BYTES = 1024 * 1024;

function readSecretFile(rel: string, baseDir: string): { content: string } | { problem: string } {
  const abs = path.resolve(baseDir, rel);
  const info = statSync(abs, { throwIfNoEntry: false });
  if (!info || !info.isFile()) return { problem: `file not found: ${rel}` };
  if (info.size > MAX_FILE_BYTES) return { problem: `file too large (over 1 MiB): ${rel}` };
  try {
    // Trailing newlines are trimmed, as a shell's $(cat file) would.
    return { content: readFileSync(abs, 'utf8').replace(/(\r?\n)+$/, '') };
  } catch (err) {
    return { problem: `cannot read file ${rel}: ${(err as NodeJS.ErrnoException).code ?? 'read error'}` };
  }
}

function expandOne(body: string, env: InterpolateOptions['env'], baseDir: string, problems: string[]): string {
  const colon = body.indexOf(':');
  const scheme = colon < 0 ? body : body.slice(0, colon);
  const arg = colon < 0 ? '' : body.slice(colon + 1);
  if (scheme === 'env') {
    if (!ENV_NAME.test(arg)) problems.push(`invalid environment variable name in "\${${body}}"`);
    else if (env[arg] === undefined) problems.push(`environment variable ${arg} is not set`);
    else return env[arg] as string;
  } else if (scheme === 'file') {
    if (arg === '') problems.push('empty file path in "${file:}"');
    else {
      const read = readSecretFile(arg, baseDir);
      if ('content' in read) return read.content;
      problems.push(read.problem);
    }
  } else {
    problems.push(`unknown interpolation "\${${body}}": expected \${env:NAME} or \${file:path}`);
  }
  return '';
}

/** Expands every `${…}` of one string (several allowed) and unescapes `$${`. */
export function expandString(input: string, env: InterpolateOptions['env'], baseDir: string): Expansion {
  const problems: string[] = [];
  let interpolated = false;
  const text = input.replace(TOKEN, (match: string, body: string | undefined) => {
    if (match === '$${') return '${';
    if (body === undefined) {
      problems.push('unterminated interpolation: missing "}" after "${"');
      return match;
    }
    interpolated = true;
    return expandOne(body, env, baseDir, problems);
  });
  return { text, interpolated, problems };
}

function visit(value: unknown, pointer: string, opts: InterpolateOptions, diags: Diagnostic[]): unknown {
  if (typeof value === 'string') {
    if (!value.includes('${')) return value;
    const { text, interpolated, problems } = expandString(value, opts.env, opts.baseDir);
    for (const p of problems) {
      const lenient = opts.missingEnv === 'warning' && /^environment variable \S+ is not set$/.test(p);
      diags.push((lenient ? warning : error)('interpolation', lenient ? `${p} (an error for plan and apply)` : p, { path: pointer, range: opts.sourceMap.rangeOf(pointer) }));
    }
    if (!interpolated || opts.plain?.(pointer)) return text;
    return new Secret(text);
  }
  if (Array.isArray(value)) return value.map((v, i) => visit(v, `${pointer}/${i}`, opts, diags));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = visit(v, `${pointer}/${escapeSegment(k)}`, opts, diags);
    return out;
  }
  return value;
}

/**
 * Interpolates every string value of a document (keys are left as written). Missing variables and
 * files, unknown schemes and unterminated `${` are diagnostics at the string's range.
 */
export function interpolate(value: unknown, opts: InterpolateOptions): InterpolateResult {
  const diagnostics: Diagnostic[] = [];
  return { value: visit(value, '', opts, diagnostics), diagnostics };
}
