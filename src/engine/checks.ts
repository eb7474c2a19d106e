// Asking the API before writing (issue 13 items 9 and 10): `plan --validate` sends every planned
// operation in the provider's dry-run mode, and both it and apply ask whether each operation is
// currently available on its live resource. The engine knows no API path: it calls the provider seam
// (`Provider.dryRun`, `Provider.availability`) and records the answers in `Change.checks`.
import type { Change, Operation, OperationCheck, Plan } from './plan.js';
import type { Provider } from './provider.js';
import { resolvePlaceholders } from './apply/placeholders.js';

export interface CheckOptions {
  providers: ReadonlyMap<string, Provider>;
  /** Send the operations as dry runs (`plan --validate`); otherwise availability only. */
  dryRun: boolean;
  signal?: AbortSignal;
}

/** Live ids known at plan time: every change whose resource already exists. */
function liveIds(p: Plan): Map<string, string | number> {
  const ids = new Map<string, string | number>();
  for (const c of p.changes) if (c.id !== undefined && c.action !== 'replace') ids.set(c.address, c.id);
  return ids;
}

/**
 * The operation with its placeholders resolved from ids known now, or the address whose id is not
 * known before apply (a resource this plan creates or replaces).
 */
function resolvable(op: Operation, c: Change, ids: ReadonlyMap<string, string | number>): Operation | { needs: string } {
  try {
    return resolvePlaceholders(op, c.address, ids);
  } catch {
    const m = /\$\{ref:([^}]+)\}/.exec(JSON.stringify([op.path, op.body ?? null]));
    const a = m?.[1] === 'self' ? c.address : (m?.[1] ?? c.address);
    return { needs: a };
  }
}

/**
 * Returns the plan with `checks` on every change that has operations. Never writes anything the
 * provider cannot run as a dry run. Once a server answers a dry run without confirming it, no further
 * dry run is sent (the header is evidently not honoured there) and the rest say so.
 */
export async function checkPlan(p: Plan, opts: CheckOptions): Promise<Plan> {
  const ids = liveIds(p);
  let stopped: string | undefined;
  const changes: Change[] = [];
  for (const c of p.changes) {
    if (c.operations.length === 0) {
      changes.push(c);
      continue;
    }
    const provider = opts.providers.get(c.provider);
    const checks: OperationCheck[] = [];
    // A replace deletes first: what follows its DELETE acts on a resource that does not exist yet.
    const deleted = c.action === 'replace' || c.action === 'delete';
    for (const [i, op] of c.operations.entries()) {
      const check: OperationCheck = { operation: i + 1 };
      const resolved = resolvable(op, c, ids);
      const needs = 'needs' in resolved ? resolved.needs : undefined;
      const afterCreate = c.operations.slice(0, i).some((o) => o.role === 'create');
      // After a call that moves the resource to another status, the status read now says nothing of this call.
      const afterStatus = c.operations.slice(0, i).some((o) => o.changesStatus === true);
      if (opts.dryRun) {
        if (!provider?.dryRun) {
          check.dryRun = 'not-checked';
          check.message = `the ${c.provider} provider has no dry-run mode`;
        } else if (needs !== undefined) {
          check.dryRun = 'not-checked';
          check.message = needs === c.address || afterCreate
            ? 'needs the id that the create above returns: a create cannot be dry-run beyond its first call'
            : `needs the id of ${needs}, which only exists once this plan creates it`;
        } else if (afterStatus && !afterCreate) {
          check.dryRun = 'not-checked';
          check.message = 'follows a call that changes the resource\'s status: it cannot be checked against the status it has now';
        } else if (stopped !== undefined) {
          check.dryRun = 'not-checked';
          check.message = stopped;
        } else {
          const r = await provider.dryRun(resolved as Operation, opts.signal);
          check.dryRun = r.outcome;
          if (r.message !== undefined) check.message = r.message;
          if (r.outcome === 'header-ignored') stopped = `not sent: an earlier dry run (${op.method} on ${c.address}) was not confirmed by the server`;
        }
      }
      const onLive = c.id !== undefined && needs === undefined && !afterCreate && !afterStatus && !(deleted && c.operations.slice(0, i).some((o) => o.role === 'delete'));
      if (provider?.availability && onLive && op.role !== 'create') {
        const a = await provider.availability(c.kind, c.id!, resolved as Operation, opts.signal);
        check.availability = a.availability;
        if (a.cause !== undefined) check.cause = a.cause;
      }
      if (check.dryRun !== undefined || check.availability !== undefined) checks.push(check);
    }
    changes.push(checks.length > 0 ? { ...c, checks } : c);
  }
  return { ...p, changes, ...(opts.dryRun ? { validated: true } : {}) };
}

/**
 * Apply's refusal, before any write, of operations the API says are not available now. A change
 * with actions already running is left to apply (it waits for them, then re-plans), since the
 * running action is the likely cause. `unknown` is never a refusal.
 */
export function unavailableRefusal(p: Plan): string | undefined {
  const lines: string[] = [];
  for (const c of p.changes) {
    if ((c.pendingActions?.length ?? 0) > 0) continue;
    for (const k of c.checks ?? []) {
      if (k.availability !== 'unavailable') continue;
      const op = c.operations[k.operation - 1];
      lines.push(`${c.address}: operation ${k.operation} (${op?.summary ?? '?'}) is not available now: ${k.cause ?? 'no cause given'}`);
    }
  }
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/** Dry runs that the server rejected or did not confirm: `plan --validate` exits non-zero on them. */
export function validationProblems(p: Plan): string[] {
  return p.changes.flatMap((c) => (c.checks ?? [])
    .filter((k) => k.dryRun === 'rejected' || k.dryRun === 'header-ignored')
    .map((k) => `${c.address}: operation ${k.operation}: ${k.dryRun === 'rejected' ? `rejected: ${k.message ?? ''}` : 'dry run not confirmed by the server'}`));
}
