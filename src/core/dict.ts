// Maps keyed by input (manifest keys, tag keys, API fields, saved plans): null-prototype objects and
// own-property reads, so that a key such as `__proto__` or `constructor` is data, never an object member.
// `test/architecture-keys.test.ts` refuses any other indexing of an object with a key that is not a constant.

declare const DICT: unique symbol;

/**
 * A null-prototype object made by `dict()` or `toDict()`: `d[k]` finds no inherited member
 * (`d.constructor` is undefined) and `d['__proto__'] = v` stores an entry. The brand makes a plain
 * object literal unassignable to it, so only this module creates one.
 */
export type Dict<V> = { [key: string]: V } & { readonly [DICT]: true };

/** The keys refused in manifests: as object keys they would reach or replace an object's prototype. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** An empty null-prototype map. */
export function dict<V>(): Dict<V> {
  return Object.create(null) as Dict<V>;
}

/** A null-prototype copy of the own enumerable entries of `o` (or of an entry list). */
export function toDict<V>(o: Readonly<Record<string, V>> | Iterable<readonly [string, V]>): Dict<V> {
  const out = dict<V>();
  const entries = Symbol.iterator in o ? (o as Iterable<readonly [string, V]>) : Object.entries(o as Record<string, V>);
  for (const [k, v] of entries) out[k] = v;
  return out;
}

/** A null-prototype copy of `o` with every value mapped by `f` (keys kept). */
export function mapDict<V, W>(o: Readonly<Record<string, V>>, f: (value: V, key: string) => W): Dict<W> {
  const out = dict<W>();
  for (const [k, v] of Object.entries(o)) out[k] = f(v, k);
  return out;
}

/** The own property `key` of `o`, never an inherited one (`own({}, 'constructor')` is undefined). */
export function own<V>(o: Readonly<Record<string, V>> | undefined | null, key: string): V | undefined {
  return o !== undefined && o !== null && Object.prototype.hasOwnProperty.call(o, key) ? (o as Record<string, V>)[key as never] : undefined;
}

/** True when `o` has its own property `key`. */
export function hasOwn(o: object | undefined | null, key: string): boolean {
  return o !== undefined && o !== null && Object.prototype.hasOwnProperty.call(o, key);
}

/** Sets the own property `key` of `o` as data, even for `__proto__` (never the prototype). */
export function setOwn<V>(o: Record<string, V>, key: string, value: V): void {
  Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * `String(v)` for any value: a null-prototype map has no `toString`, so `String(d)` and `${d}` throw;
 * objects print as JSON (Secrets print `(sensitive)` either way).
 */
export function textOf(v: unknown): string {
  if (v === null || typeof v !== 'object') return String(v);
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== null && proto !== Object.prototype && !Array.isArray(v)) return String(v);
  return JSON.stringify(v) ?? String(v);
}
