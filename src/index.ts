// The library API: everything the CLI does is callable from here. Load and validate manifests,
// refresh the live state, plan, apply a plan. Output is left to the caller (views or events).
import { DiagnosticsError, RefusedError } from './core/errors.js';
import { loadDesiredState } from './engine/desired.js';
import type { EventSink } from './engine/events.js';
import { applyPlan, type ApplyResult } from './engine/apply/executor.js';
import type { TrackerOptions } from './engine/apply/action-tracker.js';
import { buildPlan } from './engine/planner.js';
import { checkDeleteBudget } from './engine/delete-guard.js';
export { checkDeleteBudget } from './engine/delete-guard.js';
import type { Plan } from './engine/plan.js';
import type { DesiredResource, Provider } from './engine/provider.js';
import { handlerFor, refresh } from './engine/refresh.js';
import type { ManifestSet } from './manifest/types.js';
import type { SchemaRegistry } from './schema/registry.js';

export type { Plan, Change, Operation, FieldDiff, ChangeAction } from './engine/plan.js';
export type { EngineEvent, EventSink } from './engine/events.js';
export type { Provider, KindHandler, Observation } from './engine/provider.js';
export type { ApplyResult } from './engine/apply/executor.js';
export type { Diagnostic } from './core/diagnostics.js';
export * from './core/errors.js';
export { savePlan, loadPlan, planToJson, assertSamePlan } from './engine/plan-file.js';

export interface LoadOptions {
  cwd: string;
  env: Record<string, string | undefined>;
}

/** Loads and validates manifests; throws DiagnosticsError with every problem at once. No network. */
export async function loadManifests(paths: string[], opts: LoadOptions): Promise<{ set: ManifestSet; registry: SchemaRegistry }> {
  const { set, diagnostics, registry } = await loadDesiredState(paths, opts);
  if (!set || diagnostics.some((d) => d.severity === 'error')) throw new DiagnosticsError(diagnostics);
  return { set, registry };
}

export interface PlanOptions {
  providers: ReadonlyMap<string, Provider>;
  mode?: 'plan' | 'destroy';
  /** Overrides the stack's `prune`. */
  prune?: boolean;
  targets?: string[];
  parallelism?: number;
  sink?: EventSink;
  now?: () => Date;
  /** Manifest paths recorded in the plan (for saved-plan apply). */
  manifestPaths?: string[];
}

/** Refreshes the live state of the manifests' resources and builds the plan (pure step after I/O). */
export async function plan(set: ManifestSet, registry: SchemaRegistry, opts: PlanOptions): Promise<Plan> {
  const mode = opts.mode ?? 'plan';
  const prune = opts.prune ?? set.stack.prune;
  const live = await refresh({
    stack: set.stack.name,
    resources: set.resources,
    providers: opts.providers,
    listOwned: prune || mode === 'destroy',
    parallelism: opts.parallelism ?? 10,
    sink: opts.sink,
  });
  const providerByKind = new Map(registry.kinds().map((k) => [k, registry.policy(k).provider]));
  return buildPlan({
    stack: set.stack.name,
    changeReference: set.stack.changeReference,
    resources: set.resources,
    observations: live.observations,
    owned: live.owned,
    policy: (kind) => registry.policy(kind),
    handler: (provider, kind) => handlerFor(opts.providers, provider, kind),
    providerOf: (kind) => providerByKind.get(kind) ?? 'itcare',
    mode,
    prune,
    targets: opts.targets,
    createdAt: (opts.now?.() ?? new Date()).toISOString(),
    liveFingerprint: live.fingerprint,
    manifests: opts.manifestPaths,
  });
}

export interface ApplyOptions {
  providers: ReadonlyMap<string, Provider>;
  parallelism?: number;
  allowReplace?: boolean;
  /** Deletions allowed by the operator (--max-deletes); the blast-radius guard's limits otherwise. */
  maxDeletes?: number;
  sink: EventSink;
  tracker?: Partial<TrackerOptions>;
}

/** Safety guards checked before any write: replaces need allowReplace. */
export function checkGuards(p: Plan, opts: { allowReplace?: boolean; maxDeletes?: number }): void {
  const budget = checkDeleteBudget(p, opts.maxDeletes);
  if (budget.refusal) throw new RefusedError(budget.refusal);
  const replaces = p.changes.filter((c) => c.action === 'replace').map((c) => c.address);
  if (replaces.length > 0 && !opts.allowReplace) {
    throw new RefusedError(`the plan replaces ${replaces.join(', ')} (delete then create); re-run with --allow-replace to accept`);
  }
}

/** Applies a plan made by `plan` from the same manifest set. */
export async function apply(p: Plan, set: ManifestSet, opts: ApplyOptions): Promise<ApplyResult> {
  checkGuards(p, opts);
  const desired = new Map<string, DesiredResource>(
    set.resources.map((r) => [r.address, { address: r.address, kind: r.kind, name: r.name, spec: r.spec }]),
  );
  return applyPlan(p, {
    providers: opts.providers,
    desired,
    parallelism: opts.parallelism ?? 10,
    sink: opts.sink,
    tracker: opts.tracker,
  });
}
