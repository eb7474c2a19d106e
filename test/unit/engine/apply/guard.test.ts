import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RefusedError } from '../../../../src/core/errors.js';
import { guardConcurrentRuns } from '../../../../src/engine/apply/guard.js';
import { openJournal, type JournalRun } from '../../../../src/engine/apply/journal.js';
import type { Change, Plan } from '../../../../src/engine/plan.js';
import type { Provider, RunningAction } from '../../../../src/engine/provider.js';

function change(over: Partial<Change>): Change {
  return { address: 'Redis/cache', kind: 'Redis', name: 'cache', provider: 'fake', action: 'update', id: 42, diff: [], operations: [], dependsOn: [], ...over };
}
function plan(changes: Change[]): Plan {
  return { stack: 'shop', changes } as unknown as Plan;
}
function provider(running: RunningAction[], calls: number[][] = []): Provider {
  return {
    name: 'fake', kinds: () => ['Redis'], handler: () => undefined,
    execute: async () => ({ actions: [], finished: [] }), pollActions: async () => new Map(),
    actionsInProgress: async (ids) => (calls.push(ids), running),
  };
}

describe('run journal', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'journal-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('records runs, writes and actions without any spec value; a later run sees the earlier one', () => {
    const file = join(dir, '.caretaker', 'journal.json');
    const a = openJournal(file, 'shop');
    a.recordWrite({ address: 'Redis/cache', name: 'cache', method: 'PATCH', resourceId: '42' });
    a.recordActions(['900001', '900001']);
    const b = openJournal(file, 'shop');
    const [earlier] = b.earlierRuns();
    expect(earlier).toMatchObject({ runId: a.runId, stack: 'shop', pid: process.pid, actions: ['900001'] });
    expect(earlier!.writes).toEqual([expect.objectContaining({ address: 'Redis/cache', name: 'cache', method: 'PATCH', resourceId: '42' })]);
    expect(openJournal(file, 'other').earlierRuns().map((r) => r.runId)).toEqual([]);
    a.finish();
    expect(JSON.parse(readFileSync(file, 'utf8')).runs.find((r: JournalRun) => r.runId === a.runId).finishedAt).toBeTypeOf('string');
  });

  it('a corrupt journal is treated as empty with a warning, and rewritten', () => {
    const file = join(dir, 'journal.json');
    writeFileSync(file, '{ not json');
    const j = openJournal(file, 'shop');
    expect(j.warning).toMatch(/not valid; going on without it/);
    expect(j.earlierRuns()).toEqual([]);
    expect(JSON.parse(readFileSync(file, 'utf8')).runs).toHaveLength(1);
  });

  it('an unwritable location never fails the run', () => {
    writeFileSync(join(dir, 'blocker'), '');
    const j = openJournal(join(dir, 'blocker', 'journal.json'), 'shop');
    expect(() => j.recordWrite({ address: 'Redis/cache', name: 'cache', method: 'PATCH' })).not.toThrow();
  });

  it('says once that it cannot be written, naming the path and the cause, and leaves no temporary file', () => {
    writeFileSync(join(dir, 'blocker'), '');
    const later: string[] = [];
    const j = openJournal(join(dir, 'blocker', 'journal.json'), 'shop', { onWarning: (w) => later.push(w) });
    expect(j.warning).toMatch(/^cannot write the run journal .*blocker\/journal\.json: .*blocker is a file, not a folder; going on without it/);
    j.recordWrite({ address: 'Redis/cache', name: 'cache', method: 'PATCH' });
    j.finish();
    expect(later).toEqual([]);
    // A journal that stops being writable during the run: one warning through onWarning.
    const file = join(dir, 'ok', 'journal.json');
    const k = openJournal(file, 'shop', { onWarning: (w) => later.push(w) });
    expect(k.warning).toBeUndefined();
    rmSync(join(dir, 'ok'), { recursive: true });
    writeFileSync(join(dir, 'ok'), '');
    k.recordWrite({ address: 'Redis/cache', name: 'cache', method: 'PATCH' });
    k.recordActions(['1']);
    expect(later).toHaveLength(1);
    expect(later[0]).toMatch(/^cannot write the run journal .*ok\/journal\.json: .*ok is a file, not a folder; going on without it/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('concurrent-run guard', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'guard-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const running: RunningAction = { id: '900007', serviceId: 46922, resourceId: 42, resourceName: 'cache', description: 'RESIZE: Resize Redis cache' };

  it('refuses an action it did not start on a resource of the plan, naming it; reads every scope of the plan', async () => {
    const calls: number[][] = [];
    const err = await guardConcurrentRuns({ plan: plan([change({})]), providers: new Map([['fake', provider([running], calls)]]), serviceIds: [46922, 46923], wait: false })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedError);
    expect((err as Error).message).toMatch(/action 900007 on Redis\/cache \(RESIZE: Resize Redis cache\): not started by a caretaker run of this directory/);
    expect((err as Error).message).toContain('--wait');
    expect(calls).toEqual([[46922, 46923]]);
  });

  it('ignores actions on resources outside the plan and no-op changes', async () => {
    const other = { ...running, resourceId: 7, resourceName: 'other' };
    const r = await guardConcurrentRuns({
      plan: plan([change({}), change({ address: 'Redis/idle', name: 'idle', id: 7, action: 'no-op' })]),
      providers: new Map([['fake', provider([other])]]), serviceIds: [46922], wait: false,
    });
    expect(r.foreign).toEqual([]);
    expect(r.plan.changes[0]!.pendingActions).toBeUndefined();
  });

  it('with wait, adds the foreign action to the change so that apply waits and re-plans', async () => {
    const r = await guardConcurrentRuns({ plan: plan([change({ pendingActions: ['900001'] })]), providers: new Map([['fake', provider([running])]]), serviceIds: [46922], wait: true });
    expect(r.foreign.map((f) => f.action.id)).toEqual(['900007']);
    expect(r.plan.changes[0]!.pendingActions).toEqual(['900001', '900007']);
  });

  it("recognises a dead earlier run's action as its own, and a live run's as foreign", async () => {
    const file = join(dir, 'journal.json');
    const killed = openJournal(file, 'shop');
    killed.recordWrite({ address: 'Redis/cache', name: 'cache', method: 'PATCH', resourceId: '42' });
    const deadRun = killed.runId;
    const me = openJournal(file, 'shop', { liveness: (run) => run.runId !== deadRun });
    const r = await guardConcurrentRuns({ plan: plan([change({})]), providers: new Map([['fake', provider([running])]]), serviceIds: [46922], journal: me, wait: false });
    expect(r.own.map((o) => [o.action.id, o.run?.runId])).toEqual([['900007', deadRun]]);
    expect(r.plan.changes[0]!.pendingActions).toEqual(['900007']);

    const alive = openJournal(file, 'shop', { liveness: () => true });
    const err = await guardConcurrentRuns({ plan: plan([change({})]), providers: new Map([['fake', provider([running])]]), serviceIds: [46922], journal: alive, wait: false })
      .catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/caretaker run [0-9a-f]{8} \(pid \d+ on .*\), still running/);
  });

  it('matches a create (no id yet) by name', async () => {
    const r = await guardConcurrentRuns({
      plan: plan([change({ action: 'create', id: undefined })]), providers: new Map([['fake', provider([{ ...running, resourceId: 99 }])]]), serviceIds: [46922], wait: true,
    });
    expect(r.foreign).toHaveLength(1);
  });
});
