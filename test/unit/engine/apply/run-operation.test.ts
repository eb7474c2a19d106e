// Running one operation (run-operation.ts): send, track its actions, retry a lost create.
import { describe, expect, it } from 'vitest';
import { MAX_CREATE_RESENDS, runOperation, type OperationTarget } from '../../../../src/engine/apply/run-operation.js';
import type { ApplyOptions, ApplyRun } from '../../../../src/engine/apply/apply-run.js';
import { Interrupted } from '../../../../src/engine/apply/interrupt-watch.js';
import { ActionFailedError, ApiError, InternalError, NetworkError } from '../../../../src/core/errors.js';
import type { Change, Operation } from '../../../../src/engine/plan.js';
import type { ActionStatus, Provider } from '../../../../src/engine/provider.js';
import { fakeProvider, world, type FakeWorld } from '../../../support/fake-provider.js';
import { change, op } from '../../../support/plans.js';
import { applyRunOf } from '../../../support/apply-run.js';

const create = op({ method: 'POST', path: '/things/a', body: { kind: 'Thing', name: 'a' }, summary: 'create Thing/a', role: 'create', async: true });
const tag = op({ method: 'PUT', path: '/things/${ref:self}/tags', body: {}, summary: 'tag' });
const del = op({ method: 'DELETE', path: '/things/100', summary: 'delete Thing/a', role: 'delete', async: true });

/** The target of operation `index` of `c` through `provider`'s Thing handler and the run's tracker. */
function target(run: ApplyRun, provider: Provider, c: Change, index: number): OperationTarget {
  return { change: c, index, op: c.operations[index]!, provider, handler: provider.handler('Thing')!, tracker: run.trackerFor('fake') };
}

/** A run of one change holding `operations` through `provider`; `log` receives journal records and sends in order. */
function setup(provider: Provider, operations: Operation[], over: Partial<ApplyOptions> = {}, changeOver: Partial<Change> = {}) {
  const log: string[] = [];
  const c = change({ address: 'Thing/a', action: 'create', provider: 'fake', operations, ...changeOver });
  const logged: Provider = { ...provider, execute: (o, s) => (log.push(`send ${o.method} ${o.path}`), provider.execute(o, s)) };
  const { run, events } = applyRunOf(logged, [c], {
    journal: { recordWrite: (w) => void log.push(`journal ${w.method} ${w.address}`), recordActions: (ids) => void log.push(`actions ${ids.join(',')}`) },
    ...over,
  });
  return { run, events, log, c, t: (index: number) => target(run, logged, c, index) };
}

/** The fake provider whose POSTs fail with `error` (`times` times) before reaching the world. */
function losingPosts(w: FakeWorld, error: () => Error, times = Infinity): Provider & { posts: () => number } {
  const base = fakeProvider(w, ['Thing']);
  let posts = 0;
  return {
    ...base,
    async execute(o) {
      if (o.method === 'POST' && posts++ < times) throw error();
      return base.execute(o);
    },
    posts: () => posts,
  };
}

