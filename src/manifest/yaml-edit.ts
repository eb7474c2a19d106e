// Edits one value of one YAML document inside a file's text while keeping everything else as written:
// comments (and their column), key order, quoting, flow or block style, other documents. Edits are
// text splices at the node positions the `yaml` parser gives; a flow collection that changes is
// written again in flow style. What cannot be edited without rewriting the user's layout, or would
// change other places (an anchor, an alias), is refused with the reason, never approximated.
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, stringify, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { dict, toDict } from '../core/dict.js';

/** Set the value at `path` (creating missing maps on the way), or delete it (`remove: true`). */
export interface YamlEdit {
  path: readonly (string | number)[];
  value?: unknown;
  remove?: boolean;
}

export type YamlEditResult = { ok: true; text: string } | { ok: false; reason: string };

type Container = YAMLMap | YAMLSeq;
interface Step {
  node: Container;
  /** The pair (map) or index (sequence) the next segment selects; undefined when missing. */
  pair?: Pair;
  index?: number;
}

const keyText = (k: unknown): string => (isScalar(k) ? String(k.value) : String(k));
const isCollection = (v: unknown): boolean => typeof v === 'object' && v !== null;
const range = (n: unknown): [number, number, number] | undefined => (n as Node | null)?.range ?? undefined;

class Splicer {
  constructor(public text: string) {}
  lineStart(pos: number): number {
    return this.text.lastIndexOf('\n', pos - 1) + 1;
  }
  lineEnd(pos: number): number {
    const i = this.text.indexOf('\n', pos);
    return i < 0 ? this.text.length : i;
  }
  column(pos: number): number {
    return pos - this.lineStart(pos);
  }
  /** Only whitespace between the start of the line and `pos` (and, for sequence items, one `-`). */
  startsLine(pos: number, dash = false): boolean {
    const head = this.text.slice(this.lineStart(pos), pos);
    return dash ? /^\s*-\s+$/.test(head) : /^\s*$/.test(head);
  }
  /** End of the last line a node's value occupies (the newline position), trailing comment included. */
  valueLineEnd(node: unknown, fallback: number): number {
    const r = range(node);
    if (!r) return this.lineEnd(fallback);
    return this.lineEnd(this.text[r[1] - 1] === '\n' ? r[1] - 1 : r[1]);
  }
  splice(a: number, b: number, s: string): void {
    this.text = this.text.slice(0, a) + s + this.text.slice(b);
  }
}

/** Indentation habits of the document: the step between a key and its children, and whether `- ` items are indented. */
function habits(s: Splicer, root: unknown): { step: number; indentSeq: boolean } {
  let step: number | undefined;
  let indentSeq: boolean | undefined;
  const walk = (n: unknown): void => {
    if (!isMap(n) || n.flow) return;
    for (const p of n.items) {
      const k = range(p.key);
      const v = p.value as Node | null;
      if (k && isMap(v) && !v.flow && step === undefined && v.items[0] && range(v.items[0].key)) step = s.column(range(v.items[0].key)![0]) - s.column(k[0]);
      if (k && isSeq(v) && !v.flow && indentSeq === undefined && v.items[0] && range(v.items[0])) {
        const dash = s.text.lastIndexOf('-', range(v.items[0])![0]);
        indentSeq = s.column(dash) > s.column(k[0]);
      }
      walk(v);
    }
  };
  walk(root);
  return { step: step !== undefined && step > 0 ? step : 2, indentSeq: indentSeq ?? true };
}

/** The text of a scalar value; keeps the old node's quoting when it can. Never multi-line. */
function scalarText(v: unknown, old?: Scalar): string {
  if (typeof v === 'string' && old?.type === 'QUOTE_DOUBLE') return JSON.stringify(v);
  if (typeof v === 'string' && old?.type === 'QUOTE_SINGLE' && !v.includes('\n')) return `'${v.replace(/'/g, "''")}'`;
  const s = stringify(v, { lineWidth: 0 }).replace(/\n$/, '');
  return s.includes('\n') ? JSON.stringify(v) : s;
}

