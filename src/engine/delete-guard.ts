// The blast-radius guard: the safety net for every way of losing manifests (a bad merge, a wrong path,
// a file the loader could not read). A plan that deletes more than a small, documented number or share
// of the stack's owned resources, or that prunes a kind of which the manifests hold no resource at all,
// is refused unless the operator allows that many deletions with `--max-deletes N`.
import type { Plan } from './plan.js';

/** Deletions a prune may make without --max-deletes. */
export const PRUNE_MAX_DELETES = 5;
/** Share of the owned resources a prune may delete without --max-deletes. */
export const PRUNE_MAX_SHARE = 0.5;
/** Deletions a destroy may make without --max-deletes (destroy deletes everything by design). */
export const DESTROY_MAX_DELETES = 20;

export interface DeleteGuardVerdict {
  deletes: string[];
  /** Why the plan is refused, or undefined when within the limits. */
  refusal?: string;
}

/**
 * Checks the deletions of `plan` against the limits. `maxDeletes` (from --max-deletes) replaces them:
 * any plan with at most that many deletions passes.
 */
export function checkDeleteBudget(plan: Plan, maxDeletes?: number): DeleteGuardVerdict {
  const deletes = plan.changes.filter((c) => c.action === 'delete').map((c) => c.address);
  if (deletes.length === 0) return { deletes };
  const list = deletes.map((a) => `  - ${a}`).join('\n');
  const allow = `re-run with --max-deletes ${deletes.length} if these deletions are intended`;
  if (maxDeletes !== undefined) {
    if (deletes.length <= maxDeletes) return { deletes };
    return { deletes, refusal: `the plan deletes ${deletes.length} resources, more than --max-deletes ${maxDeletes} allows:\n${list}` };
  }
  if (plan.mode === 'destroy') {
    if (deletes.length <= DESTROY_MAX_DELETES) return { deletes };
    return { deletes, refusal: `the plan destroys ${deletes.length} resources (more than ${DESTROY_MAX_DELETES}); ${allow}:\n${list}` };
  }
  const owned = plan.ownedCount ?? deletes.length;
  const kept = new Set(plan.changes.filter((c) => c.action !== 'delete').map((c) => c.kind));
  const orphanKinds = [...new Set(plan.changes.filter((c) => c.action === 'delete' && !kept.has(c.kind)).map((c) => c.kind))].sort();
  const reasons: string[] = [];
  if (deletes.length > PRUNE_MAX_DELETES) reasons.push(`it deletes ${deletes.length} resources (more than ${PRUNE_MAX_DELETES})`);
  if (deletes.length > owned * PRUNE_MAX_SHARE) {
    reasons.push(`it deletes ${deletes.length} of the ${owned} resources the stack owns (more than ${PRUNE_MAX_SHARE * 100} %)`);
  }
  if (orphanKinds.length > 0) {
    reasons.push(`the manifests hold no ${orphanKinds.join(', ')} resource at all, while the stack owns some live (were manifests lost?)`);
  }
  if (reasons.length === 0) return { deletes };
  return { deletes, refusal: `refusing to prune: ${reasons.join('; ')}; ${allow}:\n${list}` };
}
