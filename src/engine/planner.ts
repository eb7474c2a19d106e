// The pure planner: (desired resources, observations, policies) -> Plan. No I/O; everything it needs
// was read by refresh. Decides create / update / replace / delete / no-op per address, applies the
// safety policies (preventDestroy, ownership) and orders changes by their references.
import { RefusedError } from '../core/errors.js';
import { compareAddress } from '../core/address.js';
import { isSecret } from '../core/secret.js';
import type { ResourceManifest } from '../manifest/types.js';
import type { FieldPolicy } from '../schema/policy.js';
import { creationDiff, diffSpec, isRefObject } from './diff.js';
import { ownershipPolicy, type OwnershipPolicy } from './ownership.js';
import { selectChanges } from './targets.js';
import { NOT_ADOPTED, PLAN_FORMAT_VERSION, summarize, type Change, type FieldDiff, type Plan } from './plan.js';
import { ORIGIN_TAG, OWNER_TAG, type DesiredResource, type KindHandler, type Observation, type OperationContext, type OwnedResource } from './provider.js';

export interface PlanInput {
  stack: string;
  changeReference?: string;
  resources: readonly ResourceManifest[];
  /** Live state of every desired address (missing = does not exist). */
  observations: ReadonlyMap<string, Observation>;
  /** Live resources carrying the stack's ownership tag (read only for prune and destroy). */
  owned: readonly OwnedResource[];
  policy(kind: string): FieldPolicy;
  handler(provider: string, kind: string): KindHandler;
  /** Provider name of a kind (for owned resources that are no longer in the manifests). */
  providerOf(kind: string): string;
  mode: 'plan' | 'destroy';
  prune: boolean;
  /** Restrict the plan to these addresses or patterns (and what they depend on). */
  targets?: readonly string[];
  /** Leave out these addresses or patterns (and what depends on them). */
  excludes?: readonly string[];
  /** The manifest set's origin (written at create; a live resource of another origin is marked). */
  origin?: string;
  /** `--allow-foreign-origin`: take over resources of this stack created from another manifest set. */
  allowForeignOrigin?: boolean;
  createdAt: string;
  liveFingerprint: string;
  manifests?: string[];
}

/** What the planning of every resource shares. */
interface Planning {
  input: PlanInput;
  /** The live id of an address, when it exists. */
  idOf(address: string): string | number | undefined;
  ctx: OperationContext;
  owner: OwnershipPolicy;
  /** Every refused change, reported together at the end. */
  refusals: string[];
}

/** Builds the plan. Throws RefusedError listing every refused change (preventDestroy, ownership, provider refusals). */
export function buildPlan(input: PlanInput): Plan {
  const idOf = (address: string): string | number | undefined => {
    const o = input.observations.get(address);
    return o?.exists ? o.id : undefined;
  };
  const ctx: OperationContext = { stack: input.stack, changeReference: input.changeReference, resolveRef: idOf, ...(input.origin ? { origin: input.origin } : {}) };
  const planning: Planning = { input, idOf, ctx, owner: ownershipPolicy(input.stack), refusals: [] };
  const changes: Change[] = [];
  for (const r of input.resources) {
    const change = planResource(planning, r);
    if (change) changes.push(change);
  }
  const missingOwned = planOwnedLeftOut(planning, changes);

  if (planning.refusals.length > 0) throw new RefusedError(planning.refusals.sort().join('\n'));
  orderDeletes(changes, input.resources);
  const { kept: selected, excluded } = selectChanges(changes, { targets: input.targets, excludes: input.excludes });
  selected.sort((a, b) => compareAddress(a.address, b.address));
  for (const c of selected) if (c.operations.some((o) => o.irreversible)) c.irreversible = true;
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    stack: input.stack,
    createdAt: input.createdAt,
    liveFingerprint: input.liveFingerprint,
    manifests: input.manifests,
    mode: input.mode,
    prune: input.mode === 'plan' && input.prune ? true : undefined,
    targets: input.targets && input.targets.length > 0 ? [...input.targets] : undefined,
    ...(input.excludes && input.excludes.length > 0 ? { excludes: [...input.excludes], excluded } : {}),
    ...(input.origin ? { origin: input.origin } : {}),
    ...(input.allowForeignOrigin ? { allowForeignOrigin: true } : {}),
    missingOwned: missingOwned.length > 0 ? missingOwned.sort(compareAddress) : undefined,
    ownedCount: input.prune || input.mode === 'destroy' ? input.owned.length : undefined,
    changes: selected,
    summary: summarize(selected),
  };
}

