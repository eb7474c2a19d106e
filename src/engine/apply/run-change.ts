// Running one change: its operations one after another, each once the previous one and its actions
// ended; the first failure ends the change and the rest is not sent. Actions already running on the
// resource are waited for first, and the change is re-planned from the live state (bounded), so that
// what they did is not sent again; the re-plan may drop calls, never add one the plan did not hold.
// After a create, the rest of the change is planned from the created resource as observed.
import { CaretakerError, InternalError, PlanStaleError } from '../../core/errors.js';
import type { Change, Operation } from '../plan.js';
import type { KindHandler, Provider } from '../provider.js';
import type { ActionTracker } from './action-tracker.js';
import { providerOf, type ApplyRun } from './apply-run.js';
import { pendingKey } from './in-flight.js';
import { Interrupted, untilAborted } from './interrupt-watch.js';
import { resolvePlaceholders } from './placeholders.js';
import { mayHaveHappened, runOperation } from './run-operation.js';
import type { Outcome } from './scheduler.js';

/** Waits, re-observations and re-plans of one change are bounded. */
export const MAX_REPLANS = 4;

/** One change while it runs. */
interface ChangeRun {
  /** The change as the plan approved it, then, after a create, with the operations planned from it. */
  approved: Change;
  /** The change as last re-planned (the approved one until then). */
  current: Change;
  /** Ids of actions in progress on the resource, to wait for before anything is sent. */
  waitFor: string[];
  replans: number;
  readonly provider: Provider;
  readonly handler: KindHandler;
  readonly tracker: ActionTracker;
  /** The service hint of the change's calls: lets waits for earlier actions share the batched poll. */
  readonly serviceId?: number;
}

/**
 * Runs one change to its end and calls `settle` with its outcome at once: `ok` (every operation and
 * action succeeded; `change_complete`), `failed` (the first failure ends it; `change_errored`, and the
 * failure in `run.result.failed`), or `skipped` when an interrupt stopped it before its next call
 * (not a failure: the interrupt watch records it as stopped or not started). Never rejects.
 */
export async function runChange(run: ApplyRun, c: Change, settle: (outcome: Outcome) => void): Promise<void> {
  run.opts.sink({ type: 'change_start', address: c.address, action: c.action });
  try {
    await runToTheEnd(run, begin(run, c));
    settle('ok');
    run.result.succeeded.push(c.address);
    run.opts.sink({ type: 'change_complete', address: c.address, action: c.action, id: run.ids.get(c.address) });
  } catch (err) {
    if (err instanceof Interrupted) {
      settle('skipped');
      run.interrupts.changeInterrupted(c.address);
      return;
    }
    settle('failed');
    const message = err instanceof Error ? err.message : String(err);
    const code = err instanceof CaretakerError ? err.code : 'ERR_UNKNOWN';
    run.result.failed.push({ address: c.address, error: message, code });
    run.opts.sink({ type: 'change_errored', address: c.address, action: c.action, error: message });
  }
}

/** The change's provider parts; InternalError when its provider or kind handler is missing. */
function begin(run: ApplyRun, c: Change): ChangeRun {
  const provider = providerOf(run.opts.providers, c.provider);
  const handler = provider.handler(c.kind);
  if (!handler) throw new InternalError(`provider ${c.provider} has no handler for ${c.kind}`);
  return {
    approved: c, current: c, waitFor: c.pendingActions ?? [], replans: 0,
    provider, handler, tracker: run.trackerFor(c.provider),
    serviceId: c.operations.find((o) => o.serviceId !== undefined)?.serviceId,
  };
}

/** Alternates waits for actions in progress (each followed by a re-plan) and runs of the operations, until the operations ran to the end. */
async function runToTheEnd(run: ApplyRun, s: ChangeRun): Promise<void> {
  for (;;) {
    if (s.waitFor.length > 0) {
      await waitForEarlierActions(run, s);
      // Without a re-planner (library callers passing none) the planned operations run as planned.
      if (run.opts.replan) await replan(run, s, 'actions in progress');
      continue;
    }
    if ((await runOperations(run, s)) === 'done') return;
  }
}

