// Reads manifest files: expands paths (recursive, sorted *.yaml|*.yml), parses multi-document YAML
// with positions, and reports every syntax error of every file as a diagnostic. No validation here.
import { createHash } from 'node:crypto';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { isAlias, isMap, isPair, isSeq, LineCounter, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import { error, warning, type Diagnostic } from '../core/diagnostics.js';
import { dict, FORBIDDEN_KEYS } from '../core/dict.js';
import { buildSourceMap } from './source-map.js';
import type { ManifestDocument } from './types.js';

export interface LoadOptions {
  /** Directory that relative paths are resolved against and that printed file names are relative to. */
  cwd: string;
}

export interface LoadedFile {
  /** Printed name (relative to cwd when inside it). */
  name: string;
  /** Real path of the file (symlinks resolved). */
  real: string;
  /**
   * Root of the manifest set this file was found under: the directory argument, or the directory of
   * the file argument (real path). `${file:…}` reads are confined to it.
   */
  root: string;
}

export interface LoadResult {
  /** Every non-empty, syntactically valid document, in file order then document order. */
  documents: ManifestDocument[];
  /** Every file read (printed names), sorted. */
  files: string[];
  /** Every file read, with its real path and root, in `files` order. */
  fileInfo: LoadedFile[];
  /** sha256 (hex) of the bytes of each file read, by printed name. */
  digests: Record<string, string>;
  diagnostics: Diagnostic[];
}

const MANIFEST_EXT = /\.ya?ml$/i;
// Bounds the directory walk so that a symlink loop or a huge tree cannot hang a validate.
export const MAX_FILES = 50_000;
const MAX_DEPTH = 32;
/** Largest manifest file read (bigger files are refused with their path). */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;
/** Largest manifest set read, all files together. */
export const MAX_TOTAL_BYTES = 128 * 1024 * 1024;
/** Diagnostics of one file beyond this number are summarised in one line. */
export const MAX_DIAGNOSTICS_PER_FILE = 10;

/** Name printed in diagnostics: relative to cwd when inside it, absolute otherwise. */
export function displayName(absolute: string, cwd: string): string {
  const rel = path.relative(cwd, absolute);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : absolute;
}

interface Found {
  /** Path as reached (through symlinks), for the printed name. */
  abs: string;
  real: string;
  root: string;
}

interface Walk {
  root: string;
  out: Found[];
  /** Real paths of directories on the current walk (loop detection) and already walked. */
  seenDirs: Set<string>;
  diags: Diagnostic[];
  cwd: string;
  limited: boolean;
}

/**
 * Walks a directory recursively. Symlinks to files and directories are followed; a directory reached
 * twice (a symlink loop, or two links to one folder) is walked once. Nothing is skipped silently.
 */
async function walkDir(dir: string, depth: number, w: Walk): Promise<void> {
  if (depth > MAX_DEPTH) {
    w.diags.push(error('path', `directory nesting deeper than ${MAX_DEPTH} levels: ${displayName(dir, w.cwd)}`));
    return;
  }
  const realDir = await realpath(dir).catch(() => dir);
  if (w.seenDirs.has(realDir)) return;
  w.seenDirs.add(realDir);
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    w.diags.push(error('path', `cannot read directory ${displayName(dir, w.cwd)}: ${(err as NodeJS.ErrnoException).code ?? 'read error'}`));
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const target = await stat(full).catch(() => undefined);
      if (!target) {
        if (MANIFEST_EXT.test(entry.name)) w.diags.push(error('path', `broken symbolic link: ${displayName(full, w.cwd)}`));
        continue;
      }
      isDir = target.isDirectory();
      isFile = target.isFile();
    }
    if (isDir) await walkDir(full, depth + 1, w);
    else if (isFile && MANIFEST_EXT.test(entry.name)) {
      if (w.out.length >= MAX_FILES) {
        if (!w.limited) w.diags.push(error('path', `more than ${MAX_FILES} manifest files under ${displayName(w.root, w.cwd)}`));
        w.limited = true;
        return;
      }
      w.out.push({ abs: full, real: await realpath(full).catch(() => full), root: w.root });
    }
  }
}

/** Expands files and directories into files with their roots; a missing path is a diagnostic. */
async function expandPaths(paths: string[], cwd: string, diags: Diagnostic[]): Promise<Found[]> {
  const found: Found[] = [];
  const seenDirs = new Set<string>();
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    const info = await stat(abs).catch(() => undefined);
    if (!info) diags.push(error('path', `no such file or directory: ${p}`));
    else if (info.isDirectory()) {
      const root = await realpath(abs).catch(() => abs);
      const before = found.length;
      const errorsBefore = diags.length;
      const again = seenDirs.has(root);
      await walkDir(abs, 0, { root, out: found, seenDirs, diags, cwd, limited: false });
      // An empty folder is said as such, not as a missing Stack document further on.
      if (!again && found.length === before && diags.length === errorsBefore) diags.push(error('path', `no *.yaml files in ${p}`));
    } else if (info.isFile()) {
      const real = await realpath(abs).catch(() => abs);
      found.push({ abs, real, root: await realpath(path.dirname(abs)).catch(() => path.dirname(abs)) });
    } else diags.push(error('path', `not a regular file or directory: ${p}`));
  }
  // Each file is read once, whatever the number of paths or links that reach it.
  const byReal = new Map<string, Found>();
  for (const f of found) if (!byReal.has(f.real)) byReal.set(f.real, f);
  return [...byReal.values()];
}

