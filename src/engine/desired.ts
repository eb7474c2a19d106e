// The desired state from files, before any network call: load -> interpolate -> stack defaults merge
// -> schema validation (on revealed values, never printing them) -> stack -> references (dangling,
// cycles, allowed kinds) -> duplicates -> governance conflicts (a setting managed in two places).
// Every diagnostic of every phase is collected; a ManifestSet is returned only when there is no error.
import path from 'node:path';
import { compareAddress, formatAddress } from '../core/address.js';
import { error, hasErrors, sortDiagnostics, type Diagnostic } from '../core/diagnostics.js';
import { own, textOf, toDict, type Dict } from '../core/dict.js';
import { escapeSegment, toPointer } from '../core/json-pointer.js';
import { Secret, revealDeep } from '../core/secret.js';
import { interpolate } from '../manifest/interpolate.js';
import { loadDocuments } from '../manifest/load.js';
import { stackOrigin } from '../manifest/origin.js';
import { checkGovernance } from '../manifest/governance.js';
import { checkCycles, checkDangling, checkDuplicates, checkRefKinds, findReferences, type GovernanceRule, type ResourceEntry } from '../manifest/references.js';
import { STACK_KIND, buildStack, isPlainObject, locateMerged, mergeDefaults, selectStack } from '../manifest/stack.js';
import type { Lifecycle, ManifestDocument, ManifestSet, ResourceManifest } from '../manifest/types.js';
import { matchesAny } from '../schema/policy.js';
import { createSchemaRegistry, type SchemaRegistry } from '../schema/registry.js';
import { didYouMean, suggest } from '../schema/suggest.js';
import { issuesToDiagnostics } from '../schema/validate.js';
import { scalarTypeAt, type ScalarType } from '../schema/field-types.js';
import { policyDocumentRules } from './policies/load.js';
import { POLICY_KIND, duplicateRules, type PolicyRule } from './policies/rules.js';

export interface DesiredStateOptions {
  /** Directory that paths are relative to and that printed file names are relative to. */
  cwd: string;
  /** Environment for `${env:…}`; the caller decides (usually process.env). */
  env: Record<string, string | undefined>;
  /** Schema registry to use; created from the project's schemas/ when absent. */
  registry?: SchemaRegistry;
  /** `warning` for `validate`: an unset environment variable does not fail the load. */
  missingEnv?: 'error' | 'warning';
  /**
   * Default true (`missingEnv: 'warning'` reports instead): a missing `${env:…}`/`${file:…}` in a field
   * sent only at create (x-write-only) is an UnsetSecret, not an error; `secretsSent` makes it one
   * when a plan sends it.
   */
  deferWriteOnly?: boolean;
}

export interface DesiredStateResult {
  /** Present only when `diagnostics` holds no error. */
  set?: ManifestSet;
  /** Every problem of every file and phase, sorted by file and position. */
  diagnostics: Diagnostic[];
  registry: SchemaRegistry;
  /** The rules of the set's Policy documents (compiled; problems are in `diagnostics`). */
  policies: PolicyRule[];
}

interface Prepared {
  doc: ManifestDocument;
  kind: string;
  /** Interpolated document (Secrets inside spec). */
  value: Record<string, unknown>;
  /** Pointers whose interpolation failed: already reported, so schema errors there are noise. */
  failed: Set<string>;
}

/** The document with its spec replaced, as a null-prototype copy (the document's keys are data). */
function withSpec(value: Record<string, unknown>, spec: unknown): Dict<unknown> {
  const out = toDict(value);
  out.spec = spec;
  return out;
}

