import { describe, expect, it } from 'vitest';
import { batchedObserver } from '../../../../src/engine/apply/batched-observer.js';
import type { DesiredResource, KindHandler, Observation } from '../../../../src/engine/provider.js';
import { fakeHandler, world } from '../../../support/fake-provider.js';

const desired = (name: string): DesiredResource => ({ address: `Thing/${name}`, kind: 'Thing', name, spec: {} });

/** A handler whose observeAll answers `found` (or fails when `fail`), counting both kinds of calls. */
function countingHandler(found: (d: DesiredResource) => Observation | undefined, fail = false) {
  const calls = { all: [] as string[][], one: [] as string[] };
  const handler: KindHandler = fakeHandler('Thing', world(), {
    async observe(d) {
      calls.one.push(d.address);
      return { exists: false, spec: {} };
    },
    async observeAll(ds) {
      calls.all.push(ds.map((d) => d.address));
      if (fail) throw new Error('list failed');
      return new Map(ds.flatMap((d) => {
        const o = found(d);
        return o ? [[d.address, o] as const] : [];
      }));
    },
  });
  return { handler, calls };
}

describe('batchedObserver', () => {
  it('sends the re-observations asked for in one turn to observeAll together', async () => {
    const { handler, calls } = countingHandler((d) => ({ exists: true, id: d.name, spec: {} }));
    const reobserve = batchedObserver();
    const seen = await Promise.all([reobserve(handler, desired('a')), reobserve(handler, desired('b'))]);
    expect(seen.map((o) => o.id)).toEqual(['a', 'b']);
    expect(calls.all).toEqual([['Thing/a', 'Thing/b']]);
    expect(calls.one).toEqual([]);
  });

  it('observes one by one what the batch did not find, and everything when the shared read fails', async () => {
    const partial = countingHandler((d) => (d.name === 'a' ? { exists: true, id: 1, spec: {} } : undefined));
    const reobserve = batchedObserver();
    await Promise.all([reobserve(partial.handler, desired('a')), reobserve(partial.handler, desired('b'))]);
    expect(partial.calls.one).toEqual(['Thing/b']);

    const failing = countingHandler(() => undefined, true);
    await Promise.all([reobserve(failing.handler, desired('a')), reobserve(failing.handler, desired('b'))]);
    expect(failing.calls.one).toEqual(['Thing/a', 'Thing/b']);
  });

  it('uses observe alone for a handler without observeAll', async () => {
    const w = world();
    w.live.set('Thing/a', { id: 5, spec: {} });
    const seen = await batchedObserver()(fakeHandler('Thing', w), desired('a'));
    expect(seen).toMatchObject({ exists: true, id: 5 });
  });
});
