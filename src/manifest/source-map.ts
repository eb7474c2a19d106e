// Source positions of one parsed YAML document: JSON pointer -> range of the value and of its key,
// taken from the `yaml` AST node offsets and converted to 1-based line/col with the file's LineCounter.
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { SourcePos, SourceRange } from '../core/diagnostics.js';
import { escapeSegment } from '../core/json-pointer.js';
import type { SourceMap } from './types.js';

type Offsets = readonly [number, number];

interface Entry {
  value: Offsets;
  key?: Offsets;
  /** The scalar's style (`PLAIN`, `QUOTE_DOUBLE`, `BLOCK_LITERAL`…), for positions inside its text. */
  style?: string;
}

/** A SourceMap backed by byte offsets; unknown pointers resolve to their nearest recorded ancestor. */
class OffsetSourceMap implements SourceMap {
  constructor(
    private readonly file: string,
    private readonly lineCounter: LineCounter,
    private readonly entries: ReadonlyMap<string, Entry>,
    private readonly text?: string,
  ) {}

  /**
   * Where the character at `offset` of the string value at `pointer` is written: exact for plain and
   * quoted one-line scalars (escapes aside) and for block scalars (`|`, `>`); a multi-line flow scalar
   * falls back to its start. Undefined when the pointer has no recorded scalar.
   */
  positionIn(pointer: string, offset: number): SourcePos | undefined {
    const entry = this.entries.get(pointer);
    if (!entry) return undefined;
    const [start, end] = entry.value;
    const style = entry.style ?? 'PLAIN';
    const text = this.text;
    if (text === undefined) return this.lineCounter.linePos(start);
    if (style === 'BLOCK_LITERAL' || style === 'BLOCK_FOLDED') return this.inBlock(start, end, offset, style === 'BLOCK_FOLDED', text);
    const raw = text.slice(start, end);
    const quote = style === 'QUOTE_DOUBLE' || style === 'QUOTE_SINGLE' ? 1 : 0;
    if (raw.includes('\n')) return this.lineCounter.linePos(start);
    return this.lineCounter.linePos(Math.min(start + quote + offset, end));
  }

  /** Block scalars: the content lines after the header, at their indentation; folded lines count one joining space. */
  private inBlock(start: number, end: number, offset: number, folded: boolean, text: string): SourcePos {
    const body = text.slice(start, end);
    const firstBreak = body.indexOf('\n');
    if (firstBreak < 0) return this.lineCounter.linePos(start);
    let lineStart = start + firstBreak + 1;
    const lines = text.slice(lineStart, end).split('\n');
    const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
    let left = offset;
    for (const line of lines) {
      const content = line.slice(Number.isFinite(indent) ? indent : 0);
      if (left <= content.length) return this.lineCounter.linePos(lineStart + (Number.isFinite(indent) ? indent : 0) + left);
      left -= content.length + 1; // the newline, or the space a folded line break becomes
      if (folded && content === '') left += 1;
      lineStart += line.length + 1;
    }
    return this.lineCounter.linePos(start);
  }

  rangeOf(pointer: string): SourceRange | undefined {
    const entry = this.nearest(pointer);
    return entry ? this.toRange(entry.value) : undefined;
  }

  keyRangeOf(pointer: string): SourceRange | undefined {
    const exact = this.entries.get(pointer);
    if (exact?.key) return this.toRange(exact.key);
    return this.rangeOf(pointer);
  }

  private nearest(pointer: string): Entry | undefined {
    let p = pointer;
    for (;;) {
      const entry = this.entries.get(p);
      if (entry) return entry;
      if (p === '') return undefined;
      p = p.slice(0, p.lastIndexOf('/'));
    }
  }

  private toRange([start, end]: Offsets): SourceRange {
    return { file: this.file, start: this.lineCounter.linePos(start), end: this.lineCounter.linePos(end) };
  }
}

/** Text of a map key as `toJS` turns it into an object key. */
function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

/** Offsets of a node; undefined for an absent or empty (zero-length) one such as `key:` with no value. */
function offsetsOf(node: unknown): Offsets | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range && range[1] > range[0] ? [range[0], range[1]] : undefined;
}

function walk(node: unknown, pointer: string, entries: Map<string, Entry>, key?: Offsets): void {
  const value = offsetsOf(node) ?? key;
  if (!value) return;
  const entry: Entry = key ? { value, key } : { value };
  if (isScalar(node) && typeof node.type === 'string') entry.style = node.type;
  entries.set(pointer, entry);
  // Aliases stay where they are written: positions inside the anchored node belong to the anchor.
  if (isAlias(node)) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      walk(pair.value, `${pointer}/${escapeSegment(keyText(pair.key))}`, entries, offsetsOf(pair.key));
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => walk(item, `${pointer}/${i}`, entries));
  }
}

/**
 * Builds the SourceMap of one document; `file` is the name printed in diagnostics. With the file's
 * `text`, positions inside string values are exact (`positionIn`).
 */
export function buildSourceMap(doc: Document, lineCounter: LineCounter, file: string, text?: string): SourceMap {
  const entries = new Map<string, Entry>();
  walk(doc.contents, '', entries);
  if (!entries.has('')) entries.set('', { value: [doc.range?.[0] ?? 0, doc.range?.[1] ?? 0] });
  return new OffsetSourceMap(file, lineCounter, entries, text);
}

/** A SourceMap that knows only the file (every pointer maps to 1:1); for documents built in code. */
export function fileOnlySourceMap(file: string): SourceMap {
  const range: SourceRange = { file, start: { line: 1, col: 1 } };
  return { rangeOf: () => range, keyRangeOf: () => range };
}
