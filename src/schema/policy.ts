// FieldPolicy: what the schema keywords x-sensitive / x-write-only / x-immutable (and the
// comparison hints x-unordered / x-case-insensitive) say about the fields of one kind.
// The engine reads these lists and never hard-codes a field name.

export interface FieldPolicy {
  kind: string;
  /**
   * Whether caretaker owns (creates, tags with caretaker-stack, deletes) resources of this kind.
   * False for governance kinds (schema `x-owned: false`: Tags, PatchPolicy) that only set properties
   * of resources managed elsewhere: never adopted, never pruned or destroyed. Default true.
   */
  owned?: boolean;
  /** Provider that manages the kind (schema `x-provider`, default `itcare`). */
  provider: string;
  /**
   * JSON pointers relative to `spec` (e.g. `/admPassword`, `/patchParty/exclusionReason`).
   * `*` stands for any array index or map key (`/urls/*\/name`).
   */
  sensitive: string[];
  /** Not returned by the API: sent at create, never diffed afterwards. */
  writeOnly: string[];
  /** No operation changes it: a difference makes the change a replace. */
  immutable: string[];
  /** Arrays compared as sets (order ignored). */
  unordered: string[];
  /** String values compared without case. */
  caseInsensitive: string[];
  /** Fields whose interpolated values may be printed (`x-sensitive: false`). */
  notSensitive: string[];
  /**
   * Objects whose keys are data (string maps such as `tags`): a key present live but absent from the
   * manifest is a difference. Other objects are structs: only the keys written in the manifest are managed.
   */
  maps: string[];
  /**
   * Arrays of objects identified by a field (`x-list-key`): pointer -> field, e.g. `/urls` -> `name`,
   * or a list of fields of which the first present is the key (`/members` -> `[name, id]`).
   */
  listKeys?: Record<string, string | string[]>;
  /**
   * Values that fields absent from the manifest compare as (the schema's `default`): pointer (relative
   * to spec, `*` for items) -> value. Such a field is always managed, as if written with its default,
   * e.g. a PatchPolicy entry without `excluded` means `excluded: false`.
   */
  defaults?: Record<string, unknown>;
  /**
   * Where a `{ ref: Kind/name }` may point (`x-ref-kinds` on the field): pointer of the ref object
   * (relative to spec, `*` for items) -> allowed kinds. A ref to another kind is a validation error.
   */
  refKinds?: Record<string, string[]>;
}

/** True when `pointer` is matched by `pattern` (same length, `*` matching one segment) or lies under it. */
/** Split pointers and patterns, memoised: the diff of N resources asks about the same few pointers N times. */
const SEGMENTS = new Map<string, readonly string[]>();
function segments(s: string): readonly string[] {
  let v = SEGMENTS.get(s);
  if (v === undefined) {
    v = s.split('/');
    if (SEGMENTS.size < 50_000) SEGMENTS.set(s, v);
  }
  return v;
}

export function pointerMatches(pattern: string, pointer: string): boolean {
  const p = segments(pattern);
  const q = segments(pointer);
  if (q.length < p.length) return false;
  for (let i = 0; i < p.length; i++) if (p[i] !== '*' && p[i] !== q[i]) return false;
  return true;
}

export function matchesAny(patterns: readonly string[], pointer: string): boolean {
  return patterns.some((p) => pointerMatches(p, pointer));
}
