// Interrupts, bounded waits and final statuses of the apply executor (issue 12 items 3 and 4).
import { describe, expect, it } from 'vitest';
import { applyPlan, type ApplyOptions } from '../../../../src/engine/apply/executor.js';
import { buildPlan } from '../../../../src/engine/planner.js';
import type { EngineEvent } from '../../../../src/engine/events.js';
import type { ActionStatus, Provider } from '../../../../src/engine/provider.js';
import type { ResourceManifest } from '../../../../src/manifest/types.js';
import { fakeProvider, manifest, policy, world } from '../../../support/fake-provider.js';

async function planOf(provider: Provider, resources: ResourceManifest[], mode: 'plan' | 'destroy' = 'plan') {
  const observations = new Map();
  for (const r of resources) observations.set(r.address, await provider.handler(r.kind)!.observe({ ...r }));
  return buildPlan({
    stack: 'stack', resources, observations, owned: [], policy: () => policy(), handler: (_p, k) => provider.handler(k)!,
    providerOf: () => 'fake', mode, prune: false, createdAt: 'now', liveFingerprint: 'x',
  });
}

function run(provider: Provider, plan: Awaited<ReturnType<typeof planOf>>, resources: ResourceManifest[], over: Partial<ApplyOptions> = {}) {
  const events: EngineEvent[] = [];
  const done = applyPlan(plan, {
    providers: new Map([['fake', provider]]), desired: new Map(resources.map((r) => [r.address, r])), parallelism: 1,
    sink: (e) => events.push(e), tracker: { minIntervalMs: 1, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) }, ...over,
  });
  return { events, done };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

/** Actions stay IN_PROGRESS until `finish(id)`; `canceled` ids end CANCELED. */
function heldProvider() {
  const w = world();
  const base = fakeProvider(w, ['Thing']);
  const finished = new Map<string, ActionStatus>();
  const provider: Provider = {
    ...base,
    async pollActions(refs) {
      return new Map(refs.map((r) => [r.id, finished.get(r.id) ?? { id: r.id, state: 'IN_PROGRESS' as const }]));
    },
  };
  return { w, provider, finish: (id: string, s: Partial<ActionStatus> = {}) => finished.set(id, { id, state: 'SUCCESS', ...s }) };
}

describe('final action statuses', () => {
  it('ends the wait on a status that is neither IN_PROGRESS nor SUCCESS, naming it', async () => {
    const { provider, finish } = heldProvider();
    const rs = [manifest('Thing', 'a', {})];
    const { done } = run(provider, await planOf(provider, rs), rs);
    finish('act-1', { state: 'ERROR', status: 'CANCELED', message: 'canceled by an operator' });
    const result = await done;
    expect(result.failed).toEqual([{ address: 'Thing/a', code: 'ERR_ACTION_FAILED', error: 'action act-1 failed (status CANCELED): canceled by an operator' }]);
  });

  it('gives up on an action after the action timeout, saying it may still finish', async () => {
    const { provider } = heldProvider();
    const rs = [manifest('Thing', 'a', {})];
    const t0 = Date.now();
    const { done } = run(provider, await planOf(provider, rs), rs, { tracker: { minIntervalMs: 5, maxIntervalMs: 10, timeoutMs: 60 } });
    const result = await done;
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(result.failed[0]).toMatchObject({ address: 'Thing/a', code: 'ERR_TIMEOUT' });
    expect(result.failed[0]!.error).toMatch(/^action act-1 still IN_PROGRESS after \d+s \(the action timeout is 0s\); it may still finish on the server/);
  });
});

describe('interrupts', () => {
  it('first interrupt: sends nothing new, waits for the action in flight, reports what finished and what was not started', async () => {
    const { w, provider, finish } = heldProvider();
    const rs = ['a', 'b', 'c'].map((n) => manifest('Thing', n, {}));
    const stop = new AbortController();
    const { events, done } = run(provider, await planOf(provider, rs), rs, { stop: stop.signal });
    while (w.calls.length === 0) await tick();
    await tick();
    stop.abort('SIGINT');
    expect(events.find((e) => e.type === 'apply_interrupting')).toEqual({
      type: 'apply_interrupting', signal: 'SIGINT', running: [{ address: 'Thing/a', summary: 'create Thing/a', actionId: 'act-1' }],
    });
    await tick();
    finish('act-1');
    const result = await done;
    // Thing/a's create finished; its second call (tag) and the other changes were never sent.
    expect(w.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /things/a']);
    expect(result.interrupted).toEqual({ signal: 'SIGINT', abandoned: false, running: [], stopped: ['Thing/a'], notStarted: ['Thing/b', 'Thing/c'] });
    expect(result.failed).toEqual([]);
    const summary = events.at(-1)!;
    expect(summary).toMatchObject({ type: 'apply_summary', interrupted: { signal: 'SIGINT', notStarted: ['Thing/b', 'Thing/c'] } });
  });

  it('second interrupt: stops waiting at once and lists the action still running on the server', async () => {
    const { w, provider } = heldProvider();
    const rs = ['a', 'b'].map((n) => manifest('Thing', n, {}));
    const stop = new AbortController();
    const abandon = new AbortController();
    const { done } = run(provider, await planOf(provider, rs), rs, { stop: stop.signal, abandon: abandon.signal });
    while (w.calls.length === 0) await tick();
    await tick();
    stop.abort('SIGTERM');
    await tick();
    abandon.abort('SIGTERM');
    const result = await done;
    expect(result.interrupted).toEqual({
      signal: 'SIGTERM', abandoned: true, running: [{ address: 'Thing/a', summary: 'create Thing/a', actionId: 'act-1' }],
      stopped: ['Thing/a'], notStarted: ['Thing/b'],
    });
    expect(w.calls).toHaveLength(1);
  });

  it('without an interrupt nothing is reported as interrupted', async () => {
    const w = world();
    const provider = fakeProvider(w, ['Thing']);
    const rs = [manifest('Thing', 'a', {})];
    const { done } = run(provider, await planOf(provider, rs), rs, { stop: new AbortController().signal });
    expect((await done).interrupted).toBeUndefined();
  });
});

describe('the apply summary event', () => {
  it('lists every failure with its address and message, and marks a destroy', async () => {
    const w = world();
    w.live.set('Thing/a', { id: 7, spec: {}, owner: 'stack' });
    w.live.set('Thing/b', { id: 8, spec: {}, owner: 'stack' });
    const base = fakeProvider(w, ['Thing']);
    const provider: Provider = { ...base, pollActions: async (refs) => new Map(refs.map((r) => [r.id, { id: r.id, state: 'ERROR' as const, message: 'locked' }])) };
    const rs = ['a', 'b'].map((n) => manifest('Thing', n, {}));
    const { events, done } = run(provider, await planOf(provider, rs, 'destroy'), rs);
    await done;
    expect(events.at(-1)).toMatchObject({
      type: 'apply_summary', destroy: true, failed: 2,
      failures: [{ address: 'Thing/a', error: 'action act-1 failed: locked' }, { address: 'Thing/b', error: 'action act-2 failed: locked' }],
    });
  });
});
