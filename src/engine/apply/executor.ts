// The apply executor: walks the plan's dependency graph with bounded parallelism, runs each
// change's operations one after another (waiting for each async action), learns the ids of created
// resources by observing them by name, and on failure skips the dependents while independent work
// goes on. Emits events only; prints nothing.
import { ActionFailedError, ApiError, CaretakerError, InternalError, NetworkError, PlanStaleError, TimeoutError } from '../../core/errors.js';
import type { EventSink } from '../events.js';
import { Graph } from '../graph.js';
import { REF_PLACEHOLDER, type Change, type Operation, type Plan } from '../plan.js';
import type { ActionStatus, DesiredResource, KindHandler, Observation, Provider } from '../provider.js';
import { ActionTracker, defaultTrackerOptions, type TrackerOptions } from './action-tracker.js';
import type { RunJournal } from './journal.js';

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

/** A call this run sent whose outcome is not known yet: its action id once the API answered. */
export interface RunningAction {
  address: string;
  summary: string;
  actionId?: string;
}

/** What an interrupted run left: the result's `interrupted` field. */
export interface Interruption {
  signal: string;
  /** A second interrupt stopped the wait: `running` may still change on the server. */
  abandoned: boolean;
  /** Calls sent (or actions waited for) whose end this run did not see. */
  running: RunningAction[];
  /** Changes begun whose remaining calls were not sent. */
  stopped: string[];
  /** Changes of which nothing was sent. */
  notStarted: string[];
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

/** Thrown inside a change when an interrupt stops it before its next call. */
class Interrupted extends Error {}

type Outcome = 'ok' | 'failed' | 'skipped';

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
  const reobserve = batchedObserver(opts.desired);

  const outcome = new Map<string, Outcome>();
  const inPlan = new Set(work.map((c) => c.address));
  // The dependency graph of the work; a cycle (which validation should have caught) is refused
  // with its edges before any write, rather than discovered half-way.
  const graph = new Graph();
  for (const c of work) {
    graph.addVertex(c.address);
    for (const d of c.dependsOn) if (inPlan.has(d)) graph.addEdge(c.address, d);
  }
  const cycle = graph.findCycle();
  if (cycle) throw new InternalError(`the plan's dependencies form a cycle: ${cycle.join(', ')}`);
  opts.sink({ type: 'apply_start', changes: work.length, operations: work.reduce((n, c) => n + c.operations.length, 0) });
  const pending = [...work];
  const running = new Map<string, Promise<void>>();
  // Calls sent and actions waited for, by `address#index`: what an interrupt reports as in flight.
  const inFlight = new Map<string, { address: string; summary: string; actionIds: Set<string> }>();
  const runningActions = (): RunningAction[] =>
    [...inFlight].filter(([k, f]) => !(k.endsWith('#pending') && f.actionIds.size === 0)).map(([, f]) => f)
      .flatMap((f): RunningAction[] => (f.actionIds.size === 0 ? [{ address: f.address, summary: f.summary }] : [...f.actionIds].map((actionId) => ({ address: f.address, summary: f.summary, actionId }))))
      .sort((a, b) => (a.address === b.address ? ((a.actionId ?? '') < (b.actionId ?? '') ? -1 : 1) : a.address < b.address ? -1 : 1));
  const stopped: string[] = [];
  const notStarted: string[] = [];
  const onStop = (): void => {
    opts.sink({ type: 'apply_interrupting', signal: signalName(opts.stop), running: runningActions() });
  };
  if (opts.stop?.aborted) onStop();
  else opts.stop?.addEventListener('abort', onStop, { once: true });
  /** Waits for `ref`, listed as in flight under `key` until it ends. */
  const track = async (key: string, address: string, summary: string, wait: () => Promise<unknown>, id: string): Promise<void> => {
    const f = inFlight.get(key) ?? { address, summary, actionIds: new Set<string>() };
    inFlight.set(key, f);
    f.actionIds.add(id);
    try {
      await wait();
    } finally {
      f.actionIds.delete(id);
    }
  };

