// Body and query checks of the SCP simulator, in the SDK's terms (digest §5, §7): every error of a body
// is collected and answered at once as a 400 ValidationErrorModel[]. Types are strict (an integer
// field refuses "6378", a string field refuses 7) and unknown fields are refused (`extra_forbidden`),
// so a client typo is a 400, not a silent no-op [SIM]. A kind's own patterns live in its folder.
import { fieldInvalid, invalid, type ValidationErrorItem } from './errors.js';

export type Loc = (string | number)[];

export class Issues {
  readonly items: ValidationErrorItem[] = [];
  add(loc: Loc, msg: string, type = 'value_error'): void {
    this.items.push({ loc: loc.map(String), msg, type_: type, ctx: null });
  }
  /** Throws the 400 when anything was collected. */
  throwIfAny(): void {
    if (this.items.length > 0) throw invalid(this.items);
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The body must be a JSON object with only `allowed` keys and every `required` key. */
export function objectShape(
  iss: Issues, loc: Loc, v: unknown, allowed: readonly string[], required: readonly string[],
): Record<string, unknown> | undefined {
  if (!isObject(v)) {
    iss.add(loc, 'Input should be a valid object', 'model_type');
    return undefined;
  }
  for (const k of Object.keys(v)) if (!allowed.includes(k)) iss.add([...loc, k], 'Extra inputs are not permitted', 'extra_forbidden');
  for (const k of required) if (v[k] === undefined) iss.add([...loc, k], 'Field required', 'missing');
  return v;
}

export function str(
  iss: Issues, loc: Loc, v: unknown, o: { min?: number; max?: number; pattern?: RegExp; patternText?: string; nullable?: boolean } = {},
): string | null | undefined {
  if (v === undefined) return undefined;
  if (v === null) {
    if (o.nullable) return null;
    iss.add(loc, 'Input should be a valid string', 'string_type');
    return undefined;
  }
  if (typeof v !== 'string') {
    iss.add(loc, 'Input should be a valid string', 'string_type');
    return undefined;
  }
  if (o.min !== undefined && v.length < o.min) iss.add(loc, `String should have at least ${o.min} characters`, 'string_too_short');
  else if (o.max !== undefined && v.length > o.max) iss.add(loc, `String should have at most ${o.max} characters`, 'string_too_long');
  else if (o.pattern && !o.pattern.test(v)) iss.add(loc, `String should match pattern '${o.patternText ?? o.pattern.source}'`, 'string_pattern_mismatch');
  else return v;
  return undefined;
}

export function int(
  iss: Issues, loc: Loc, v: unknown, o: { min?: number; max?: number; multipleOf?: number; nullable?: boolean } = {},
): number | null | undefined {
  if (v === undefined) return undefined;
  if (v === null && o.nullable) return null;
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    iss.add(loc, 'Input should be a valid integer', 'int_type');
    return undefined;
  }
  if (o.min !== undefined && v < o.min) iss.add(loc, `Input should be greater than or equal to ${o.min}`, 'greater_than_equal');
  else if (o.max !== undefined && v > o.max) iss.add(loc, `Input should be less than or equal to ${o.max}`, 'less_than_equal');
  else if (o.multipleOf !== undefined && v % o.multipleOf !== 0) iss.add(loc, `Input should be a multiple of ${o.multipleOf}`, 'multiple_of');
  else return v;
  return undefined;
}

export function bool(iss: Issues, loc: Loc, v: unknown): boolean | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') {
    iss.add(loc, 'Input should be a valid boolean', 'bool_type');
    return undefined;
  }
  return v;
}

export function oneOf(iss: Issues, loc: Loc, v: unknown, values: readonly string[]): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !values.includes(v)) {
    iss.add(loc, `Input should be ${values.map((x) => `'${x}'`).join(', ')}`, 'enum');
    return undefined;
  }
  return v;
}

export function arr(iss: Issues, loc: Loc, v: unknown, o: { nullable?: boolean; min?: number } = {}): unknown[] | null | undefined {
  if (v === undefined) return undefined;
  if (v === null && o.nullable) return null;
  if (!Array.isArray(v)) {
    iss.add(loc, 'Input should be a valid list', 'list_type');
    return undefined;
  }
  if (o.min !== undefined && v.length < o.min) {
    iss.add(loc, `List should have at least ${o.min} item${o.min === 1 ? '' : 's'}`, 'too_short');
    return undefined;
  }
  return v;
}

/** An IPv4 address or CIDR block (TF example `192.168.10.1/32`); returns the text as given. */
export function cidr(iss: Issues, loc: Loc, v: unknown): string | undefined {
  const s = str(iss, loc, v);
  if (typeof s !== 'string') return undefined;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(s);
  if (!m || m.slice(1, 5).some((o) => Number(o) > 255 || (o.length > 1 && o.startsWith('0'))) || (m[5] !== undefined && Number(m[5]) > 32)) {
    iss.add(loc, `'${s}' is not an IPv4 address or CIDR block`, 'value_error');
    return undefined;
  }
  return s;
}

export function cidrList(iss: Issues, loc: Loc, v: unknown): string[] | undefined {
  const list = arr(iss, loc, v);
  if (!list) return undefined;
  const out: string[] = [];
  list.forEach((x, i) => {
    const c = cidr(iss, [...loc, i], x);
    if (c !== undefined) {
      if (out.includes(c)) iss.add([...loc, i], `'${c}' is listed twice`, 'value_error');
      else out.push(c);
    }
  });
  return out;
}

/** Parses an optional integer query parameter; 400 when it is not a non-negative integer up to `max`. */
export function queryInt(query: URLSearchParams, name: string, def: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return def;
  if (!/^\d+$/.test(raw) || Number(raw) > max) throw fieldInvalid(['query', name], `Input should be an integer between 0 and ${max}`, 'int_parsing');
  return Number(raw);
}