describe('runOperation', () => {
  it('records the write before sending it, waits for its action, and learns a created id by observing', async () => {
    const w = world();
    const { run, events, log, t } = setup(fakeProvider(w, ['Thing']), [create, tag]);
    await runOperation(run, t(0));
    expect(log).toEqual(['journal POST Thing/a', 'send POST /things/a', 'actions act-1']);
    expect(run.ids.get('Thing/a')).toBe(100);
    expect(events.map((e) => e.type)).toEqual(['operation_start', 'operation_complete']);
    expect(run.inFlight.running()).toEqual([]);
  });

  it('sends the path with its placeholders resolved, and the known id in the journal', async () => {
    const w = world();
    const { run, events, log, t } = setup(fakeProvider(w, ['Thing']), [create, tag]);
    run.ids.set('Thing/a', 7);
    await runOperation(run, t(1));
    expect(log).toContain('send PUT /things/7/tags');
    expect(events[0]).toMatchObject({ type: 'operation_start', path: '/things/7/tags' });
  });

  it('rejects a placeholder whose id is unknown before anything is sent or emitted', async () => {
    const { run, events, log, t } = setup(fakeProvider(world(), ['Thing']), [create, tag]);
    await expect(runOperation(run, t(1))).rejects.toThrow(InternalError);
    expect(log).toEqual([]);
    expect(events).toEqual([]);
  });

  it('fails naming every action that did not succeed, with the API\'s final status, and lists nothing in flight after', async () => {
    const base = fakeProvider(world(), ['Thing']);
    const provider: Provider = {
      ...base,
      execute: async () => ({ actions: [{ id: 'a1' }, { id: 'a2' }], finished: [{ id: 'item-3', state: 'ERROR', message: 'quota' }] }),
      pollActions: async (refs) => new Map(refs.map((r): [string, ActionStatus] => [r.id, r.id === 'a1'
        ? { id: r.id, state: 'SUCCESS' } : { id: r.id, state: 'ERROR', status: 'CANCELED', message: 'canceled' }])),
    };
    const { run, events, t } = setup(provider, [tag], {}, { action: 'update', id: 100 });
    const err = await runOperation(run, t(0)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionFailedError);
    expect((err as Error).message).toBe('action item-3 failed: quota; action a2 failed (status CANCELED): canceled');
    expect(events.at(-1)).toMatchObject({ type: 'operation_errored', code: 'ERR_ACTION_FAILED' });
    expect(run.inFlight.running()).toEqual([]);
  });

  it('lists the operation\'s actions in flight while they run', async () => {
    const base = fakeProvider(world(), ['Thing']);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const provider: Provider = { ...base, pollActions: async (refs) => (await held, base.pollActions(refs)) };
    const { run, t } = setup(provider, [create]);
    const done = runOperation(run, t(0));
    await new Promise((r) => setTimeout(r, 5));
    expect(run.inFlight.running()).toEqual([{ address: 'Thing/a', summary: 'create Thing/a', actionId: 'act-1' }]);
    release();
    await done;
  });

  it('forgets the id of a resource it deleted', async () => {
    const w = world();
    w.live.set('Thing/a', { id: 100, spec: {} });
    const { run, t } = setup(fakeProvider(w, ['Thing']), [del], {}, { action: 'delete', id: 100 });
    expect(run.ids.has('Thing/a')).toBe(false); // a planned delete's id is not a live id for placeholders
    run.ids.set('Thing/a', 100);
    await runOperation(run, t(0));
    expect(run.ids.has('Thing/a')).toBe(false);
    expect(w.live.size).toBe(0);
  });

  describe('a create whose answer was lost', () => {
    it('is not sent again when the lookup by name finds it: its running actions are waited for', async () => {
      const w = world();
      const base = fakeProvider(w, ['Thing'], { handlers: { Thing: {
        observe: async (d) => (w.live.has(d.address) ? { exists: true, id: 100, spec: {}, pending: [{ id: 'found-1' }] } : { exists: false, spec: {} }),
      } } });
      const polled: string[] = [];
      const provider: Provider = {
        ...base,
        async execute(o) {
          await base.execute(o);
          throw new NetworkError('POST', o.path, 'socket hang up');
        },
        pollActions: async (refs) => (polled.push(...refs.map((r) => r.id)), base.pollActions(refs)),
      };
      const { run, events, t } = setup(provider, [create]);
      await runOperation(run, t(0));
      expect(w.calls).toHaveLength(1);
      expect(polled).toContain('found-1');
      expect(run.ids.get('Thing/a')).toBe(100);
      expect(events.map((e) => e.type)).toEqual(['operation_start', 'operation_complete']);
    });

    it('is sent again with a doubling backoff when not found, and recorded in the journal before each send', async () => {
      const w = world();
      const provider = losingPosts(w, () => new NetworkError('POST', '/things/a', 'reset'), 2);
      const slept: number[] = [];
      const { run, events, log, t } = setup(provider, [create], { tracker: { minIntervalMs: 10, maxIntervalMs: 15, sleep: async (ms) => void slept.push(ms) } });
      await runOperation(run, t(0));
      expect(provider.posts()).toBe(3);
      expect(w.live.size).toBe(1);
      expect(log.filter((l) => l.startsWith('journal'))).toHaveLength(3);
      expect(slept.slice(0, 2)).toEqual([10, 15]);
      expect(events.filter((e) => e.type === 'operation_retry').map((e) => e.type === 'operation_retry' && [e.attempt, e.delayMs, e.reason]))
        .toEqual([[2, 10, 'POST /things/a: reset'], [3, 15, 'POST /things/a: reset']]);
    });

    it(`fails with the last error after ${MAX_CREATE_RESENDS} resends`, async () => {
      const provider = losingPosts(world(), () => new ApiError({ method: 'POST', path: '/things/a', status: 503, apiMessage: 'busy' }));
      const { run, events, t } = setup(provider, [create]);
      await expect(runOperation(run, t(0))).rejects.toBeInstanceOf(ApiError);
      expect(provider.posts()).toBe(1 + MAX_CREATE_RESENDS);
      expect(events.at(-1)).toMatchObject({ type: 'operation_errored', code: 'ERR_API' });
    });

    it('is neither looked up nor sent again when the API refused it (4xx)', async () => {
      const w = world();
      let lookups = 0;
      const base = losingPosts(w, () => new ApiError({ method: 'POST', path: '/things/a', status: 400, apiMessage: 'bad size' }));
      const provider: Provider = { ...base, handler: (k) => ({ ...base.handler(k)!, observe: async () => (lookups++, { exists: false, spec: {} }) }) };
      const { run, t } = setup(provider, [create]);
      await expect(runOperation(run, t(0))).rejects.toThrow('bad size');
      expect(base.posts()).toBe(1);
      expect(lookups).toBe(0);
    });

    it('stops, without an error event, when the first interrupt comes during the backoff', async () => {
      const stop = new AbortController();
      const provider = losingPosts(world(), () => new NetworkError('POST', '/things/a', 'reset'));
      const { run, events, t } = setup(provider, [create], { stop: stop.signal, tracker: { minIntervalMs: 1, sleep: async () => void stop.abort('SIGINT') } });
      await expect(runOperation(run, t(0))).rejects.toBeInstanceOf(Interrupted);
      expect(provider.posts()).toBe(1);
      expect(events.filter((e) => e.type === 'operation_errored')).toEqual([]);
      expect(run.inFlight.running()).toEqual([]);
    });
  });

  it('passes on a lost answer of an update without sending it again (the change re-plans)', async () => {
    const w = world();
    const base = fakeProvider(w, ['Thing']);
    const provider: Provider = { ...base, execute: async (o) => (w.calls.push(o), Promise.reject(new NetworkError('PUT', o.path, 'reset'))) };
    const { run, t } = setup(provider, [tag], {}, { action: 'update', id: 100 });
    run.ids.set('Thing/a', 100);
    await expect(runOperation(run, t(0))).rejects.toBeInstanceOf(NetworkError);
    expect(w.calls).toHaveLength(1);
  });
});