/** Checks that a document is a mapping with a known kind (and, when the kind is unknown, apiVersion). */
function envelope(doc: ManifestDocument, registry: SchemaRegistry, diags: Diagnostic[]): string | undefined {
  const at = (p: string) => ({ path: p, range: doc.sourceMap.rangeOf(p) });
  if (!isPlainObject(doc.value)) {
    diags.push(error('schema', 'document must be a mapping with apiVersion, kind, metadata and spec', at('')));
    return undefined;
  }
  const { kind, apiVersion } = doc.value;
  if (typeof kind === 'string' && registry.has(kind)) return kind;
  if (apiVersion !== 'caretaker/v1') {
    const got = typeof apiVersion === 'string' ? ` (got ${JSON.stringify(apiVersion)})` : '';
    diags.push(error('schema', `apiVersion: must be "caretaker/v1"${got}`, at(apiVersion === undefined ? '' : '/apiVersion')));
  }
  const kinds = registry.kinds();
  if (kind === undefined) diags.push(error('schema', 'kind: required field is missing', at('')));
  else if (typeof kind !== 'string') diags.push(error('schema', 'kind: must be string', at('/kind')));
  else {
    diags.push(error('unknown-kind', `unknown kind ${JSON.stringify(kind)}${didYouMean(kind, kinds)}`, {
      ...at('/kind'),
      detail: `known kinds: ${kinds.join(', ')}`,
    }));
  }
  return undefined;
}

/**
 * The scalar type the schema wants at a document pointer of `kind` (typed interpolation). A Stack's
 * `spec.defaults.<field>` takes the type the kinds having that field agree on.
 */
function typeLookup(registry: SchemaRegistry, kind: string): (pointer: string) => ScalarType | undefined {
  if (kind !== STACK_KIND) {
    const schema = registry.schema(kind);
    return (p) => (schema && p.startsWith('/spec/') ? scalarTypeAt(schema, p) : undefined);
  }
  return (p) => {
    if (!p.startsWith('/spec/defaults/')) return undefined;
    const inSpec = '/spec/' + p.slice('/spec/defaults/'.length);
    const types = new Set<ScalarType | undefined>();
    for (const k of registry.kinds()) {
      if (k === STACK_KIND || k === POLICY_KIND) continue;
      const field = fromPointerHead(inSpec);
      if (!registry.specFields(k).includes(field)) continue;
      types.add(scalarTypeAt(registry.schema(k)!, inSpec));
    }
    return types.size === 1 ? [...types][0] : undefined;
  };
}

