// ajv errors -> SchemaIssues with clear, lower-case messages (`spec.diskSize: must be >= 40 (got 20)`,
// unknown fields with did-you-mean), and SchemaIssues -> Diagnostics at source ranges. A value is
// printed only when its field is neither sensitive nor interpolated.
import type { ErrorObject } from 'ajv/dist/2020.js';
import { error, type Diagnostic, type SourceRange } from '../core/diagnostics.js';
import { own } from '../core/dict.js';
import { escapeSegment, fromPointer, toDotted } from '../core/json-pointer.js';
import { didYouMean } from './suggest.js';

/** One schema violation, positioned by JSON pointer inside the validated document. */
export interface SchemaIssue {
  /** `schema`, or `unknown-field` for a property the schema does not define. */
  code: 'schema' | 'unknown-field';
  /** Pointer of the offending value (for a missing field: where it should be). */
  path: string;
  /** Pointer whose source range to report (the parent of a missing field). */
  at: string;
  /** Report the key's range instead of the value's (unknown fields, bad map keys, missing fields). */
  atKey: boolean;
  /** Lower-case, starts with the dotted path; never contains a hidden value. */
  summary: string;
}

export interface ExplainContext {
  /** Root schema, to find the condition (`if`/`then`) an error comes from. */
  schema: Record<string, unknown>;
  /** True when the value at this pointer must not appear in a message (sensitive or interpolated). */
  hidden: (pointer: string) => boolean;
}

type Err = ErrorObject & { propertyName?: string };

const GOT_MAX = 60;
const CUSTOM_MESSAGE = new Set(['pattern', 'format', 'minLength', 'maxLength', 'not', 'const', 'enum', 'minimum', 'maximum', 'anyOf', 'oneOf']);

function got(data: unknown, show: boolean): string {
  if (!show) return '';
  if (typeof data === 'string') return data.length > GOT_MAX ? '' : ` (got ${JSON.stringify(data)})`;
  if (typeof data === 'number' || typeof data === 'boolean' || data === null) return ` (got ${String(data)})`;
  if (Array.isArray(data)) return ' (got a list)';
  if (typeof data === 'object') return ' (got a mapping)';
  return '';
}

function listValues(values: readonly unknown[]): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of values) {
    const s = String(v);
    if (!seen.has(s.toLowerCase())) out.push(s);
    seen.add(s.toLowerCase());
  }
  return out.join(', ');
}

/** Message without the path prefix; `show` says whether the value may be printed. */
function describe(e: Err, show: boolean): string {
  const p = e.params as Record<string, unknown>;
  const custom = (e.parentSchema as Record<string, unknown> | undefined)?.['x-message'];
  // A union's value is a whole mapping: the message says what is missing, "(got …)" would add nothing.
  const union = e.keyword === 'anyOf' || e.keyword === 'oneOf';
  if (typeof custom === 'string' && CUSTOM_MESSAGE.has(e.keyword)) return custom + (union ? '' : got(e.data, show));
  const v = got(e.data, show);
  switch (e.keyword) {
    case 'type': return `must be ${String(p.type).split(',').join(' or ')}${v}`;
    case 'minimum': return `must be >= ${String(p.limit)}${v}`;
    case 'maximum': return `must be <= ${String(p.limit)}${v}`;
    case 'exclusiveMinimum': return `must be > ${String(p.limit)}${v}`;
    case 'exclusiveMaximum': return `must be < ${String(p.limit)}${v}`;
    case 'minLength': return p.limit === 1 ? 'must not be empty' : `must be at least ${String(p.limit)} characters`;
    case 'maxLength': return `must be at most ${String(p.limit)} characters${show && typeof e.data === 'string' ? ` (got ${e.data.length})` : ''}`;
    case 'minItems': return `must have at least ${String(p.limit)} items`;
    case 'maxItems': return `must have at most ${String(p.limit)} items`;
    case 'minProperties': return `must have at least ${String(p.limit)} entries`;
    case 'maxProperties': return `must have at most ${String(p.limit)} entries`;
    case 'uniqueItems': return `must not contain duplicates (items ${String(p.j)} and ${String(p.i)} are equal)`;
    case 'pattern': return `must match the pattern ${String(p.pattern)}${v}`;
    case 'format': return `must be a valid ${String(p.format)}${v}`;
    case 'enum': return `must be one of ${listValues(p.allowedValues as unknown[])}${v}`;
    case 'const': return `must be ${JSON.stringify(p.allowedValue)}${v}`;
    case 'multipleOf': return `must be a multiple of ${String(p.multipleOf)}${v}`;
    case 'false schema': case 'not': return 'is not allowed here';
    case 'oneOf': case 'anyOf': return 'does not match any of the allowed forms';
    default: return (e.message ?? 'is invalid').replace(/^./, (c) => c.toLowerCase());
  }
}

