// The library API: everything the CLI does is callable from here. Load and validate manifests,
// refresh the live state, plan, apply a plan. Output is left to the caller (views or events).
import { CaretakerError, DiagnosticsError, PolicyDeniedError, RefusedError } from './core/errors.js';
import { loadDesiredState } from './engine/desired.js';
import type { EventSink } from './engine/events.js';
import { applyPlan, type ApplyResult } from './engine/apply/executor.js';
import { guardConcurrentRuns } from './engine/apply/guard.js';
import type { RunJournal } from './engine/apply/journal.js';
export { openJournal, type RunJournal, type JournalRun } from './engine/apply/journal.js';
import type { TrackerOptions } from './engine/apply/action-tracker.js';
import { buildPlan, type PlanInput } from './engine/planner.js';
import { checkSelection } from './engine/targets.js';
import { evaluatePolicies, denialText } from './engine/policies/evaluate.js';
import type { PolicyRule } from './engine/policies/rules.js';
import type { PolicyOverride } from './engine/plan.js';
import { checkDeleteBudget } from './engine/delete-guard.js';
import { checkPlan, unavailableRefusal } from './engine/checks.js';
export { checkDeleteBudget } from './engine/delete-guard.js';
import { hasChanges, type Change, type Plan } from './engine/plan.js';
import type { DesiredResource, Observation, Provider, ReadScope } from './engine/provider.js';
import { handlerFor, refresh, type RefreshResult } from './engine/refresh.js';
import type { ManifestSet } from './manifest/types.js';
import type { Diagnostic } from './core/diagnostics.js';
import { createSchemaRegistry, type SchemaRegistry } from './schema/registry.js';

export type { Plan, Change, Operation, FieldDiff, ChangeAction } from './engine/plan.js';
export type { EngineEvent, EventSink } from './engine/events.js';
export type { Provider, KindHandler, Observation } from './engine/provider.js';
export type { ApplyResult, Interruption, RunningAction } from './engine/apply/executor.js';
export type { Diagnostic } from './core/diagnostics.js';
export * from './core/errors.js';
export { savePlan, loadPlan, planToJson, assertSamePlan, isPlanFile, savedManifestPaths, assertSameManifests, checkPlanDestination } from './engine/plan-file.js';
export { checkTargets, checkSelection, targetingWarning, exclusionWarning, parseSelectionFile } from './engine/targets.js';
export { evaluatePolicies, deniedResults, denialText, sortResults } from './engine/policies/evaluate.js';
export { loadPolicyFiles, policyFiles, combineRules } from './engine/policies/load.js';
export { makeOverrides, actorOf } from './engine/policies/overrides.js';
export type { PolicyRule } from './engine/policies/rules.js';
export type { PolicyResult, PolicyOverride } from './engine/plan.js';
export { exportService, type ExportOptions, type ExportResult, type ExportedDocument } from './engine/export.js';
export { buildDriftReport, type DriftReport, type DriftResource, type DriftField, type DriftOptions } from './engine/drift.js';
export { renderExportedDocument } from './views/yaml/export.js';

export interface LoadOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  /** `warning` (validate): an unset `${env:…}` is reported as a warning and does not fail the load. */
  missingEnv?: 'error' | 'warning';
  /** The schema registry to use (default: the project's schemas). */
  registry?: SchemaRegistry;
}

/** Loads and validates manifests; throws DiagnosticsError with every problem at once. No network. */
export async function loadManifests(
  paths: string[], opts: LoadOptions,
): Promise<{ set: ManifestSet; registry: SchemaRegistry; warnings: Diagnostic[]; policies: PolicyRule[] }> {
  const { set, diagnostics, registry, policies } = await loadDesiredState(paths, opts);
  if (!set || diagnostics.some((d) => d.severity === 'error')) throw new DiagnosticsError(diagnostics);
  return { set, registry, warnings: diagnostics.filter((d) => d.severity !== 'error'), policies };
}