/** Line and column (1-based) of a byte offset in a buffer, counting UTF-8 characters. */
function bytePos(buf: Buffer, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) if (buf[i] === 0x0a) { line++; lineStart = i + 1; }
  // Columns count characters of the valid prefix of the line.
  const col = buf.subarray(lineStart, offset).toString('utf8').length + 1;
  return { line, col };
}

/** First offset where `buf` is not valid UTF-8, or -1. */
function firstInvalidUtf8(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    let n = 0;
    let min = 0;
    if (b < 0x80) { i++; continue; }
    else if (b >= 0xc2 && b <= 0xdf) { n = 1; min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { n = 2; min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { n = 3; min = 0x10000; }
    else return i;
    let cp = b & (0xff >> (n + 2));
    for (let k = 1; k <= n; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

/**
 * Decodes a manifest file strictly: a NUL byte (a binary file) or invalid UTF-8 is one diagnostic
 * with its position, never a silent replacement character.
 */
export function decodeManifest(buf: Buffer, file: string, diags: Diagnostic[]): string | undefined {
  const nul = buf.indexOf(0);
  if (nul >= 0) {
    diags.push(error('encoding', 'binary file (NUL byte): not a YAML manifest', { range: { file, start: bytePos(buf, nul) } }));
    return undefined;
  }
  const bad = firstInvalidUtf8(buf);
  if (bad >= 0) {
    diags.push(error('encoding', 'invalid UTF-8: manifests must be UTF-8 text', { range: { file, start: bytePos(buf, bad) } }));
    return undefined;
  }
  const text = buf.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A key refused in a map: written twice, or one that names an object's prototype machinery. */
interface KeyProblem {
  key: string;
  offset: number;
  forbidden: boolean;
}

/**
 * Duplicate and forbidden keys of every map of a document, in linear time (yaml's own `uniqueKeys`
 * check compares every pair of keys). Keys are compared by their scalar value; complex keys are left to
 * yaml. `__proto__`, `constructor` and `prototype` are refused wherever they appear (a JavaScript object
 * built from them would gain or lose members, e.g. a resource's whole metadata). One recursive pass over
 * maps, pairs and sequences (what yaml's `visit` reaches, aliases not followed), without the path array
 * `visit` builds for every node.
 */
function keyProblems(doc: Document.Parsed): KeyProblem[] {
  const found: KeyProblem[] = [];
  const walk = (node: unknown): void => {
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const written = pair.key as YamlNode | null;
        // An alias key (`*a: x`) is the scalar it points at, placed where the alias is written.
        const k = (isAlias(written) ? written.resolve(doc) : written) as (YamlNode & { value?: unknown }) | null | undefined;
        if (k !== null && k !== undefined && typeof k === 'object' && 'value' in k) {
          const v = k.value;
          const offset = written?.range?.[0] ?? 0;
          if (v === null || typeof v !== 'object') {
            const id = `${typeof v}:${String(v)}`;
            if (FORBIDDEN_KEYS.has(String(v))) found.push({ key: String(v), offset, forbidden: true });
            else if (seen.has(id)) found.push({ key: String(v), offset, forbidden: false });
            else seen.add(id);
          }
        }
        walk(pair.key);
        walk(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) walk(item);
    } else if (isPair(node)) {
      walk(node.key);
      walk(node.value);
    }
  };
  walk(doc.contents);
  return found;
}

/** Parses one file's text into documents; syntax errors (duplicate keys included) become diagnostics. */
export function parseManifestText(text: string, file: string, diags: Diagnostic[]): ManifestDocument[] {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const docs: ManifestDocument[] = [];
  const own: Diagnostic[] = [];
  const list = Array.isArray(parsed) ? parsed : [parsed];
  list.forEach((doc, index) => {
    const at = (pos: number) => ({ file, start: lineCounter.linePos(pos) });
    const explained = overIndented(text, doc.errors, lineCounter, file);
    for (const d of explained.diagnostics) own.push(d);
    for (const e of doc.errors) if (!explained.covered.has(e.pos[0])) own.push(error('yaml', `yaml: ${firstLine(e.message)}`, { range: at(e.pos[0]) }));
    const dups = doc.errors.length === 0 ? keyProblems(doc) : [];
    for (const d of dups) {
      const summary = d.forbidden
        ? `key ${JSON.stringify(d.key)} is not allowed: __proto__, constructor and prototype are reserved names in caretaker manifests`
        : `duplicate key ${JSON.stringify(d.key)}`;
      own.push(error('yaml', summary, { range: at(d.offset) }));
    }
    for (const w of doc.warnings) own.push(warning('yaml', `yaml: ${firstLine(w.message)}`, { range: at(w.pos[0]) }));
    if (doc.errors.length > 0 || dups.length > 0) return;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      own.push(error('yaml', `yaml: ${firstLine((e as Error).message)}`, { range: at(doc.range[0]) }));
      return;
    }
    if (value === null || value === undefined) return;
    docs.push({ file, index, value, sourceMap: buildSourceMap(doc, lineCounter, file, text) });
  });
  diags.push(...capPerFile(own, file));
  return docs;
}

/**
 * A line indented deeper than the key above it, which already has a value (`nodeSizing: 2cpu4gb` then
 * `    diskSize: 40`), makes the parser report two errors at the *value of the line before*. It is one
 * mistake: said once, at the offending line, with the column that would make it a sibling. Returns
 * those diagnostics and the parser error offsets they replace.
 */
function overIndented(
  text: string, errors: ReadonlyArray<{ code: string; pos: [number, number] }>, lines: LineCounter, file: string,
): { diagnostics: Diagnostic[]; covered: Set<number> } {
  const diagnostics: Diagnostic[] = [];
  const covered = new Set<number>();
  // Called once per document with the whole file's text: split it only when there is something to explain
  // (splitting it for every document of a 1,000-document file cost 0.3 s of a validate).
  if (!errors.some((e) => e.code === 'BLOCK_AS_IMPLICIT_KEY')) return { diagnostics, covered };
  const all = text.split('\n');
  for (const e of errors) {
    if (e.code !== 'BLOCK_AS_IMPLICIT_KEY' || covered.has(e.pos[0])) continue;
    const { line } = lines.linePos(e.pos[0]);
    const keyLine = all[line - 1] ?? '';
    const m = /^(\s*(?:-\s+)*)([^:#]+?)\s*:/.exec(keyLine);
    if (!m) continue;
    const keyCol = m[1]!.length + 1;
    let next = line;
    while (next < all.length && /^\s*(#.*)?$/.test(all[next]!)) next++;
    const offending = all[next];
    if (offending === undefined) continue;
    const indent = /^ */.exec(offending)![0].length;
    if (indent + 1 <= keyCol) continue;
    const key = m[2]!.trim();
    diagnostics.push(error('yaml', `yaml: this line is indented more than "${key}:" on line ${line}, which already has a value; ` +
      `indent it to column ${keyCol}, like ${key}, to make it a sibling (or move ${key}'s value off its line to nest it)`, {
      range: { file, start: { line: next + 1, col: indent + 1 } },
    }));
    for (const x of errors) if (x.pos[0] === e.pos[0]) covered.add(x.pos[0]);
  }
  return { diagnostics, covered };
}

/** At most MAX_DIAGNOSTICS_PER_FILE diagnostics of one file, then one line saying how many more. */
function capPerFile(diags: Diagnostic[], file: string): Diagnostic[] {
  if (diags.length <= MAX_DIAGNOSTICS_PER_FILE) return diags;
  const kept = diags.slice(0, MAX_DIAGNOSTICS_PER_FILE);
  const rest = diags.length - kept.length;
  const last = kept[kept.length - 1]?.range;
  kept.push(error('yaml', `${rest} more YAML problem(s) in ${file} not shown`, last ? { range: { file, start: { ...last.start } } } : {}));
  return kept;
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.charAt(0).toLowerCase() + line.slice(1).replace(/\.$/, '');
}

/**
 * Reads every manifest under `paths`. Never throws for input problems: missing paths, unreadable,
 * oversized, binary or non-UTF-8 files and YAML errors of all files are returned together in `diagnostics`.
 */
export async function loadDocuments(paths: string[], opts: LoadOptions): Promise<LoadResult> {
  const diagnostics: Diagnostic[] = [];
  const found = await expandPaths(paths, opts.cwd, diagnostics);
  const named = found.map((f) => ({ ...f, name: displayName(f.abs, opts.cwd) }));
  named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const documents: ManifestDocument[] = [];
  const digests = dict<string>(); // keyed by file names: a null-prototype map
  let total = 0;
  for (const f of named) {
    const info = await stat(f.abs).catch(() => undefined);
    if (info && info.size > MAX_FILE_BYTES) {
      diagnostics.push(error('path', `${f.name} is ${info.size} bytes: larger than the ${MAX_FILE_BYTES / 1024 / 1024} MiB limit for one manifest file`));
      continue;
    }
    total += info?.size ?? 0;
    if (total > MAX_TOTAL_BYTES) {
      diagnostics.push(error('path', `the manifest set is larger than the ${MAX_TOTAL_BYTES / 1024 / 1024} MiB limit (at ${f.name})`));
      break;
    }
    let buf: Buffer;
    try {
      buf = await readFile(f.abs);
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? 'read error';
      diagnostics.push(error('path', `cannot read ${f.name}: ${reason}`));
      continue;
    }
    digests[f.name] = createHash('sha256').update(buf).digest('hex');
    const text = decodeManifest(buf, f.name, diagnostics);
    if (text === undefined) continue;
    documents.push(...parseManifestText(text, f.name, diagnostics));
  }
  return {
    documents,
    files: named.map((n) => n.name),
    fileInfo: named.map((n) => ({ name: n.name, real: n.real, root: n.root })),
    digests,
    diagnostics,
  };
}
