// List filters and the page envelope (ITCARE-API §1.7-1.8). Array parameters are comma separated;
// `names` match exactly and `!name` excludes (inferred from the example `resource01,!resource02`,
// `001:7968`); several `tags` (`key:value`) must all match; pages are 0-based, default size 20.
import { fieldError } from '../../reply.js';
import type { Tag } from '../../state.js';

const DEFAULT_SIZE = 20;
/** Spring Data's default maximum page size. */
const MAX_SIZE = 2000;

/** Comma-separated values of a query parameter (repeated parameters are joined); undefined when absent. */
export function listParam(q: URLSearchParams, name: string): string[] | undefined {
  const all = q.getAll(name);
  if (all.length === 0) return undefined;
  const values = all.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v.length > 0);
  return values.length > 0 ? values : undefined;
}

export function intListParam(q: URLSearchParams, name: string): number[] | undefined {
  const values = listParam(q, name);
  if (!values) return undefined;
  return values.map((v) => {
    if (!/^\d{1,18}$/.test(v)) throw fieldError(name, `Error on field '${name}': must be a list of integers`);
    return Number(v);
  });
}

/** Boolean query parameter (`true`/`false`); undefined when absent. */
export function boolParam(q: URLSearchParams, name: string): boolean | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (v !== 'true' && v !== 'false') throw fieldError(name, `Error on field '${name}': must be true or false`);
  return v === 'true';
}

/** Exact, case-sensitive name match; `!x` excludes x; only exclusions given = everything else. */
export function matchNames(filter: string[] | undefined, name: string): boolean {
  if (!filter) return true;
  const include = filter.filter((n) => !n.startsWith('!'));
  const exclude = filter.filter((n) => n.startsWith('!')).map((n) => n.slice(1));
  if (exclude.includes(name)) return false;
  return include.length === 0 || include.includes(name);
}

/** Case-insensitive membership (enum-like filters: statuses, types, environments…). */
export function matchIn(filter: string[] | undefined, value: string | number | undefined): boolean {
  if (!filter) return true;
  const v = String(value ?? '').toLowerCase();
  return filter.some((f) => f.toLowerCase() === v);
}

/** Every `key:value` of the filter must be a tag of the resource (AND; split at the first ':'). */
export function matchTags(filter: string[] | undefined, tags: readonly Tag[]): boolean {
  if (!filter) return true;
  return filter.every((f) => {
    const i = f.indexOf(':');
    const key = i < 0 ? f : f.slice(0, i);
    const value = i < 0 ? undefined : f.slice(i + 1);
    return tags.some((t) => t.tagKey === key && (value === undefined || t.tagValue === value));
  });
}

/**
 * Sorts (`sort=property(,asc|desc)`, default `id` ascending) and cuts one page. The envelope has
 * the fields of the Pagination page (`001:239-256`), with `sort` as an object as shown there.
 */
export function pageOf(items: Record<string, unknown>[], q: URLSearchParams): Record<string, unknown> {
  const page = intParam(q, 'page', 0);
  const size = intParam(q, 'size', DEFAULT_SIZE);
  if (size < 1 || size > MAX_SIZE) throw fieldError('size', `Error on field 'size': must be between 1 and ${MAX_SIZE}`);
  const [prop, dir] = (q.get('sort') ?? '').split(',').map((s) => s.trim());
  const sorted = q.get('sort') ? [...items].sort(compareBy(prop || 'id', dir?.toLowerCase() === 'desc')) : [...items].sort(compareBy('id', false));
  const content = sorted.slice(page * size, page * size + size);
  const totalPages = Math.ceil(sorted.length / size);
  const isSorted = Boolean(q.get('sort'));
  return {
    content,
    totalElements: sorted.length,
    totalPages,
    last: page + 1 >= totalPages,
    first: page === 0,
    number: page,
    size,
    numberOfElements: content.length,
    empty: content.length === 0,
    sort: { empty: !isSorted, sorted: isSorted, unsorted: !isSorted },
  };
}

function intParam(q: URLSearchParams, name: string, dflt: number): number {
  const v = q.get(name);
  if (v === null || v === '') return dflt;
  if (!/^\d{1,9}$/.test(v)) throw fieldError(name, `Error on field '${name}': must be an integer >= 0`);
  return Number(v);
}

function compareBy(prop: string, desc: boolean) {
  return (a: Record<string, unknown>, b: Record<string, unknown>): number => {
    const x = a[prop];
    const y = b[prop];
    let c: number;
    if (typeof x === 'number' && typeof y === 'number') c = x - y;
    else c = String(x ?? '').localeCompare(String(y ?? ''));
    if (c === 0) c = Number(a.id ?? 0) - Number(b.id ?? 0);
    return desc ? -c : c;
  };
}
