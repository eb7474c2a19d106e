// `drift --accept`: the live values of drifted fields written back into the manifests, as YAML edits
// that keep comments and layout (manifest/yaml-edit.ts). Refused, with the reason, are fields whose
// live value cannot or must not go into a manifest: secrets, write-only fields, interpolated values,
// values set by the Stack's defaults, references, anchors, items of unordered lists, the ownership tag.
import { createHash } from 'node:crypto';
import { own } from '../core/dict.js';
import { fromPointer, toPointer } from '../core/json-pointer.js';
import { isSecret, REDACTED } from '../core/secret.js';
import { applyYamlEdit, documentValue, type YamlEdit } from '../manifest/yaml-edit.js';
import type { ManifestSet, ResourceManifest } from '../manifest/types.js';
import { matchesAny, pointerMatches, type FieldPolicy } from '../schema/policy.js';
import type { DriftField, DriftReport } from './drift.js';
import { OWNER_TAG } from './provider.js';
import { addressMatcher } from './targets.js';

export interface AcceptedField {
  address: string;
  /** Dotted spec path. */
  path: string;
  file: string;
}

export interface RefusedField {
  address: string;
  path: string;
  reason: string;
}

/** One manifest file as it was and as accept would write it. */
export interface FileChange {
  file: string;
  before: string;
  after: string;
}

export interface AcceptResult {
  files: FileChange[];
  accepted: AcceptedField[];
  refused: RefusedField[];
}

export interface AcceptOptions {
  policy(kind: string): FieldPolicy;
  /** Only these addresses or patterns (`--target`, `Redis/*`); all drifted resources when absent. */
  targets?: readonly string[];
  /** Files that must not be edited, with the reason (e.g. changed since the drift read them). */
  unavailable?: ReadonlyMap<string, string>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const INTERPOLATION = /(^|[^$])\$\{/;

/** True when a string at, above or below `segs` of the raw document is interpolated (`${env:…}`). */
function interpolated(raw: unknown, segs: readonly string[]): boolean {
  const any = (v: unknown): boolean =>
    typeof v === 'string' ? INTERPOLATION.test(v) : Array.isArray(v) ? v.some(any) : isObject(v) ? Object.values(v).some(any) : false;
  let cur = raw;
  for (const s of segs) {
    if (typeof cur === 'string') return INTERPOLATION.test(cur);
    if (!isObject(cur) && !Array.isArray(cur)) return false;
    cur = own(cur as Record<string, unknown>, s);
  }
  return any(cur);
}

function has(v: unknown, segs: readonly (string | number)[]): boolean {
  let cur = v;
  for (const s of segs) {
    if (!isObject(cur) && !Array.isArray(cur)) return false;
    if (!Object.prototype.hasOwnProperty.call(cur, String(s))) return false;
    cur = own(cur as Record<string, unknown>, String(s));
  }
  return true;
}

function at(v: unknown, segs: readonly (string | number)[]): unknown {
  let cur = v;
  for (const s of segs) cur = isObject(cur) || Array.isArray(cur) ? own(cur as Record<string, unknown>, String(s)) : undefined;
  return cur;
}

/** A live string that reads as an interpolation would be one once written: escape `${` as `$${`. */
function escapeLive(v: unknown): unknown {
  if (typeof v === 'string') return v.replace(/\$\{/g, () => '$${');
  if (Array.isArray(v)) return v.map(escapeLive);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, escapeLive(x)]));
  return v;
}

function containsRedacted(v: unknown): boolean {
  return v === REDACTED || (Array.isArray(v) ? v.some(containsRedacted) : isObject(v) ? Object.values(v).some(containsRedacted) : false);
}

/**
 * The path of `pointer` inside the resource's own YAML document (`spec` first), with the keys of
 * keyed lists (`/urls/api.shop/…`) turned into the item's position. A refusal reason instead when the
 * path goes through an unordered list (its positions are the comparison's, not the file's).
 */
function documentPath(pointer: string, raw: unknown, policy: FieldPolicy): { path: (string | number)[] } | { reason: string } {
  const segs = fromPointer(pointer);
  const out: (string | number)[] = ['spec'];
  for (let i = 0; i < segs.length; i++) {
    const prefix = toPointer(segs.slice(0, i));
    const seg = segs[i]!;
    const listKey = Object.entries(policy.listKeys ?? {}).find(([p]) => p.split('/').length === prefix.split('/').length && pointerMatches(p, prefix))?.[1];
    const list = at(raw, out);
    if (listKey !== undefined && prefix !== '') {
      const fields = typeof listKey === 'string' ? [listKey] : listKey;
      const items = Array.isArray(list) ? list : [];
      const index = items.findIndex((x) => isObject(x) && String(fields.map((f) => own(x, f)).find((v) => v !== undefined && v !== null)) === seg);
      out.push(index >= 0 ? index : items.length);
      continue;
    }
    if (matchesAny(policy.unordered, prefix) && prefix !== '' && /^\d+$/.test(seg)) {
      return { reason: `an item of ${prefix.slice(1).replace(/\//g, '.')}, a list compared in any order: its position in the report is not its position in the file; edit it by hand` };
    }
    out.push(Array.isArray(list) && /^\d+$/.test(seg) ? Number(seg) : seg);
  }
  return { path: out };
}

