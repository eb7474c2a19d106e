// The engine side of issue 13 items 9-10: which operations are dry-run, which are "not checked" and why,
// and apply's refusal of an operation the provider says is unavailable (never of an unknown one).
import { describe, expect, it } from 'vitest';
import { checkPlan, unavailableRefusal } from '../../../src/engine/checks.js';
import { PLAN_FORMAT_VERSION, type Change, type Operation, type Plan } from '../../../src/engine/plan.js';
import type { AvailabilityResult, DryRunResult, Provider } from '../../../src/engine/provider.js';
import { precheck } from '../../../src/index.js';
import { RefusedError } from '../../../src/core/errors.js';

const op = (o: Partial<Operation>): Operation => ({ method: 'PATCH', path: '/x/1', async: true, irreversible: false, summary: 's', role: 'update', ...o });
const change = (c: Partial<Change>): Change => ({ address: 'Redis/a', kind: 'Redis', name: 'a', provider: 'p', action: 'update', diff: [], operations: [], dependsOn: [], ...c });
const plan = (changes: Change[]): Plan => ({
  formatVersion: PLAN_FORMAT_VERSION, stack: 's', createdAt: 't', liveFingerprint: 'f', changes,
  summary: { create: 0, update: changes.length, replace: 0, delete: 0, noop: 0 },
});

function provider(dry: (o: Operation) => DryRunResult, avail: (o: Operation) => AvailabilityResult = () => ({ availability: 'available' })) {
  const sent: string[] = [];
  const p = {
    name: 'p', kinds: () => [], handler: () => undefined, execute: async () => ({ actions: [], finished: [] }), pollActions: async () => new Map(),
    dryRun: async (o: Operation) => (sent.push(`${o.method} ${o.path}`), dry(o)),
    availability: async (_k: string, _id: string | number, o: Operation) => avail(o),
  } satisfies Provider;
  return { providers: new Map([['p', p as Provider]]), sent };
}

describe('checkPlan', () => {
  it('dry-runs a create\'s POST only; its later calls need the new id', async () => {
    const { providers, sent } = provider(() => ({ outcome: 'accepted' }));
    const p = await checkPlan(plan([change({ action: 'create', operations: [op({ method: 'POST', path: '/x', role: 'create' }), op({ path: '/x/${ref:self}' })] })]), { providers, dryRun: true });
    expect(sent).toEqual(['POST /x']);
    expect(p.changes[0]!.checks).toEqual([
      { operation: 1, dryRun: 'accepted' },
      { operation: 2, dryRun: 'not-checked', message: 'needs the id that the create above returns: a create cannot be dry-run beyond its first call' },
    ]);
    expect(p.validated).toBe(true);
  });

  it('stops sending dry runs once one was not confirmed by the server', async () => {
    const { providers, sent } = provider(() => ({ outcome: 'header-ignored', message: 'm' }));
    const p = await checkPlan(plan([change({ id: 1, operations: [op({}), op({ path: '/x/2' })] })]), { providers, dryRun: true });
    expect(sent).toEqual(['PATCH /x/1']);
    expect(p.changes[0]!.checks![1]).toMatchObject({ dryRun: 'not-checked', message: expect.stringContaining('not confirmed') });
  });
});

describe('apply pre-check', () => {
  it('checks the calls after a status change (stop, resize, start) neither by availability nor by dry run', async () => {
    const asked: string[] = [];
    const { providers, sent } = provider(() => ({ outcome: 'accepted' }), (o) => {
      asked.push(o.summary);
      return { availability: o.summary === 'stop' ? 'available' : 'unavailable', cause: 'the instance is ACTIVE' };
    });
    const ops = [op({ summary: 'stop', changesStatus: true }), op({ summary: 'resize' }), op({ summary: 'start', changesStatus: true })];
    const p = await checkPlan(plan([change({ id: 1, operations: ops })]), { providers, dryRun: true });
    expect(asked).toEqual(['stop']);
    expect(sent).toEqual(['PATCH /x/1']);
    expect(p.changes[0]!.checks!.slice(1).map((k) => [k.operation, k.dryRun, k.availability])).toEqual([[2, 'not-checked', undefined], [3, 'not-checked', undefined]]);
    expect(unavailableRefusal(p)).toBeUndefined();
  });

  it('refuses an unavailable operation before any write, naming its cause', async () => {
    const { providers } = provider(() => ({ outcome: 'accepted' }), () => ({ availability: 'unavailable', cause: 'a backup is running' }));
    const err = await precheck(plan([change({ id: 1, operations: [op({ summary: 'resize' })] })]), providers).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedError);
    expect((err as Error).message).toContain('Redis/a: operation 1 (resize) is not available now: a backup is running');
  });

  it('never refuses on unknown, and leaves changes with running actions to apply (it waits for them)', async () => {
    const unknown = provider(() => ({ outcome: 'accepted' }), () => ({ availability: 'unknown', cause: 'no information' }));
    await expect(precheck(plan([change({ id: 1, operations: [op({})] })]), unknown.providers)).resolves.toBeDefined();
    const busy = provider(() => ({ outcome: 'accepted' }), () => ({ availability: 'unavailable', cause: 'busy' }));
    const p = await checkPlan(plan([change({ id: 1, operations: [op({})], pendingActions: ['9'] })]), { providers: busy.providers, dryRun: false });
    expect(unavailableRefusal(p)).toBeUndefined();
    expect(busy.sent).toEqual([]);
  });
});
