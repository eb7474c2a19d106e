// The one request budget of a run (AIMD): at most `limit` requests in flight, where `limit` starts
// at the cap, halves on every 429 (at most once per `coolDownMs`, so one burst of 429s counts once)
// and climbs back by one slot per `limit` clean answers (about one slot per round trip of the whole
// window), never above the cap. Waiting callers are served first come, first served.

export interface LimiterOptions {
  /** Most requests in flight (the `--parallelism` of the run). */
  max: number;
  /** Where the budget starts (default `max`). */
  initial?: number;
  /** Minimum time between two halvings, in ms (default 1000: one Retry-After second). */
  coolDownMs?: number;
  now?: () => number;
}

export interface LimiterStats {
  /** Current concurrency limit. */
  limit: number;
  /** Requests in flight now. */
  inFlight: number;
  /** Most requests ever in flight at once. */
  peakInFlight: number;
  /** 429 answers seen. */
  throttled: number;
  /** Times the limit was halved. */
  decreases: number;
}

export interface Limiter {
  /** Waits for a slot; the returned function gives it back (call it exactly once). */
  acquire(signal?: AbortSignal): Promise<() => void>;
  /** Reports the outcome of an answered request: `throttled` for a 429. */
  feedback(throttled: boolean): void;
  /** Changes the cap (and the limit when above it). */
  setMax(max: number): void;
  stats(): LimiterStats;
}

export const DEFAULT_MAX_IN_FLIGHT = 32;

export function createLimiter(opts: LimiterOptions): Limiter {
  let max = Math.max(1, Math.floor(opts.max));
  let limit = Math.min(max, Math.max(1, Math.floor(opts.initial ?? max)));
  let credit = 0;
  const coolDownMs = opts.coolDownMs ?? 1000;
  const now = opts.now ?? Date.now;
  let lastDecrease = -Infinity;
  let inFlight = 0;
  let peakInFlight = 0;
  let throttled = 0;
  let decreases = 0;
  const waiting: Array<{ grant: () => void }> = [];

  function pump(): void {
    while (inFlight < limit && waiting.length > 0) {
      const next = waiting.shift()!;
      inFlight++;
      peakInFlight = Math.max(peakInFlight, inFlight);
      next.grant();
    }
  }

  function releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      inFlight--;
      pump();
    };
  }

  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (inFlight < limit && waiting.length === 0) {
        inFlight++;
        peakInFlight = Math.max(peakInFlight, inFlight);
        return Promise.resolve(releaser());
      }
      return new Promise((resolve, reject) => {
        const entry = {
          grant: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve(releaser());
          },
        };
        const onAbort = (): void => {
          const i = waiting.indexOf(entry);
          if (i >= 0) waiting.splice(i, 1);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        waiting.push(entry);
      });
    },
    feedback(wasThrottled) {
      if (wasThrottled) {
        throttled++;
        const t = now();
        if (t - lastDecrease >= coolDownMs) {
          lastDecrease = t;
          limit = Math.max(1, Math.floor(limit / 2));
          credit = 0;
          decreases++;
        }
        return;
      }
      if (limit >= max) return;
      credit++;
      if (credit >= limit) {
        credit = 0;
        limit++;
        pump();
      }
    },
    setMax(n) {
      max = Math.max(1, Math.floor(n));
      limit = Math.min(limit, max);
      pump();
    },
    stats: () => ({ limit, inFlight, peakInFlight, throttled, decreases }),
  };
}
