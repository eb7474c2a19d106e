// Reads manifest files: expands paths (recursive, sorted *.yaml|*.yml), parses multi-document YAML
// with positions, and reports every syntax error of every file as a diagnostic. No validation here.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { error, warning, type Diagnostic } from '../core/diagnostics.js';
import { buildSourceMap } from './source-map.js';
import type { ManifestDocument } from './types.js';

export interface LoadOptions {
  /** Directory that relative paths are resolved against and that printed file names are relative to. */
  cwd: string;
}

export interface LoadResult {
  /** Every non-empty, syntactically valid document, in file order then document order. */
  documents: ManifestDocument[];
  /** Every file read (printed names), sorted. */
  files: string[];
  diagnostics: Diagnostic[];
}

const MANIFEST_EXT = /\.ya?ml$/i;
// Bounds the directory walk so that a symlink loop or a huge tree cannot hang a validate.
const MAX_FILES = 10_000;
const MAX_DEPTH = 32;

/** Name printed in diagnostics: relative to cwd when inside it, absolute otherwise. */
export function displayName(absolute: string, cwd: string): string {
  const rel = path.relative(cwd, absolute);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : absolute;
}

async function walkDir(dir: string, depth: number, out: string[]): Promise<void> {
  if (depth > MAX_DEPTH || out.length >= MAX_FILES) return;
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walkDir(full, depth + 1, out);
    else if (entry.isFile() && MANIFEST_EXT.test(entry.name) && out.length < MAX_FILES) out.push(full);
  }
}

/** Expands files and directories into absolute file paths; a missing path is a diagnostic. */
async function expandPaths(paths: string[], cwd: string, diags: Diagnostic[]): Promise<string[]> {
  const found: string[] = [];
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    const info = await stat(abs).catch(() => undefined);
    if (!info) diags.push(error('path', `no such file or directory: ${p}`));
    else if (info.isDirectory()) await walkDir(abs, 0, found);
    else found.push(abs);
  }
  return [...new Set(found)];
}

/** Parses one file's text into documents; syntax errors (duplicate keys included) become diagnostics. */
export function parseManifestText(text: string, file: string, diags: Diagnostic[]): ManifestDocument[] {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const docs: ManifestDocument[] = [];
  parsed.forEach((doc, index) => {
    const at = (pos: number) => ({ file, start: lineCounter.linePos(pos) });
    for (const e of doc.errors) {
      const summary =
        e.code === 'DUPLICATE_KEY'
          ? `duplicate key ${JSON.stringify(keyAt(text, e.pos[0]))}`
          : `yaml: ${firstLine(e.message)}`;
      diags.push(error('yaml', summary, { range: at(e.pos[0]) }));
    }
    for (const w of doc.warnings) diags.push(warning('yaml', `yaml: ${firstLine(w.message)}`, { range: at(w.pos[0]) }));
    if (doc.errors.length > 0) return;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      diags.push(error('yaml', `yaml: ${firstLine((e as Error).message)}`, { range: at(doc.range[0]) }));
      return;
    }
    if (value === null || value === undefined) return;
    docs.push({ file, index, value, sourceMap: buildSourceMap(doc, lineCounter, file) });
  });
  return docs;
}

/** The map key written at `offset` (plain or quoted), for duplicate-key messages. */
function keyAt(text: string, offset: number): string {
  const m = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^:,{}[\]\r\n]*[^:,{}[\]\s]))/.exec(text.slice(offset, offset + 256));
  return m ? (m[1] ?? m[2]?.replace(/''/g, "'") ?? m[3] ?? '') : '';
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.charAt(0).toLowerCase() + line.slice(1).replace(/\.$/, '');
}

/**
 * Reads every manifest under `paths`. Never throws for input problems: missing paths, unreadable
 * files and YAML errors of all files are returned together in `diagnostics`.
 */
export async function loadDocuments(paths: string[], opts: LoadOptions): Promise<LoadResult> {
  const diagnostics: Diagnostic[] = [];
  const absolute = await expandPaths(paths, opts.cwd, diagnostics);
  const named = absolute.map((abs) => ({ abs, name: displayName(abs, opts.cwd) }));
  named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const documents: ManifestDocument[] = [];
  for (const { abs, name } of named) {
    let text: string;
    try {
      text = await readFile(abs, 'utf8');
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? 'read error';
      diagnostics.push(error('path', `cannot read ${name}: ${reason}`));
      continue;
    }
    documents.push(...parseManifestText(text, name, diagnostics));
  }
  return { documents, files: named.map((n) => n.name), diagnostics };
}