/** `file:line:col: ` of a spec field of the resource's document (empty when it is not written there, e.g. a stack default). */
function located(r: ResourceManifest, field: string | undefined): string {
  const range = field === undefined ? undefined : r.sourceMap.rangeOf(`/spec${field}`);
  return range ? `${range.file}:${range.start.line}:${range.start.col}: ` : '';
}

/**
 * The change of one desired resource: destroy (destroy mode), create (nothing live), or what the
 * diff with the live state asks (update, replace, no-op). None when it is refused (the refusal goes
 * to `p.refusals`, a provider's RefusedError included) or, in destroy mode, when nothing is live.
 */
function planResource(p: Planning, r: ResourceManifest): Change | undefined {
  const { input } = p;
  const observed = input.observations.get(r.address) ?? { exists: false, spec: {} };
  const handler = input.handler(r.provider, r.kind);
  const desired: DesiredResource = { address: r.address, kind: r.kind, name: r.name, spec: r.spec };
  const deps = referencesOf(r, handler);
  const owned = input.policy(r.kind).owned !== false;
  try {
    if (input.mode === 'destroy') return planDestroy(p, r, observed, handler, deps, owned);
    const refusal = owned ? p.owner.mayManage(r.address, observed) : undefined;
    if (refusal) {
      p.refusals.push(refusal);
      return undefined;
    }
    if (owned && r.lifecycle.release) return release(r, observed, handler, p.ctx, deps);
    if (!observed.exists) {
      return {
        address: r.address, kind: r.kind, name: r.name, provider: r.provider, action: 'create',
        diff: creationDiff(r.spec, { policy: input.policy(r.kind), resolveRef: p.idOf }),
        operations: handler.createOperations(desired, p.ctx, observed),
        dependsOn: deps,
        ...notesOf(observed),
      };
    }
    return planLive(p, r, desired, observed, handler, deps, owned);
  } catch (err) {
    if (err instanceof RefusedError) p.refusals.push(`${located(r, err.field)}${r.address}: ${err.message}`);
    else throw err;
    return undefined;
  }
}

/**
 * Destroy mode: a live owned resource is deleted (refused under preventDestroy); governance kinds
 * and resources this stack may not delete stay, as a no-op saying why.
 */
function planDestroy(
  p: Planning, r: ResourceManifest, observed: Observation, handler: KindHandler, deps: string[], owned: boolean,
): Change | undefined {
  if (!observed.exists) return undefined;
  if (!owned) return noop(r, observed, deps, 'governance settings are left in place by destroy');
  if (r.lifecycle.release) return noop(r, observed, deps, 'lifecycle.release is set: destroy leaves it in place');
  const refusal = observed.ownershipUnverifiable ? undefined : p.owner.mayDelete(r.address, observed);
  if (refusal) return noop(r, observed, deps, refusal);
  if (r.lifecycle.preventDestroy) p.refusals.push(`${r.address}: lifecycle.preventDestroy is set; refusing to destroy it`);
  const del = deletion(r.address, r.kind, r.provider, observed, handler, p.ctx, 'destroy');
  if (observed.ownershipUnverifiable) del.reason = `destroy: ${observed.ownershipUnverifiable}`;
  return withOrigin(del, observed, p.ctx);
}

/**
 * A resource that exists live: the diff decides. A field that cannot change in place makes it a
 * replace (refused under preventDestroy); otherwise the handler's update calls, or a no-op. Unknown
 * live values are shown, never compared; adopting a resource adds the ownership tag to the diff.
 */
