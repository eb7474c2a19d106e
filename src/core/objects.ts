// The two object tests of the code base, each with one name: a JSON object as an API answers it, and
// an object of a desired spec, which may hold Secrets that must never be read into.
import { isSecret } from './secret.js';

/** A non-null object that is not an array: a JSON object read from an answer (anything else is absent). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * An object of a desired spec: like `isObject`, but never a Secret (a Secret is an object too, and
 * its fields are not the value it wraps).
 */
export function isSpecObject(v: unknown): v is Record<string, unknown> {
  return isObject(v) && !isSecret(v);
}