/** A flow collection in the file's own padding style (`{ a: 1 }` or `{a: 1}`). */
function flowText(v: unknown, padded: boolean): string {
  return stringify(v, { collectionStyle: 'flow', flowCollectionPadding: padded, lineWidth: 0 }).replace(/\n$/, '');
}

/** `key: value` lines (block style) indented to `col`, for a new pair. */
function pairLines(key: string, value: unknown, col: number, h: { step: number; indentSeq: boolean }): string {
  const text = stringify({ [key]: value }, { indent: h.step, indentSeq: h.indentSeq, lineWidth: 0 }).replace(/\n$/, '');
  return text.split('\n').map((l) => ' '.repeat(col) + l).join('\n');
}

/** `- value` lines for a new sequence item, in the style of the sequence's last item. */
function itemLines(value: unknown, col: number, h: { step: number; indentSeq: boolean }, flowItems: boolean, padded: boolean): string {
  if (flowItems && isCollection(value)) return `${' '.repeat(col)}- ${flowText(value, padded)}`;
  const text = stringify([value], { indent: h.step, indentSeq: h.indentSeq, lineWidth: 0 }).replace(/\n$/, '');
  return text.split('\n').map((l) => ' '.repeat(col) + l).join('\n');
}

/** The value at `rel` of plain data set or removed, for rewriting a flow collection. */
function editPlain(data: unknown, rel: readonly (string | number)[], edit: YamlEdit): unknown {
  if (rel.length === 0) return edit.remove ? undefined : edit.value;
  const [head, ...rest] = rel;
  if (Array.isArray(data)) {
    const copy = [...data];
    const i = Number(head);
    const next = editPlain(copy[i], rest, edit);
    if (next === undefined && rest.length === 0) copy.splice(i, 1);
    else copy[i] = next;
    return copy;
  }
  // Keys of the manifest: a null-prototype copy, so that `__proto__` or `constructor` is a key like any other.
  const obj = isCollection(data) ? toDict(data as Record<string, unknown>) : dict<unknown>();
  const next = editPlain(obj[String(head)], rest, edit);
  if (next === undefined) delete obj[String(head)];
  else obj[String(head)] = next;
  return obj;
}

function nested(rest: readonly (string | number)[], value: unknown): unknown {
  return rest.reduceRight<unknown>((v, seg) => ({ [String(seg)]: v }), value);
}

/**
 * Applies one edit to document `docIndex` (0-based, counting every document of the file) of `text`.
 * Refuses an alias or anchored node on the way, a document with errors, and a block layout it cannot
 * change in place (the reason says what to do by hand).
 */
