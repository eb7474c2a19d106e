// One run of the apply executor: its options, and the state its units share while it lasts (the live
// ids learned so far, one action tracker per provider, the calls in flight, the interrupts, the
// result being built). The executor creates it; the change and operation runners read and fill it.
import { InternalError } from '../../core/errors.js';
import type { EventSink } from '../events.js';
import type { Change, Plan } from '../plan.js';
import type { DesiredResource, Observation, Provider } from '../provider.js';
import { ActionTracker, defaultTrackerOptions, type TrackerOptions } from './action-tracker.js';
import { batchedObserver, type Reobserve } from './batched-observer.js';
import type { InFlight } from './in-flight.js';
import type { Interruption, InterruptWatch } from './interrupt-watch.js';
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
  /**
   * Plans one resource from a given observation, without I/O. After a create, the rest of the change
   * (node pools, version steps, URLs, members, extensions, tags…) is planned with it from the created
   * resource as observed, so that what the API did on its own (the nodes it placed, the version it chose)
   * is reconciled in the same apply rather than by the next one.
   */
  planFrom?: (change: Change, observed: Observation, ids: ReadonlyMap<string, string | number>) => Change;
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

export interface ApplyResult {
  succeeded: string[];
  failed: Array<{ address: string; error: string; code: string }>;
  skipped: string[];
  operations: number;
  elapsedMs: number;
  /** Set when `stop` fired during the run. */
  interrupted?: Interruption;
}

/** What the units of one run share. */
export interface ApplyRun {
  readonly opts: ApplyOptions;
  readonly now: () => number;
  /** Live ids by address: the plan's (deleted ones excepted), then those learned by creates and re-plans. */
  readonly ids: Map<string, string | number>;
  /** The tracker options with their defaults (the backoff of a lost create uses its intervals). */
  readonly trackerOptions: TrackerOptions;
  /** The action tracker of a provider: one per provider and run, so that its polls are batched. */
  trackerFor(provider: string): ActionTracker;
  /** Re-observes a created resource by name (batched per handler). */
  readonly reobserve: Reobserve;
  readonly inFlight: InFlight;
  readonly interrupts: InterruptWatch;
  /** The result being built; sorted by the executor at the end. */
  readonly result: ApplyResult;
}

/** The shared state of a run of `plan`, with nothing done yet. */
export function createApplyRun(
  plan: Plan, opts: ApplyOptions, parts: { now: () => number; inFlight: InFlight; interrupts: InterruptWatch },
): ApplyRun {
  const ids = new Map<string, string | number>();
  for (const c of plan.changes) if (c.id !== undefined && c.action !== 'delete') ids.set(c.address, c.id);
  const trackers = new Map<string, ActionTracker>();
  return {
    opts, ...parts, ids,
    trackerOptions: { ...defaultTrackerOptions, ...opts.tracker },
    trackerFor(provider) {
      let t = trackers.get(provider);
      if (!t) trackers.set(provider, (t = new ActionTracker(providerOf(opts.providers, provider), opts.tracker)));
      return t;
    },
    reobserve: batchedObserver(),
    result: { succeeded: [], failed: [], skipped: [], operations: 0, elapsedMs: 0 },
  };
}

/** The provider named `name`; InternalError when there is none. */
export function providerOf(providers: ReadonlyMap<string, Provider>, name: string): Provider {
  const p = providers.get(name);
  if (!p) throw new InternalError(`no provider named ${name}`);
  return p;
}

/** The desired resource at `address`; InternalError when there is none. */
export function desiredOf(desired: ReadonlyMap<string, DesiredResource>, address: string): DesiredResource {
  const d = desired.get(address);
  if (!d) throw new InternalError(`no desired resource for ${address}`);
  return d;
}