  const runChange = async (c: Change): Promise<void> => {
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
          const key = `${c.address}#pending`;
          const waits = Promise.all(waitFor.map((id) =>
            track(key, c.address, 'action(s) already in progress before this run', () => tracker.wait({ id, serviceId }), id)));
          try {
            await untilAborted(waits, opts.stop);
          } finally {
            if (!opts.stop?.aborted) inFlight.delete(key);
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
            // An answer with an error status, after the HTTP layer's own retries, is a failure: the
            // change fails with it (method, path, status, the API's message), and the next run re-plans.
            if (err instanceof ApiError) throw err;
            // An update whose answer was lost may have started an action: re-observe and re-plan
            // the rest of the change rather than sending the same call again blindly.
            if (op.role === 'create' || !opts.replan || !mayHaveHappened(err) || replans >= MAX_REPLANS) throw err;
            await replan('answer lost').catch((later: unknown) => {
              throw noteAfter(err, `then ${later instanceof Error ? later.message : String(later)}`);
            });
            continue run;
          }
          result.operations++;
        }
        break;
      }
      outcome.set(c.address, 'ok');
      result.succeeded.push(c.address);
      opts.sink({ type: 'change_complete', address: c.address, action: c.action, id: ids.get(c.address) });
    } catch (err) {
      if (err instanceof Interrupted) {
        // Not a failure: the user stopped the run before this change's next call.
        outcome.set(c.address, 'skipped');
        (startedAny.has(c.address) ? stopped : notStarted).push(c.address);
        return;
      }
      outcome.set(c.address, 'failed');
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
    const key = `${c.address}#${index}`;
    inFlight.set(key, { address: c.address, summary: op.summary, actionIds: new Set() });
    startedAny.add(c.address);
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
          track(key, c.address, op.summary, async () => {
            finals.push(await tracker.wait(ref, (s, elapsedMs) =>
              opts.sink({ type: 'action_progress', address: c.address, index, actionId: ref.id, state: s.state, elapsedMs }),
            ));
          }, ref.id),
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
        const seen = await reobserve(handler, c.address);
        if (!seen.exists || seen.id === undefined) {
          throw new InternalError(`${c.address} was created but cannot be found by name afterwards`);
        }
        ids.set(c.address, seen.id);
        // The create's own actions are known to have ended; a read that raced their end may still list them.
        const done = new Set([...res.finished, ...finals].map((f) => f.id));
        for (const ref of seen.pending ?? []) if (!done.has(ref.id)) await track(key, c.address, op.summary, () => tracker.wait(ref), ref.id);
      }
      inFlight.delete(key);
      opts.sink({ type: 'operation_complete', address: c.address, index, summary: op.summary, elapsedMs: now() - t0 });
    } catch (err) {
      inFlight.delete(key);
      if (err instanceof Interrupted) throw err;
      const message = err instanceof Error ? err.message : String(err);
      const code = err instanceof CaretakerError ? err.code : 'ERR_UNKNOWN';
      opts.sink({ type: 'operation_errored', address: c.address, index, summary: op.summary, error: message, code });
      throw err;
    }
  };
  const startedAny = new Set<string>();

  // A second interrupt ends the wait for what is running: the scheduler stops at once.
  const abandoned = new Promise<'abandoned'>((resolve) => {
    if (opts.abandon?.aborted) resolve('abandoned');
    opts.abandon?.addEventListener('abort', () => resolve('abandoned'), { once: true });
  });
  let gaveUp = false;
  // Scheduler: start every change whose dependencies are done, up to `parallelism` at once.
  while (pending.length > 0 || running.size > 0) {
    if (opts.stop?.aborted) {
      // Interrupted: nothing new starts; the changes already running finish their current call.
      for (const c of pending.splice(0)) {
        outcome.set(c.address, 'skipped');
        notStarted.push(c.address);
      }
    }
    for (let i = 0; i < pending.length; ) {
      const c = pending[i]!;
      const deps = graph.dependencies(c.address);
      const blocked = deps.find((d) => outcome.get(d) === 'failed' || outcome.get(d) === 'skipped');
      if (blocked) {
        pending.splice(i, 1);
        outcome.set(c.address, 'skipped');
        result.skipped.push(c.address);
        opts.sink({ type: 'change_skipped', address: c.address, reason: `upstream failed: ${blocked}` });
        continue;
      }
      const ready = deps.every((d) => outcome.get(d) === 'ok');
      if (ready && running.size < Math.max(1, opts.parallelism)) {
        pending.splice(i, 1);
        running.set(c.address, runChange(c).finally(() => running.delete(c.address)));
        continue;
      }
      i++;
    }
    if (running.size === 0) break; // acyclic: nothing pending can be left waiting
    const first = await Promise.race([...running.values(), abandoned]);
    if (first === 'abandoned') {
      gaveUp = true;
      for (const address of running.keys()) stopped.push(address);
      break;
    }
  }
  opts.stop?.removeEventListener('abort', onStop);
  if (opts.stop?.aborted) for (const c of pending.splice(0)) notStarted.push(c.address);

  result.elapsedMs = now() - started;
  const requests = [...opts.providers.values()].reduce((n, p) => n + (p.requestCount?.() ?? 0), 0);
  result.succeeded.sort();
  result.skipped.sort();
  result.failed.sort((a, b) => (a.address < b.address ? -1 : 1));
  if (opts.stop?.aborted) {
    result.interrupted = {
      signal: signalName(opts.stop), abandoned: gaveUp, running: runningActions(),
      stopped: [...new Set(stopped)].sort(), notStarted: [...new Set(notStarted)].sort(),
    };
  }
  opts.sink({
    type: 'apply_summary', succeeded: result.succeeded.length, failed: result.failed.length, skipped: result.skipped.length,
    operations: result.operations, requests, elapsedMs: result.elapsedMs,
    ...(plan.mode === 'destroy' ? { destroy: true } : {}),
    ...(result.failed.length > 0 ? { failures: result.failed.map((f) => ({ address: f.address, error: f.error })) } : {}),
    ...(result.interrupted ? { interrupted: { ...result.interrupted, succeeded: result.succeeded } } : {}),
  });
  return result;
}