function planLive(
  p: Planning, r: ResourceManifest, desired: DesiredResource, observed: Observation, handler: KindHandler, deps: string[], owned: boolean,
): Change {
  const { input, ctx } = p;
  const fullDiff = diffSpec(r.spec, observed.spec, {
    policy: input.policy(r.kind), ignoreChanges: r.lifecycle.ignoreChanges, resolveRef: p.idOf,
  });
  // Values the API did not return are unknown: shown, never compared, never an operation.
  const unknownFields = fullDiff.filter((d) => d.unknown).map((d) => d.path);
  const diff = fullDiff.filter((d) => !d.unknown);
  const withUnknown = <C extends Change>(c: C): C =>
    withOrigin({ ...(unknownFields.length > 0 ? { ...c, unknownFields } : c), ...notesOf(observed) }, observed, ctx);
  const observeOnly = owned && observed.owner !== input.stack && r.lifecycle.adopt === false;
  if (owned && observed.owner !== input.stack && !observeOnly && !observed.ownershipUnverifiable) diff.push({ op: 'add', path: `/tags/${OWNER_TAG}`, value: input.stack });
  // Taking over a resource created from another manifest set (allowed): its origin tag becomes this set's.
  if (owned && input.allowForeignOrigin && observed.owner === input.stack && input.origin && observed.origin && observed.origin !== input.origin) {
    diff.push({ op: 'replace', path: `/tags/${ORIGIN_TAG}`, from: observed.origin, value: input.origin });
  }
  const forcing = diff.filter((d) => d.forcesReplace);
  if (forcing.length > 0) {
    if (r.lifecycle.preventDestroy) {
      p.refusals.push(`${r.address}: lifecycle.preventDestroy is set but ${forcing.map((d) => d.path.slice(1)).join(', ')} can only change by replacing it`);
    }
    const del = handler.deleteOperations(r.address, observed, ctx);
    return withUnknown({
      address: r.address, kind: r.kind, name: r.name, provider: r.provider, action: 'replace', id: observed.id,
      diff, operations: [...del, ...handler.createOperations(desired, ctx, observed)], dependsOn: deps,
      reason: `${forcing.map((d) => d.path.slice(1)).join(', ')} cannot be changed in place${observed.ownershipUnverifiable ? ` (${observed.ownershipUnverifiable})` : ''}`,
      pendingActions: pendingIds(observed),
    });
  }
  const operations = diff.length > 0 ? handler.updateOperations(desired, observed, diff, ctx) : [];
  return withUnknown({
    address: r.address, kind: r.kind, name: r.name, provider: r.provider,
    action: operations.length > 0 ? 'update' : 'no-op', id: observed.id, diff: operations.length > 0 ? diff : [],
    operations, dependsOn: deps, pendingActions: operations.length > 0 ? pendingIds(observed) : undefined,
    ...(observeOnly ? { reason: `${NOT_ADOPTED}: the ${OWNER_TAG} tag is not added, so prune and destroy do not see it` } : {}),
  });
}

/**
 * Owned resources that the manifests no longer mention: deleted by prune and destroy (added to
 * `changes`), never otherwise. Returns those a plain plan leaves alone (`missingOwned`, a note).
 */
function planOwnedLeftOut(p: Planning, changes: Change[]): string[] {
  const { input } = p;
  const byAddress = new Set(input.resources.map((r) => r.address));
  const missingOwned: string[] = [];
  const deleting = input.prune || input.mode === 'destroy';
  for (const o of input.owned) {
    const address = `${o.kind}/${o.name}`;
    if (byAddress.has(address)) continue;
    if (p.owner.mayDelete(address, o.observation)) continue;
    if (!deleting) {
      missingOwned.push(address);
      continue;
    }
    const provider = input.providerOf(o.kind);
    const handler = input.handler(provider, o.kind);
    changes.push(withOrigin(deletion(address, o.kind, provider, o.observation, handler, p.ctx, input.mode === 'destroy' ? 'destroy' : 'prune'), o.observation, p.ctx));
  }
  return missingOwned;
}

/**
 * `lifecycle.release` (DESIGN §2): one call, built by the provider, that removes the ownership tag and
 * nothing else. Nothing to release (no live resource, or not this stack's) is a no-op saying so; a kind
 * whose API cannot remove the tag is refused.
 */
