// The schema registry: loads every `*.schema.json` of the schemas directory (one kind each), compiles
// them once with ajv (draft 2020-12), and answers kinds, schemas, FieldPolicies and validation.
// The CLI's (lazy) registry uses the validators `npm run build` precompiled from the same schema files
// (scripts/build-validators.mjs, ajv's standalone code), so a run loads neither ajv nor its compiler.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ajv2020, Options as AjvOptions, ValidateFunction } from 'ajv/dist/2020.js';
import { InternalError } from '../core/errors.js';
import { escapeSegment } from '../core/json-pointer.js';
import { isSecret, revealDeep } from '../core/secret.js';
import { extractPolicy, registerKeywords } from './keywords.js';
import { matchesAny, type FieldPolicy } from './policy.js';
import { duplicateListKeys, explainErrors, type SchemaIssue } from './validate.js';

type Schema = Record<string, unknown>;

/** Read-only access to the kinds caretaker knows. Adding a kind = dropping a schema file. */
export interface SchemaRegistry {
  /** Every kind with a schema (Stack included), sorted. */
  kinds(): string[];
  has(kind: string): boolean;
  /** The kind's JSON Schema as written, or undefined for an unknown kind. */
  schema(kind: string): Readonly<Schema> | undefined;
  /** The kind's FieldPolicy; throws InternalError for an unknown kind. */
  policy(kind: string): FieldPolicy;
  /** Names of the top-level fields of the kind's `spec` (what stack defaults may fill). */
  specFields(kind: string): string[];
  /**
   * Validates a whole document (apiVersion, kind, metadata, spec, lifecycle). `value` may contain
   * Secrets: they are revealed for validation only, and neither they nor x-sensitive values ever
   * appear in an issue. Throws InternalError for an unknown kind.
   */
  validate(kind: string, value: unknown): SchemaIssue[];
}

interface Entry {
  schema: Schema;
  readonly validate: ValidateFunction;
  policy: FieldPolicy;
}

/** The project's `schemas/` directory: `../../schemas` from both src/schema/ and dist/schema/. */
export function defaultSchemaDir(): string {
  return fileURLToPath(new URL('../../schemas/', import.meta.url));
}

/** Where `npm run build` writes the precompiled validator of each kind schema: `<name>.cjs` (dist only). */
export function validatorDir(): string {
  return fileURLToPath(new URL('./validators/', import.meta.url));
}

const require = createRequire(import.meta.url);

export interface SchemaSource {
  file: string;
  schema: Schema;
  /** sha256 of the file's text: a precompiled validator is used only for the very text it was built from. */
  digest: string;
}

/** The kind schemas of `dir` (output formats such as the drift report, `x-output-format`, are not kinds). */
export function readKindSchemas(dir: string): SchemaSource[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.schema.json')).sort();
  const all = files.map((file) => {
    try {
      const text = readFileSync(path.join(dir, file), 'utf8');
      return { file, schema: JSON.parse(text) as Schema, digest: createHash('sha256').update(text).digest('hex') };
    } catch (err) {
      throw new InternalError(`cannot read schema ${file}: ${(err as Error).message}`, { cause: err });
    }
  });
  return all.filter((s) => s.schema['x-output-format'] === undefined);
}

/**
 * The ajv instance kind schemas are compiled with, at run time and at build time alike (same options,
 * same keywords). `checkSchemas` checks each schema against the draft 2020-12 meta-schema and the
 * keywords' value types; `extra` is merged into the options (the build adds `code`). ajv is loaded here,
 * on first use, not when this module is.
 */
export function createAjv(schemas: readonly Schema[], opts: { checkSchemas: boolean; extra?: Partial<AjvOptions> }): Ajv2020 {
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;
  const ajv = new Ajv({
    allErrors: true, verbose: true, strict: true, strictTypes: false, strictTuples: false, strictRequired: false,
    validateSchema: opts.checkSchemas, ...opts.extra,
  });
  addFormats(ajv);
  registerKeywords(ajv, schemas, { checkValues: opts.checkSchemas });
  return ajv;
}