export function applyYamlEdit(text: string, docIndex: number, edit: YamlEdit): YamlEditResult {
  const docs = parseAllDocuments(text, { uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const doc = list[docIndex];
  if (!doc || doc.errors.length > 0) return { ok: false, reason: 'the document no longer parses as it did' };
  const s = new Splicer(text);
  const steps: Step[] = [];
  let node: unknown = doc.contents;
  let missingAt = -1;
  for (let i = 0; i < edit.path.length; i++) {
    if (isAlias(node)) return { ok: false, reason: 'the value comes from a YAML alias (*name): edit the anchor by hand' };
    if ((node as Node | null)?.anchor) return { ok: false, reason: `the value is inside the YAML anchor &${(node as Node).anchor}, which other places share: edit it by hand` };
    const seg = edit.path[i]!;
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(seg));
      steps.push({ node, pair });
      if (!pair) {
        missingAt = i;
        break;
      }
      node = pair.value;
    } else if (isSeq(node)) {
      const index = Number(seg);
      if (!Number.isInteger(index) || index < 0 || index > node.items.length) return { ok: false, reason: `no item ${String(seg)} in the list` };
      steps.push({ node, index });
      if (index === node.items.length) {
        missingAt = i;
        break;
      }
      node = node.items[index];
    } else {
      return { ok: false, reason: `${edit.path.slice(0, i).join('.') || 'the document'} is not a map or a list in the file` };
    }
  }
  // A flow collection on the way is written again as a whole, in flow style.
  const flowAt = steps.findIndex((st) => st.node.flow === true);
  if (flowAt >= 0) {
    const flow = steps[flowAt]!.node;
    const r = range(flow)!;
    const padded = /^[{[] /.test(s.text.slice(r[0], r[1]));
    s.splice(r[0], r[1], flowText(editPlain(flow.toJSON(), edit.path.slice(flowAt), edit), padded));
    return { ok: true, text: s.text };
  }
  const h = habits(s, doc.contents);
  if (missingAt >= 0) {
    if (edit.remove) return { ok: true, text };
    return insert(s, steps[missingAt]!, edit.path.slice(missingAt), edit.value, h);
  }
  const last = steps[steps.length - 1]!;
  if (edit.remove) return remove(s, last);
  if (isAlias(node) || (node as Node | null)?.anchor) return { ok: false, reason: 'the value is a YAML alias or anchor that other places share: edit it by hand' };
  return replace(s, node, last, edit.value, h);
}

/** Replaces an existing value: a scalar in place (trailing comment kept at its column), else the node. */
function replace(s: Splicer, node: unknown, at: Step, value: unknown, h: { step: number; indentSeq: boolean }): YamlEditResult {
  const r = range(node);
  if (!r) {
    // `key:` with no value: write it after the colon.
    const k = range(at.pair?.key);
    if (!k) return { ok: false, reason: 'the value has no position in the file' };
    const colon = s.text.indexOf(':', k[1]);
    if (isCollection(value)) return { ok: false, reason: 'an empty value would become a block: edit it by hand' };
    s.splice(colon + 1, colon + 1, ` ${scalarText(value)}`);
    return { ok: true, text: s.text };
  }
  if (isScalar(node) && !isCollection(value)) {
    const before = r[1] - r[0];
    const next = scalarText(value, node);
    const gap = /^( +)#/.exec(s.text.slice(r[1]));
    s.splice(r[0], r[1], next);
    if (gap) {
      const spaces = Math.max(1, gap[1]!.length - (next.length - before));
      s.splice(r[0] + next.length, r[0] + next.length + gap[1]!.length, ' '.repeat(spaces));
    }
    return { ok: true, text: s.text };
  }
  if (!isCollection(value)) {
    // A block collection becomes a scalar: only when it starts its own line under its key.
    if (!s.startsLine(r[0], isSeq(node))) return { ok: false, reason: 'the value is a list or map laid out on its key\'s line: edit it by hand' };
    const k = range(at.pair?.key);
    if (!k) return { ok: false, reason: 'a list item that is a map cannot become a value in place: edit it by hand' };
    const end = s.valueLineEnd(node, r[1]);
    s.splice(s.text.indexOf(':', k[1]) + 1, end, ` ${scalarText(value)}`);
    return { ok: true, text: s.text };
  }
  if (isScalar(node)) {
    // A scalar becomes a collection: written in flow style on the same line.
    s.splice(r[0], r[1], flowText(value, true));
    return { ok: true, text: s.text };
  }
  const col = s.column(r[0]);
  const first = isSeq(node) ? s.text.lastIndexOf('-', r[0]) : r[0];
  if (!s.startsLine(first)) return { ok: false, reason: 'the list or map does not start its own line: edit it by hand' };
  const text = stringify(value, { indent: h.step, indentSeq: h.indentSeq, lineWidth: 0 }).replace(/\n$/, '');
  const lines = text.split('\n').map((l, i) => (i === 0 ? l : ' '.repeat(isSeq(node) ? s.column(first) : col) + l));
  s.splice(first, s.valueLineEnd(node, r[1]), lines.join('\n'));
  return { ok: true, text: s.text };
}

/** Removes a pair of a block map or an item of a block list (an emptied one becomes `{}` / `[]`). */
function remove(s: Splicer, at: Step): YamlEditResult {
  const parent = at.node;
  const items = parent.items as unknown[];
  if (items.length === 1) {
    const r = range(parent)!;
    const first = isSeq(parent) ? s.text.lastIndexOf('-', range(parent.items[0])?.[0] ?? r[0]) : r[0];
    s.splice(first, s.valueLineEnd(isSeq(parent) ? parent.items[0] : (parent.items[0] as Pair).value ?? (parent.items[0] as Pair).key, r[1]), isSeq(parent) ? '[]' : '{}');
    return { ok: true, text: s.text };
  }
  let start: number;
  let endNode: unknown;
  if (at.pair) {
    const k = range(at.pair.key);
    if (!k || !s.startsLine(k[0])) return { ok: false, reason: 'the key shares its line with a list dash or another value: edit it by hand' };
    start = s.lineStart(k[0]);
    endNode = at.pair.value ?? at.pair.key;
  } else {
    const item = (parent as YAMLSeq).items[at.index!];
    const r = range(item);
    if (!r) return { ok: false, reason: 'the list item has no position in the file' };
    const dash = s.text.lastIndexOf('-', r[0]);
    if (!s.startsLine(dash)) return { ok: false, reason: 'the list item does not start its own line: edit it by hand' };
    start = s.lineStart(dash);
    endNode = item;
  }
  const end = s.valueLineEnd(endNode, range(endNode)?.[1] ?? start);
  s.splice(start, Math.min(s.text.length, end + 1), '');
  return { ok: true, text: s.text };
}

/** Inserts a missing key (with the maps below it) into a block map, or appends an item to a block list. */
function insert(s: Splicer, at: Step, rest: readonly (string | number)[], value: unknown, h: { step: number; indentSeq: boolean }): YamlEditResult {
  const parent = at.node;
  const items = parent.items as unknown[];
  const lastItem = items[items.length - 1];
  if (!lastItem) return { ok: false, reason: 'the map or list is empty in the file: edit it by hand' };
  if (isMap(parent)) {
    const lastPair = lastItem as Pair;
    const k = range(lastPair.key);
    if (!k || !s.startsLine(k[0])) return { ok: false, reason: 'the map shares its line with a list dash: edit it by hand' };
    const end = s.valueLineEnd(lastPair.value ?? lastPair.key, k[1]);
    s.splice(end, end, '\n' + pairLines(String(rest[0]), nested(rest.slice(1), value), s.column(k[0]), h));
    return { ok: true, text: s.text };
  }
  const r = range(lastItem);
  if (!r) return { ok: false, reason: 'the list item has no position in the file' };
  const dash = s.text.lastIndexOf('-', r[0]);
  if (!s.startsLine(dash)) return { ok: false, reason: 'the list does not start its own lines: edit it by hand' };
  const flowItems = (lastItem as Node).constructor !== undefined && (isMap(lastItem) || isSeq(lastItem)) && (lastItem as Container).flow === true;
  const padded = flowItems ? /^[{[] /.test(s.text.slice(r[0], r[1])) : true;
  const end = s.valueLineEnd(lastItem, r[1]);
  s.splice(end, end, '\n' + itemLines(nested(rest.slice(1), value), s.column(dash), h, flowItems, padded));
  return { ok: true, text: s.text };
}

/** The plain value of document `docIndex` of `text` as written (no interpolation, no defaults); undefined if absent. */
export function documentValue(text: string, docIndex: number): unknown {
  const docs = parseAllDocuments(text, { uniqueKeys: false });
  const doc = (Array.isArray(docs) ? docs : [docs])[docIndex];
  return doc && doc.errors.length === 0 ? doc.toJS({ maxAliasCount: 1000 }) : undefined;
}
