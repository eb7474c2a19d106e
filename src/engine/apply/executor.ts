// The apply executor: walks the plan's dependency graph with bounded parallelism, runs each
// change's operations one after another (waiting for each async action), learns the ids of created
// resources by observing them by name, and on failure skips the dependents while independent work
// goes on. Emits events only; prints nothing.
import { ActionFailedError, ApiError, CaretakerError, InternalError, NetworkError, PlanStaleError, TimeoutError } from '../../core/errors.js';
import type { EventSink } from '../events.js';
import type { Change, Operation, Plan } from '../plan.js';
import type { ActionStatus, DesiredResource, KindHandler, Provider } from '../provider.js';
import { batchedObserver } from './batched-observer.js';
import { resolvePlaceholders } from './placeholders.js';
import { ActionTracker, defaultTrackerOptions, type TrackerOptions } from './action-tracker.js';
import { InFlight, operationKey, pendingKey } from './in-flight.js';
import { Interrupted, untilAborted, watchInterrupts, type Interruption } from './interrupt-watch.js';
import { dependencyGraph, schedule, type Outcome } from './scheduler.js';
import type { RunJournal } from './journal.js';

export type { Interruption } from './interrupt-watch.js';
export type { RunningAction } from './in-flight.js';

export interface ApplyOptions {
  providers: ReadonlyMap<string, Provider>;
  /** Desired resources by address (to re-observe created resources and lost creates). */
  desired: ReadonlyMap<string, DesiredResource>;
  parallelism: number;
  sink: EventSink;
  tracker?: Partial<TrackerOptions>;
  now?: () => number;
  /**
   * Re-observes one resource and re-plans it from its live state. Called after waiting for actions
   * already in progress on it (and after an update whose answer was lost), before anything is sent,
   * so that an operation whose effect is already live is dropped instead of being repeated.
   */
  replan?: (change: Change, ids: ReadonlyMap<string, string | number>) => Promise<Change>;
  /** Records each write before it is sent, and the actions it started (the run journal). */
  journal?: Pick<RunJournal, 'recordWrite' | 'recordActions'>;
  /**
   * First interrupt (Ctrl-C): nothing new is sent; the calls already sent and their actions are
   * waited for. Its `reason` names the signal.
   */
  stop?: AbortSignal;
  /** Second interrupt: stop waiting at once; what is still running on the server is reported. */
  abandon?: AbortSignal;
}

/** Waits, re-observations and re-plans of one change are bounded. */
const MAX_REPLANS = 4;

/**
 * A create whose answer was lost and whose lookup by name finds nothing is sent again, at most this
 * many times, after a backoff (the tracker's poll interval, doubling up to its cap).
 */
export const MAX_CREATE_RESENDS = 3;

export interface ApplyResult {
  succeeded: string[];
  failed: Array<{ address: string; error: string; code: string }>;
  skipped: string[];
  operations: number;
  elapsedMs: number;
  /** Set when `stop` fired during the run. */
  interrupted?: Interruption;
}