/** `(when …)` from the description of the `then`/`else` branch an error comes from, if any. */
function condition(schemaPath: string, root: Record<string, unknown>): string {
  const segs = fromPointer(schemaPath.replace(/^#/, ''));
  for (let i = segs.length - 1; i >= 0; i--) {
    if ((segs[i] === 'then' || segs[i] === 'else') && segs[i - 1] !== 'properties') {
      let node: unknown = root;
      for (const s of segs.slice(0, i + 1)) node = own(node as Record<string, unknown> | undefined, s);
      const d = (node as Record<string, unknown> | undefined)?.description;
      return typeof d === 'string' ? ` (${d})` : '';
    }
  }
  return '';
}

function prefix(pointer: string): string {
  return pointer === '' ? 'document' : toDotted(pointer);
}

function explainOne(e: Err, ctx: ExplainContext): SchemaIssue {
  const when = condition(e.schemaPath, ctx.schema);
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'required' || e.keyword === 'dependentRequired') {
    const path = `${e.instancePath}/${escapeSegment(String(p.missingProperty))}`;
    const because = e.keyword === 'dependentRequired' ? ` (because ${String(p.property)} is set)` : when;
    return { code: 'schema', path, at: e.instancePath, atKey: true, summary: `${toDotted(path)}: required field is missing${because}` };
  }
  if (e.keyword === 'additionalProperties') {
    const name = String(p.additionalProperty);
    const path = `${e.instancePath}/${escapeSegment(name)}`;
    const known = Object.keys(((e.parentSchema as Record<string, unknown>)?.properties ?? {}) as object);
    const where = e.instancePath === '' ? '' : ` in ${toDotted(e.instancePath)}`;
    return { code: 'unknown-field', path, at: path, atKey: true, summary: `unknown field ${JSON.stringify(name)}${where}${didYouMean(name, known)}` };
  }
  if (e.propertyName !== undefined) {
    const path = `${e.instancePath}/${escapeSegment(e.propertyName)}`;
    const msg = describe({ ...e, data: undefined }, false);
    return { code: 'schema', path, at: path, atKey: true, summary: `${prefix(e.instancePath)}: key ${JSON.stringify(e.propertyName)} ${msg}${when}` };
  }
  const show = !ctx.hidden(e.instancePath);
  return { code: 'schema', path: e.instancePath, at: e.instancePath, atKey: false, summary: `${prefix(e.instancePath)}: ${describe(e, show)}${when}` };
}

/**
 * Turns ajv errors (compiled with `allErrors` and `verbose`) into issues: drops the redundant
 * `if` and `propertyNames` wrappers and the branch errors under a failed `oneOf`/`anyOf`, and
 * removes duplicates. Order follows ajv's.
 */
export function explainErrors(errors: readonly ErrorObject[], ctx: ExplainContext): SchemaIssue[] {
  const unions = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.schemaPath + '/');
  const kept = errors.filter(
    (e) => e.keyword !== 'if' && e.keyword !== 'propertyNames' && !unions.some((u) => e.schemaPath.startsWith(u)),
  );
  const seen = new Set<string>();
  const out: SchemaIssue[] = [];
  for (const e of kept) {
    const issue = explainOne(e as Err, ctx);
    const key = `${issue.at} ${issue.summary}`;
    if (!seen.has(key)) out.push(issue);
    seen.add(key);
  }
  return out;
}

/** Where a pointer of the validated document comes from: a source range, or none. */
export type Locate = (pointer: string, atKey: boolean) => SourceRange | undefined;

/** One error Diagnostic per issue, positioned by `locate`; `address` (when given) is set on each. */
export function issuesToDiagnostics(issues: readonly SchemaIssue[], locate: Locate, address?: string): Diagnostic[] {
  return issues.map((i) =>
    error(i.code, i.summary, { path: i.path, range: locate(i.at, i.atKey), ...(address ? { address } : {}) }),
  );
}
