// Field checks shared by the route files; each failure is a 400 with the documented error body
// naming the field. Messages never include the submitted value of a password.
import { fieldError } from '../../reply.js';

/**
 * Admin password rule (`001:5384`): the class holds U+2013 EN DASH, not ASCII '-', so a '-' alone
 * does not count as the special character. Length 12..20 (prose says "minimum 12", the pattern caps at 20).
 */
export const PASSWORD_PATTERN = /^(?=.*[0-9])(?=.*[a-z])(?=.*[A-Z])(?=.*[!@#&()–{}:;',?/*~$^+=<>]).{12,20}$/;

/** PaaS name rule (`001:5347`, `001:15472`): lowercase letters or digits, 5..60, not `cluster`. */
export const PAAS_NAME_PATTERN = /^[a-z0-9]{5,60}$/;

const SIZING_PATTERN = /^([1-9][0-9]{0,2})cpu([1-9][0-9]{0,3})gb$/;

export type Body = Record<string, unknown>;

/** The body must be a JSON object. */
export function asObject(v: unknown, field = 'body'): Body {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw fieldError(field, `Error on field '${field}': a JSON object is required`);
  return v as Body;
}

function missing(field: string): never {
  throw fieldError(field, `Error on field '${field}': is required`);
}

export function requireString(o: Body, field: string, path = field): string {
  const v = o[field];
  if (v === undefined || v === null || v === '') missing(path);
  if (typeof v !== 'string') throw fieldError(path, `Error on field '${path}': must be a string`);
  return v;
}

export function optionalString(o: Body, field: string, path = field): string | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw fieldError(path, `Error on field '${path}': must be a string`);
  return v;
}

/**
 * An integer field. Numeric strings are accepted like Jackson's default coercion does
 * (choice: the docs show `"diskSize": "15"` as a string in the GlusterFS example, `001:23348`).
 */
export function optionalInt(o: Body, field: string, range?: { min: number; max: number }, path = field): number | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw fieldError(path, `Error on field '${path}': must be an integer`);
  if (range && (n < range.min || n > range.max)) {
    throw fieldError(path, `Error on field '${path}': must be between ${range.min} and ${range.max}`);
  }
  return n;
}

export function requireInt(o: Body, field: string, range?: { min: number; max: number }, path = field): number {
  const n = optionalInt(o, field, range, path);
  if (n === undefined) missing(path);
  return n;
}

export function optionalBool(o: Body, field: string, path = field): boolean | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw fieldError(path, `Error on field '${path}': must be a boolean`);
  return v;
}

export function requireBool(o: Body, field: string, path = field): boolean {
  const v = optionalBool(o, field, path);
  if (v === undefined) missing(path);
  return v;
}

/** Name rule of Redis and PostgreSQL. */
export function checkPaasName(o: Body): string {
  const name = requireString(o, 'name');
  if (!PAAS_NAME_PATTERN.test(name)) {
    throw fieldError('name', "Error on field 'name': must contain 5 to 60 lowercase letters or digits");
  }
  if (name === 'cluster') throw fieldError('name', "Error on field 'name': must not be the keyword 'cluster'");
  return name;
}

/** Checks the admin password; the value is never echoed and never stored. */
export function checkPassword(o: Body, field = 'admPassword'): void {
  const v = o[field];
  if (v === undefined || v === null || v === '') missing(field);
  if (typeof v !== 'string' || !PASSWORD_PATTERN.test(v)) {
    throw fieldError(field, `Error on field '${field}': the password must be 12 to 20 characters with at least one lowercase, one uppercase, one digit and one special character`);
  }
}

/** A sizing such as `2cpu4gb` (`001:5348`); only the format is checked. */
export function checkSizing(value: string, path: string): { cpu: number; ram: number } {
  const m = SIZING_PATTERN.exec(value);
  if (!m) throw fieldError(path, `Error on field '${path}': must look like 2cpu4gb`);
  return { cpu: Number(m[1]), ram: Number(m[2]) };
}

/** `changeReference` is at most 10 characters where documented (`001:3725`, `001:17608`). */
export function checkChangeReference(o: Body, path = 'changeReference'): string | undefined {
  const v = optionalString(o, 'changeReference', path);
  if (v !== undefined && v.length > 10) throw fieldError(path, `Error on field '${path}': must be at most 10 characters`);
  return v;
}

/** A path id (int64). Spring answers 400 on a type mismatch. */
export function parseId(raw: string | undefined, field = 'id'): number {
  if (raw === undefined || !/^\d{1,18}$/.test(raw)) throw fieldError(field, `Error on field '${field}': must be an integer`);
  return Number(raw);
}

/** The t-shirt sizings of the create bodies that have no cpu/ram sizing (`001:6581`, `001:6668`, `001:7132`, `001:7224`), smallest first. */
export const TSHIRT_SIZINGS: readonly string[] = ['XS', 'S', 'M', 'L', 'XL'];

/** A t-shirt sizing, exactly as the enum spells it (`XS`, `S`, `M`, `L`, `XL`). */
export function checkTShirtSizing(o: Body, field: string, path = field): string {
  const v = requireString(o, field, path);
  if (!TSHIRT_SIZINGS.includes(v)) throw fieldError(path, `Error on field '${path}': must be one of ${TSHIRT_SIZINGS.join(', ')}`);
  return v;
}

/**
 * A password whose rule is stated in prose only, without a schema pattern ("At least one lowercase,
 * one uppercase, one digit, one special character, minimum length must be 12", `001:6582`, `001:7133`):
 * no maximum length, and any character that is not an ASCII letter or digit is a special one. The
 * value is never echoed and never stored.
 */
export function checkProsePassword(o: Body, field: string): void {
  const v = o[field];
  if (v === undefined || v === null || v === '') missing(field);
  const ok = typeof v === 'string' && v.length >= 12 && /[a-z]/.test(v) && /[A-Z]/.test(v) && /[0-9]/.test(v) && /[^A-Za-z0-9]/.test(v);
  if (!ok) {
    throw fieldError(field, `Error on field '${field}': the password must be at least 12 characters with at least one lowercase, one uppercase, one digit and one special character`);
  }
}

/**
 * A web address given to a product to configure (a site to serve or to track): a host name of at least
 * two dot-separated labels, with or without an `http(s)://` scheme, an optional port and path, no
 * white space (the docs give no pattern; their examples are `demo.mydrive.cegedim.cloud` and
 * `https://itcare.cegedim.cloud`, `001:6595`, `001:7147`).
 */
export function checkSiteUri(value: string, path: string): string {
  const label = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
  const uri = new RegExp(`^(?:https?://)?${label}(?:\\.${label})+(?::\\d{1,5})?(?:/\\S*)?$`, 'i');
  if (!uri.test(value)) throw fieldError(path, `Error on field '${path}': must be a web address such as demo.example.com or https://www.example.com`);
  return value;
}
