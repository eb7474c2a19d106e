// Running one change (run-change.ts): its operations in order, skipping the rest on failure, waits
// for earlier actions and the bounded re-plans.
import { describe, expect, it } from 'vitest';
import { keepApproved, MAX_REPLANS, runChange } from '../../../../src/engine/apply/run-change.js';
import type { ApplyOptions } from '../../../../src/engine/apply/apply-run.js';
import type { Outcome } from '../../../../src/engine/apply/scheduler.js';
import { NetworkError, PlanStaleError } from '../../../../src/core/errors.js';
import type { Change, Operation } from '../../../../src/engine/plan.js';
import type { Provider } from '../../../../src/engine/provider.js';
import { fakeProvider, world } from '../../../support/fake-provider.js';
import { change, op } from '../../../support/plans.js';
import { applyRunOf } from '../../../support/apply-run.js';

const patch = (field: string): Operation => op({ method: 'PATCH', path: `/things/${field}`, body: { field }, summary: `set ${field}`, async: true });

/** Runs `c` through `provider`; resolves with the outcome settled, the events, the run and the sent paths. */
async function runOne(provider: Provider, c: Change, over: Partial<ApplyOptions> = {}) {
  const sent: string[] = [];
  const logged: Provider = { ...provider, execute: (o, s) => (sent.push(o.path), provider.execute(o, s)) };
  const { run, events } = applyRunOf(logged, [c], over);
  const settled: Outcome[] = [];
  await runChange(run, c, (o) => void settled.push(o));
  return { settled, events, run, sent };
}

const update = (over: Partial<Change> = {}): Change =>
  change({ address: 'Thing/a', action: 'update', provider: 'fake', id: 100, operations: [patch('x'), patch('y'), patch('z')], ...over });