export interface PlanOptions {
  providers: ReadonlyMap<string, Provider>;
  mode?: 'plan' | 'destroy';
  /** Overrides the stack's `prune`. */
  prune?: boolean;
  /** `--target` addresses or patterns (`Redis/*`): the plan keeps them and what they depend on. */
  targets?: string[];
  /** `--exclude` addresses or patterns: the plan leaves them out, with what depends on them. */
  excludes?: string[];
  /**
   * Refuse (before any write) an exclusion that removes every change the plan would make. Default
   * true; `drift` turns it off (a drift report with nothing left is a valid answer).
   */
  refuseEmptyExclusion?: boolean;
  /** Policy rules evaluated on the plan (the set's Policy documents and the --policy files). */
  policies?: readonly PolicyRule[];
  /** `plan --override`: denies a reviewer lets through (recorded in the plan). */
  overrides?: readonly PolicyOverride[];
  /** `--allow-foreign-origin`: take over resources of this stack created from another manifest set. */
  allowForeignOrigin?: boolean;
  parallelism?: number;
  sink?: EventSink;
  now?: () => Date;
  /** Manifest paths recorded in the plan (for saved-plan apply). */
  manifestPaths?: string[];
  /** Shares the refresh's list reads with the caller (one scope per refresh; never reuse it after a write). */
  reads?: ReadScope;
}

/** Refreshes the live state of the manifests' resources and builds the plan (pure step after I/O). */
export async function plan(set: ManifestSet, registry: SchemaRegistry, opts: PlanOptions): Promise<Plan> {
  return planFromLive(set, registry, await refreshLive(set, opts), opts);
}

/** The I/O half of `plan`: the live state of the manifests' resources and of the stack's owned ones. */
export async function refreshLive(set: ManifestSet, opts: PlanOptions): Promise<RefreshResult> {
  const mode = opts.mode ?? 'plan';
  const prune = opts.prune ?? set.stack.prune;
  const targets = selection(opts.targets);
  const excludes = selection(opts.excludes);
  if (targets || excludes) checkSelection({ targets, excludes }, set.resources.map((r) => r.address));
  return refresh({
    stack: set.stack.name,
    resources: set.resources,
    providers: opts.providers,
    // Owned resources are always listed: prune and destroy delete them, a plain plan notes the missing ones.
    listOwned: true,
    fingerprintOwned: prune || mode === 'destroy',
    parallelism: opts.parallelism ?? 10,
    sink: opts.sink,
    reads: opts.reads,
  });
}

/** The sorted, unique addresses or patterns of a `--target` / `--exclude` list; undefined when empty. */
function selection(list: readonly string[] | undefined): string[] | undefined {
  return list && list.length > 0 ? [...new Set(list)].sort() : undefined;
}

/**
 * The pure half of `plan`: the plan of `set` against a live state already read (`refreshLive`), so
 * that one refresh can serve several plans (drift's report and its reconcile). `set` must hold the
 * same addresses as the set the live state was read for.
 */
export function planFromLive(set: ManifestSet, registry: SchemaRegistry, live: RefreshResult, opts: PlanOptions): Plan {
  const mode = opts.mode ?? 'plan';
  const prune = opts.prune ?? set.stack.prune;
  const targets = selection(opts.targets);
  const excludes = selection(opts.excludes);
  const made = buildPlan(planInputFor(set, registry, opts.providers, {
    resources: set.resources,
    observations: live.observations,
    owned: live.owned,
    mode,
    prune,
    targets,
    excludes,
    allowForeignOrigin: opts.allowForeignOrigin,
    createdAt: (opts.now?.() ?? new Date()).toISOString(),
    liveFingerprint: live.fingerprint,
    manifests: opts.manifestPaths,
  }));
  if (excludes && opts.refuseEmptyExclusion !== false && !hasChanges(made) && (made.excluded ?? []).length > 0) {
    throw new CaretakerError('ERR_TARGET', `the exclusions (${excludes.join(', ')}) remove every change of the plan ` +
      `(${(made.excluded ?? []).map((x) => x.address).join(', ')}): nothing is left to do; drop an --exclude`);
  }
  return withPolicies(made, opts.policies ?? [], opts.overrides ?? []);
}

/** The plan with its policy results and overrides (a pure step after planning); unchanged without rules or overrides. */
export function withPolicies(p: Plan, rules: readonly PolicyRule[], overrides: readonly PolicyOverride[]): Plan {
  if (rules.length === 0 && overrides.length === 0) return p;
  const results = evaluatePolicies(p, rules, overrides);
  return {
    ...p,
    ...(results.length > 0 || rules.length > 0 ? { policyResults: results } : {}),
    ...(overrides.length > 0 ? { overrides: [...overrides] } : {}),
  };
}

