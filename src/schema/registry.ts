// The schema registry: loads every `*.schema.json` of the schemas directory (one kind each), compiles
// them once with ajv (draft 2020-12), and answers kinds, schemas, FieldPolicies and validation.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { InternalError } from '../core/errors.js';
import { escapeSegment } from '../core/json-pointer.js';
import { isSecret, revealDeep } from '../core/secret.js';
import { extractPolicy, registerKeywords } from './keywords.js';
import { matchesAny, type FieldPolicy } from './policy.js';
import { explainErrors, type SchemaIssue } from './validate.js';

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

function readSchemas(dir: string): Array<{ file: string; schema: Schema }> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.schema.json')).sort();
  return files.map((file) => {
    try {
      return { file, schema: JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Schema };
    } catch (err) {
      throw new InternalError(`cannot read schema ${file}: ${(err as Error).message}`, { cause: err });
    }
  });
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
   * file, only later. A lazy registry also skips checking the schemas against the draft 2020-12
   * meta-schema and the keywords' value types (compiling the meta-schema costs about 0.15 s per CLI
   * start): the shipped schemas are checked by the tests, which use the default. Tests and tools that
   * want every schema checked at load keep the default.
   */
  lazy?: boolean;
}

/** Loads and compiles every schema of `dir` (default: the project's schemas/). */
export function createSchemaRegistry(dir: string = defaultSchemaDir(), opts: RegistryOptions = {}): SchemaRegistry {
  const checkSchemas = opts.lazy !== true;
  const ajv = new Ajv2020({
    allErrors: true, verbose: true, strict: true, strictTypes: false, strictTuples: false, strictRequired: false, validateSchema: checkSchemas,
  });
  addFormats.default(ajv);
  // Output formats (the drift report, `x-output-format`) live beside the kinds but are not kinds.
  const sources = readSchemas(dir).filter((s) => s.schema['x-output-format'] === undefined);
  registerKeywords(ajv, sources.map((s) => s.schema), { checkValues: checkSchemas });
  const entries = new Map<string, Entry>();
  const compile = (file: string, schema: Schema): ValidateFunction => {
    try {
      return ajv.compile(schema);
    } catch (err) {
      throw new InternalError(`cannot compile schema ${file}: ${(err as Error).message}`, { cause: err });
    }
  };
  for (const { file, schema } of sources) {
    const kind = kindOf(file, schema);
    if (entries.has(kind)) throw new InternalError(`schema ${file}: kind ${kind} is defined twice`);
    let compiled: ValidateFunction | undefined = opts.lazy === true ? undefined : compile(file, schema);
    entries.set(kind, {
      schema,
      get validate() {
        return (compiled ??= compile(file, schema));
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
      if (entry.validate(revealDeep(value))) return [];
      return explainErrors(entry.validate.errors ?? [], { schema: entry.schema, hidden });
    },
  };
}
