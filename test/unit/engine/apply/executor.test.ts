import { describe, expect, it } from 'vitest';
import { applyPlan, MAX_CREATE_RESENDS, type ApplyOptions } from '../../../../src/engine/apply/executor.js';
import { buildPlan } from '../../../../src/engine/planner.js';
import { ApiError, NetworkError } from '../../../../src/core/errors.js';
import type { EngineEvent } from '../../../../src/engine/events.js';
import { fakeProvider, manifest, policy, world, type FakeWorld } from '../../../support/fake-provider.js';
import type { Observation, Provider } from '../../../../src/engine/provider.js';
import type { Plan } from '../../../../src/engine/plan.js';
import type { ResourceManifest } from '../../../../src/manifest/types.js';

/** Observes, plans and applies `resources` through the fake provider; `opts` overrides the apply options. */
async function planAndApply(
  w: FakeWorld, provider: Provider, resources: ResourceManifest[], opts: Partial<Pick<ApplyOptions, 'parallelism' | 'tracker' | 'stop' | 'planFrom'>> = {},
) {
  const observations = new Map();
  for (const r of resources) observations.set(r.address, await provider.handler(r.kind)!.observe({ ...r }));
  const plan = planOf(provider, resources, observations);
  const events: EngineEvent[] = [];
  const result = await applyPlan(plan, {
    providers: new Map([['fake', provider]]), desired: new Map(resources.map((r) => [r.address, r])), parallelism: 4,
    sink: (e) => events.push(e), tracker: { minIntervalMs: 0, sleep: async () => {} }, ...opts,
  });
  return { result, events, plan };
}

function planOf(provider: Provider, resources: ResourceManifest[], observations: Map<string, Observation>): Plan {
  return buildPlan({
    stack: 'stack', resources, observations, owned: [], policy: () => policy(), handler: (_p, k) => provider.handler(k)!,
    providerOf: () => 'fake', mode: 'plan', prune: false, createdAt: 'now', liveFingerprint: 'x',
  });
}

/** A planFrom for the apply options: the resource planned alone from the given observation, as the library does. */
function planFromWith(provider: Provider, resources: ResourceManifest[]): NonNullable<ApplyOptions['planFrom']> {
  return (c, observed) => planOf(provider, resources.filter((r) => r.address === c.address), new Map([[c.address, observed]])).changes[0]!;
}

/** The fake provider of kind Thing whose every POST fails with `error(path)` before reaching the world; `posts()` counts them. */
function refusingPosts(w: FakeWorld, error: (path: string) => Error): { provider: Provider; posts: () => number } {
  const base = fakeProvider(w, ['Thing']);
  let posts = 0;
  const provider: Provider = {
    ...base,
    async execute(op) {
      if (op.method === 'POST') {
        posts++;
        throw error(op.path);
      }
      return base.execute(op);
    },
  };
  return { provider, posts: () => posts };
}