/**
 * Runs the current operations in order. An update whose answer was lost may have started an action:
 * the change is then re-planned (`replanned`) rather than the same call sent again blindly. Throws
 * Interrupted before the next call once the first interrupt came.
 */
async function runOperations(run: ApplyRun, s: ChangeRun): Promise<'done' | 'replanned'> {
  // Indexed: a create replaces the operations that follow it.
  for (let index = 0; index < s.current.operations.length; index++) {
    const op = s.current.operations[index]!;
    if (run.opts.stop?.aborted) throw new Interrupted();
    try {
      const created = await runOperation(run, { change: s.current, index, op, provider: s.provider, handler: s.handler, tracker: s.tracker });
      if (created && run.opts.planFrom) {
        s.current = afterCreate(s.current, index, run.opts.planFrom(s.current, created, run.ids));
        s.approved = s.current;
      }
    } catch (err) {
      if (op.role === 'create' || !run.opts.replan || !mayHaveHappened(err) || s.replans >= MAX_REPLANS) throw err;
      await replan(run, s, 'answer lost');
      return 'replanned';
    }
    run.result.operations++;
  }
  return 'done';
}

/**
 * The change after its create at `index`: the operations already run, then those planned from the
 * created resource as observed (`fresh`). A fresh plan that would replace or delete what was just
 * created is refused: the created resource stays, and the next plan says what differs.
 */
function afterCreate(c: Change, index: number, fresh: Change): Change {
  if (fresh.action === 'replace' || fresh.action === 'delete') {
    throw new CaretakerError('ERR_REFUSED', `${c.address} was created, but ${fresh.reason ?? 'its live state'} differs from the manifest in a way only a replace can change; run plan to see it`);
  }
  return { ...c, operations: [...c.operations.slice(0, index + 1), ...fresh.operations] };
}

/** Waits for the actions this run did not send: an interrupt stops the wait at once (Interrupted). */
async function waitForEarlierActions(run: ApplyRun, s: ChangeRun): Promise<void> {
  const { address } = s.approved;
  const key = pendingKey(address);
  const waits = Promise.all(s.waitFor.map((id) =>
    run.inFlight.track(key, address, 'action(s) already in progress before this run', id, () => s.tracker.wait({ id, serviceId: s.serviceId }))));
  try {
    await untilAborted(waits, run.opts.stop);
  } finally {
    if (!run.opts.stop?.aborted) run.inFlight.end(key);
  }
  s.waitFor = [];
}

/**
 * Re-observes and re-plans the change (`run.opts.replan`), keeping only approved operations, and
 * takes the actions the fresh plan found running as the next wait. Throws ERR_BUSY after MAX_REPLANS.
 */
async function replan(run: ApplyRun, s: ChangeRun, why: string): Promise<void> {
  if (!run.opts.replan) return;
  const { address } = s.approved;
  if (++s.replans > MAX_REPLANS) {
    throw new CaretakerError('ERR_BUSY', `${address}: still busy after ${MAX_REPLANS} waits (${why}); run apply again later`);
  }
  const fresh = await run.opts.replan(s.current, run.ids);
  if (fresh.id !== undefined && fresh.action !== 'delete') run.ids.set(address, fresh.id);
  s.current = { ...fresh, operations: keepApproved(s.approved, fresh, run.ids) };
  s.waitFor = fresh.pendingActions ?? [];
}

/**
 * The operations of a re-planned change that the approved plan contained (placeholders resolved):
 * a re-plan may drop calls whose effect is already live, never add one the user did not approve
 * (PlanStaleError naming them).
 */
export function keepApproved(approved: Change, fresh: Change, ids: ReadonlyMap<string, string | number>): Operation[] {
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
