// The apply scheduler: which changes may start now. A change starts once every change it depends on
// succeeded and a slot is free (bounded parallelism); it is skipped when one of them failed or was
// skipped; after the first interrupt nothing new starts, after the second nothing is waited for.
// It knows changes by address and dependencies only: running one is the caller's.
import { InternalError } from '../../core/errors.js';
import { Graph } from '../graph.js';
import { whenAbandoned } from './interrupt-watch.js';

/** How a change ended, as far as its dependents are concerned. */
export type Outcome = 'ok' | 'failed' | 'skipped';

/** What the scheduler needs of a change. */
export interface Schedulable {
  address: string;
  dependsOn: readonly string[];
}

/**
 * The dependency graph of `changes` (edges to addresses outside them are dropped: what is not in
 * the work has nothing to wait for). A cycle, which validation should have caught, is refused with
 * its edges (InternalError) before any write rather than discovered half-way.
 */
export function dependencyGraph(changes: readonly Schedulable[]): Graph {
  const inPlan = new Set(changes.map((c) => c.address));
  const graph = new Graph();
  for (const c of changes) {
    graph.addVertex(c.address);
    for (const d of c.dependsOn) if (inPlan.has(d)) graph.addEdge(c.address, d);
  }
  const cycle = graph.findCycle();
  if (cycle) throw new InternalError(`the plan's dependencies form a cycle: ${cycle.join(', ')}`);
  return graph;
}

/** What to do now with a pending change. */
export type Step = { do: 'start' } | { do: 'skip'; blockedBy: string } | { do: 'wait' };

/**
 * The step of a pending change whose dependencies are `dependencies`, given the outcomes so far:
 * skip it if one of them failed or was skipped (the first such, in order), start it if all of them
 * succeeded and `slotFree`, else wait. Pure.
 */
export function nextStep(dependencies: readonly string[], outcome: ReadonlyMap<string, Outcome>, slotFree: boolean): Step {
  const blockedBy = dependencies.find((d) => outcome.get(d) === 'failed' || outcome.get(d) === 'skipped');
  if (blockedBy) return { do: 'skip', blockedBy };
  if (slotFree && dependencies.every((d) => outcome.get(d) === 'ok')) return { do: 'start' };
  return { do: 'wait' };
}

export interface ScheduleOptions<C extends Schedulable> {
  /** The changes to run, in the order they are considered (the plan's). */
  changes: readonly C[];
  /** Their dependencies (`dependencyGraph(changes)`). */
  graph: Graph;
  /** Changes running at once; below 1 counts as 1. */
  parallelism: number;
  /**
   * Runs one change. It must call `settle` once with its outcome, as soon as the outcome is known
   * (before the returned promise resolves); the promise must not reject.
   */
  run(change: C, settle: (outcome: Outcome) => void): Promise<void>;
  /** A change is skipped because `blockedBy`, one of its dependencies, failed or was skipped. */
  skipped(change: C, blockedBy: string): void;
  /** First interrupt: changes not started yet are not started. */
  stop?: AbortSignal;
  /** Second interrupt: the wait for the running changes ends at once. */
  abandon?: AbortSignal;
}

export interface ScheduleResult {
  /** Changes the first interrupt kept from starting, in plan order. */
  notStarted: string[];
  /** Set when the second interrupt ended the wait: the changes still running then. */
  abandoned?: string[];
}

/**
 * Runs `changes` in dependency order, at most `parallelism` at once, and resolves when every change
 * ended or was skipped, or when the second interrupt came. Each pass over the pending changes, in
 * order, skips the blocked ones and starts the ready ones while slots are free; then it waits for
 * one running change to end. The graph being acyclic, nothing pending is left waiting forever.
 */
export async function schedule<C extends Schedulable>(opts: ScheduleOptions<C>): Promise<ScheduleResult> {
  const outcome = new Map<string, Outcome>();
  const pending = [...opts.changes];
  const running = new Map<string, Promise<void>>();
  const notStarted: string[] = [];
  // A second interrupt ends the wait for what is running: the scheduler stops at once.
  const abandon = whenAbandoned(opts.abandon);
  let abandoned: string[] | undefined;
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
      const step = nextStep(opts.graph.dependencies(c.address), outcome, running.size < Math.max(1, opts.parallelism));
      if (step.do === 'wait') {
        i++;
        continue;
      }
      pending.splice(i, 1);
      if (step.do === 'skip') {
        outcome.set(c.address, 'skipped');
        opts.skipped(c, step.blockedBy);
      } else {
        const settle = (o: Outcome): void => void outcome.set(c.address, o);
        running.set(c.address, opts.run(c, settle).finally(() => running.delete(c.address)));
      }
    }
    if (running.size === 0) break; // acyclic: nothing pending can be left waiting
    if ((await Promise.race([...running.values(), abandon])) === 'abandoned') {
      abandoned = [...running.keys()];
      break;
    }
  }
  // Left pending by the second interrupt: not started either.
  if (opts.stop?.aborted) notStarted.push(...pending.splice(0).map((c) => c.address));
  return abandoned ? { notStarted, abandoned } : { notStarted };
}