/** Why a field's live value must not be written, or undefined when it may. */
function refusal(f: DriftField, r: ResourceManifest, raw: unknown, defaults: Record<string, unknown>, policy: FieldPolicy): string | undefined {
  const segs = fromPointer(f.pointer);
  if (f.path === `spec.tags.${OWNER_TAG}`) return `the ${OWNER_TAG} tag is caretaker's own (ownership); plan adds it`;
  if (matchesAny(policy.sensitive, f.pointer) || containsRedacted(f.live) || containsRedacted(f.manifest)) return 'a secret: its live value is never read or written';
  if (matchesAny(policy.writeOnly, f.pointer)) return 'write-only: the API does not return it, so there is no live value to accept';
  if (interpolated(at(raw, ['spec']), segs)) return 'interpolated (${…}): change the variable or file it comes from, not the manifest';
  const own = has(at(raw, ['spec']), segs);
  if (!own && f.change !== 'removed' && has(defaults, segs)) return "set by the Stack's spec.defaults, shared by other resources: change it there by hand";
  const refAt = segs.findIndex((_s, i) => isObject(at(r.spec, segs.slice(0, i + 1))) && 'ref' in (at(r.spec, segs.slice(0, i + 1)) as object));
  if (refAt >= 0 || (isObject(at(r.spec, segs)) && 'ref' in (at(r.spec, segs) as object))) return 'a reference ({ref: Kind/name}): edit it by hand';
  return undefined;
}

/** Whether drift of this field counts (an acknowledged, unexpired field is left as it is). */
const counts = (f: DriftField) => f.acknowledged === undefined || f.acknowledged.expired;

/**
 * Computes the write-back of every counting drifted field of `report` on the current `texts` of the
 * manifest files (printed name -> text). Pure: the caller checks that the files did not change since
 * they were read for the drift, and writes the `files` atomically.
 */
export function acceptDrift(report: DriftReport, set: Pick<ManifestSet, 'resources' | 'stack'>, texts: ReadonlyMap<string, string>, opts: AcceptOptions): AcceptResult {
  const byAddress = new Map(set.resources.map((r) => [r.address, r]));
  const accepted: AcceptedField[] = [];
  const refused: RefusedField[] = [];
  const current = new Map(texts);
  const targeted = opts.targets && opts.targets.length > 0 ? addressMatcher(opts.targets) : () => true;
  for (const res of report.resources) {
    if (res.status !== 'drifted') continue;
    if (!targeted(res.address)) continue;
    const r = byAddress.get(res.address);
    if (!r || r.documentIndex === undefined) continue;
    const policy = opts.policy(r.kind);
    // Values are written first, in field order; then keys are removed, the last first, so that list
    // positions stay right and a map is not emptied (to `{}`) before a key is added to it.
    const counting = res.fields.filter(counts);
    const fields = [
      ...counting.filter((f) => f.change !== 'added'),
      ...counting.filter((f) => f.change === 'added').sort((a, b) => (a.pointer < b.pointer ? 1 : a.pointer > b.pointer ? -1 : 0)),
    ];
    for (const f of fields) {
      const text = current.get(r.file);
      if (text === undefined) {
        refused.push({ address: res.address, path: f.path, reason: `${r.file} ${opts.unavailable?.get(r.file) ?? 'was not read'}` });
        continue;
      }
      const raw = documentValue(text, r.documentIndex);
      const why = refusal(f, r, raw, set.stack.defaults, policy);
      if (why) {
        refused.push({ address: res.address, path: f.path, reason: why });
        continue;
      }
      const where = documentPath(f.pointer, raw, policy);
      if ('reason' in where) {
        refused.push({ address: res.address, path: f.path, reason: where.reason });
        continue;
      }
      // `added`: in the manifest, not live -> the key goes; otherwise the live value is written.
      const edit: YamlEdit = f.change === 'added' ? { path: where.path, remove: true } : { path: where.path, value: escapeLive(f.live) };
      const done = applyYamlEdit(text, r.documentIndex, edit);
      if (!done.ok) {
        refused.push({ address: res.address, path: f.path, reason: done.reason });
        continue;
      }
      current.set(r.file, done.text);
      accepted.push({ address: res.address, path: f.path, file: r.file });
    }
  }
  const files = [...current].filter(([file, after]) => texts.get(file) !== after).map(([file, after]) => ({ file, before: texts.get(file)!, after }));
  return { files: files.sort((a, b) => (a.file < b.file ? -1 : 1)), accepted, refused };
}

/**
 * The values written in clear in the manifests' sensitive fields (a literal `admPassword`): the diff
 * `--accept` prints shows the lines around each edit, so the caller registers them with the scrubber.
 */
export function sensitiveLiterals(set: Pick<ManifestSet, 'resources'>, policy: (kind: string) => FieldPolicy): string[] {
  const out: string[] = [];
  const walk = (v: unknown, pointer: string, patterns: readonly string[]): void => {
    if (isSecret(v)) return;
    if (typeof v === 'string' || typeof v === 'number') {
      if (matchesAny(patterns, pointer)) out.push(String(v));
      return;
    }
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${pointer}/${i}`, patterns));
    else if (isObject(v)) for (const [k, x] of Object.entries(v)) walk(x, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, patterns);
  };
  for (const r of set.resources) walk(r.spec, '', policy(r.kind).sensitive);
  return out;
}

/** sha256 (hex) of a file's bytes, as the loader records it in `ManifestSet.digests`. */
export function digestOf(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
