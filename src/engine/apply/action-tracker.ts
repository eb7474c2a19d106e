// Waits for asynchronous actions. All actions being waited on through one provider are polled
// together in one loop, so a single batched query (provider.pollActions) serves many operations;
// the interval backs off while nothing changes and resets when new work arrives.
import { TimeoutError } from '../../core/errors.js';
import type { ActionRef, ActionStatus, Provider } from '../provider.js';

export interface TrackerOptions {
  /** First poll delay and the delay after new work arrives. Default 1000 ms. */
  minIntervalMs: number;
  /** Backoff cap. Default 15000 ms. */
  maxIntervalMs: number;
  /** Give up on one action after this long. Default 60 min (DESIGN §4). */
  timeoutMs: number;
  /** Consecutive failed polls tolerated before every waiter fails. Default 5. */
  maxPollFailures: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

interface Waiter {
  ref: ActionRef;
  startedAt: number;
  onProgress?: (s: ActionStatus, elapsedMs: number) => void;
  resolve: (s: ActionStatus) => void;
  reject: (e: unknown) => void;
}

export const defaultTrackerOptions: TrackerOptions = {
  minIntervalMs: 1000,
  maxIntervalMs: 15_000,
  timeoutMs: 60 * 60 * 1000,
  maxPollFailures: 5,
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

export class ActionTracker {
  readonly #provider: Provider;
  readonly #opts: TrackerOptions;
  readonly #waiters: Waiter[] = [];
  #loop: Promise<void> | undefined;
  #interval: number;
  /** Number of pollActions calls made (each may be one or several requests). */
  polls = 0;

  constructor(provider: Provider, opts: Partial<TrackerOptions> = {}) {
    this.#provider = provider;
    this.#opts = { ...defaultTrackerOptions, ...opts };
    this.#interval = this.#opts.minIntervalMs;
  }

  /**
   * Resolves with the final status: SUCCESS, or ERROR for any other final status the API gave
   * (the caller fails on it); rejects with TimeoutError after timeoutMs.
   */
  wait(ref: ActionRef, onProgress?: (s: ActionStatus, elapsedMs: number) => void): Promise<ActionStatus> {
    return new Promise((resolve, reject) => {
      this.#waiters.push({ ref, startedAt: this.#opts.now(), onProgress, resolve, reject });
      this.#interval = this.#opts.minIntervalMs;
      this.#start();
    });
  }

  /**
   * Starts the poll loop unless it runs. The loop may end (no waiters) just before `finally` clears
   * it; a waiter added in between would be stranded, so `finally` restarts the loop when needed.
   */
  #start(): void {
    this.#loop ??= this.#run().finally(() => {
      this.#loop = undefined;
      if (this.#waiters.length > 0) this.#start();
    });
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (this.#waiters.length > 0) {
      await this.#opts.sleep(this.#interval);
      const batch = [...this.#waiters];
      const refs = [...new Map(batch.map((w) => [w.ref.id, w.ref])).values()];
      let statuses: Map<string, ActionStatus>;
      try {
        this.polls++;
        statuses = await this.#provider.pollActions(refs);
        failures = 0;
      } catch (err) {
        if (++failures >= this.#opts.maxPollFailures) {
          for (const w of this.#waiters.splice(0)) w.reject(err);
          return;
        }
        continue;
      }
      let changed = false;
      const now = this.#opts.now();
      for (const w of batch) {
        const s = statuses.get(w.ref.id);
        const elapsed = now - w.startedAt;
        if (s && s.state !== 'IN_PROGRESS') {
          this.#remove(w);
          w.resolve(s);
          changed = true;
        } else if (elapsed > this.#opts.timeoutMs) {
          this.#remove(w);
          w.reject(new TimeoutError(
            `action ${w.ref.id} still IN_PROGRESS after ${Math.round(elapsed / 1000)}s (the action timeout is ${Math.round(this.#opts.timeoutMs / 1000)}s); ` +
              'it may still finish on the server: run apply again later to wait for it',
          ));
        } else if (s) {
          w.onProgress?.(s, elapsed);
        }
      }
      this.#interval = changed ? this.#opts.minIntervalMs : Math.min(this.#opts.maxIntervalMs, Math.round(this.#interval * 1.5));
    }
  }

  #remove(w: Waiter): void {
    const i = this.#waiters.indexOf(w);
    if (i >= 0) this.#waiters.splice(i, 1);
  }
}