/** Applies the plan. Never throws for a failed operation: failures are events and part of the result. */
export async function applyPlan(plan: Plan, opts: ApplyOptions): Promise<ApplyResult> {
  const now = opts.now ?? (() => Date.now());
  const started = now();
  const work = plan.changes.filter((c) => c.action !== 'no-op');
  const ids = new Map<string, string | number>();
  for (const c of plan.changes) if (c.id !== undefined && c.action !== 'delete') ids.set(c.address, c.id);
  const trackers = new Map<string, ActionTracker>();
  const trackerFor = (provider: string): ActionTracker => {
    let t = trackers.get(provider);
    if (!t) trackers.set(provider, (t = new ActionTracker(providerOf(opts.providers, provider), opts.tracker)));
    return t;
  };
  const result: ApplyResult = { succeeded: [], failed: [], skipped: [], operations: 0, elapsedMs: 0 };
  const trackerOpts = { ...defaultTrackerOptions, ...opts.tracker };
  const reobserve = batchedObserver();

  const graph = dependencyGraph(work);
  opts.sink({ type: 'apply_start', changes: work.length, operations: work.reduce((n, c) => n + c.operations.length, 0) });
  const inFlight = new InFlight();
  const interrupts = watchInterrupts(opts.stop, opts.sink, () => inFlight.running());

  const runChange = async (c: Change, settle: (o: Outcome) => void): Promise<void> => {
    opts.sink({ type: 'change_start', address: c.address, action: c.action });
    try {
      const provider = providerOf(opts.providers, c.provider);
      const handler = provider.handler(c.kind);
      if (!handler) throw new InternalError(`provider ${c.provider} has no handler for ${c.kind}`);
      const tracker = trackerFor(c.provider);
      // Actions already running on the resource (e.g. a create left by a crashed run) finish first;
      // the service hint of the change's calls lets them share the batched poll. Then the resource
      // is re-observed and re-planned: what those actions already did is not sent again.
      const serviceId = c.operations.find((o) => o.serviceId !== undefined)?.serviceId;
      let current = c;
      let waitFor = c.pendingActions ?? [];
      let replans = 0;
      const replan = async (why: string): Promise<void> => {
        if (!opts.replan) return;
        if (++replans > MAX_REPLANS) {
          throw new CaretakerError('ERR_BUSY', `${c.address}: still busy after ${MAX_REPLANS} waits (${why}); run apply again later`);
        }
        const fresh = await opts.replan(current, ids);
        if (fresh.id !== undefined && fresh.action !== 'delete') ids.set(c.address, fresh.id);
        current = { ...fresh, operations: keepApproved(c, fresh, ids) };
        waitFor = fresh.pendingActions ?? [];
      };
      run: for (;;) {
        if (waitFor.length > 0) {
          // Actions this run did not send: an interrupt stops waiting for them at once.
          const key = pendingKey(c.address);
          const waits = Promise.all(waitFor.map((id) =>
            inFlight.track(key, c.address, 'action(s) already in progress before this run', id, () => tracker.wait({ id, serviceId }))));
          try {
            await untilAborted(waits, opts.stop);
          } finally {
            if (!opts.stop?.aborted) inFlight.end(key);
          }
          waitFor = [];
          // Without a re-planner (library callers passing none) the planned operations run as planned.
          if (opts.replan) await replan('actions in progress');
          continue;
        }
        for (const [index, op] of current.operations.entries()) {
          if (opts.stop?.aborted) throw new Interrupted();
          try {
            await runOperation(current, index, op, provider, handler, tracker);
          } catch (err) {
            // An update whose answer was lost may have started an action: re-observe and re-plan
            // the rest of the change rather than sending the same call again blindly.
            if (op.role === 'create' || !opts.replan || !mayHaveHappened(err) || replans >= MAX_REPLANS) throw err;
            await replan('answer lost');
            continue run;
          }
          result.operations++;
        }
        break;
      }
      settle('ok');
      result.succeeded.push(c.address);
      opts.sink({ type: 'change_complete', address: c.address, action: c.action, id: ids.get(c.address) });
    } catch (err) {
      if (err instanceof Interrupted) {
        // Not a failure: the user stopped the run before this change's next call.
        settle('skipped');
        interrupts.changeInterrupted(c.address);
        return;
      }
      settle('failed');
      const message = err instanceof Error ? err.message : String(err);
      const code = err instanceof CaretakerError ? err.code : 'ERR_UNKNOWN';
      result.failed.push({ address: c.address, error: message, code });
      opts.sink({ type: 'change_errored', address: c.address, action: c.action, error: message });
    }
  };

  const runOperation = async (
    c: Change, index: number, op: Operation, provider: Provider, handler: KindHandler, tracker: ActionTracker,
  ): Promise<void> => {
    const t0 = now();
    const resolved = resolvePlaceholders(op, c.address, ids);
    opts.sink({ type: 'operation_start', address: c.address, index, summary: op.summary, method: op.method, path: resolved.path });
    const key = operationKey(c.address, index);
    inFlight.sent(key, c.address, op.summary);
    interrupts.callSent(c.address);
    try {
      let res;
      for (let resends = 0; ; resends++) {
        try {
          // Recorded before it leaves: a run killed while this call is on the wire is recognised
          // by the next run of this directory as the one that started its action.
          const known = ids.get(c.address);
          opts.journal?.recordWrite({ address: c.address, name: c.name, method: op.method, ...(known !== undefined ? { resourceId: String(known) } : {}) });
          res = await provider.execute(resolved);
          break;
        } catch (err) {
          // A create whose answer was lost may still have happened: look it up by name before
          // anything else, so that neither this run nor a re-run creates a duplicate. Found: its
          // actions are waited for. Not found: it did not happen, and it is sent again (bounded).
          if (op.role !== 'create' || !mayHaveHappened(err)) throw err;
          const seen = await handler.observe(desiredOf(opts.desired, c.address));
          if (seen.exists) {
            res = { actions: seen.pending ?? [], finished: [], createdId: seen.id };
            break;
          }
          if (resends >= MAX_CREATE_RESENDS) throw err;
          const delayMs = Math.min(trackerOpts.maxIntervalMs, trackerOpts.minIntervalMs * 2 ** resends);
          const message = err instanceof Error ? err.message : String(err);
          opts.sink({ type: 'operation_retry', address: c.address, index, summary: op.summary, attempt: resends + 2, delayMs, reason: message });
          await trackerOpts.sleep(delayMs);
          // Interrupted during the backoff: the create did not happen, so nothing is left running; a
          // re-send would be a new call, which the first interrupt forbids.
          if (opts.stop?.aborted) throw new Interrupted();
        }
      }
      if (res.actions.length > 0) opts.journal?.recordActions(res.actions.map((a) => a.id));
      // One call may start several actions (bulk endpoints): wait for all of them together, then
      // report every failure, not only the first.
      const finals: ActionStatus[] = [];
      await Promise.all(
        res.actions.map((ref) =>
          inFlight.track(key, c.address, op.summary, ref.id, async () => {
            finals.push(await tracker.wait(ref, (s, elapsedMs) =>
              opts.sink({ type: 'action_progress', address: c.address, index, actionId: ref.id, state: s.state, elapsedMs }),
            ));
          }),
        ),
      );
      // Anything but SUCCESS is a failure, and says which final status the API gave.
      const failures = [...res.finished, ...finals].filter((f) => f.state !== 'SUCCESS');
      if (failures.length > 0) {
        const text = failures.map((f) => `action ${f.id} failed${f.status && f.status !== 'ERROR' ? ` (status ${f.status})` : ''}: ${f.message ?? 'no message'}`).join('; ');
        throw new ActionFailedError(failures[0]!.id, text);
      }
      if (op.role === 'delete') ids.delete(c.address);
      if (op.role === 'create') {
        const seen = await reobserve(handler, desiredOf(opts.desired, c.address));
        if (!seen.exists || seen.id === undefined) {
          throw new InternalError(`${c.address} was created but cannot be found by name afterwards`);
        }
        ids.set(c.address, seen.id);
        // The create's own actions are known to have ended; a read that raced their end may still list them.
        const done = new Set([...res.finished, ...finals].map((f) => f.id));
        for (const ref of seen.pending ?? []) if (!done.has(ref.id)) await inFlight.track(key, c.address, op.summary, ref.id, () => tracker.wait(ref));
      }
      inFlight.end(key);
      opts.sink({ type: 'operation_complete', address: c.address, index, summary: op.summary, elapsedMs: now() - t0 });
    } catch (err) {
      inFlight.end(key);
      if (err instanceof Interrupted) throw err;
      const message = err instanceof Error ? err.message : String(err);
      const code = err instanceof CaretakerError ? err.code : 'ERR_UNKNOWN';
      opts.sink({ type: 'operation_errored', address: c.address, index, summary: op.summary, error: message, code });
      throw err;
    }
  };

  const scheduled = await schedule({
    changes: work, graph, parallelism: opts.parallelism, run: runChange, stop: opts.stop, abandon: opts.abandon,
    skipped: (c, blockedBy) => {
      result.skipped.push(c.address);
      opts.sink({ type: 'change_skipped', address: c.address, reason: `upstream failed: ${blockedBy}` });
    },
  });
  interrupts.dispose();
  if (scheduled.abandoned) interrupts.abandoned(scheduled.abandoned);
  interrupts.notStarted(scheduled.notStarted);

  result.elapsedMs = now() - started;
  const requests = [...opts.providers.values()].reduce((n, p) => n + (p.requestCount?.() ?? 0), 0);
  result.succeeded.sort();
  result.skipped.sort();
  result.failed.sort((a, b) => (a.address < b.address ? -1 : 1));
  const interrupted = interrupts.report(scheduled.abandoned !== undefined, inFlight.running());
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

function providerOf(providers: ReadonlyMap<string, Provider>, name: string): Provider {
  const p = providers.get(name);
  if (!p) throw new InternalError(`no provider named ${name}`);
  return p;
}

function desiredOf(desired: ReadonlyMap<string, DesiredResource>, address: string): DesiredResource {
  const d = desired.get(address);
  if (!d) throw new InternalError(`no desired resource for ${address}`);
  return d;
}

/**
 * The operations of a re-planned change that the approved plan contained (placeholders resolved):
 * a re-plan may drop calls whose effect is already live, never add one the user did not approve.
 */
function keepApproved(approved: Change, fresh: Change, ids: ReadonlyMap<string, string | number>): Operation[] {
  const key = (o: Operation): string => JSON.stringify([o.method, o.path, o.body ?? null]);
  const allowed = new Set<string>();
  for (const o of approved.operations) {
    try {
      allowed.add(key(resolvePlaceholders(o, approved.address, ids)));
    } catch {
      allowed.add(key(o));
    }
  }
  const extra = fresh.operations.filter((o) => !allowed.has(key(o)));
  if (extra.length > 0) {
    throw new PlanStaleError(
      `${approved.address} changed while caretaker waited for its actions: it now needs ${extra.map((o) => o.summary).join(', ')}, which the plan did not include; run plan again`,
    );
  }
  return fresh.operations;
}

/** Transport failures and 5xx answers leave a POST's outcome unknown; 4xx answers mean it was refused. */
function mayHaveHappened(err: unknown): boolean {
  return err instanceof NetworkError || err instanceof TimeoutError || (err instanceof ApiError && err.status >= 500);
}