describe('runChange', () => {
  it('runs the operations in order, each after the previous one ended, and settles ok', async () => {
    const { settled, events, run, sent } = await runOne(fakeProvider(world(), ['Thing']), update());
    expect(sent).toEqual(['/things/x', '/things/y', '/things/z']);
    expect(settled).toEqual(['ok']);
    expect(run.result).toMatchObject({ succeeded: ['Thing/a'], failed: [], operations: 3 });
    expect(events.map((e) => e.type)).toEqual([
      'change_start', ...Array(3).fill(['operation_start', 'operation_complete']).flat(), 'change_complete',
    ]);
    expect(events.at(-1)).toEqual({ type: 'change_complete', address: 'Thing/a', action: 'update', id: 100 });
  });

  it('does not send the operations after the first failure, and settles failed with the error\'s code', async () => {
    const base = fakeProvider(world(), ['Thing']);
    const provider: Provider = { ...base, execute: async (o) => (o.path === '/things/y' ? Promise.reject(new Error('boom')) : base.execute(o)) };
    const { settled, events, run, sent } = await runOne(provider, update());
    expect(sent).toEqual(['/things/x', '/things/y']);
    expect(settled).toEqual(['failed']);
    expect(run.result.failed).toEqual([{ address: 'Thing/a', error: 'boom', code: 'ERR_UNKNOWN' }]);
    expect(run.result.operations).toBe(1);
    expect(events.at(-1)).toEqual({ type: 'change_errored', address: 'Thing/a', action: 'update', error: 'boom' });
  });

  it('settles before its promise ends, even when the change fails at once (no handler for its kind)', () => {
    const { run } = applyRunOf(fakeProvider(world(), ['Other']), [update()]);
    const settled: Outcome[] = [];
    void runChange(run, update(), (o) => void settled.push(o));
    expect(settled).toEqual(['failed']);
    expect(run.result.failed[0]).toMatchObject({ code: 'ERR_INTERNAL', error: 'provider fake has no handler for Thing' });
  });

  it('waits for the actions already in progress, then re-plans and sends only what is still needed', async () => {
    const w = world();
    const provider = fakeProvider(w, ['Thing']);
    const replanned: Array<ReadonlyMap<string, string | number>> = [];
    const { settled, sent } = await runOne(provider, update({ pendingActions: ['earlier-1'] }), {
      replan: async (c, ids) => (replanned.push(new Map(ids)), { ...c, pendingActions: undefined, operations: [patch('z')] }),
    });
    expect(w.polls.flat().map((r) => r.id)).toContain('earlier-1');
    expect(replanned).toEqual([new Map([['Thing/a', 100]])]);
    expect(sent).toEqual(['/things/z']);
    expect(settled).toEqual(['ok']);
  });

  it('runs the planned operations after the wait when there is no re-planner', async () => {
    const { sent } = await runOne(fakeProvider(world(), ['Thing']), update({ pendingActions: ['earlier-1'] }));
    expect(sent).toEqual(['/things/x', '/things/y', '/things/z']);
  });

  it(`gives up with ERR_BUSY after ${MAX_REPLANS} re-plans that keep finding actions in progress`, async () => {
    let replans = 0;
    const { settled, run, sent } = await runOne(fakeProvider(world(), ['Thing']), update({ pendingActions: ['busy-0'] }), {
      replan: async (c) => ({ ...c, pendingActions: [`busy-${++replans}`] }),
    });
    expect(replans).toBe(MAX_REPLANS);
    expect(sent).toEqual([]);
    expect(settled).toEqual(['failed']);
    expect(run.result.failed[0]).toMatchObject({ code: 'ERR_BUSY', error: `Thing/a: still busy after ${MAX_REPLANS} waits (actions in progress); run apply again later` });
  });

  it('re-plans an update whose answer was lost instead of sending it again blindly', async () => {
    const base = fakeProvider(world(), ['Thing']);
    let lost = true;
    const provider: Provider = {
      ...base,
      async execute(o) {
        if (o.path === '/things/y' && lost) {
          lost = false;
          throw new NetworkError('PATCH', o.path, 'socket hang up');
        }
        return base.execute(o);
      },
    };
    const { settled, sent } = await runOne(provider, update(), {
      // The lost call did happen: the fresh plan needs only z.
      replan: async (c) => ({ ...c, operations: [patch('z')] }),
    });
    expect(sent).toEqual(['/things/x', '/things/y', '/things/z']);
    expect(settled).toEqual(['ok']);
  });

  it('fails a change whose re-plan needs a call the plan did not hold, sending nothing', async () => {
    const { settled, run, sent } = await runOne(fakeProvider(world(), ['Thing']), update({ pendingActions: ['earlier-1'] }), {
      replan: async (c) => ({ ...c, pendingActions: undefined, operations: [patch('w')] }),
    });
    expect(sent).toEqual([]);
    expect(settled).toEqual(['failed']);
    expect(run.result.failed[0]).toMatchObject({ code: 'ERR_PLAN_STALE' });
  });

  it('stops before its next call after the first interrupt: skipped, reported as stopped once a call was sent', async () => {
    const stop = new AbortController();
    const base = fakeProvider(world(), ['Thing']);
    const provider: Provider = { ...base, execute: async (o) => (stop.abort('SIGINT'), base.execute(o)) };
    const { settled, run, sent, events } = await runOne(provider, update(), { stop: stop.signal });
    expect(sent).toEqual(['/things/x']);
    expect(settled).toEqual(['skipped']);
    expect(run.result.failed).toEqual([]);
    expect(events.some((e) => e.type === 'change_errored')).toBe(false);
    expect(run.interrupts.report(false, [])).toMatchObject({ stopped: ['Thing/a'], notStarted: [] });
  });

  it('stops waiting for earlier actions at the first interrupt: nothing sent, reported as not started', async () => {
    const stop = new AbortController();
    const base = fakeProvider(world(), ['Thing']);
    const provider: Provider = { ...base, pollActions: async (refs) => (stop.abort('SIGINT'), base.pollActions(refs)) };
    const { settled, run, sent } = await runOne(provider, update({ pendingActions: ['earlier-1'] }), { stop: stop.signal });
    expect(sent).toEqual([]);
    expect(settled).toEqual(['skipped']);
    expect(run.interrupts.report(false, [])).toMatchObject({ stopped: [], notStarted: ['Thing/a'] });
  });
});

describe('keepApproved', () => {
  const approved = update({ operations: [patch('x'), op({ method: 'PUT', path: '/things/${ref:self}/tags', summary: 'tag' })] });

  it('keeps a fresh plan whose calls the approved plan held (placeholders resolved), dropping the others', () => {
    const fresh = update({ operations: [op({ method: 'PUT', path: '/things/100/tags', summary: 'tag' })] });
    expect(keepApproved(approved, fresh, new Map([['Thing/a', 100]]))).toEqual(fresh.operations);
  });

  it('refuses a fresh plan that needs a call the approved plan did not hold, naming it', () => {
    const fresh = update({ operations: [patch('x'), patch('w')] });
    expect(() => keepApproved(approved, fresh, new Map())).toThrow(PlanStaleError);
    expect(() => keepApproved(approved, fresh, new Map())).toThrow('it now needs set w, which the plan did not include');
  });
});
