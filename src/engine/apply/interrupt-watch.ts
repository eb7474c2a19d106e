// Interrupt handling of one apply run. The first interrupt (`stop`, Ctrl-C) sends nothing new and
// waits for the calls already sent and their actions, announcing what is in flight; the second
// (`abandon`) ends the wait at once. Keeps which changes an interrupt stopped half-way and which it
// kept from starting, for the run's `interrupted` report.
import type { EventSink } from '../events.js';
import type { RunningAction } from './in-flight.js';

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

/** Thrown inside a change when an interrupt stops it before its next call: not a failure. */
export class Interrupted extends Error {}

/** The signal's name from an AbortSignal's reason (`SIGINT`), else "interrupt". */
export function signalName(signal: AbortSignal | undefined): string {
  return typeof signal?.reason === 'string' ? signal.reason : 'interrupt';
}

/** `p`, or a rejection with Interrupted as soon as `signal` aborts (the work of `p` goes on). */
export function untilAborted<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(new Interrupted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Interrupted());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Resolves when `signal` (the second interrupt) aborts, at once if it already has; never without one. */
export function whenAbandoned(signal: AbortSignal | undefined): Promise<'abandoned'> {
  return new Promise<'abandoned'>((resolve) => {
    if (signal?.aborted) resolve('abandoned');
    signal?.addEventListener('abort', () => resolve('abandoned'), { once: true });
  });
}

/** The first interrupt of one run, and what it did to the run's changes. */
export interface InterruptWatch {
  /** A call of the change at `address` was sent: stopped later, it is "stopped", not "not started". */
  callSent(address: string): void;
  /** The change at `address` was interrupted before its next call: stopped, or not started if it sent none. */
  changeInterrupted(address: string): void;
  /** Changes the interrupt kept from starting. */
  notStarted(addresses: readonly string[]): void;
  /** Changes still running when the second interrupt ended the wait. */
  abandoned(addresses: readonly string[]): void;
  /** Stops listening to the first interrupt (the run is over). */
  dispose(): void;
  /** The `interrupted` report, or undefined when the first interrupt did not come. */
  report(gaveUp: boolean, running: RunningAction[]): Interruption | undefined;
}

/**
 * Watches `stop` for one run: when it aborts (at once if it already has), emits `apply_interrupting`
 * with what `running()` lists then. Stopped and not-started changes are reported deduplicated and sorted.
 */
export function watchInterrupts(stop: AbortSignal | undefined, sink: EventSink, running: () => RunningAction[]): InterruptWatch {
  const sent = new Set<string>();
  const stopped: string[] = [];
  const notStarted: string[] = [];
  const onStop = (): void => sink({ type: 'apply_interrupting', signal: signalName(stop), running: running() });
  if (stop?.aborted) onStop();
  else stop?.addEventListener('abort', onStop, { once: true });
  return {
    callSent: (address) => void sent.add(address),
    changeInterrupted: (address) => void (sent.has(address) ? stopped : notStarted).push(address),
    notStarted: (addresses) => void notStarted.push(...addresses),
    abandoned: (addresses) => void stopped.push(...addresses),
    dispose: () => stop?.removeEventListener('abort', onStop),
    report(gaveUp, runningNow) {
      if (!stop?.aborted) return undefined;
      return {
        signal: signalName(stop), abandoned: gaveUp, running: runningNow,
        stopped: [...new Set(stopped)].sort(), notStarted: [...new Set(notStarted)].sort(),
      };
    },
  };
}
