// The plan: plain serialisable data (the documented plan JSON, formatVersion 1). Views render it,
// the executor runs it, plan files store it. Nothing here performs I/O.

export const PLAN_FORMAT_VERSION = 1;

export type ChangeAction = 'create' | 'update' | 'replace' | 'delete' | 'no-op';

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
}

/** One field difference, JSON-patch style, path relative to `spec`. Values are redacted when sensitive. */
export interface FieldDiff {
  op: 'add' | 'remove' | 'replace';
  path: string;
  from?: unknown;
  value?: unknown;
  /** The field has no update operation (x-immutable): this difference forces a replace. */
  forcesReplace?: boolean;
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
}

export interface PlanSummary {
  create: number;
  update: number;
  replace: number;
  delete: number;
  noop: number;
}

export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  stack: string;
  createdAt: string;
  /** sha256 over the normalised live state of every address of the plan. */
  liveFingerprint: string;
  /** Manifest paths the plan was made from (relative to the working directory), for saved-plan apply. */
  manifests?: string[];
  /** `plan`, `destroy` or `prune` planning mode. */
  mode?: 'plan' | 'destroy';
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
    else s[c.action]++;
  }
  return s;
}

/** Placeholder for the live id of `address`, resolved by the executor when the operation runs. */
export function refPlaceholder(address: string): string {
  return '${ref:' + address + '}';
}

export const REF_PLACEHOLDER = /\$\{ref:([^}]+)\}/g;