/** The refusal of changes to resources created from another manifest set, unless the plan allows them. */
export function foreignOriginRefusal(p: Plan): string | undefined {
  if (p.allowForeignOrigin) return undefined;
  const foreign = p.changes.filter((c) => c.action !== 'no-op' && c.foreignOrigin !== undefined);
  if (foreign.length === 0) return undefined;
  const lines = foreign.map((c) => `${c.address} (${c.action}) was created from ${c.foreignOrigin}, not from this manifest set (${p.origin ?? 'unknown'})`);
  return `refusing to change resources of stack ${p.stack} that another manifest set manages (two folders use the same stack name?):\n` +
    `${lines.join('\n')}\nrename one of the stacks, or pass --allow-foreign-origin to take them over from this manifest set`;
}

/** What one planning decides and reads: the resources, their live state, the mode and the plan's stamps. */
export type PlanFields = Pick<PlanInput, 'resources' | 'observations' | 'owned' | 'mode' | 'prune' | 'createdAt' | 'liveFingerprint'>
  & Partial<Pick<PlanInput, 'stack' | 'targets' | 'excludes' | 'allowForeignOrigin' | 'manifests'>>;

/**
 * The planner input for `set`, shared by `plan` and the re-planner of `apply`: the stack's name (unless
 * `fields` gives one) and change reference, each kind's field policy, and the providers' handlers. The
 * provider of a kind is its schema's `x-provider`, read through `registry`, as the manifests' resources
 * have it: an owned resource the manifests no longer mention is deleted through the provider of its
 * kind, never through a default one (a kind without a schema is refused with InternalError).
 */
export function planInputFor(
  set: ManifestSet, registry: SchemaRegistry, providers: ReadonlyMap<string, Provider>, fields: PlanFields,
): PlanInput {
  return {
    stack: set.stack.name,
    changeReference: set.stack.changeReference,
    ...(set.stack.origin ? { origin: set.stack.origin } : {}),
    policy: (kind) => registry.policy(kind),
    handler: (provider, kind) => handlerFor(providers, provider, kind),
    providerOf: (kind) => registry.policy(kind).provider,
    ...fields,
  };
}

export interface ApplyOptions {
  providers: ReadonlyMap<string, Provider>;
  parallelism?: number;
  allowReplace?: boolean;
  /** Deletions allowed by the operator (--max-deletes); the blast-radius guard's limits otherwise. */
  maxDeletes?: number;
  sink: EventSink;
  tracker?: Partial<TrackerOptions>;
  /** Policies of the kinds (re-planning after a wait); the default schema registry when absent. */
  registry?: SchemaRegistry;
  /** The run journal (`openJournal`): tells this directory's crashed runs from other runs. */
  journal?: RunJournal;
  /** Wait for actions other runs have in progress on the plan's resources, then re-plan, instead of refusing. */
  wait?: boolean;
  /** First interrupt: send nothing new, wait for what is in flight (see the executor). */
  stop?: AbortSignal;
  /** Second interrupt: stop waiting at once. */
  abandon?: AbortSignal;
}

/**
 * Safety guards checked before any write: policy denies (DESIGN §3: only a saved plan's overrides let
 * one through), resources of another manifest set, the delete budget, and replaces (allowReplace).
 */
export function checkGuards(p: Plan, opts: { allowReplace?: boolean; maxDeletes?: number }): void {
  const denied = denialText(p);
  if (denied) throw new PolicyDeniedError(`the policies deny this plan; nothing was changed:\n${denied}`);
  const foreign = foreignOriginRefusal(p);
  if (foreign) throw new RefusedError(foreign);
  const budget = checkDeleteBudget(p, opts.maxDeletes);
  if (budget.refusal) throw new RefusedError(budget.refusal);
  const replaces = p.changes.filter((c) => c.action === 'replace').map((c) => c.address);
  if (replaces.length > 0 && !opts.allowReplace) {
    throw new RefusedError(`the plan replaces ${replaces.join(', ')} (delete then create); re-run with --allow-replace to accept`);
  }
}

/**
 * Asks the providers whether each planned operation is available now (issue 13 item 10), unless the
 * plan was already checked, and refuses before any write an operation they say is not available.
 */
export async function precheck(p: Plan, providers: ReadonlyMap<string, Provider>): Promise<Plan> {
  const checked = p.changes.some((c) => c.checks !== undefined) ? p : await checkPlan(p, { providers, dryRun: false });
  const refusal = unavailableRefusal(checked);
  if (refusal) throw new RefusedError(`ITCare says these operations are not available now; nothing was changed:\n${refusal}`);
  return checked;
}

