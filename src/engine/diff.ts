// Field-level difference between the desired spec and the live spec (already in spec shape).
// Only managed fields are compared: absent fields, write-only fields and ignoreChanges are left out;
// values are normalised (numeric strings, enum case, unordered lists) so a converged estate is quiet.
import jsonPatch from 'fast-json-patch';
import { dict, hasOwn, mapDict, own, toDict } from '../core/dict.js';
import { escapeSegment, fromPointer, getAt, toPointer, unescapeSegment } from '../core/json-pointer.js';
import { isSpecObject } from '../core/objects.js';
import { containsSecret, isSecret, REDACTED, revealDeep } from '../core/secret.js';
import { isRefObject as isRef } from '../manifest/references.js';
import type { FieldDiff } from './plan.js';
import { matchesAny, pointerMatches, type FieldPolicy } from '../schema/policy.js';

/** Turns a desired `{ ref: "Kind/name" }` object into a comparable value (the live id, or a marker). */
export type RefResolver = (address: string) => string | number | undefined;

/** A `{ ref: "Kind/name" }` object (the manifest's reference form). */
export function isRefObject(v: unknown): v is { ref: string } {
  return isRef(v) && typeof v.ref === 'string';
}

/**
 * Desired values to compare: write-only and ignored fields dropped, refs resolved, secrets revealed
 * (comparison only; the result never leaves this module unredacted).
 */
function managedDesired(
  value: unknown,
  pointer: string,
  policy: FieldPolicy,
  ignore: readonly string[],
  resolveRef: RefResolver,
): unknown {
  if (isRefObject(value)) return resolveRef(value.ref) ?? `(id of ${value.ref})`;
  if (isSecret(value)) return value.reveal();
  if (isSpecObject(value)) {
    const out = dict<unknown>();
    for (const [k, v] of Object.entries(value)) {
      const p = `${pointer}/${escapeSegment(k)}`;
      if (matchesAny(policy.writeOnly, p) || ignore.some((i) => pointerMatches(i, p))) continue;
      if (v === undefined) continue;
      out[k] = managedDesired(v, p, policy, ignore, resolveRef);
    }
    return out;
  }
  if (Array.isArray(value)) return value.map((v, i) => managedDesired(v, `${pointer}/${i}`, policy, ignore, resolveRef));
  return value;
}

/**
 * The key of a keyed-list item: its first key field that is present and a scalar (e.g. a member's name,
 * else its id). A key field is a field name, or a path into the item (`resource/name`, slash-separated)
 * when the item is identified by a field of a sub-object; a `{ref}` value keys by the ref's live id (or
 * the `(id of Kind/name)` marker), as the comparison shows it.
 */
function itemKey(x: unknown, fields: readonly string[], resolveRef: RefResolver): string | undefined {
  if (!isSpecObject(x)) return undefined;
  for (const f of fields) {
    let v = f.includes('/') ? getAt(x, `/${f}`) : own(x, f);
    if (isRefObject(v)) v = resolveRef(v.ref) ?? `(id of ${v.ref})`;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  }
  return undefined;
}

/**
 * Turns keyed lists (`x-list-key`) into objects keyed by that field, so that items are compared by
 * identity (`/urls/www.example.com/monitoring`) rather than by position. Applied to both sides. A list
 * with an item without a key, or with two items of one key, stays a list (compared by position).
 */
function keyLists(value: unknown, pointer: string, policy: FieldPolicy, resolveRef: RefResolver): unknown {
  const fields = listKeyAt(pointer, policy);
  const keys = fields && Array.isArray(value) ? value.map((x) => itemKey(x, fields, resolveRef)) : undefined;
  if (keys && keys.every((k) => k !== undefined) && new Set(keys).size === keys.length) {
    const out = dict<unknown>();
    (value as unknown[]).forEach((x, i) => (out[keys[i]!] = keyLists(x, `${pointer}/*`, policy, resolveRef)));
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => keyLists(v, `${pointer}/*`, policy, resolveRef));
  if (isSpecObject(value)) {
    return mapDict(value, (v, k) => keyLists(v, `${pointer}/${escapeSegment(k)}`, policy, resolveRef));
  }
  return value;
}

function listKeyAt(pointer: string, policy: FieldPolicy): string[] | undefined {
  for (const [pattern, key] of Object.entries(policy.listKeys ?? {})) {
    if (pattern.split('/').length === pointer.split('/').length && pointerMatches(pattern, pointer)) return typeof key === 'string' ? [key] : key;
  }
  return undefined;
}

