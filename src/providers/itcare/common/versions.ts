// Versions of ITCare kinds: a numeric comparison of dotted versions, and the downgrade rule a kind
// declares (`ItcareKind.downgrade`): a lower version than the live one is refused as the downgrade it
// is, at the version field's file:line:col, before any catalogue check and before any call is built.
import { own } from '../../../core/dict.js';
import { RefusedError } from '../../../core/errors.js';
import type { DesiredResource, KindHandler, Observation } from '../../../engine/provider.js';
import type { FieldDiff } from '../../../engine/plan.js';
import { DOTTED, toText } from './normalize.js';

/** Numeric comparison of dotted versions (`13` < `13.4` < `15`, `6.2` = `6.2.0`); NaN parts compare as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => Number(x) || 0);
  const pb = b.split('.').map((x) => Number(x) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** A kind's version field that ITCare never lowers. */
export interface DowngradeRule {
  /** The spec field, as a JSON pointer: `/redisVersion`. */
  field: string;
  /** What ITCare offers instead, for the message: `ITCare only upgrades a PostgreSQL farm (the upgrade operation)`. */
  why: string;
}

/**
 * The rule of a kind whose version no operation changes: a replace to a lower one would delete `what`
 * (`the cache and its data`) to create an empty one, so it is refused as a downgrade.
 */
export function fixedVersion(field: string, kind: string, what: string): DowngradeRule {
  return {
    field,
    why: `ITCare has no ${kind} version change, and a replace would delete ${what} to create an empty one; ` +
      'delete it first, or give the older version another name',
  };
}

/**
 * Refuses a lower version than the live one as the downgrade it is, at the field (`/redisVersion`),
 * naming both versions and `why` (what ITCare offers instead). A same or higher version passes, and so
 * does a value that is not a dotted number (the schema and the kind's own checks judge it).
 */
export function refuseDowngrade(what: string, field: string, want: unknown, live: unknown, address: string, why: string): void {
  const [w, l] = [toText(want), toText(live)];
  if (w === undefined || l === undefined || !DOTTED.test(w) || !DOTTED.test(l)) return;
  // A dotted prefix names the same version (`6.2` ~ `6.2.5`), as the live -> spec mapping reads it.
  const n = Math.min(w.split('.').length, l.split('.').length);
  if (compareVersions(w.split('.').slice(0, n).join('.'), l.split('.').slice(0, n).join('.')) >= 0) return;
  throw new RefusedError(`cannot downgrade ${what} from ${l} to ${w} (spec${field.replace(/\//g, '.')}): ${why}`, address, field);
}

/**
 * The handler with `rule` applied: an update that changes the field, or a replace (a create over an
 * existing resource, when the field has no update call), to a lower version is refused.
 */
export function withDowngradeRule(h: KindHandler, rule: DowngradeRule): KindHandler {
  const key = rule.field.slice(1);
  const check = (d: DesiredResource, observed: Observation) =>
    refuseDowngrade(h.kind, rule.field, own(d.spec, key), own(observed.spec, key), d.address, rule.why);
  const touches = (diff: readonly FieldDiff[]) => diff.some((x) => x.path === rule.field || x.path.startsWith(`${rule.field}/`));
  return {
    ...h,
    createOperations: (d, ctx, observed) => {
      if (observed?.exists) check(d, observed);
      return h.createOperations(d, ctx, observed);
    },
    updateOperations: (d, observed, diff, ctx) => {
      if (touches(diff)) check(d, observed);
      return h.updateOperations(d, observed, diff, ctx);
    },
  };
}
