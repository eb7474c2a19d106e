// `drift --reconcile`: which planned changes may reverse the drift unattended. Only an update whose
// every operation is an in-place, reversible update qualifies (no create, delete, replace or
// irreversible call), and only when no policy denies it; everything else is left alone with the reason.
// Acknowledged drift (lifecycle.ignoreDrift, not expired) is never reversed: the plan is made with
// those fields ignored. Pure: the caller applies the result through the apply machinery.
import type { ManifestSet, ResourceManifest } from '../manifest/types.js';
import { summarize, type Change, type Operation, type Plan, type PolicyResult } from './plan.js';
import { evaluatePolicies } from './policies/evaluate.js';
import type { PolicyRule } from './policies/rules.js';
import type { Observation, OperationContext, Provider } from './provider.js';
import { handlerFor } from './refresh.js';
import { addressMatcher } from './targets.js';

/**
 * A policy's say on one change: a reason to deny it, or undefined. `drift --reconcile` asks it for
 * every change the safety rule lets through (see `policyVerdict`).
 */
export type ReconcilePolicy = (change: Change, plan: Plan) => string | undefined;

/**
 * The loaded policies' say on a reconcile (DESIGN §3): the rules are evaluated on `candidate`, the
 * reversal plan the safety rule lets through, with no override (reconcile is not `apply PLANFILE`).
 * A per-change deny leaves its change alone, a per-plan deny every change, each with the rule and
 * its message. `results` are every deny and warning, to be reported.
 */
export function policyVerdict(candidate: Plan, rules: readonly PolicyRule[]): { policy?: ReconcilePolicy; results: PolicyResult[] } {
  if (rules.length === 0) return { results: [] };
  const results = evaluatePolicies(candidate, rules);
  const denies = results.filter((r) => r.effect === 'deny');
  if (denies.length === 0) return { results };
  const text = (r: PolicyResult) => `denied by policy rule ${r.rule} (${r.policy}, ${r.source}): ${r.message}`;
  const wholePlan = denies.filter((r) => r.address === undefined).map(text);
  const byAddress = new Map<string, string[]>();
  for (const r of denies) if (r.address !== undefined) byAddress.set(r.address, [...(byAddress.get(r.address) ?? []), text(r)]);
  const policy: ReconcilePolicy = (c) => {
    const reasons = [...(byAddress.get(c.address) ?? []), ...wholePlan];
    return reasons.length > 0 ? reasons.join('; ') : undefined;
  };
  return { policy, results };
}

export interface ReconcileSelection {
  /** The plan to apply: the allowed updates; every other change turned into a no-op. */
  plan: Plan;
  allowed: Change[];
  leftAlone: Array<{ address: string; reason: string }>;
}

/** The manifest set with every unexpired `ignoreDrift` path added to `ignoreChanges`: reconcile leaves acknowledged drift be. */
export function withAcknowledgedIgnored(set: ManifestSet, today: string): ManifestSet {
  const resources = set.resources.map((r): ResourceManifest => {
    const acks = (r.lifecycle.ignoreDrift ?? []).filter((a) => a.until >= today).map((a) => a.path);
    if (acks.length === 0) return r;
    return { ...r, lifecycle: { ...r.lifecycle, ignoreChanges: [...new Set([...r.lifecycle.ignoreChanges, ...acks])] } };
  });
  return { ...set, resources };
}

/** Why operations are not all in-place, reversible updates, or undefined when they are. */
function unsafeOperations(ops: readonly Operation[]): string | undefined {
  const irreversible = ops.find((o) => o.irreversible);
  if (irreversible) return `${irreversible.summary} is irreversible`;
  const notUpdate = ops.find((o) => o.role !== 'update');
  return notUpdate ? `${notUpdate.summary} is not an in-place update` : undefined;
}

/**
 * The fields of the plan's updates whose own operations are not safe (an irreversible resize next to
 * a tag change), found by asking the kind's handler for the operations of each difference alone. The
 * caller plans again with them ignored, so that the safe part of a resource is still reconciled.
 */