/**
 * The desired value with the schema's defaults (`FieldPolicy.defaults`) written into the objects it has
 * where a defaulted field is absent, so that the field is compared (and shown) as its default.
 */
function withDefaults(value: unknown, pointer: string, defaults: ReadonlyArray<readonly [string, string, unknown]>): unknown {
  if (Array.isArray(value)) return value.map((v, i) => withDefaults(v, `${pointer}/${i}`, defaults));
  if (!isSpecObject(value)) return value;
  const out = mapDict(value, (v, k) => withDefaults(v, `${pointer}/${escapeSegment(k)}`, defaults));
  for (const [parent, key, v] of defaults) {
    if (!hasOwn(out, key) && parent.split('/').length === pointer.split('/').length && pointerMatches(parent, pointer)) out[key] = v;
  }
  return out;
}

/** `FieldPolicy.defaults` as [parent pattern, field, value]. */
function defaultsOf(policy: FieldPolicy): Array<[string, string, unknown]> {
  return Object.entries(policy.defaults ?? {}).map(([p, v]) => {
    const i = p.lastIndexOf('/');
    return [p.slice(0, i), unescapeSegment(p.slice(i + 1)), v];
  });
}

/**
 * Live values restricted to what the desired spec manages (structs: written keys; maps: all keys but
 * the ignored ones, which the desired side lost too).
 */
function project(live: unknown, desired: unknown, pointer: string, policy: FieldPolicy, ignore: readonly string[] = []): unknown {
  if (isSpecObject(desired) && isSpecObject(live)) {
    if (matchesAny(policy.maps, pointer) && pointer !== '') {
      if (ignore.length === 0) return live;
      return toDict(Object.entries(live).filter(([k]) => !ignore.some((i) => pointerMatches(i, `${pointer}/${escapeSegment(k)}`))));
    }
    // A keyed list is a map of items: every live item counts (extra ones are removed), but each item
    // is a struct whose unwritten fields are not managed.
    if (listKeyAt(pointer, policy)) {
      return mapDict(live, (item, k) => (hasOwn(desired, k) ? project(item, own(desired, k), `${pointer}/*`, policy, ignore) : item));
    }
    const out = dict<unknown>();
    for (const k of Object.keys(desired)) {
      const p = `${pointer}/${escapeSegment(k)}`;
      if (hasOwn(live, k)) out[k] = project(own(live, k), own(desired, k), p, policy, ignore);
    }
    return out;
  }
  return live;
}

