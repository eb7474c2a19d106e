// The plan: plain serialisable data (the documented plan JSON, formatVersion 1). Views render it,
// the executor runs it, plan files store it. Nothing here performs I/O.

export const PLAN_FORMAT_VERSION = 1;

/** Start of the reason of a no-op change for a live resource observed without adoption (`lifecycle.adopt: false`). */
export const NOT_ADOPTED = 'not adopted (lifecycle.adopt: false)';

/**
 * `release` (DESIGN §2): stop managing a resource and keep it: one call that removes the ownership tag
 * and nothing else (an additive value of format 1).
 */
export type ChangeAction = 'create' | 'update' | 'replace' | 'delete' | 'release' | 'no-op';

/** One exact HTTP call that apply will make. Bodies may hold Secrets (serialised as `(sensitive)`). */
export interface Operation {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /**
   * Request path. May contain `${ref:Kind/name}` placeholders, replaced at apply time by the live id
   * of that resource (`${ref:self}` = the resource of this change, once created).
   */
  path: string;
  body?: unknown;
  /** The call answers with an asynchronous action that apply tracks to SUCCESS or ERROR. */
  async: boolean;
  /** The ITCare docs say this cannot be undone (stop, resize, delete, enable_ha, upgrade…). */
  irreversible: boolean;
  /** One short line for humans, e.g. `resize 2cpu4gb -> 4cpu8gb`. Never contains a secret. */
  summary: string;
  /** What the call does to the resource; `create` calls make apply learn the new id afterwards. */
  role: 'create' | 'update' | 'delete';
  /** Service of the resource, a hint that lets action polls be batched per service. */
  serviceId?: number;
  /**
   * The call moves the resource to another status (a stop before a resize or a delete, a start after
   * it): the calls after it in the same change cannot be pre-checked against the status read at plan
   * time, so `plan --validate` and apply's availability check skip them.
   */
  changesStatus?: boolean;
  /**
   * Provider-private facts the call's tracking needs that neither path nor body carries (e.g. the
   * parent cluster of a sub-resource, the state to wait for). Opaque to the engine and the views.
   */
  track?: Record<string, unknown>;
}

/** One field difference, JSON-patch style, path relative to `spec`. Values are redacted when sensitive. */
export interface FieldDiff {
  op: 'add' | 'remove' | 'replace';
  path: string;
  from?: unknown;
  value?: unknown;
  /** The field has no update operation (x-immutable): this difference forces a replace. */
  forcesReplace?: boolean;
  /**
   * The API did not return this (x-immutable) field: its live value is unknown. Never a reason to
   * replace, never an operation; the planner moves it to `Change.unknownFields`.
   */
  unknown?: boolean;
}

export interface Change {
  address: string;
  kind: string;
  name: string;
  provider: string;
  action: ChangeAction;
  /** Live id, when the resource exists. */
  id?: string | number;
  diff: FieldDiff[];
  operations: Operation[];
  /** Addresses whose changes must finish before this one starts. */
  dependsOn: string[];
  /** Why the action was chosen, when not obvious (`prune`, `destroy`, `replace: diskSize is immutable`). */
  reason?: string;
  /** Operations flagged irreversible are present. */
  irreversible?: boolean;
  /** Live actions already in progress on this resource: apply waits for them first. */
  pendingActions?: string[];
  /**
   * Spec paths (JSON pointers) of immutable fields the API did not return: their live value is
   * unknown, so they are shown as "not returned by the API" and neither compared nor changed.
   */
  unknownFields?: string[];
  /**
   * Advisory facts of plan time that change nothing: a live catalogue that could not be read (the
   * offline checks were used instead), an answer in an unexpected shape. One sentence each.
   */
  notes?: string[];
  /** `plan --validate` and apply's pre-checks: what the API said about each operation, before any write. */
  checks?: OperationCheck[];
  /**
   * The live resource was created from another manifest set using the same stack name: the value of
   * its origin tag (`caretaker-origin`). Apply refuses such a change unless the plan allows it.
   */
  foreignOrigin?: string;
}

/** One rule of a policy that holds on the plan (a violation): a `deny` refuses the plan, a `warn` is shown. */
export interface PolicyResult {
  /** The rule's `name`. */
  rule: string;
  /** `metadata.name` of the Policy document and where the rule is written (`file:line`). */
  policy: string;
  source: string;
  effect: 'deny' | 'warn';
  /** The change the rule held on (per-change rules); absent for per-plan rules. */
  address?: string;
  /** The rule's `message` (or its expression when it has none, or why it could not be evaluated). */
  message: string;
  /** Set when `plan --override RULE` lets this deny through (see `Plan.overrides`). */
  overridden?: boolean;
}

