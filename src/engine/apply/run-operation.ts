// Running one operation of a change: resolve its placeholders, record it in the run journal and send
// it; a create whose answer was lost is looked up by name and sent again only if it did not happen
// (bounded, with backoff); then the actions it started are tracked to their end, every failure is
// reported, and a create's new id is learned by observing the resource by name. Emits its events.
import { ActionFailedError, ApiError, CaretakerError, InternalError, NetworkError, TimeoutError } from '../../core/errors.js';
import type { Change, Operation } from '../plan.js';
import type { ActionRef, ActionStatus, ExecuteResult, KindHandler, Observation, Provider } from '../provider.js';
import type { ActionTracker } from './action-tracker.js';
import { desiredOf, type ApplyRun } from './apply-run.js';
import { operationKey } from './in-flight.js';
import { Interrupted } from './interrupt-watch.js';
import { resolvePlaceholders } from './placeholders.js';

/**
 * A create whose answer was lost and whose lookup by name finds nothing is sent again, at most this
 * many times, after a backoff (the tracker's poll interval, doubling up to its cap).
 */
export const MAX_CREATE_RESENDS = 3;

/** One operation to run: its change (the current, possibly re-planned one), its place, and the change's provider parts. */
export interface OperationTarget {
  change: Change;
  index: number;
  op: Operation;
  provider: Provider;
  handler: KindHandler;
  tracker: ActionTracker;
}

/** Transport failures and 5xx answers leave a POST's outcome unknown; 4xx answers mean it was refused. */
export function mayHaveHappened(err: unknown): boolean {
  return err instanceof NetworkError || err instanceof TimeoutError || (err instanceof ApiError && err.status >= 500);
}

/**
 * Runs one operation: resolves when it and every action it started succeeded (a create's id is then
 * in `run.ids`, a delete's removed); a create resolves with the created resource as observed. Otherwise emits `operation_errored` and rejects with the error;
 * an ActionFailedError names every action that failed, not only the first. Rejects with Interrupted,
 * without the event, when the first interrupt comes during the backoff of a lost create (nothing is
 * left running then). A placeholder whose id is unknown rejects before anything is sent or emitted.
 * Never creates a duplicate: a create whose answer was lost is sent again only when its lookup by
 * name finds nothing.
 */
export async function runOperation(run: ApplyRun, t: OperationTarget): Promise<Observation | undefined> {
  const { change: c, index, op } = t;
  const t0 = run.now();
  const resolved = resolvePlaceholders(op, c.address, run.ids);
  run.opts.sink({ type: 'operation_start', address: c.address, index, summary: op.summary, method: op.method, path: resolved.path });
  const key = operationKey(c.address, index);
  run.inFlight.sent(key, c.address, op.summary);
  run.interrupts.callSent(c.address);
  try {
    const res = await send(run, t, resolved);
    if (res.actions.length > 0) run.opts.journal?.recordActions(res.actions.map((a) => a.id));
    const ended = [...res.finished, ...await waitForActions(run, t, key, res.actions)];
    failOnFailures(ended);
    if (op.role === 'delete') run.ids.delete(c.address);
    const created = op.role === 'create' ? await learnCreatedId(run, t, key, ended) : undefined;
    run.inFlight.end(key);
    run.opts.sink({ type: 'operation_complete', address: c.address, index, summary: op.summary, elapsedMs: run.now() - t0 });
    return created;
  } catch (err) {
    run.inFlight.end(key);
    if (err instanceof Interrupted) throw err;
    const message = err instanceof Error ? err.message : String(err);
    const code = err instanceof CaretakerError ? err.code : 'ERR_UNKNOWN';
    run.opts.sink({ type: 'operation_errored', address: c.address, index, summary: op.summary, error: message, code });
    throw err;
  }
}

