// The shared state of one apply run (`createApplyRun`) over a fake provider, for the unit tests of the
// executor's parts: the run, the events it emitted, and its in-flight list and interrupt watch.
import { createApplyRun, type ApplyOptions, type ApplyRun } from '../../src/engine/apply/apply-run.js';
import { InFlight } from '../../src/engine/apply/in-flight.js';
import { watchInterrupts } from '../../src/engine/apply/interrupt-watch.js';
import type { EngineEvent } from '../../src/engine/events.js';
import type { Change } from '../../src/engine/plan.js';
import type { Provider } from '../../src/engine/provider.js';
import { manifest } from './fake-provider.js';
import { planOf } from './plans.js';

/**
 * A run of `changes` through `provider` (named `fake`): the desired resources are the changes' own
 * (empty specs), actions are polled without waiting, the clock stands still; `over` replaces options.
 */
export function applyRunOf(provider: Provider, changes: Change[], over: Partial<ApplyOptions> = {}): { run: ApplyRun; events: EngineEvent[] } {
  const events: EngineEvent[] = [];
  const sink = (e: EngineEvent): void => void events.push(e);
  const inFlight = new InFlight();
  const interrupts = watchInterrupts(over.stop, sink, () => inFlight.running());
  const desired = new Map(changes.map((c) => [c.address, manifest(c.kind, c.name, {})]));
  const run = createApplyRun(planOf(changes), {
    providers: new Map([['fake', provider]]), desired, parallelism: 1, sink,
    tracker: { minIntervalMs: 0, sleep: async () => {} }, ...over,
  }, { now: () => 0, inFlight, interrupts });
  return { run, events };
}