function release(r: ResourceManifest, observed: Observation, handler: KindHandler, ctx: OperationContext, deps: string[]): Change {
  if (!observed.exists) return noop(r, observed, deps, 'lifecycle.release: no live resource to release');
  if (observed.owner !== ctx.stack) return noop(r, observed, deps, `lifecycle.release: already released (no ${OWNER_TAG}=${ctx.stack} tag); the document can be deleted`);
  if (observed.ownershipUnverifiable || !handler.releaseOperations) {
    throw new RefusedError(`lifecycle.release: ${r.kind} cannot be released: ${observed.ownershipUnverifiable ?? `its API cannot remove the ${OWNER_TAG} tag`}`);
  }
  return withOrigin({
    address: r.address, kind: r.kind, name: r.name, provider: r.provider, action: 'release', id: observed.id,
    diff: [{ op: 'remove', path: `/tags/${OWNER_TAG}`, from: ctx.stack }],
    operations: handler.releaseOperations(r.address, observed, ctx), dependsOn: deps,
    reason: `release: stop managing it and keep it (removes the ${OWNER_TAG} tag only); prune and destroy never touch it afterwards`,
    pendingActions: pendingIds(observed),
  }, observed, ctx);
}

/**
 * Marks a change to a live resource of this stack that was created from another manifest set (its
 * origin tag differs from this set's, both known): apply refuses it unless the plan allows it.
 */
function withOrigin<C extends Change>(c: C, observed: Observation, ctx: OperationContext): C {
  const { origin } = ctx;
  if (c.action === 'no-op' || observed.owner !== ctx.stack || origin === undefined || observed.origin === undefined || observed.origin === origin) return c;
  return { ...c, foreignOrigin: observed.origin };
}

function noop(r: ResourceManifest, observed: Observation, deps: string[], reason: string): Change {
  return {
    address: r.address, kind: r.kind, name: r.name, provider: r.provider, action: 'no-op', id: observed.id,
    diff: [], operations: [], dependsOn: deps, reason,
  };
}

function deletion(
  address: string, kind: string, provider: string, observed: Observation, handler: KindHandler,
  ctx: OperationContext, reason: 'prune' | 'destroy',
): Change {
  const name = address.slice(kind.length + 1);
  return {
    address, kind, name, provider, action: 'delete', id: observed.id, diff: [],
    operations: handler.deleteOperations(address, observed, ctx), dependsOn: [], reason,
    pendingActions: pendingIds(observed),
  };
}

/** The observation's advisory notes, as Change fields (none: no field, so plans stay as they were). */
function notesOf(o: Observation): { notes?: string[] } {
  return o.notes && o.notes.length > 0 ? { notes: [...new Set(o.notes)] } : {};
}

function pendingIds(o: Observation): string[] | undefined {
  return o.pending && o.pending.length > 0 ? o.pending.map((p) => p.id).sort() : undefined;
}

/** Addresses a resource points at: `{ref}` objects anywhere in its spec plus handler-declared edges. */
export function referencesOf(r: ResourceManifest, handler?: KindHandler): string[] {
  const out = new Set<string>(r.references.map((x) => x.target));
  const walk = (v: unknown): void => {
    if (isRefObject(v)) out.add(v.ref);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object' && !isSecret(v)) Object.values(v).forEach(walk);
  };
  walk(r.spec);
  for (const d of handler?.dependencies?.({ address: r.address, kind: r.kind, name: r.name, spec: r.spec }) ?? []) out.add(d);
  out.delete(r.address);
  return [...out].sort();
}

/**
 * A resource is deleted before what it references: when both sides of a reference are deleted, the
 * referenced one waits for the referencing one (the reverse of creation order).
 */
function orderDeletes(changes: Change[], resources: readonly ResourceManifest[]): void {
  const deleting = new Set(changes.filter((c) => c.action === 'delete').map((c) => c.address));
  for (const r of resources) {
    if (!deleting.has(r.address)) continue;
    for (const target of referencesOf(r)) {
      const t = changes.find((c) => c.address === target && c.action === 'delete');
      if (t && !t.dependsOn.includes(r.address)) t.dependsOn.push(r.address);
    }
  }
  for (const c of changes) c.dependsOn.sort();
}

export type { FieldDiff };
