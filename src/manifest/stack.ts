// The single Stack document of a manifest set: selection (exactly one), its settings, and the merge
// of its `spec.defaults` under every resource spec (resource values win, plain objects merge deeply).
import { error, type Diagnostic, type SourceRange } from '../core/diagnostics.js';
import { dict, hasOwn, own } from '../core/dict.js';
import { fromPointer, toPointer } from '../core/json-pointer.js';
import type { ManifestDocument, StackManifest } from './types.js';

/** The kind of the one document that configures the whole set. */
export const STACK_KIND = 'Stack';

export interface StackSelection {
  stack?: ManifestDocument;
  diagnostics: Diagnostic[];
}

function where(doc: ManifestDocument): string {
  const start = doc.sourceMap.rangeOf('')?.start;
  return start ? `${doc.file}:${start.line}` : doc.file;
}

/** True for a document whose `kind` is `Stack`. */
export function isStackDocument(doc: ManifestDocument): boolean {
  return isPlainObject(doc.value) && doc.value.kind === STACK_KIND;
}

/**
 * Picks the one Stack document. None: one sourceless diagnostic. Several: the first is kept and every
 * other one gets a diagnostic at its `kind`, naming where the first is.
 */
export function selectStack(docs: readonly ManifestDocument[]): StackSelection {
  const stacks = docs.filter(isStackDocument);
  const first = stacks[0];
  if (!first) {
    return {
      diagnostics: [error('stack', 'no Stack document found: exactly one document of kind Stack is required')],
    };
  }
  const diagnostics = stacks.slice(1).map((doc) =>
    error('stack', `a second Stack document: exactly one is allowed (the first is at ${where(first)})`, {
      path: '/kind',
      range: doc.sourceMap.rangeOf('/kind'),
    }),
  );
  return { stack: first, diagnostics };
}

/** True for a plain data object (parsed YAML mapping), false for arrays, Secrets and class instances. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Builds the StackManifest from a validated, interpolated Stack document. `defaults` may hold
 * Secrets; endpoints and changeReference are plain strings (their schema says `x-sensitive: false`).
 */
export function buildStack(value: Record<string, unknown>, file: string): StackManifest {
  const metadata = (value.metadata ?? {}) as Record<string, unknown>;
  const spec = (value.spec ?? {}) as Record<string, unknown>;
  const provider = (isPlainObject(spec.provider) ? spec.provider : {}) as StackManifest['provider'];
  const stack: StackManifest = {
    name: String(metadata.name),
    provider,
    defaults: isPlainObject(spec.defaults) ? spec.defaults : {},
    prune: spec.prune === true,
    file,
  };
  if (typeof spec.changeReference === 'string') stack.changeReference = spec.changeReference;
  return stack;
}

/**
 * Merges `defaults` under `spec`: a key of the spec wins, except that two plain objects merge
 * recursively. `accept` filters the top-level default keys (a kind takes only the fields it has).
 * Returns a new object; inputs are not modified; Secrets and arrays are leaves.
 */
export function mergeDefaults(
  defaults: Record<string, unknown>,
  spec: Record<string, unknown>,
  accept: (key: string) => boolean = () => true,
): Record<string, unknown> {
  const out = dict<unknown>();
  for (const [k, v] of Object.entries(defaults)) if (accept(k)) out[k] = v;
  for (const [k, v] of Object.entries(spec)) {
    const base = out[k];
    out[k] = isPlainObject(base) && isPlainObject(v) ? mergeDefaults(base, v) : v;
  }
  return out;
}

/** True when `value` has an entry at `pointer` (a null value counts). */
function hasAt(value: unknown, segments: readonly string[]): boolean {
  let cur: unknown = value;
  for (const seg of segments) {
    if (cur === null || typeof cur !== 'object' || !hasOwn(cur, seg)) return false;
    cur = own(cur as Record<string, unknown>, seg);
  }
  return true;
}

/** Where a pointer of a merged resource document is written. */
export interface MergedLocation {
  range?: SourceRange;
  /** True when the value came from the stack's `spec.defaults`. */
  fromDefaults: boolean;
}

/**
 * Locates a pointer of a resource document after the defaults merge: the resource's own value when
 * it has one; else the stack default it came from (`/spec/defaults/…` of the stack document); else
 * the resource's nearest written ancestor. `accept` is the filter given to mergeDefaults.
 */
export function locateMerged(
  resource: ManifestDocument,
  stack: ManifestDocument | undefined,
  accept: (key: string) => boolean,
): (pointer: string, atKey: boolean) => MergedLocation {
  return (pointer, atKey) => {
    const segs = fromPointer(pointer);
    const rangeIn = (doc: ManifestDocument, p: string) => (atKey ? doc.sourceMap.keyRangeOf(p) : doc.sourceMap.rangeOf(p));
    const own = hasAt(resource.value, segs);
    const rel = segs.slice(1);
    if (!own && stack && segs[0] === 'spec' && rel.length > 0 && accept(rel[0] as string)) {
      const inDefaults = ['spec', 'defaults', ...rel];
      if (hasAt(stack.value, inDefaults)) return { range: rangeIn(stack, toPointer(inDefaults)), fromDefaults: true };
    }
    return { range: rangeIn(resource, pointer), fromDefaults: false };
  };
}
