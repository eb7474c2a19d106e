// Pure pieces of the PatchPolicy kind: the entries of `spec.resources`, their live counterparts in spec
// shape, and the items of the bulk PATCH body (ITCARE-API §9.4). No I/O here.
import { fromPointer } from '../../../../core/json-pointer.js';
import type { FieldDiff } from '../../../../engine/plan.js';
import { type Json } from '../../common/client.js';
import { isObject } from '../../../../core/objects.js';
import { patchPartyOf, toNumber, toText } from '../../common/normalize.js';

/** How one entry names its resource (the schema guarantees exactly one form). */
export type EntryTarget = { form: 'id'; id: number } | { form: 'name'; name: string } | { form: 'ref'; address: string };

export interface Entry {
  target: EntryTarget;
  /** The entry as written (excluded, patchGroup, exclusionReason). */
  want: Json;
}

export function entriesOf(spec: Record<string, unknown>): Entry[] {
  const list = Array.isArray(spec.resources) ? spec.resources : [];
  return list.filter(isObject).map((want) => {
    const r = isObject(want.resource) ? want.resource : {};
    const id = toNumber(r.id);
    const target: EntryTarget =
      id !== undefined ? { form: 'id', id } : typeof r.ref === 'string' ? { form: 'ref', address: r.ref } : { form: 'name', name: String(r.name) };
    return { target, want };
  });
}

/** Marker the engine's diff shows for a `{ref}` whose target does not exist yet (engine/diff.ts). */
export const unresolvedRef = (address: string): string => `(id of ${address})`;

/**
 * The live entry in spec shape, holding the fields the desired entry writes, so that entries compare
 * one to one (the engine keys the list by resource, `x-list-key`: `entryKey`). `resource` echoes the
 * desired one (a {ref} as the live id, or the engine's marker when missing). `excluded` is always there:
 * an entry that does not write it compares as `excluded: false` (the schema's default), so a live
 * exclusion shows. `patchGroup` shows only when set live, `exclusionReason` only while excluded
 * (common/normalize.ts).
 */
export function liveEntry(entry: Entry, live: unknown, id: string | number | undefined): Json {
  const t = entry.target;
  const resource = t.form === 'ref' ? (id ?? unresolvedRef(t.address)) : entry.want.resource;
  const out: Json = { resource };
  const pp = patchPartyOf(live) ?? {};
  out.excluded = pp.excluded === true;
  for (const k of ['patchGroup', 'exclusionReason'] as const) {
    if (k in entry.want && pp[k] !== undefined) out[k] = pp[k];
  }
  return out;
}

/**
 * The key the engine diffs an entry by (the schema's `x-list-key: [resource/name, resource/id, resource]`):
 * its name, its id, or for a {ref} the live id the plan knows (`resolveRef`), else the engine's marker.
 */
export function entryKey(entry: Entry, resolveRef: (address: string) => string | number | undefined): string {
  const t = entry.target;
  if (t.form === 'name') return t.name;
  if (t.form === 'id') return String(t.id);
  return String(resolveRef(t.address) ?? unresolvedRef(t.address));
}

/**
 * Indexes of the entries a diff changes, found by their keys (`/resources/<key>/patchGroup`), or by
 * position when the engine compared the list by position (two entries of one resource). A difference
 * of `resource` alone is identity, not a setting (the target's id seen from two lookups), and changes
 * nothing.
 */
export function changedEntries(diff: readonly FieldDiff[], keys: readonly string[]): number[] {
  const out = new Set<number>();
  const keyed = new Set(keys).size === keys.length;
  for (const d of diff) {
    const [head, key, field] = fromPointer(d.path);
    if (head !== 'resources') continue;
    if (key === undefined) keys.forEach((_k, i) => out.add(i));
    else if (field === 'resource') continue;
    else if (keyed && keys.includes(key)) out.add(keys.indexOf(key));
    else if (!keyed && /^\d+$/.test(key) && Number(key) < keys.length) out.add(Number(key));
  }
  return [...out].sort((a, b) => a - b);
}

/** One body item `{resourceId, excluded, exclusionReason?, patchGroup?}` (`001:9396-9419`). */
export interface PolicyItem {
  resourceId: string | number;
  excluded: boolean;
  exclusionReason?: unknown;
  patchGroup?: string;
}

/** The body item of an entry: include (with its group, when written) or exclude with its reason. */
export function policyItem(entry: Entry, resourceId: string | number): PolicyItem {
  if (entry.want.excluded === true) return { resourceId, excluded: true, exclusionReason: entry.want.exclusionReason };
  const group = toText(entry.want.patchGroup);
  return group === undefined ? { resourceId, excluded: false } : { resourceId, excluded: false, patchGroup: group };
}

/** `include, group 2` / `include` / `exclude`. */
export function describeItem(item: PolicyItem): string {
  if (item.excluded) return 'exclude';
  return item.patchGroup === undefined ? 'include' : `include, group ${item.patchGroup}`;
}

/**
 * How an entry is named in summaries and refusals: `rhutsql20 (500057033)`, `id 500079802` without a
 * known name, or the ref address while its id is a placeholder. The `name (id)` form is what
 * common/actions.ts finds to name the resource of a FAILED item.
 */
export function entryLabel(entry: Entry, name: string | undefined, id: string | number | undefined): string {
  const known = typeof id === 'number' || (typeof id === 'string' && !id.startsWith('${'));
  const shown = entry.target.form === 'ref' && !known ? entry.target.address : name;
  if (!known) return shown ?? 'resource';
  return shown === undefined ? `id ${String(id)}` : `${shown} (${String(id)})`;
}
