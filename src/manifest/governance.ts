// Set-level checks of the governance kinds (schema `x-governs`: Tags, PatchPolicy): a setting managed in
// two places is an error before any call. Pure: targets, specs and positions come in with the entries.
//  - a target that is a resource of the manifests setting the same field itself (`spec.tags`, `spec.patchParty`);
//  - the same target named twice for the same field (in one document or two);
//  - a `{ref}` target outside the service of a document that is scoped to one (`spec.serviceId`).
import { error, type Diagnostic, type SourceRange } from '../core/diagnostics.js';
import { hasOwn, own, textOf } from '../core/dict.js';
import { escapeSegment } from '../core/json-pointer.js';
import type { ResourceEntry } from './references.js';
import { isPlainObject } from './stack.js';

interface Found {
  pointer: string;
  value: Record<string, unknown>;
}

/** Every object of `spec` at the pointer pattern (`*` = each list item or map entry). */
function expand(spec: unknown, pattern: string): Found[] {
  let level: Array<{ pointer: string; value: unknown }> = [{ pointer: '', value: spec }];
  for (const seg of pattern.split('/').slice(1)) {
    const next: typeof level = [];
    for (const { pointer, value } of level) {
      if (seg === '*' && Array.isArray(value)) value.forEach((v, i) => next.push({ pointer: `${pointer}/${i}`, value: v }));
      else if (seg === '*' && isPlainObject(value)) for (const [k, v] of Object.entries(value)) next.push({ pointer: `${pointer}/${escapeSegment(k)}`, value: v });
      else if (isPlainObject(value) && hasOwn(value, seg)) next.push({ pointer: `${pointer}/${seg}`, value: own(value, seg) });
    }
    level = next;
  }
  return level.filter((l): l is Found => isPlainObject(l.value));
}

const lineOf = (range: SourceRange | undefined, file: string) => `${range?.file ?? file}:${range?.start.line ?? 1}`;
const scalar = (v: unknown): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
const same = (a: unknown, b: unknown) => scalar(a) && scalar(b) && String(a) === String(b);

/** Where `r` sets `spec.<field>`: `redis.yaml:12`, or the stack default it inherits. */
function whereSet(r: ResourceEntry, field: string): string {
  const loc = r.locate?.(`/spec/${escapeSegment(field)}`);
  const at = lineOf(loc?.range ?? r.range, r.file);
  return loc?.fromDefaults ? `${at} (a stack default)` : at;
}

/** See the module comment. `resources` are the entries of the whole set. */
export function checkGovernance(resources: readonly ResourceEntry[]): Diagnostic[] {
  const managed = resources.filter((r) => !r.governs);
  const byAddress = new Map(managed.map((r) => [r.address, r]));
  const claimed = new Map<string, { r: ResourceEntry; range?: SourceRange }>();
  const out: Diagnostic[] = [];
  for (const g of resources) {
    if (!g.governs || !g.spec) continue;
    const { field, target } = g.governs;
    const scope = g.spec.serviceId;
    for (const { pointer, value } of expand(g.spec, target)) {
      const path = `/spec${pointer}`;
      const range = g.locate?.(path).range;
      const at = { address: g.address, path, range };
      let key: string | undefined;
      let label = '';
      let targets: ResourceEntry[] = [];
      if (typeof value.ref === 'string') {
        [key, label] = [`ref:${value.ref}`, value.ref];
        const t = byAddress.get(value.ref);
        if (t) targets = [t];
        if (t && scope !== undefined && !same(t.serviceId, scope)) {
          out.push(error('reference', `${value.ref} is in service ${textOf(t.serviceId)}, not in service ${textOf(scope)} of this ${g.kind}`, at));
        }
      } else if (value.id !== undefined) {
        [key, label] = [`id:${textOf(value.id)}`, `resource id ${textOf(value.id)}`];
      } else if (typeof value.name === 'string') {
        const sid = value.serviceId ?? scope;
        [key, label] = [`name:${textOf(sid)}/${value.name}`, `${value.name} (service ${textOf(sid)})`];
        targets = managed.filter((r) => r.name === value.name && same(r.serviceId, sid));
      }
      if (key === undefined) continue;
      const prev = claimed.get(`${field} ${key}`);
      if (prev) {
        const summary = `${label} is already named at ${lineOf(prev.range, prev.r.file)}: its ${field} would be set twice`;
        out.push(error('duplicate', summary, at));
      } else {
        claimed.set(`${field} ${key}`, { r: g, range });
      }
      for (const t of targets) {
        if (own(t.spec, field) === undefined) continue;
        const summary = `${t.address} sets its own spec.${field} at ${whereSet(t, field)}: its ${field} would be managed twice; keep one of them`;
        out.push(error('conflict', summary, at));
      }
    }
  }
  return out;
}
