// Cross-resource checks of a manifest set: `{ ref: Kind/name }` objects (found, dangling, cyclic, of a
// kind the field allows) and duplicate identities (kind, serviceId, name) or addresses. Pure: positions
// come in with the inputs. Governance conflicts are in governance.ts.
import { parseAddress } from '../core/address.js';
import { error, type Diagnostic, type SourceRange } from '../core/diagnostics.js';
import { textOf } from '../core/dict.js';
import { escapeSegment, toDotted } from '../core/json-pointer.js';
import { isSecret } from '../core/secret.js';
import type { Reference } from './types.js';
import { isPlainObject, type MergedLocation } from './stack.js';

/**
 * A governance kind (schema `x-governs`): it manages `field` (`tags`, `patchParty`) of the resources
 * named by the objects at `target` (pointer pattern relative to spec, `*` for list items).
 */
export interface GovernanceRule {
  field: string;
  target: string;
}

/** What the set-level checks need to know about one resource. */
export interface ResourceEntry {
  address: string;
  kind: string;
  name: string;
  serviceId?: unknown;
  references: Reference[];
  file: string;
  /** Range of `metadata.name`. */
  range?: SourceRange;
  /** Spec with defaults merged (read by the governance checks). */
  spec?: Record<string, unknown>;
  /** Where a pointer of the document (`/spec/tags`) is written: its own file or the stack defaults. */
  locate?: (pointer: string) => MergedLocation;
  /** Present on governance kinds. */
  governs?: GovernanceRule;
}

/** True for an object whose only key is `ref` (a reference, whatever its value). */
export function isRefObject(v: unknown): v is { ref: unknown } {
  return isPlainObject(v) && Object.keys(v).length === 1 && 'ref' in v;
}

/**
 * Every `{ref}` object inside a spec, with its pointer relative to the spec, in document order. At the
 * pointers `holders` names (patterns with `*` for list items: the schema's `x-ref-kinds` fields), an
 * object may also name its target by `ref` beside fields of its own, e.g. a pool member
 * `{ ref: VirtualMachine/PEB4APP01, port: 80 }`: that `ref` is a reference too (its other fields are
 * searched as usual).
 */
export function findReferences(spec: unknown, pointer = '', holders: readonly string[] = []): Reference[] {
  if (isRefObject(spec)) return [{ target: refTarget(spec.ref), pointer }];
  if (Array.isArray(spec)) return spec.flatMap((v, i) => findReferences(v, `${pointer}/${i}`, holders));
  if (isPlainObject(spec)) {
    const own = 'ref' in spec && holders.some((h) => sameShape(h, pointer)) ? [{ target: refTarget(spec.ref), pointer }] : [];
    const inner = Object.entries(spec).filter(([k]) => own.length === 0 || k !== 'ref');
    return [...own, ...inner.flatMap(([k, v]) => findReferences(v, `${pointer}/${escapeSegment(k)}`, holders))];
  }
  return [];
}

/** The address a `ref` names; an interpolated one (a Secret) is no literal address. */
function refTarget(ref: unknown): string {
  // A null-prototype map has no toString: textOf prints any value (a secret prints as nothing).
  return typeof ref === 'string' ? ref : isSecret(ref) ? '' : textOf(ref);
}

/** Dangling or malformed references, with a did-you-mean over the addresses of the set. */
export function checkDangling(
  resources: readonly ResourceEntry[],
  suggest: (word: string, candidates: readonly string[]) => string | undefined,
): Diagnostic[] {
  const addresses = resources.map((r) => r.address);
  const known = new Set(addresses);
  const out: Diagnostic[] = [];
  for (const r of resources) {
    for (const ref of r.references) {
      const extra = { address: r.address, path: `/spec${ref.pointer}/ref`, range: ref.range };
      if (!parseAddress(ref.target)) {
        out.push(error('reference', `ref must be a literal "Kind/name" address, e.g. Redis/orders-cache`, extra));
      } else if (!known.has(ref.target)) {
        const hint = suggest(ref.target, addresses);
        const mean = hint ? `; did you mean "${hint}"?` : '';
        out.push(error('reference', `reference to ${ref.target}: no such resource in the manifests${mean}`, extra));
      }
    }
  }
  return out;
}