/** A reviewer's `plan --override RULE --reason TEXT`, recorded in the saved plan; honoured only by `apply PLANFILE`. */
export interface PolicyOverride {
  rule: string;
  reason: string;
  /** `CARETAKER_ACTOR`, else the user name. */
  actor: string;
  /** ISO-8601 time of the plan that recorded it. */
  at: string;
}

/**
 * What the API said about one planned operation before it ran (issue 13 items 9 and 10).
 * `dryRun`: the call sent with the provider's dry-run mode: `accepted`, `rejected` (its message),
 * `not-checked` (not sent: `message` says why) or `header-ignored` (the server did not confirm the
 * dry run: the call may have been executed). `availability`: whether the API lists the operation
 * as currently available on the resource; `unknown` = no information (`message`/`cause` says why).
 */
export interface OperationCheck {
  /** 1-based position in `Change.operations`. */
  operation: number;
  dryRun?: 'accepted' | 'rejected' | 'not-checked' | 'header-ignored';
  /** The API's answer to the dry run (a 400 message), or why it was not sent. */
  message?: string;
  availability?: 'available' | 'unavailable' | 'unknown';
  /** Why the operation is unavailable (the API's words), or why nothing is known. */
  cause?: string;
}

export interface PlanSummary {
  create: number;
  update: number;
  replace: number;
  delete: number;
  noop: number;
  /** `release` changes; present only when there is one (format 1 plans without releases stay as they were). */
  release?: number;
}

export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  stack: string;
  createdAt: string;
  /** sha256 over the normalised live state of every address of the plan. */
  liveFingerprint: string;
  /**
   * Per address, a 16-hex digest of its live state (owned listings under `owned:Kind/name`): a stale
   * saved plan names the resources whose live state changed. Additive field of format 1.
   */
  liveDigests?: Record<string, string>;
  /**
   * Manifest paths the plan was made from. In memory: relative to the working directory. In a saved
   * plan file: relative to the directory of the plan file (or absolute), so it applies from anywhere.
   */
  manifests?: string[];
  /** Saved plans only: sha256 of every manifest file read, keyed like `manifests` (relative to the plan file). */
  manifestDigests?: Record<string, string>;
  /** `plan` or `destroy` planning mode. */
  mode?: 'plan' | 'destroy';
  /** The plan deletes owned resources that are no longer in the manifests (`--prune` or the stack's `prune`). */
  prune?: boolean;
  /** `--target` addresses or patterns the plan was restricted to (plus what they depend on). */
  targets?: string[];
  /** `--exclude` addresses or patterns the plan leaves out (with what depends on them). */
  excludes?: string[];
  /** Changes that `excludes` left out, each with the excluded address it depends on when that is why. */
  excluded?: Array<{ address: string; action: string; dependsOn?: string }>;
  /** The manifest set's origin (`caretaker-origin` tag written at create), when known. */
  origin?: string;
  /** `--allow-foreign-origin`: changes to resources created from another manifest set are allowed. */
  allowForeignOrigin?: boolean;
  /** Rules of the policies that hold on this plan (DESIGN §3), denies first. */
  policyResults?: PolicyResult[];
  /** `plan --override`: denied rules a reviewer lets through, with the reason and who. */
  overrides?: PolicyOverride[];
  /** Owned resources missing from the manifests that this plan leaves alone (not pruning): a note, not a change. */
  missingOwned?: string[];
  /** `plan --validate`: the operations were sent as dry runs and pre-checked (see `Change.checks`). */
  validated?: boolean;
  /** Live resources carrying the stack's ownership tag, when they were listed (prune and destroy). */
  ownedCount?: number;
  changes: Change[];
  summary: PlanSummary;
}

export function isReplace(c: Change): boolean {
  return c.action === 'replace';
}

export function hasChanges(p: Plan): boolean {
  return p.changes.some((c) => c.action !== 'no-op');
}

export function summarize(changes: readonly Change[]): PlanSummary {
  const s: PlanSummary = { create: 0, update: 0, replace: 0, delete: 0, noop: 0 };
  for (const c of changes) {
    if (c.action === 'no-op') s.noop++;
    else if (c.action === 'release') s.release = (s.release ?? 0) + 1;
    else s[c.action]++;
  }
  return s;
}

/** Placeholder for the live id of `address`, resolved by the executor when the operation runs. */
export function refPlaceholder(address: string): string {
  return '${ref:' + address + '}';
}

export const REF_PLACEHOLDER = /\$\{ref:([^}]+)\}/g;