/** `serviceId` of `/spec/serviceId/...`. */
function fromPointerHead(pointer: string): string {
  return (pointer.split('/')[2] ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Replaces Secrets by their string where the kind's schema says `x-sensitive: false`. */
function unwrapPlain(value: unknown, pointer: string, plain: readonly string[]): unknown {
  if (value instanceof Secret) {
    const v = value.reveal();
    return typeof v === 'string' && matchesAny(plain, pointer) ? v : value;
  }
  if (Array.isArray(value)) return value.map((v, i) => unwrapPlain(v, `${pointer}/${i}`, plain));
  if (isPlainObject(value)) {
    const entries = Object.entries(value).map(([k, v]) => [k, unwrapPlain(v, `${pointer}/${escapeSegment(k)}`, plain)]);
    return Object.fromEntries(entries);
  }
  return value;
}

function lifecycleOf(value: Record<string, unknown>): Lifecycle {
  const l = isPlainObject(value.lifecycle) ? value.lifecycle : {};
  const ignore = Array.isArray(l.ignoreChanges) ? l.ignoreChanges.filter((x): x is string => typeof x === 'string') : [];
  const out: Lifecycle = {
    preventDestroy: l.preventDestroy === true,
    ignoreChanges: ignore.map((p) => toPointer(p.split('.').slice(1))),
  };
  if (l.adopt === false) out.adopt = false;
  if (l.release === true) out.release = true;
  if (Array.isArray(l.ignoreDrift)) {
    out.ignoreDrift = l.ignoreDrift.filter(isPlainObject).map((e) => ({
      path: toPointer(textOf(e.path).split('.').slice(1)), written: textOf(e.path), reason: textOf(e.reason), until: textOf(e.until),
    }));
  }
  return out;
}

/** ignoreChanges entries must name a field the kind has (schema validation checks their form). */
function checkIgnoreChanges(p: Prepared, fields: readonly string[], address: string, diags: Diagnostic[]): void {
  const l = isPlainObject(p.value.lifecycle) ? p.value.lifecycle : {};
  const check = (entry: unknown, pointer: string, label: string) => {
    if (typeof entry !== 'string' || !entry.startsWith('spec.')) return;
    const field = entry.split('.')[1] ?? '';
    if (field === '' || fields.includes(field)) return;
    const summary = `${label}: unknown field ${JSON.stringify(field)} in spec${didYouMean(field, fields)}`;
    diags.push(error('unknown-field', summary, { address, path: pointer, range: p.doc.sourceMap.rangeOf(pointer) }));
  };
  if (Array.isArray(l.ignoreChanges)) l.ignoreChanges.forEach((e, i) => check(e, `/lifecycle/ignoreChanges/${i}`, 'lifecycle.ignoreChanges'));
  if (Array.isArray(l.ignoreDrift)) {
    l.ignoreDrift.forEach((e, i) => {
      if (isPlainObject(e)) check(e.path, `/lifecycle/ignoreDrift/${i}/path`, 'lifecycle.ignoreDrift path');
    });
  }
}

/** Default keys that no kind has are typos: report them at the stack. */
function checkDefaultKeys(stack: Prepared, defaults: Record<string, unknown>, registry: SchemaRegistry, diags: Diagnostic[]): void {
  const kinds = registry.kinds().filter((k) => k !== STACK_KIND && k !== POLICY_KIND);
  const all = [...new Set(kinds.flatMap((k) => registry.specFields(k)))];
  for (const key of Object.keys(defaults)) {
    if (all.includes(key)) continue;
    const pointer = `/spec/defaults/${escapeSegment(key)}`;
    const summary = `unknown field ${JSON.stringify(key)} in spec.defaults: no kind has it${didYouMean(key, all)}`;
    diags.push(error('unknown-field', summary, { path: pointer, range: stack.doc.sourceMap.keyRangeOf(pointer) }));
  }
}

/** Validates one resource with the defaults merged under its spec; returns its manifest and identity. */
function resolveResource(
  p: Prepared,
  stack: Prepared | undefined,
  defaults: Record<string, unknown>,
  registry: SchemaRegistry,
  diags: Diagnostic[],
): { manifest: ResourceManifest; entry: ResourceEntry } | undefined {
  const policy = registry.policy(p.kind);
  const fields = registry.specFields(p.kind);
  const accept = (k: string) => fields.includes(k);
  const ownSpec = p.value.spec;
  const spec = isPlainObject(ownSpec)
    ? (unwrapPlain(mergeDefaults(defaults, ownSpec, accept), '', policy.notSensitive) as Record<string, unknown>)
    : ownSpec;
  const metadata = isPlainObject(p.value.metadata) ? p.value.metadata : undefined;
  const name = typeof own(metadata, 'name') === 'string' ? (own(metadata, 'name') as string) : undefined;
  const address = name === undefined ? undefined : formatAddress(p.kind, name);
  const locate = locateMerged(p.doc, stack?.doc, accept);
  const errorsBefore = diags.filter((d) => d.severity === 'error').length;
  for (const issue of registry.validate(p.kind, withSpec(p.value, spec))) {
    const where = locate(issue.at, issue.atKey);
    const source = locate(issue.path, false).fromDefaults ? stack : p;
    const written = source === stack ? issue.path.replace(/^\/spec/, '/spec/defaults') : issue.path;
    if (source?.failed.has(written)) continue;
    // The same default is merged into many resources: say which one the problem belongs to.
    const suffix = where.fromDefaults ? ` (from the stack defaults, merged into ${address ?? p.kind})` : '';
    const extra = { path: issue.path, range: where.range, ...(address ? { address } : {}) };
    diags.push(error(issue.code, issue.summary + suffix, extra));
  }
  if (address === undefined || !isPlainObject(spec)) {
    // A document that yields no resource is never dropped in silence, whatever the schema said.
    if (diags.filter((d) => d.severity === 'error').length === errorsBefore) {
      const [pointer, what] = address === undefined ? ['/metadata', 'metadata.name: must be a string'] : ['/spec', 'spec: must be a mapping'];
      diags.push(error('schema', `${what}; this ${p.kind} document yields no resource`, { path: pointer, range: p.doc.sourceMap.rangeOf(pointer) }));
    }
    return undefined;
  }
  checkIgnoreChanges(p, fields, address, diags);
  const references = findReferences(spec, '', Object.keys(policy.refKinds ?? {})).map((r) => ({ ...r, range: locate(`/spec${r.pointer}/ref`, false).range }));
  const manifest: ResourceManifest = {
    kind: p.kind, name: name as string, address, provider: policy.provider, spec,
    lifecycle: lifecycleOf(p.value), references, file: p.doc.file, documentIndex: p.doc.index, sourceMap: p.doc.sourceMap,
  };
  const entry: ResourceEntry = {
    address, kind: p.kind, name: name as string, serviceId: revealDeep(spec.serviceId), references,
    file: p.doc.file, range: p.doc.sourceMap.rangeOf('/metadata/name'),
    spec, locate: (pointer) => locate(pointer, false),
  };
  const governs = governanceOf(registry, p.kind);
  if (governs) entry.governs = governs;
  return { manifest, entry };
}

/**
 * True for a pointer under the Stack's `spec.defaults` whose field is write-only in every kind that has
 * it (the kinds the default is merged into), so that a missing source there can wait for a create.
 */
function writeOnlyDefault(registry: SchemaRegistry, pointer: string): boolean {
  const m = /^\/spec\/defaults(\/([^/]+).*)$/.exec(pointer);
  if (!m) return false;
  const [, rest, field] = m as unknown as [string, string, string];
  const kinds = registry.kinds().filter((k) => k !== STACK_KIND && registry.specFields(k).includes(field));
  return kinds.length > 0 && kinds.every((k) => matchesAny(registry.policy(k).writeOnly, rest));
}

/** True for a pointer under the Stack's `spec.defaults` whose field is sensitive in some kind that has it. */
function sensitiveDefault(registry: SchemaRegistry, pointer: string): boolean {
  const m = /^\/spec\/defaults(\/([^/]+).*)$/.exec(pointer);
  if (!m) return false;
  const [, rest, field] = m as unknown as [string, string, string];
  return registry.kinds().some((k) => k !== STACK_KIND && registry.specFields(k).includes(field) && matchesAny(registry.policy(k).sensitive, rest));
}

/** The kind's `x-governs` annotation (governance kinds: which field of which targets they manage). */
function governanceOf(registry: SchemaRegistry, kind: string): GovernanceRule | undefined {
  const g = registry.schema(kind)?.['x-governs'];
  if (!isPlainObject(g) || typeof g.field !== 'string' || typeof g.target !== 'string') return undefined;
  return { field: g.field, target: g.target };
}

/**
 * Reads, interpolates and validates the manifests under `paths`. Never throws for input problems
 * and makes no network call; throws InternalError only for a broken schema file.
 */
export async function loadDesiredState(paths: string[], opts: DesiredStateOptions): Promise<DesiredStateResult> {
  const registry = opts.registry ?? createSchemaRegistry(undefined, { lazy: true });
  const loaded = await loadDocuments(paths, { cwd: opts.cwd });
  const diags = [...loaded.diagnostics];
  const prepared: Prepared[] = [];
  const roots = new Map(loaded.fileInfo.map((f) => [f.name, f.root]));
  for (const doc of loaded.documents) {
    const kind = envelope(doc, registry, diags);
    // Policy documents are not interpolated: a rule's text is what the reviewer reads.
    if (kind === POLICY_KIND) {
      prepared.push({ doc, kind, value: doc.value as Record<string, unknown>, failed: new Set() });
      continue;
    }
    const plainSpec = kind ? registry.policy(kind).notSensitive : [];
    const sensitiveSpec = kind ? registry.policy(kind).sensitive : [];
    const defer = opts.deferWriteOnly !== false;
    const writeOnly = kind ? registry.policy(kind).writeOnly : [];
    const result = interpolate(doc.value, {
      env: opts.env,
      missingEnv: opts.missingEnv,
      sensitive: !kind ? undefined : kind === STACK_KIND
        ? (p) => sensitiveDefault(registry, p)
        : (p) => p.startsWith('/spec/') && matchesAny(sensitiveSpec, p.slice('/spec'.length)),
      deferMissing: !defer || !kind ? undefined : kind === STACK_KIND
        ? (p) => writeOnlyDefault(registry, p)
        : (p) => p.startsWith('/spec/') && matchesAny(writeOnly, p.slice('/spec'.length)),
      baseDir: path.dirname(path.resolve(opts.cwd, doc.file)),
      root: roots.get(doc.file) ?? path.dirname(path.resolve(opts.cwd, doc.file)),
      sourceMap: doc.sourceMap,
      plain: (p) => !p.startsWith('/spec/') || matchesAny(plainSpec, p.slice('/spec'.length)),
      // Secrets go only into fields the API never returns; the Stack's own fields are never sent.
      secretAllowed: (p) => kind === STACK_KIND || (p.startsWith('/spec/') && matchesAny(sensitiveSpec, p.slice('/spec'.length))),
      typeAt: kind ? typeLookup(registry, kind) : undefined,
    });
    diags.push(...result.diagnostics);
    const failed = new Set([...result.diagnostics.map((d) => d.path ?? ''), ...result.deferred]);
    if (kind) prepared.push({ doc, kind, value: result.value as Record<string, unknown>, failed });
  }

  const selection = selectStack(loaded.documents);
  // With nothing read because of a path problem (e.g. an empty folder), that problem is the whole story.
  const nothingRead = loaded.documents.length === 0 && loaded.diagnostics.some((d) => d.severity === 'error' && d.code === 'path');
  if (!nothingRead) diags.push(...selection.diagnostics);
  const stack = prepared.find((p) => p.doc === selection.stack);
  let defaults: Record<string, unknown> = {};
  if (stack) {
    const issues = registry.validate(STACK_KIND, stack.value).filter((i) => !stack.failed.has(i.path));
    const map = stack.doc.sourceMap;
    diags.push(...issuesToDiagnostics(issues, (ptr, atKey) => (atKey ? map.keyRangeOf(ptr) : map.rangeOf(ptr))));
    const d = isPlainObject(stack.value.spec) ? stack.value.spec.defaults : undefined;
    if (isPlainObject(d)) defaults = d;
    checkDefaultKeys(stack, defaults, registry, diags);
  }

  const resources: ResourceManifest[] = [];
  const entries: ResourceEntry[] = [];
  const policies: PolicyRule[] = [];
  for (const p of prepared) {
    if (p.kind === STACK_KIND) continue;
    if (p.kind === POLICY_KIND) {
      const r = policyDocumentRules(p.doc, registry);
      policies.push(...r.rules);
      diags.push(...r.diagnostics);
      continue;
    }
    const r = resolveResource(p, stack, defaults, registry, diags);
    if (!r) continue;
    resources.push(r.manifest);
    entries.push(r.entry);
  }
  diags.push(...checkDuplicates(entries), ...checkDangling(entries, suggest), ...checkCycles(entries));
  diags.push(...checkRefKinds(entries, (kind) => registry.policy(kind).refKinds), ...checkGovernance(entries), ...duplicateRules(policies));

  const diagnostics = sortDiagnostics(diags);
  if (hasErrors(diagnostics) || !stack) return { diagnostics, registry, policies };
  resources.sort((a, b) => compareAddress(a.address, b.address));
  const built = buildStack(stack.value, stack.doc.file);
  const origin = await stackOrigin(path.resolve(opts.cwd, stack.doc.file), opts.env);
  if (origin) built.origin = origin;
  return { set: { stack: built, resources, files: loaded.files, digests: loaded.digests, documentCount: loaded.documents.length }, diagnostics, registry, policies };
}