/** Every reference cycle (self-references included), reported once at its first edge. */
export function checkCycles(resources: readonly ResourceEntry[]): Diagnostic[] {
  const byAddress = new Map(resources.map((r) => [r.address, r]));
  const edges = (a: string) => (byAddress.get(a)?.references ?? []).filter((x) => byAddress.has(x.target));
  const out: Diagnostic[] = [];
  const done = new Set<string>();
  for (const start of [...byAddress.keys()].sort()) {
    // Depth-first search for a path back to `start` through nodes not already reported.
    const path: Array<{ address: string; via?: Reference }> = [{ address: start }];
    const seen = new Set<string>();
    const found = (function dfs(a: string): boolean {
      for (const ref of edges(a)) {
        if (ref.target === start) {
          path.push({ address: start, via: ref });
          return true;
        }
        if (seen.has(ref.target) || done.has(ref.target)) continue;
        seen.add(ref.target);
        path.push({ address: ref.target, via: ref });
        if (dfs(ref.target)) return true;
        path.pop();
      }
      return false;
    })(start);
    done.add(start);
    if (!found) continue;
    const first = path[1]?.via;
    out.push(
      error('reference', `reference cycle: ${path.map((p) => p.address).join(' -> ')}`, {
        address: start,
        path: first ? `/spec${first.pointer}/ref` : undefined,
        range: first?.range,
      }),
    );
    for (const p of path) done.add(p.address);
  }
  return out;
}

/**
 * Duplicates: the same identity (kind, serviceId, name) twice, or the same address with another
 * serviceId (addresses must be unique). Reported at the later one, naming the first's file:line.
 */
export function checkDuplicates(resources: readonly ResourceEntry[]): Diagnostic[] {
  const first = new Map<string, ResourceEntry>();
  const out: Diagnostic[] = [];
  for (const r of resources) {
    const prev = first.get(r.address);
    if (!prev) {
      first.set(r.address, r);
      continue;
    }
    const at = `${prev.file}:${prev.range?.start.line ?? 1}`;
    const summary =
      textOf(prev.serviceId) === textOf(r.serviceId)
        ? `duplicate resource ${r.address}: same kind, serviceId and name as the one at ${at}`
        : `duplicate address ${r.address}: already used at ${at} (names must be unique per kind in a stack)`;
    out.push(error('duplicate', summary, { address: r.address, path: '/metadata/name', range: r.range }));
  }
  return out;
}

/** True when `pointer` has as many segments as `pattern` and matches it (`*` = any one segment). */
function sameShape(pattern: string, pointer: string): boolean {
  const p = pattern.split('/');
  const q = pointer.split('/');
  return p.length === q.length && p.every((seg, i) => seg === '*' || seg === q[i]);
}

function kindList(kinds: readonly string[]): string {
  return kinds.length === 1 ? kinds[0]! : `${kinds.slice(0, -1).join(', ')} or ${kinds[kinds.length - 1]!}`;
}

/**
 * References whose target kind the field does not allow (schema `x-ref-kinds`, FieldPolicy.refKinds:
 * pointer pattern -> kinds), e.g. `cluster must reference a KubernetesCluster, not Redis/orders-cache`.
 * Malformed addresses are left to checkDangling.
 */
export function checkRefKinds(
  resources: readonly ResourceEntry[],
  refKindsOf: (kind: string) => Readonly<Record<string, readonly string[]>> | undefined,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const r of resources) {
    const rules = Object.entries(refKindsOf(r.kind) ?? {});
    for (const ref of r.references) {
      const allowed = rules.find(([pattern]) => sameShape(pattern, ref.pointer))?.[1];
      const target = parseAddress(ref.target);
      if (!allowed || !target || allowed.includes(target.kind)) continue;
      out.push(error('reference', `${toDotted(ref.pointer)} must reference a ${kindList(allowed)}, not ${ref.target}`, {
        address: r.address, path: `/spec${ref.pointer}/ref`, range: ref.range,
      }));
    }
  }
  return out;
}