/** The precompiled validator of `source` in `dir` when the build made one from the same text; else undefined. */
export function precompiled(source: SchemaSource, dir: string = validatorDir()): ValidateFunction | undefined {
  const file = path.join(dir, source.file.replace(/\.schema\.json$/, '.cjs'));
  let mod: { digest?: unknown; validate?: unknown };
  try {
    mod = require(file) as typeof mod;
  } catch {
    return undefined;
  }
  return mod.digest === source.digest && typeof mod.validate === 'function' ? (mod.validate as ValidateFunction) : undefined;
}

function kindOf(file: string, schema: Schema): string {
  const kind = ((schema.properties as Schema | undefined)?.kind as Schema | undefined)?.const;
  if (typeof kind !== 'string') throw new InternalError(`schema ${file} has no properties.kind.const`);
  return kind;
}

/** Pointers of every Secret inside `value`. */
function secretPointers(value: unknown, pointer = '', out: string[] = []): string[] {
  if (isSecret(value)) out.push(pointer);
  else if (Array.isArray(value)) value.forEach((v, i) => secretPointers(v, `${pointer}/${i}`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) secretPointers(v, `${pointer}/${escapeSegment(k)}`, out);
  }
  return out;
}

export interface RegistryOptions {
  /**
   * Compile a kind's schema on its first validation instead of at load (default false). A run that
   * validates a few kinds then skips compiling the others (about 1 s of CPU for all the kinds on the
   * benchmark machine); a schema that does not compile is still refused with InternalError naming its
   * file, only later. A lazy registry over the project's schemas uses the build's precompiled validator
   * of a kind when it was built from the same schema text (else compiles it), and skips checking the
   * schemas against the draft 2020-12 meta-schema and the keywords' value types: the shipped schemas
   * are checked by the tests, which use the default. Tests and tools that want every schema checked at
   * load keep the default.
   */
  lazy?: boolean;
}

/** Loads and compiles every schema of `dir` (default: the project's schemas/). */
export function createSchemaRegistry(dir: string = defaultSchemaDir(), opts: RegistryOptions = {}): SchemaRegistry {
  const lazy = opts.lazy === true;
  const sources = readKindSchemas(dir);
  const usePrecompiled = lazy && path.resolve(dir) === path.resolve(defaultSchemaDir());
  let ajv: Ajv2020 | undefined;
  const entries = new Map<string, Entry>();
  const compile = (source: SchemaSource): ValidateFunction => {
    const built = usePrecompiled ? precompiled(source) : undefined;
    if (built) return built;
    try {
      ajv ??= createAjv(sources.map((s) => s.schema), { checkSchemas: !lazy });
      return ajv.compile(source.schema);
    } catch (err) {
      throw new InternalError(`cannot compile schema ${source.file}: ${(err as Error).message}`, { cause: err });
    }
  };
  for (const source of sources) {
    const { file, schema } = source;
    const kind = kindOf(file, schema);
    if (entries.has(kind)) throw new InternalError(`schema ${file}: kind ${kind} is defined twice`);
    let compiled: ValidateFunction | undefined = lazy ? undefined : compile(source);
    entries.set(kind, {
      schema,
      get validate() {
        return (compiled ??= compile(source));
      },
      policy: extractPolicy(kind, schema),
    });
  }
  const get = (kind: string): Entry => {
    const entry = entries.get(kind);
    if (!entry) throw new InternalError(`no schema for kind ${kind}`);
    return entry;
  };
  return {
    kinds: () => [...entries.keys()].sort(),
    has: (kind) => entries.has(kind),
    schema: (kind) => entries.get(kind)?.schema,
    policy: (kind) => get(kind).policy,
    specFields: (kind) => {
      const spec = ((get(kind).schema.properties as Schema | undefined)?.spec ?? {}) as Schema;
      return Object.keys((spec.properties ?? {}) as Schema).sort();
    },
    validate: (kind, value) => {
      const entry = get(kind);
      const secrets = secretPointers(value);
      const sensitive = entry.policy.sensitive.map((p) => `/spec${p}`);
      const hidden = (pointer: string) =>
        matchesAny(sensitive, pointer) || secrets.some((s) => pointer === s || pointer.startsWith(s + '/'));
      // Keyed lists need unique keys, which JSON Schema cannot say (`x-list-key`): checked beside ajv.
      const repeats = duplicateListKeys(value, entry.policy.listKeys ?? {});
      if (entry.validate(revealDeep(value))) return repeats;
      return [...explainErrors(entry.validate.errors ?? [], { schema: entry.schema, hidden }), ...repeats];
    },
  };
}