/**
 * Re-observes created resources by name, batched: the re-observations asked for in the same turn of
 * the event loop (one poll round ends many creates at once) go to the kind's `observeAll` together, so
 * they share its list reads (one list, embedded tags, running actions per service) instead of costing
 * a lookup, a tags GET and an actions GET each. Handlers without `observeAll`, and a batch whose shared
 * read fails, fall back to `observe` per resource (each error then belongs to its own change).
 */
function batchedObserver(desired: ReadonlyMap<string, DesiredResource>): (handler: KindHandler, address: string) => Promise<Observation> {
  const queues = new Map<KindHandler, Array<{ d: DesiredResource; resolve: (o: Observation) => void; reject: (e: unknown) => void }>>();
  const flush = async (handler: KindHandler): Promise<void> => {
    const batch = queues.get(handler) ?? [];
    queues.delete(handler);
    const one = (w: (typeof batch)[number]): void => void handler.observe(w.d).then(w.resolve, w.reject);
    let found: Map<string, Observation> | undefined;
    try {
      found = await handler.observeAll!(batch.map((w) => w.d));
    } catch {
      found = undefined;
    }
    for (const w of batch) {
      const o = found?.get(w.d.address);
      if (o) w.resolve(o);
      else one(w);
    }
  };
  return (handler, address) => {
    const d = desiredOf(desired, address);
    if (!handler.observeAll) return handler.observe(d);
    return new Promise((resolve, reject) => {
      const q = queues.get(handler);
      if (q) q.push({ d, resolve, reject });
      else {
        queues.set(handler, [{ d, resolve, reject }]);
        setImmediate(() => void flush(handler));
      }
    });
  };
}

/** The signal's name from an AbortSignal's reason (`SIGINT`), else "interrupt". */
function signalName(signal: AbortSignal | undefined): string {
  return typeof signal?.reason === 'string' ? signal.reason : 'interrupt';
}

/** `p`, or a rejection with Interrupted as soon as `signal` aborts (the work of `p` goes on). */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(new Interrupted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Interrupted());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
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

/**
 * A copy of `err` (same class, code and fields) whose message keeps the failure first and adds what
 * followed, so that a re-plan's note never hides the call that failed.
 */
function noteAfter(err: unknown, note: string): unknown {
  if (!(err instanceof Error)) return err;
  const copy = Object.create(Object.getPrototypeOf(err) as object) as Error;
  for (const key of Reflect.ownKeys(err)) Object.defineProperty(copy, key, Object.getOwnPropertyDescriptor(err, key)!);
  Object.defineProperty(copy, 'message', { value: `${err.message}; ${note}`, writable: true, configurable: true, enumerable: false });
  return copy;
}

/** Transport failures and 5xx answers leave a POST's outcome unknown; 4xx answers mean it was refused. */
function mayHaveHappened(err: unknown): boolean {
  return err instanceof NetworkError || err instanceof TimeoutError || (err instanceof ApiError && err.status >= 500);
}

/** Replaces `${ref:Kind/name}` / `${ref:self}` in the path and body with live ids. */
export function resolvePlaceholders(op: Operation, self: string, ids: ReadonlyMap<string, string | number>): Operation {
  const lookup = (address: string): string | number => {
    const id = ids.get(address === 'self' ? self : address);
    if (id === undefined) throw new InternalError(`the id of ${address === 'self' ? self : address} is not known yet`);
    return id;
  };
  const inString = (s: string): string | number => {
    const whole = /^\$\{ref:([^}]+)\}$/.exec(s);
    if (whole) return lookup(whole[1]!);
    return s.replace(REF_PLACEHOLDER, (_m, a: string) => String(lookup(a)));
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.includes('${ref:') ? inString(v) : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return { ...op, path: String(inString(op.path)), body: op.body === undefined ? undefined : walk(op.body) };
}