/** Applies a plan made by `plan` from the same manifest set. */
export async function apply(p0: Plan, set: ManifestSet, opts: ApplyOptions): Promise<ApplyResult> {
  checkGuards(p0, opts);
  const p = await precheck(p0, opts.providers);
  const desired = new Map<string, DesiredResource>(
    set.resources.map((r) => [r.address, { address: r.address, kind: r.kind, name: r.name, spec: r.spec }]),
  );
  // Before the first write: actions other runs have in progress on the plan's resources are
  // refused (or, with `wait`, waited for and re-planned); a crashed run's own are waited for.
  const { plan: guarded } = await guardConcurrentRuns({
    plan: p, providers: opts.providers, serviceIds: scopesOf(p, set), journal: opts.journal, wait: opts.wait === true,
  });
  // One registry for every re-plan of the run (compiling the schemas takes about a second).
  let compiled: SchemaRegistry | undefined;
  const registry = (): SchemaRegistry => (compiled ??= opts.registry ?? createSchemaRegistry(undefined, { lazy: true }));
  return applyPlan(guarded, {
    providers: opts.providers,
    desired,
    parallelism: opts.parallelism ?? 10,
    sink: opts.sink,
    tracker: opts.tracker,
    stop: opts.stop,
    abandon: opts.abandon,
    replan: (c, ids) => replanOne(guarded, set, registry(), opts, c, ids),
    planFrom: (c, observed, ids) => planOneFrom(guarded, set, registry(), opts, c, observed, ids),
    journal: opts.journal,
  });
}

/** Service ids of the plan: the manifests' `serviceId` and the service hints of the planned calls. */
function scopesOf(p: Plan, set: ManifestSet): number[] {
  const ids = new Set<number>();
  for (const r of set.resources) if (typeof r.spec.serviceId === 'number') ids.add(r.spec.serviceId);
  for (const c of p.changes) for (const o of c.operations) if (o.serviceId !== undefined) ids.add(o.serviceId);
  return [...ids].sort((a, b) => a - b);
}

/**
 * Re-observes one resource and re-plans it alone, the other resources standing for their known
 * live ids. Owned resources that the manifests no longer mention keep their planned deletion.
 */
async function replanOne(
  p: Plan, set: ManifestSet, registry: SchemaRegistry, opts: ApplyOptions, c: Change, ids: ReadonlyMap<string, string | number>,
): Promise<Change> {
  const r = set.resources.find((x) => x.address === c.address);
  if (!r) return { ...c, pendingActions: undefined };
  const handler = handlerFor(opts.providers, r.provider, r.kind);
  const observed = await handler.observe({ address: r.address, kind: r.kind, name: r.name, spec: r.spec });
  const { fresh, change } = planAlone(p, set, registry, opts, c, observed, ids);
  if (change.action === 'replace' && c.action !== 'replace') checkGuards(fresh, opts);
  return change;
}

/**
 * Plans one resource alone from `observed` (no I/O), the other resources standing for their known live
 * ids: the change that turns what is live into the manifest, or a no-op.
 */
function planOneFrom(
  p: Plan, set: ManifestSet, registry: SchemaRegistry, opts: ApplyOptions, c: Change, observed: Observation,
  ids: ReadonlyMap<string, string | number>,
): Change {
  return planAlone(p, set, registry, opts, c, observed, ids).change;
}

function planAlone(
  p: Plan, set: ManifestSet, registry: SchemaRegistry, opts: ApplyOptions, c: Change, observed: Observation,
  ids: ReadonlyMap<string, string | number>,
): { fresh: Plan; change: Change } {
  const r = set.resources.find((x) => x.address === c.address);
  if (!r) return { fresh: { ...p, changes: [] }, change: { ...c, pendingActions: undefined } };
  const observations = new Map<string, Observation>();
  for (const [address, id] of ids) observations.set(address, { exists: true, id, spec: {} });
  observations.set(r.address, observed);
  const fresh = buildPlan(planInputFor(set, registry, opts.providers, {
    stack: p.stack, resources: [r], observations, owned: [], mode: p.mode ?? 'plan', prune: false, allowForeignOrigin: p.allowForeignOrigin,
    createdAt: p.createdAt, liveFingerprint: p.liveFingerprint,
  }));
  const change = fresh.changes.find((x) => x.address === c.address);
  return { fresh, change: change ?? { ...c, action: 'no-op', id: observed.id, diff: [], operations: [], pendingActions: undefined } };
}
