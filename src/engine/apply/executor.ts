// The apply executor: runs a plan. The scheduler (scheduler.ts) starts each change once its
// dependencies succeeded, with bounded parallelism, and skips the dependents of a failure while
// independent work goes on; each change runs its operations in order (run-change.ts), each operation
// is sent and its actions tracked (run-operation.ts); interrupts are watched (interrupt-watch.ts).
// This module wires them for one run and builds the result. Emits events only; prints nothing.
import type { Plan } from '../plan.js';
import { createApplyRun, type ApplyOptions, type ApplyResult, type ApplyRun } from './apply-run.js';
import { InFlight } from './in-flight.js';
import { watchInterrupts } from './interrupt-watch.js';
import { runChange } from './run-change.js';
import { dependencyGraph, schedule, type ScheduleResult } from './scheduler.js';

export type { ApplyOptions, ApplyResult } from './apply-run.js';
export type { Interruption } from './interrupt-watch.js';
export type { RunningAction } from './in-flight.js';
export { MAX_CREATE_RESENDS } from './run-operation.js';

/**
 * Applies the plan. Never throws for a failed operation: failures are events and part of the result.
 * Throws InternalError, before any event, when the plan's dependencies form a cycle.
 */
export async function applyPlan(plan: Plan, opts: ApplyOptions): Promise<ApplyResult> {
  const now = opts.now ?? (() => Date.now());
  const started = now();
  const work = plan.changes.filter((c) => c.action !== 'no-op');
  const graph = dependencyGraph(work);
  opts.sink({ type: 'apply_start', changes: work.length, operations: work.reduce((n, c) => n + c.operations.length, 0) });
  const inFlight = new InFlight();
  const interrupts = watchInterrupts(opts.stop, opts.sink, () => inFlight.running());
  const run = createApplyRun(plan, opts, { now, inFlight, interrupts });
  const scheduled = await schedule({
    changes: work, graph, parallelism: opts.parallelism, stop: opts.stop, abandon: opts.abandon,
    run: (c, settle) => runChange(run, c, settle),
    skipped: (c, blockedBy) => {
      run.result.skipped.push(c.address);
      opts.sink({ type: 'change_skipped', address: c.address, reason: `upstream failed: ${blockedBy}` });
    },
  });
  interrupts.dispose();
  return finish(run, plan, now() - started, scheduled);
}

/** Sorts the result, adds the interruption report when there was one, and emits `apply_summary`. */
function finish(run: ApplyRun, plan: Plan, elapsedMs: number, scheduled: ScheduleResult): ApplyResult {
  const { result, interrupts, opts } = run;
  if (scheduled.abandoned) interrupts.abandoned(scheduled.abandoned);
  interrupts.notStarted(scheduled.notStarted);
  result.elapsedMs = elapsedMs;
  const requests = [...opts.providers.values()].reduce((n, p) => n + (p.requestCount?.() ?? 0), 0);
  result.succeeded.sort();
  result.skipped.sort();
  result.failed.sort((a, b) => (a.address < b.address ? -1 : 1));
  const interrupted = interrupts.report(scheduled.abandoned !== undefined, run.inFlight.running());
  if (interrupted) result.interrupted = interrupted;
  opts.sink({
    type: 'apply_summary', succeeded: result.succeeded.length, failed: result.failed.length, skipped: result.skipped.length,
    operations: result.operations, requests, elapsedMs: result.elapsedMs,
    ...(plan.mode === 'destroy' ? { destroy: true } : {}),
    ...(result.failed.length > 0 ? { failures: result.failed.map((f) => ({ address: f.address, error: f.error })) } : {}),
    ...(result.interrupted ? { interrupted: { ...result.interrupted, succeeded: result.succeeded } } : {}),
  });
  return result;
}