/** Normalises a value for comparison: numeric strings to numbers, case, unordered arrays sorted. */
function normalize(v: unknown, pointer: string, policy: FieldPolicy): unknown {
  if (typeof v === 'string') {
    if (/^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
    return matchesAny(policy.caseInsensitive, pointer) ? v.toLowerCase() : v;
  }
  if (Array.isArray(v)) {
    const items = v.map((x, i) => normalize(x, `${pointer}/${i}`, policy));
    if (matchesAny(policy.unordered, pointer)) {
      return items.map((x) => [JSON.stringify(x), x] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((x) => x[1]);
    }
    return items;
  }
  if (isSpecObject(v)) {
    const out = dict<unknown>();
    for (const k of Object.keys(v).sort()) out[k] = normalize(own(v, k), `${pointer}/${k}`, policy);
    return out;
  }
  return v;
}

/**
 * Sorts the original items of unordered lists by the same key the comparison uses, so that the
 * indices of a reported difference point at the items that really differ on both sides.
 */
function orderUnordered(v: unknown, pointer: string, policy: FieldPolicy): unknown {
  if (Array.isArray(v)) {
    const items = v.map((x, i) => orderUnordered(x, `${pointer}/${i}`, policy));
    if (!matchesAny(policy.unordered, pointer)) return items;
    const key = (x: unknown) => JSON.stringify(normalize(revealDeep(x), `${pointer}/0`, policy));
    return items.map((x) => [key(x), x] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((x) => x[1]);
  }
  if (isSpecObject(v)) {
    return mapDict(v, (x, k) => orderUnordered(x, `${pointer}/${escapeSegment(k)}`, policy));
  }
  return v;
}

/** True when any part of `pointer` (or what lies under it) is sensitive by policy or holds a Secret. */
function isSensitive(pointer: string, desired: Record<string, unknown>, policy: FieldPolicy): boolean {
  if (matchesAny(policy.sensitive, pointer)) return true;
  const segs = fromPointer(pointer);
  let cur: unknown = desired;
  for (const s of segs) {
    if (isSecret(cur)) return true;
    if (!isSpecObject(cur) && !Array.isArray(cur)) return false;
    cur = own(cur as Record<string, unknown>, s);
  }
  return containsSecret(cur);
}


export interface DiffOptions {
  policy: FieldPolicy;
  /** Pointers relative to spec (`/nodeSizing`) never compared. */
  ignoreChanges?: readonly string[];
  resolveRef?: RefResolver;
}

/**
 * The differences that turn `live` into `desired`, as JSON-patch style entries relative to spec.
 * Values of sensitive fields are `(sensitive)`; entries on `x-immutable` fields carry `forcesReplace`.
 */
export function diffSpec(desired: Record<string, unknown>, live: Record<string, unknown>, opts: DiffOptions): FieldDiff[] {
  const { policy } = opts;
  const ignore = opts.ignoreChanges ?? [];
  const resolveRef = opts.resolveRef ?? (() => undefined);
  // Both passes copy every object they visit: skipped for kinds without keyed or unordered lists.
  const keyed = Object.keys(policy.listKeys ?? {}).length > 0;
  const unordered = policy.unordered.length > 0;
  const arrange = (v: Record<string, unknown>): Record<string, unknown> => {
    const k = keyed ? (keyLists(v, '', policy, resolveRef) as Record<string, unknown>) : v;
    return unordered ? (orderUnordered(k, '', policy) as Record<string, unknown>) : k;
  };
  const defaults = defaultsOf(policy);
  desired = arrange(desired);
  if (defaults.length > 0) desired = withDefaults(desired, '', defaults) as Record<string, unknown>;
  live = arrange(live);
  const want = normalize(managedDesired(desired, '', policy, ignore, resolveRef), '', policy) as Record<string, unknown>;
  const have = normalize(project(revealDeep(live), want, '', policy, ignore), '', policy) as Record<string, unknown>;
  const ops = jsonPatch.compare(have, want);
  const out: FieldDiff[] = [];
  for (const op of ops) {
    if (op.op !== 'add' && op.op !== 'remove' && op.op !== 'replace') continue;
    const sensitive = isSensitive(op.path, desired, policy);
    const entry: FieldDiff = { op: op.op, path: op.path };
    if (op.op !== 'add') entry.from = sensitive ? REDACTED : originalAt(live, op.path);
    if (op.op !== 'remove') entry.value = sensitive ? REDACTED : originalAt(desiredForDisplay(desired, resolveRef), op.path);
    // An immutable value the API did not return is unknown, not different: it never forces a replace.
    if (matchesAny(policy.immutable, op.path)) {
      if (op.op === 'add') entry.unknown = true;
      else entry.forcesReplace = true;
    }
    out.push(entry);
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The un-normalised value at `pointer` (so the plan shows what the user wrote, not `4` for `"4"`). */
function originalAt(v: unknown, pointer: string): unknown {
  const x = getAt(v, pointer);
  return x === undefined ? undefined : JSON.parse(JSON.stringify(x));
}

function desiredForDisplay(desired: Record<string, unknown>, resolveRef: RefResolver): unknown {
  const walk = (v: unknown): unknown => {
    if (isRefObject(v)) return resolveRef(v.ref) ?? `(id of ${v.ref})`;
    if (isSecret(v)) return REDACTED;
    if (Array.isArray(v)) return v.map(walk);
    if (isSpecObject(v)) return mapDict(v, walk);
    return v;
  };
  return walk(desired);
}

/** Every desired field as an `add` entry (what a create will set), with secrets redacted. */
export function creationDiff(desired: Record<string, unknown>, opts: DiffOptions): FieldDiff[] {
  const shown = desiredForDisplay(desired, opts.resolveRef ?? (() => undefined)) as Record<string, unknown>;
  const out: FieldDiff[] = [];
  const walk = (v: unknown, segs: string[]): void => {
    if (isSpecObject(v) && Object.keys(v).length > 0 && segs.length < 2) {
      for (const k of Object.keys(v).sort()) walk(own(v, k), [...segs, k]);
      return;
    }
    const pointer = toPointer(segs);
    out.push({ op: 'add', path: pointer, value: isSensitive(pointer, desired, opts.policy) ? REDACTED : v });
  };
  walk(shown, []);
  return out;
}
