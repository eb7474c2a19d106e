// Re-observation of created resources, batched per handler: what one turn of the event loop asks for
// goes to the kind's `observeAll` together, so that one poll round ending many creates costs shared
// list reads rather than a lookup per resource.
import type { DesiredResource, KindHandler, Observation } from '../provider.js';

/** Re-observes one desired resource through its kind's handler. */
export type Reobserve = (handler: KindHandler, desired: DesiredResource) => Promise<Observation>;

/**
 * Re-observes created resources by name, batched: the re-observations asked for in the same turn of
 * the event loop (one poll round ends many creates at once) go to the kind's `observeAll` together, so
 * they share its list reads (one list, embedded tags, running actions per service) instead of costing
 * a lookup, a tags GET and an actions GET each. Handlers without `observeAll`, and a batch whose shared
 * read fails, fall back to `observe` per resource (each error then belongs to its own change).
 */
export function batchedObserver(): Reobserve {
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
  return (handler, d) => {
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
