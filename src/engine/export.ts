// `caretaker export`: live resources of one service -> manifest documents (a Stack and one document per
// resource), in the schema's key order, with secrets as `${env:NAME}` placeholders. Pure apart from the
// providers' `exportAll` reads; writing files and rendering YAML are the CLI's and the views' job.
import { dict, hasOwn, own, toDict } from '../core/dict.js';
import { CaretakerError, ConfigError } from '../core/errors.js';
import { compareAddress } from '../core/address.js';
import type { SchemaRegistry } from '../schema/registry.js';
import { suggest } from '../schema/suggest.js';
import type { ExportRules, ExportedResource, KindHandler, Provider } from './provider.js';

export interface ExportOptions {
  serviceId: number;
  /** Kinds to export; default: every exportable kind but those exported only on request (`ExportRules.onRequestOnly`). */
  kinds?: readonly string[];
  /** Glob patterns (`*`, `?`) on metadata.name; default: every name. */
  names?: readonly string[];
  /** Let the plan add the ownership tag to untagged resources (adoption). */
  adopt: boolean;
  /** Stack name; default: the stack that owns most exported resources (tag caretaker-stack), else `service-<id>`. */
  stack?: string;
}

export interface ExportedDocument {
  /** File name, relative to the output directory. */
  file: string;
  address: string;
  /** The whole document: apiVersion, kind, metadata, spec[, lifecycle], keys in schema order. */
  value: Record<string, unknown>;
  /** Comments by dotted path inside the document (`spec.healthcheck`, `spec`, `lifecycle`). */
  comments: Record<string, string>;
}

export interface ExportResult {
  stack: string;
  serviceId: number;
  /** The Stack first, then the resources by address. */
  documents: ExportedDocument[];
  /** Environment variables the manifests read, with the field each one feeds. */
  secrets: Array<{ env: string; address: string; field: string }>;
  /** Untagged resources the plan will adopt (with `adopt`) or observe without adopting. */
  untagged: string[];
  /** Resources left out, with the reason (owned by another stack). */
  skipped: Array<{ address: string; reason: string }>;
  /** Schema issues of the exported documents (a value the API returned that the schema refuses). */
  problems: string[];
}

/** The handler of `kind` in whichever provider has it. */
function handlerOf(providers: ReadonlyMap<string, Provider>, kind: string): KindHandler | undefined {
  for (const p of providers.values()) {
    const h = p.handler(kind);
    if (h) return h;
  }
  return undefined;
}

/** The kind's export rules (every default when it states none). */
function rulesOf(providers: ReadonlyMap<string, Provider>, kind: string): ExportRules {
  return handlerOf(providers, kind)?.exportRules ?? {};
}

/** Kinds a provider can export, sorted. */
export function exportableKinds(providers: ReadonlyMap<string, Provider>): string[] {
  const out: string[] = [];
  for (const p of providers.values()) for (const k of p.kinds()) if (p.handler(k)?.exportAll) out.push(k);
  return out.sort();
}

/** Refuses unknown kinds with a did-you-mean, before any network call. */
export function checkExportKinds(kinds: readonly string[], providers: ReadonlyMap<string, Provider>): void {
  checkKindNames(kinds, exportableKinds(providers));
}

/** The same check against a list of kind names (the CLI's, before any provider exists). */
export function checkKindNames(kinds: readonly string[], known: readonly string[]): void {
  const bad = kinds.filter((k) => !known.includes(k));
  if (bad.length === 0) return;
  const lines = bad.map((k) => {
    const s = suggest(k, known);
    return `--kind ${k}: not an exportable kind${s ? ` (did you mean ${s}?)` : ''}`;
  });
  throw new ConfigError(`${lines.join('\n')}\nexportable kinds: ${known.join(', ')}`);
}

