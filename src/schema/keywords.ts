// caretaker's schema keywords (x-provider, x-owned, x-sensitive, x-write-only, x-immutable,
// x-unordered, x-case-insensitive, x-message): their registration in ajv, and the FieldPolicy they add up to.
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { dict, hasOwn, own } from '../core/dict.js';
import { escapeSegment } from '../core/json-pointer.js';
import { isObject } from '../core/objects.js';
import type { FieldPolicy } from './policy.js';

type Schema = Record<string, unknown>;

/** Annotation keywords and the JSON type of their value; none of them changes validation. */
export const CARETAKER_KEYWORDS: Readonly<Record<string, 'boolean' | 'string' | ['string', 'array']>> = {
  'x-provider': 'string',
  /** Top level: false for governance kinds that never own (create, prune, destroy) what they act on. */
  'x-owned': 'boolean',
  'x-sensitive': 'boolean',
  'x-write-only': 'boolean',
  'x-immutable': 'boolean',
  'x-unordered': 'boolean',
  'x-case-insensitive': 'boolean',
  /**
   * On an array of objects: the field that identifies an item, so lists diff by key, not by index;
   * or a list of fields, the first present being the key.
   */
  'x-list-key': ['string', 'array'],
  /** Replaces the generic message of a failing keyword of the same subschema (never shows the value). */
  'x-message': 'string',
};

/**
 * Registers the keywords above, plus any other `x-*` name found in `schemas` as a free annotation.
 * `checkValues` (default true) makes ajv check each keyword's value type when a schema compiles.
 */
export function registerKeywords(ajv: Ajv2020, schemas: readonly unknown[], opts: { checkValues?: boolean } = {}): void {
  for (const [keyword, type] of Object.entries(CARETAKER_KEYWORDS)) {
    ajv.addKeyword(opts.checkValues === false ? { keyword, schemaType: type } : { keyword, schemaType: type, metaSchema: { type } });
  }
  const extra = new Set<string>();
  const collect = (node: unknown, depth: number): void => {
    if (depth > 64 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((n) => collect(n, depth + 1));
    for (const [k, v] of Object.entries(node)) {
      if (k.startsWith('x-') && !hasOwn(CARETAKER_KEYWORDS, k)) extra.add(k);
      collect(v, depth + 1);
    }
  };
  schemas.forEach((s) => collect(s, 0));
  for (const keyword of extra) if (!ajv.getKeyword(keyword)) ajv.addKeyword({ keyword });
}

const FLAGS = {
  'x-write-only': 'writeOnly',
  'x-immutable': 'immutable',
  'x-unordered': 'unordered',
  'x-case-insensitive': 'caseInsensitive',
} as const;

function resolveRef(root: Schema, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let cur: unknown = root;
  for (const seg of ref.slice(2).split('/')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = own(cur as Schema, seg.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  return cur;
}

/**
 * Collects the keyword flags of every field under `properties.spec`, as pointers relative to spec
 * (`*` for array items and map values). Follows local `$ref`s and the allOf/anyOf/oneOf/if/then/else
 * branches (which describe the same field). Lists are sorted and free of duplicates.
 */
export function extractPolicy(kind: string, schema: Schema): FieldPolicy {
  const sets = {
    sensitive: new Set<string>(),
    notSensitive: new Set<string>(),
    writeOnly: new Set<string>(),
    immutable: new Set<string>(),
    unordered: new Set<string>(),
    caseInsensitive: new Set<string>(),
    maps: new Set<string>(),
  };
  const listKeys = dict<string | string[]>();
  const refKinds = dict<string[]>();
  const defaults = dict<unknown>();
  const visit = (node: unknown, pointer: string, depth: number): void => {
    if (depth > 32 || node === null || typeof node !== 'object' || Array.isArray(node)) return;
    const s = node as Schema;
    if (typeof s.$ref === 'string') visit(resolveRef(schema, s.$ref), pointer, depth + 1);
    if (s['x-sensitive'] === true) sets.sensitive.add(pointer);
    if (s['x-sensitive'] === false) sets.notSensitive.add(pointer);
    for (const kw of Object.keys(FLAGS) as Array<keyof typeof FLAGS>) if (s[kw] === true) sets[FLAGS[kw]].add(pointer);
    const listKey = s['x-list-key'];
    if (typeof listKey === 'string') listKeys[pointer] = listKey;
    else if (Array.isArray(listKey)) listKeys[pointer] = listKey.map(String);
    if (Array.isArray(s['x-ref-kinds'])) refKinds[pointer] = (s['x-ref-kinds'] as unknown[]).map(String).sort();
    if ('default' in s && pointer !== '') defaults[pointer] = s.default;
    if (s.properties && typeof s.properties === 'object') {
      for (const [k, v] of Object.entries(s.properties)) visit(v, `${pointer}/${escapeSegment(k)}`, depth + 1);
    }
    for (const key of ['additionalProperties', 'items', 'unevaluatedProperties'] as const) visit(s[key], `${pointer}/*`, depth + 1);
    // An object whose keys are data (any key allowed, e.g. tags) rather than a fixed set of fields.
    const open = s.additionalProperties === true || isObject(s.additionalProperties) || isObject(s.patternProperties);
    if (open && !s.properties) sets.maps.add(pointer);
    if (s.patternProperties && typeof s.patternProperties === 'object') {
      for (const v of Object.values(s.patternProperties)) visit(v, `${pointer}/*`, depth + 1);
    }
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
      if (Array.isArray(s[key])) for (const branch of s[key] as unknown[]) visit(branch, pointer, depth + 1);
    }
    for (const key of ['if', 'then', 'else'] as const) visit(s[key], pointer, depth + 1);
  };
  const props = schema.properties as Schema | undefined;
  const spec = props?.spec;
  visit(spec, '', 0);
  // Flags on spec itself would be meaningless (pointer ""): only fields below it count.
  const sorted = (s: Set<string>) => [...s].filter((p) => p !== '').sort();
  return {
    kind,
    provider: typeof schema['x-provider'] === 'string' ? schema['x-provider'] : 'itcare',
    sensitive: sorted(sets.sensitive),
    writeOnly: sorted(sets.writeOnly),
    immutable: sorted(sets.immutable),
    unordered: sorted(sets.unordered),
    caseInsensitive: sorted(sets.caseInsensitive),
    notSensitive: sorted(sets.notSensitive),
    maps: sorted(sets.maps),
    owned: schema['x-owned'] !== false,
    listKeys,
    refKinds,
    ...(Object.keys(defaults).length > 0 ? { defaults } : {}),
  };
}