describe('applyPlan', () => {
  it('creates, learns the new id by observing, and resolves ${ref:self}', async () => {
    const w = world();
    const { result } = await planAndApply(w, fakeProvider(w, ['Thing']), [manifest('Thing', 'a', { sizing: 'x' })]);
    expect(result.succeeded).toEqual(['Thing/a']);
    expect(w.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /things/a', 'PUT /things/100/tags']);
  });

  it('skips dependents of a failed change and carries on with independent work', async () => {
    const w = world();
    const base = fakeProvider(w, ['Cluster', 'Lb', 'Thing']);
    const provider: Provider = {
      ...base,
      async execute(op) {
        if (op.path === '/things/k') throw new Error('boom');
        return base.execute(op);
      },
    };
    const resources = [manifest('Cluster', 'k', {}), manifest('Lb', 'web', { cluster: { ref: 'Cluster/k' } }), manifest('Thing', 'z', {})];
    const { result, events } = await planAndApply(w, provider, resources);
    expect(result.failed.map((f) => f.address)).toEqual(['Cluster/k']);
    expect(result.skipped).toEqual(['Lb/web']);
    expect(result.succeeded).toEqual(['Thing/z']);
    expect(events).toContainEqual({ type: 'change_skipped', address: 'Lb/web', reason: 'upstream failed: Cluster/k' });
  });

  it('treats a create whose answer was lost as done when the resource exists by name', async () => {
    const w = world();
    const base = fakeProvider(w, ['Thing']);
    const provider: Provider = {
      ...base,
      async execute(op) {
        const r = await base.execute(op);
        if (op.method === 'POST') throw new NetworkError('POST', op.path, 'socket hang up');
        return r;
      },
    };
    const { result } = await planAndApply(w, provider, [manifest('Thing', 'a', {})]);
    expect(result.failed).toEqual([]);
    expect(w.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });

  it('sends a create again, with backoff, when its answer was lost and the lookup by name finds nothing', async () => {
    const w = world();
    const base = fakeProvider(w, ['Thing']);
    let lost = 2;
    const provider: Provider = {
      ...base,
      async execute(op) {
        // A reset before the server processed the POST: nothing was created.
        if (op.method === 'POST' && lost-- > 0) throw new NetworkError('POST', op.path, 'socket hang up');
        return base.execute(op);
      },
    };
    const slept: number[] = [];
    const { result, events } = await planAndApply(w, provider, [manifest('Thing', 'a', {})], {
      parallelism: 1, tracker: { minIntervalMs: 10, maxIntervalMs: 15, sleep: async (ms) => void slept.push(ms) },
    });
    expect(result.failed).toEqual([]);
    expect(w.calls.filter((c) => c.method === 'POST')).toHaveLength(1); // the world only saw the one that arrived
    expect(w.live.size).toBe(1);
    const retries = events.filter((e) => e.type === 'operation_retry');
    expect(retries.map((e) => e.type === 'operation_retry' && [e.attempt, e.delayMs])).toEqual([[2, 10], [3, 15]]);
    expect(slept.slice(0, 2)).toEqual([10, 15]);
  });

  it('an interrupt during the backoff of a lost create sends nothing more: the change is stopped, not failed', async () => {
    const w = world();
    const { provider, posts } = refusingPosts(w, (path) => new NetworkError('POST', path, 'socket hang up'));
    const stop = new AbortController();
    const { result, events } = await planAndApply(w, provider, [manifest('Thing', 'a', {})], {
      parallelism: 1, stop: stop.signal, tracker: { minIntervalMs: 10, sleep: async () => void stop.abort('SIGINT') },
    });
    expect(posts()).toBe(1);
    expect(result.failed).toEqual([]);
    expect(events.filter((e) => e.type === 'operation_errored')).toEqual([]);
    const summary = events.find((e) => e.type === 'apply_summary');
    expect(summary).toMatchObject({ interrupted: { signal: 'SIGINT', stopped: ['Thing/a'] } });
  });

  it('gives up after a bounded number of re-sends of a lost create', async () => {
    const w = world();
    const { provider, posts } = refusingPosts(w, (path) => new NetworkError('POST', path, 'socket hang up'));
    const { result } = await planAndApply(w, provider, [manifest('Thing', 'a', {})]);
    expect(result.failed.map((f) => f.address)).toEqual(['Thing/a']);
    expect(result.failed[0]!.error).toContain('socket hang up');
    expect(posts()).toBe(1 + MAX_CREATE_RESENDS);
  });

  it('does not send a create again after a 4xx answer: it was refused, not lost', async () => {
    const w = world();
    const { provider, posts } = refusingPosts(w, (path) => new ApiError({ method: 'POST', path, status: 400, apiMessage: 'name already used' }));
    const { result } = await planAndApply(w, provider, [manifest('Thing', 'a', {})]);
    expect(result.failed.map((f) => f.address)).toEqual(['Thing/a']);
    expect(posts()).toBe(1);
  });

  it('polls several concurrent actions through one batched poll', async () => {
    const w = world();
    const provider = fakeProvider(w, ['Thing']);
    await planAndApply(w, provider, ['a', 'b', 'c'].map((n) => manifest('Thing', n, {})));
    expect(w.polls[0]!.length).toBe(3);
  });

  // Issue 20 item 3: what the API did on its own at create time (a default version) is reconciled in the same apply.
  it('plans the rest of a create from the created resource as observed, and runs that instead of the planned follow-ups', async () => {
    const w = world();
    const base = fakeProvider(w, ['Thing']);
    // The API creates every Thing at version 1, whatever the body says.
    const provider: Provider = {
      ...base,
      async execute(op) {
        const r = await base.execute(op);
        if (op.method === 'POST') w.live.get('Thing/a')!.spec.version = 1;
        return r;
      },
    };
    const resources = [manifest('Thing', 'a', { version: 2 })];
    const { result, plan } = await planAndApply(w, provider, resources, { planFrom: planFromWith(provider, resources) });
    expect(plan.changes[0]!.operations.map((o) => o.summary)).toEqual(['create Thing/a', 'tag']);
    expect(result.succeeded).toEqual(['Thing/a']);
    expect(w.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /things/a', 'PATCH /things/a']);
    expect(w.calls[1]!.body).toEqual({ path: '/version' });
  });

  it('refuses to replace what it has just created: the change fails and the resource stays', async () => {
    const w = world();
    const base = fakeProvider(w, ['Thing']);
    const provider: Provider = {
      ...base,
      async execute(op) {
        const r = await base.execute(op);
        if (op.method === 'POST') w.live.get('Thing/a')!.spec.size = 'small';
        return r;
      },
    };
    const resources = [manifest('Thing', 'a', { size: 'large' })];
    const { result } = await planAndApply(w, provider, resources, { planFrom: planFromWith(provider, resources) });
    expect(result.failed).toEqual([{ address: 'Thing/a', code: 'ERR_REFUSED', error: expect.stringMatching(/^Thing\/a was created, but size cannot be changed in place .*run plan/) }]);
    expect(w.calls.map((c) => c.method)).toEqual(['POST']);
    expect(w.live.has('Thing/a')).toBe(true);
  });

  it('fails an operation whose action ends in ERROR', async () => {
    const w = world();
    const base = fakeProvider(w, ['Thing']);
    const provider: Provider = { ...base, pollActions: async (refs) => new Map(refs.map((r) => [r.id, { id: r.id, state: 'ERROR' as const, message: 'quota exceeded' }])) };
    const { result } = await planAndApply(w, provider, [manifest('Thing', 'a', {})]);
    expect(result.failed[0]).toMatchObject({ address: 'Thing/a', code: 'ERR_ACTION_FAILED' });
    expect(result.failed[0]!.error).toContain('quota exceeded');
  });
});

describe('ActionTracker', () => {
  it('serves a wait registered right after the poll loop ended', async () => {
    const { ActionTracker } = await import('../../../../src/engine/apply/action-tracker.js');
    const w = world();
    const tracker = new ActionTracker(fakeProvider(w, ['Thing']), { minIntervalMs: 0, sleep: async () => {} });
    const first = await tracker.wait({ id: 'a' });
    // Registered in the same tick the first loop finished: must not be stranded.
    const second = await Promise.race([tracker.wait({ id: 'b' }), new Promise((r) => setTimeout(() => r('stranded'), 2000))]);
    expect(first.state).toBe('SUCCESS');
    expect(second).toMatchObject({ id: 'b', state: 'SUCCESS' });
  });

  it('reports every failed action of a bulk call', async () => {
    const w = world();
    const base = fakeProvider(w, ['Thing']);
    const provider: Provider = {
      ...base,
      async execute(op) {
        await base.execute(op);
        return { actions: [], finished: [{ id: '-1:7', state: 'ERROR', message: 'a (7): wrong group' }, { id: '-1:8', state: 'ERROR', message: 'b (8): no reason' }] };
      },
    };
    const { result } = await planAndApply(w, provider, [manifest('Thing', 'a', {})]);
    expect(result.failed[0]!.error).toContain('a (7): wrong group');
    expect(result.failed[0]!.error).toContain('b (8): no reason');
  });
});

describe('applyPlan with a dependency cycle', () => {
  it('refuses before any write, naming the edges', async () => {
    const w = world();
    const provider = fakeProvider(w, ['Thing']);
    const change = (a: string, dep: string) => ({
      address: `Thing/${a}`, kind: 'Thing', name: a, provider: 'fake', action: 'create' as const, diff: [],
      operations: provider.handler('Thing')!.createOperations({ address: `Thing/${a}`, kind: 'Thing', name: a, spec: {} }, { stack: 's', resolveRef: () => undefined }),
      dependsOn: [`Thing/${dep}`],
    });
    const plan = { formatVersion: 1 as const, stack: 's', createdAt: 'now', liveFingerprint: 'x', changes: [change('a', 'b'), change('b', 'a')], summary: { create: 2, update: 0, replace: 0, delete: 0, noop: 0 } };
    await expect(applyPlan(plan, { providers: new Map([['fake', provider]]), desired: new Map(), parallelism: 2, sink: () => {} }))
      .rejects.toThrow('Thing/a -> Thing/b, Thing/b -> Thing/a');
    expect(w.calls).toEqual([]);
  });
});

describe('applyPlan with actions already in progress', () => {
  it('waits for them first, together, with the service hint of the change', async () => {
    const w = world();
    w.live.set('Thing/a', { id: 7, spec: {}, owner: 'stack' });
    const provider = fakeProvider(w, ['Thing']);
    const op = { method: 'PATCH' as const, path: '/things/a', body: {}, async: false, irreversible: false, summary: 'set', role: 'update' as const, serviceId: 46922 };
    const plan = {
      formatVersion: 1 as const, stack: 'stack', createdAt: 'now', liveFingerprint: 'x',
      changes: [{ address: 'Thing/a', kind: 'Thing', name: 'a', provider: 'fake', action: 'update' as const, id: 7, diff: [], operations: [op], dependsOn: [], pendingActions: ['p1', 'p2'] }],
      summary: { create: 0, update: 1, replace: 0, delete: 0, noop: 0 },
    };
    const result = await applyPlan(plan, {
      providers: new Map([['fake', provider]]), desired: new Map(), parallelism: 1, sink: () => {},
      tracker: { minIntervalMs: 0, sleep: async () => {} },
    });
    expect(result.succeeded).toEqual(['Thing/a']);
    expect(w.polls[0]).toEqual([{ id: 'p1', serviceId: 46922 }, { id: 'p2', serviceId: 46922 }]);
    expect(w.calls.map((c) => c.path)).toEqual(['/things/a']);
  });
});