export function unsafeFields(
  p: Plan, set: Pick<ManifestSet, 'resources' | 'stack'>, observations: ReadonlyMap<string, Observation>, providers: ReadonlyMap<string, Provider>,
): Map<string, Array<{ pointer: string; reason: string }>> {
  const byAddress = new Map(set.resources.map((r) => [r.address, r]));
  const ctx: OperationContext = {
    stack: set.stack.name, changeReference: set.stack.changeReference,
    resolveRef: (a) => (observations.get(a)?.exists ? observations.get(a)!.id : undefined),
  };
  const out = new Map<string, Array<{ pointer: string; reason: string }>>();
  for (const c of p.changes) {
    const r = byAddress.get(c.address);
    const observed = observations.get(c.address);
    if (c.action !== 'update' || !r || !observed || unsafeReason(c) === undefined) continue;
    const handler = handlerFor(providers, r.provider, r.kind);
    const fields: Array<{ pointer: string; reason: string }> = [];
    for (const d of c.diff) {
      let reason: string | undefined;
      try {
        reason = unsafeOperations(handler.updateOperations({ address: r.address, kind: r.kind, name: r.name, spec: r.spec }, observed, [d], ctx));
      } catch (err) {
        reason = (err as Error).message;
      }
      if (reason) fields.push({ pointer: d.path, reason });
    }
    if (fields.length > 0 && fields.length < c.diff.length) out.set(c.address, fields);
  }
  return out;
}

/** The set with `fields` (per address) added to `ignoreChanges`. */
export function withIgnored(set: ManifestSet, fields: ReadonlyMap<string, ReadonlyArray<{ pointer: string }>>): ManifestSet {
  if (fields.size === 0) return set;
  return {
    ...set,
    resources: set.resources.map((r) => {
      const more = fields.get(r.address)?.map((f) => f.pointer);
      return more ? { ...r, lifecycle: { ...r.lifecycle, ignoreChanges: [...new Set([...r.lifecycle.ignoreChanges, ...more])] } } : r;
    }),
  };
}

/** Why the built-in safety rule leaves a change alone, or undefined when it is a safe in-place update. */
export function unsafeReason(c: Change): string | undefined {
  switch (c.action) {
    case 'create': return 'missing live: reconcile never creates (run apply)';
    case 'delete': return 'owned by the stack but in no manifest: reconcile never deletes (run apply --prune)';
    case 'replace': return `needs replacement${c.reason ? ` (${c.reason})` : ''}: reconcile never replaces`;
    default: break;
  }
  const unsafe = unsafeOperations(c.operations);
  if (unsafe) return unsafe;
  if (c.foreignOrigin !== undefined) return `created from another manifest set (${c.foreignOrigin}): reconcile never takes it over (run apply --allow-foreign-origin)`;
  if (c.pendingActions && c.pendingActions.length > 0) return `actions are in progress on it (${c.pendingActions.join(', ')})`;
  return undefined;
}

/**
 * Splits the plan's changes into the ones reconcile applies and the ones it leaves alone: the safety
 * rule, then `policy`, then whatever depends on a change left alone (its calls may need it).
 * `targets` (addresses or patterns) restricts it to the changes they match: not what they depend on.
 */
export function selectReconcilable(p: Plan, opts: { policy?: ReconcilePolicy; targets?: readonly string[] } = {}): ReconcileSelection {
  const leftAlone = new Map<string, string>();
  const acting = p.changes.filter((c) => c.action !== 'no-op');
  const targeted = opts.targets && opts.targets.length > 0 ? addressMatcher(opts.targets) : () => true;
  for (const c of acting) {
    if (!targeted(c.address)) {
      leftAlone.set(c.address, 'not targeted');
      continue;
    }
    const why = unsafeReason(c) ?? opts.policy?.(c, p);
    if (why) leftAlone.set(c.address, why);
  }
  // A change that waits for one left alone is left alone too (to a fixed point).
  for (let grew = true; grew;) {
    grew = false;
    for (const c of acting) {
      if (leftAlone.has(c.address)) continue;
      const blocker = c.dependsOn.find((d) => leftAlone.has(d));
      if (blocker) {
        leftAlone.set(c.address, `depends on ${blocker}, which is left alone`);
        grew = true;
      }
    }
  }
  const allowed = acting.filter((c) => !leftAlone.has(c.address));
  const changes = p.changes.map((c): Change => (leftAlone.has(c.address)
    ? { ...c, action: 'no-op', diff: [], operations: [], irreversible: undefined, pendingActions: undefined }
    : c));
  const left = [...leftAlone].filter(([, reason]) => reason !== 'not targeted').map(([address, reason]) => ({ address, reason }));
  return { plan: { ...p, changes, summary: summarize(changes) }, allowed, leftAlone: left.sort((a, b) => (a.address < b.address ? -1 : 1)) };
}
