// Turns a change's FieldDiff list into display rows, one per leaf value, so that every view
// (text, Markdown, drift) shows the same fields in the same order with the same formatting.
import type { FieldDiff } from '../engine/plan.js';
import { fromPointer } from '../core/json-pointer.js';
import { isSpecObject } from '../core/objects.js';
import { formatSegments, formatValue, isRefObject } from './values.js';

/** One displayed field: `before` is the live value, `after` the manifest value (formatted). */
export interface FieldRow {
  sign: '+' | '-' | '~';
  path: string;
  before?: string;
  after?: string;
  forcesReplace: boolean;
}

type Leaf = { segments: string[]; value: unknown };

/** Objects and lists of objects are expanded into leaves; scalars and lists of scalars are leaves. */
function isContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  if (isRefObject(v)) return false;
  if (isSpecObject(v)) return Object.keys(v).length > 0;
  return Array.isArray(v) && v.some((x) => isSpecObject(x) || Array.isArray(x));
}

/** Leaves of a value, sorted by path (a manifest's key order must not change the output). */
function leaves(v: unknown, prefix: string[]): Leaf[] {
  if (!isContainer(v)) return [{ segments: prefix, value: v }];
  const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
  return entries.flatMap(([k, x]) => leaves(x, [...prefix, k])).sort((a, b) => compareSegments(a.segments, b.segments));
}

function compareSegments(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) return nx - ny;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

function rowsOf(d: FieldDiff, self: string | undefined): FieldRow[] {
  const base = fromPointer(d.path);
  const forcesReplace = d.forcesReplace === true;
  const show = (v: unknown) => formatValue(v, self);
  if (d.op === 'add') {
    return leaves(d.value, base).map((l) => ({ sign: '+', path: formatSegments(l.segments), after: show(l.value), forcesReplace }));
  }
  if (d.op === 'remove') {
    if (d.from === undefined) return [{ sign: '-', path: formatSegments(base), forcesReplace }];
    return leaves(d.from, base).map((l) => ({ sign: '-', path: formatSegments(l.segments), before: show(l.value), forcesReplace }));
  }
  if (!isContainer(d.from) || !isContainer(d.value)) {
    return [{ sign: '~', path: formatSegments(base), before: show(d.from), after: show(d.value), forcesReplace }];
  }
  // Both sides are structures: show only the leaves that differ.
  const before = new Map(leaves(d.from, base).map((l) => [formatSegments(l.segments), l]));
  const after = new Map(leaves(d.value, base).map((l) => [formatSegments(l.segments), l]));
  const all = [...new Map([...before, ...after]).values()].sort((a, b) => compareSegments(a.segments, b.segments));
  const rows: FieldRow[] = [];
  for (const leaf of all) {
    const path = formatSegments(leaf.segments);
    const b = before.get(path);
    const a = after.get(path);
    if (!a) rows.push({ sign: '-', path, before: show(b!.value), forcesReplace });
    else if (!b) rows.push({ sign: '+', path, after: show(a.value), forcesReplace });
    else if (show(a.value) !== show(b.value)) rows.push({ sign: '~', path, before: show(b.value), after: show(a.value), forcesReplace });
  }
  return rows;
}

/** Display rows for a diff, sorted by field path (numeric list indices in numeric order). */
export function fieldRows(diff: readonly FieldDiff[], self?: string): FieldRow[] {
  const sorted = [...diff].sort((a, b) => compareSegments(fromPointer(a.path), fromPointer(b.path)));
  return sorted.flatMap((d) => rowsOf(d, self));
}

/** Live side of a row; a removed field without a recorded value was still set live. */
export function liveValue(r: FieldRow): string {
  return r.before ?? (r.sign === '-' ? '(set)' : '(absent)');
}

/** Manifest side of a row. */
export function manifestValue(r: FieldRow): string {
  return r.after ?? '(absent)';
}
