// "A promise per key": the first call for a key starts the work and every later call for that key
// gets the same promise, settled or not, so that callers running at the same time share one read.

/** Promises by key. */
export interface Memo {
  /** The promise of `key`: made by `make()` on the first call, shared by every later call. */
  once<T>(key: string, make: () => Promise<T>): Promise<T>;
}

/**
 * A new, empty memo. With `forgetFailures`, a promise that rejects is dropped once it has, so that the
 * next call for its key tries again (callers already waiting still get the rejection).
 */
export function createMemo(opts: { forgetFailures?: boolean } = {}): Memo {
  const promises = new Map<string, Promise<unknown>>();
  return {
    once<T>(key: string, make: () => Promise<T>): Promise<T> {
      let p = promises.get(key) as Promise<T> | undefined;
      if (!p) {
        p = make();
        promises.set(key, p);
        if (opts.forgetFailures) {
          const made = p;
          made.catch(() => promises.get(key) === made && promises.delete(key));
        }
      }
      return p;
    },
  };
}