/**
 * Sends the call, recorded in the journal before it leaves (a run killed while it is on the wire is
 * recognised by the next run as the one that started its action). A create whose answer was lost may
 * still have happened: it is looked up by name before anything else. Found: its running actions
 * stand for the answer. Not found: it did not happen, and it is sent again after a backoff, at most
 * MAX_CREATE_RESENDS times. Any other failure is passed on.
 */
async function send(run: ApplyRun, t: OperationTarget, resolved: Operation): Promise<ExecuteResult> {
  const { change: c, index, op } = t;
  for (let resends = 0; ; resends++) {
    try {
      const known = run.ids.get(c.address);
      run.opts.journal?.recordWrite({ address: c.address, name: c.name, method: op.method, ...(known !== undefined ? { resourceId: String(known) } : {}) });
      return await t.provider.execute(resolved);
    } catch (err) {
      if (op.role !== 'create' || !mayHaveHappened(err)) throw err;
      const seen = await t.handler.observe(desiredOf(run.opts.desired, c.address));
      if (seen.exists) return { actions: seen.pending ?? [], finished: [], createdId: seen.id };
      if (resends >= MAX_CREATE_RESENDS) throw err;
      const { minIntervalMs, maxIntervalMs, sleep } = run.trackerOptions;
      const delayMs = Math.min(maxIntervalMs, minIntervalMs * 2 ** resends);
      const reason = err instanceof Error ? err.message : String(err);
      run.opts.sink({ type: 'operation_retry', address: c.address, index, summary: op.summary, attempt: resends + 2, delayMs, reason });
      await sleep(delayMs);
      // Interrupted during the backoff: the create did not happen, so nothing is left running; a
      // re-send would be a new call, which the first interrupt forbids.
      if (run.opts.stop?.aborted) throw new Interrupted();
    }
  }
}

/**
 * Waits for every action one call started (bulk endpoints start several) together, each listed in
 * flight under `key` while it runs, and resolves with their final statuses (failures included).
 */
async function waitForActions(run: ApplyRun, t: OperationTarget, key: string, actions: readonly ActionRef[]): Promise<ActionStatus[]> {
  const { change: c, index, op } = t;
  const finals: ActionStatus[] = [];
  await Promise.all(actions.map((ref) =>
    run.inFlight.track(key, c.address, op.summary, ref.id, async () => {
      finals.push(await t.tracker.wait(ref, (s, elapsedMs) =>
        run.opts.sink({ type: 'action_progress', address: c.address, index, actionId: ref.id, state: s.state, elapsedMs }),
      ));
    }),
  ));
  return finals;
}

/** Anything but SUCCESS is a failure: one ActionFailedError names each, with the final status the API gave. */
function failOnFailures(ended: readonly ActionStatus[]): void {
  const failures = ended.filter((f) => f.state !== 'SUCCESS');
  if (failures.length === 0) return;
  const text = failures.map((f) => `action ${f.id} failed${f.status && f.status !== 'ERROR' ? ` (status ${f.status})` : ''}: ${f.message ?? 'no message'}`).join('; ');
  throw new ActionFailedError(failures[0]!.id, text);
}

/**
 * After a create: observes the resource by name (batched with the other creates of the turn) and
 * records its id; InternalError when it cannot be found. Actions the read still lists as running,
 * other than the create's own (known to have ended), are waited for.
 */
async function learnCreatedId(run: ApplyRun, t: OperationTarget, key: string, ended: readonly ActionStatus[]): Promise<Observation> {
  const { change: c, op } = t;
  const seen = await run.reobserve(t.handler, desiredOf(run.opts.desired, c.address));
  if (!seen.exists || seen.id === undefined) {
    throw new InternalError(`${c.address} was created but cannot be found by name afterwards`);
  }
  run.ids.set(c.address, seen.id);
  const done = new Set(ended.map((f) => f.id));
  for (const ref of seen.pending ?? []) {
    if (!done.has(ref.id)) await run.inFlight.track(key, c.address, op.summary, ref.id, () => t.tracker.wait(ref));
  }
  return seen;
}