function globRegex(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

function fileOf(kind: string, name: string, rules: ExportRules): string {
  const stem = rules.fileStem ?? kind.toLowerCase();
  return `${stem}-${name.toLowerCase().replace(/[^a-z0-9.-]+/g, '-')}.yaml`;
}

/** `REDIS_ORDERSCACHE_ADMPASSWORD`. */
function envName(kind: string, name: string, field: string): string {
  return [kind, name, field].map((s) => s.toUpperCase().replace(/[^A-Z0-9]+/g, '_')).join('_').replace(/_+/g, '_');
}

type Schema = Record<string, unknown>;

/** Resolves a local `$ref` (`#/$defs/x`) of `root`. */
function deref(s: unknown, root: Schema): Schema | undefined {
  if (!s || typeof s !== 'object') return undefined;
  const o = s as Schema;
  if (typeof o.$ref === 'string' && o.$ref.startsWith('#/')) {
    let cur: unknown = root;
    for (const seg of o.$ref.slice(2).split('/')) cur = own(cur as Schema | undefined, seg);
    return deref(cur, root);
  }
  return o;
}

/** The value with its object keys in the schema's `properties` order (then the rest, sorted). */
export function orderKeys(value: unknown, schema: unknown, root: Schema): unknown {
  const s = deref(schema, root);
  if (Array.isArray(value)) return value.map((v) => orderKeys(v, s?.items, root));
  if (!value || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const props = (s?.properties ?? {}) as Record<string, unknown>;
  const declared = Object.keys(props).filter((k) => hasOwn(obj, k));
  const rest = Object.keys(obj).filter((k) => !hasOwn(props, k)).sort();
  const out = dict<unknown>();
  for (const k of declared) out[k] = orderKeys(own(obj, k), own(props, k), root);
  for (const k of rest) out[k] = orderKeys(own(obj, k), s?.additionalProperties, root);
  return out;
}

function specSchema(registry: SchemaRegistry, kind: string): Schema | undefined {
  const root = registry.schema(kind) as Schema | undefined;
  return root ? deref((root.properties as Schema | undefined)?.spec, root) : undefined;
}

/** Reads, selects and shapes the documents. Throws ConfigError for a missing or empty service. */
export async function exportService(providers: ReadonlyMap<string, Provider>, registry: SchemaRegistry, opts: ExportOptions): Promise<ExportResult> {
  const all = exportableKinds(providers);
  const kinds = opts.kinds && opts.kinds.length > 0 ? [...new Set(opts.kinds)].sort() : all.filter((k) => rulesOf(providers, k).onRequestOnly !== true);
  checkExportKinds(kinds, providers);
  for (const p of providers.values()) {
    const why = await p.serviceMissing?.(opts.serviceId);
    if (why !== undefined) throw new ConfigError(`service ${opts.serviceId} does not exist (${why})`);
  }
  const globs = (opts.names ?? []).map(globRegex);
  const found: ExportedResource[] = [];
  for (const p of providers.values()) {
    for (const kind of kinds) {
      const h = p.handler(kind);
      if (!h?.exportAll) continue;
      try {
        found.push(...(await h.exportAll(opts.serviceId)));
      } catch (err) {
        if (err instanceof CaretakerError) err.message = `cannot export ${kind} resources of service ${opts.serviceId}: ${err.message}`;
        throw err;
      }
    }
  }
  const selected = settle(providers, found.filter((r) => globs.length === 0 || globs.some((g) => g.test(r.name))));
  if (selected.length === 0) {
    const what = `${kinds.join(', ')}${globs.length > 0 ? ` named ${(opts.names ?? []).join(', ')}` : ''}`;
    throw new ConfigError(`service ${opts.serviceId} has no ${what} to export; nothing was written`);
  }
  const owned = (k: string) => registry.policy(k).owned !== false;
  // The stack that owns most of the exported resources (ties: the first by name); the others are skipped.
  const tally = new Map<string, number>();
  for (const r of selected) if (owned(r.kind) && r.owner !== undefined) tally.set(r.owner, (tally.get(r.owner) ?? 0) + 1);
  const top = [...tally].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  const stack = opts.stack ?? top ?? `service-${opts.serviceId}`;

  const result: ExportResult = { stack, serviceId: opts.serviceId, documents: [], secrets: [], untagged: [], skipped: [], problems: [] };
  const stackValue = { apiVersion: 'caretaker/v1', kind: 'Stack', metadata: { name: stack }, spec: { defaults: { serviceId: opts.serviceId } } };
  result.documents.push({
    file: 'stack.yaml', address: `Stack/${stack}`, value: stackValue,
    comments: { kind: `exported from ITCare service ${opts.serviceId} by caretaker export` },
  });
  const docs: ExportedDocument[] = [];
  for (const r of selected.sort((a, b) => compareAddress(`${a.kind}/${a.name}`, `${b.kind}/${b.name}`))) {
    const address = `${r.kind}/${r.name}`;
    if (owned(r.kind) && r.owner !== undefined && r.owner !== stack) {
      result.skipped.push({ address, reason: `owned by stack "${r.owner}" (tag caretaker-stack): export it with --stack ${r.owner}` });
      continue;
    }
    docs.push(documentOf(r, rulesOf(providers, r.kind), registry, opts, result));
  }
  result.documents.push(...docs);
  for (const d of result.documents) {
    const placeholders = new Set(result.secrets.filter((x) => x.address === d.address).map((x) => `/${x.field.replace(/\./g, '/')}`));
    for (const issue of registry.validate(String(d.value.kind), d.value)) {
      if (d.value.kind !== 'Stack' && issue.path === '/spec/serviceId') continue; // filled by the stack defaults
      if (placeholders.has(issue.path)) continue; // `${env:…}`, checked once interpolated
      result.problems.push(`${d.file}: ${issue.summary}`);
    }
  }
  return result;
}

/** Each resource as its kind settles it against the whole selection (`ExportRules.settle`); undefined ones are left out. */
function settle(providers: ReadonlyMap<string, Provider>, list: ExportedResource[]): ExportedResource[] {
  return list.flatMap((r) => {
    const rule = rulesOf(providers, r.kind).settle;
    if (!rule) return [r];
    const settled = rule(r, list);
    return settled === undefined ? [] : [settled];
  });
}

function documentOf(r: ExportedResource, rules: ExportRules, registry: SchemaRegistry, opts: ExportOptions, result: ExportResult): ExportedDocument {
  const address = `${r.kind}/${r.name}`;
  const root = (registry.schema(r.kind) ?? {}) as Schema;
  const sSpec = specSchema(registry, r.kind);
  const policy = registry.policy(r.kind);
  const comments = toDict<string>(r.notes ?? {});
  const spec = toDict<unknown>(r.spec);
  delete spec.serviceId; // from the Stack defaults
  if (rules.keepsServiceId === true) spec.serviceId = opts.serviceId;
  // Required secrets the API never returns become placeholders the user fills through the environment.
  const required = Array.isArray(sSpec?.required) ? (sSpec.required as string[]) : [];
  for (const f of required) {
    if (spec[f] !== undefined || !policy.sensitive.includes(`/${f}`)) continue;
    const env = envName(r.kind, r.name, f);
    spec[f] = `\${env:${env}}`;
    comments[`spec.${f}`] = `secret, never returned by the API: set ${env} in the environment`;
    result.secrets.push({ env, address, field: `spec.${f}` });
  }
  const value: Record<string, unknown> = { apiVersion: 'caretaker/v1', kind: r.kind, metadata: { name: r.name }, spec };
  if (r.id !== undefined) comments.metadata = `ITCare id ${String(r.id)}`;
  if (policy.owned !== false && r.owner === undefined) {
    result.untagged.push(address);
    if (opts.adopt) {
      comments.kind = 'adopted: the plan adds the ownership tag caretaker-stack, so that prune and destroy see it';
    } else {
      value.lifecycle = { adopt: false };
      comments.lifecycle = 'not adopted: the plan leaves the caretaker-stack tag off (prune and destroy will not see it); remove to adopt';
    }
  }
  return { file: fileOf(r.kind, r.name, rules), address, value: orderKeys(value, root, root) as Record<string, unknown>, comments };
}
