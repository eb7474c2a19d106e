import { describe, expect, it } from 'vitest';
import { dependencyGraph, nextStep, schedule, type Outcome, type Schedulable, type ScheduleOptions } from '../../../../src/engine/apply/scheduler.js';
import { InternalError } from '../../../../src/core/errors.js';

const change = (address: string, ...dependsOn: string[]): Schedulable => ({ address, dependsOn });

/**
 * Schedules `changes`, each running until the test ends it with `end(address, outcome)`; `log` says
 * what started and what was skipped, in order; `maxRunning` is the most that ran at once.
 */
function harness(changes: Schedulable[], over: Partial<ScheduleOptions<Schedulable>> = {}) {
  const log: string[] = [];
  const enders = new Map<string, (o: Outcome) => void>();
  let runningNow = 0;
  let maxRunning = 0;
  const done = schedule({
    changes, graph: dependencyGraph(changes), parallelism: 10,
    run: (c, settle) => {
      log.push(`start ${c.address}`);
      maxRunning = Math.max(maxRunning, ++runningNow);
      return new Promise<void>((resolve) => enders.set(c.address, (o) => {
        settle(o);
        runningNow--;
        resolve();
      }));
    },
    skipped: (c, blockedBy) => void log.push(`skip ${c.address} (${blockedBy})`),
    ...over,
  });
  const tick = () => new Promise((r) => setTimeout(r, 0));
  const end = async (address: string, o: Outcome = 'ok') => {
    const e = enders.get(address);
    if (!e) throw new Error(`${address} is not running`);
    enders.delete(address);
    e(o);
    await tick();
  };
  return { log, done, end, tick, maxRunning: () => maxRunning, running: () => [...enders.keys()] };
}

describe('nextStep (what may start now)', () => {
  const outcome = new Map<string, Outcome>([['a', 'ok'], ['f', 'failed'], ['s', 'skipped']]);

  it('starts a change whose dependencies all succeeded when a slot is free', () => {
    expect(nextStep([], outcome, true)).toEqual({ do: 'start' });
    expect(nextStep(['a'], outcome, true)).toEqual({ do: 'start' });
    expect(nextStep(['a'], outcome, false)).toEqual({ do: 'wait' });
  });

  it('waits for a dependency that has not ended', () => {
    expect(nextStep(['a', 'r'], outcome, true)).toEqual({ do: 'wait' });
  });

  it('skips a change one of whose dependencies failed or was skipped, naming the first, even with no slot', () => {
    expect(nextStep(['a', 'f', 's'], outcome, false)).toEqual({ do: 'skip', blockedBy: 'f' });
    expect(nextStep(['r', 's'], outcome, true)).toEqual({ do: 'skip', blockedBy: 's' });
  });
});

describe('dependencyGraph', () => {
  it('keeps the edges between the changes and drops those to addresses outside them', () => {
    const g = dependencyGraph([change('b', 'a', 'gone'), change('a')]);
    expect(g.dependencies('b')).toEqual(['a']);
    expect(g.vertices()).toEqual(['a', 'b']);
  });

  it('refuses a cycle with its edges', () => {
    expect(() => dependencyGraph([change('a', 'b'), change('b', 'a')])).toThrow(InternalError);
    expect(() => dependencyGraph([change('a', 'b'), change('b', 'a')])).toThrow('a -> b, b -> a');
  });
});

describe('schedule', () => {
  it('starts a change only after its dependencies succeeded, and independent ones at once', async () => {
    const h = harness([change('a'), change('b', 'a'), change('c')]);
    await h.tick();
    expect(h.log).toEqual(['start a', 'start c']);
    await h.end('a');
    expect(h.log).toEqual(['start a', 'start c', 'start b']);
    await h.end('b');
    await h.end('c');
    await expect(h.done).resolves.toEqual({ notStarted: [] });
  });

  it('runs at most `parallelism` changes at once, and at least one', async () => {
    for (const [parallelism, most] of [[2, 2], [0, 1]] as const) {
      const h = harness([change('a'), change('b'), change('c'), change('d')], { parallelism });
      await h.tick();
      expect(h.running()).toHaveLength(most);
      while (h.running().length > 0) await h.end(h.running()[0]!);
      await h.done;
      expect(h.log.filter((l) => l.startsWith('start'))).toHaveLength(4);
      expect(h.maxRunning()).toBe(most);
    }
  });

  it('skips the dependents of a failed change, transitively, and goes on with independent work', async () => {
    const h = harness([change('a'), change('b', 'a'), change('c', 'b'), change('d')], { parallelism: 1 });
    await h.tick();
    await h.end('a', 'failed');
    expect(h.log).toEqual(['start a', 'skip b (a)', 'skip c (b)', 'start d']);
    await h.end('d');
    await expect(h.done).resolves.toEqual({ notStarted: [] });
  });

  it('skips the dependents of a change that an interrupt stopped (outcome skipped)', async () => {
    const h = harness([change('a'), change('b', 'a')]);
    await h.tick();
    await h.end('a', 'skipped');
    expect(h.log).toEqual(['start a', 'skip b (a)']);
    await h.done;
  });

  it('uses an outcome settled before the run\'s promise ends: the dependents are decided in the same pass', async () => {
    const log: string[] = [];
    const changes = [change('a'), change('b', 'a'), change('c')];
    await schedule({
      changes, graph: dependencyGraph(changes), parallelism: 10,
      run: async (c, settle) => {
        log.push(`start ${c.address}`);
        settle(c.address === 'a' ? 'failed' : 'ok'); // a fails before its first await
      },
      skipped: (c) => void log.push(`skip ${c.address}`),
    });
    expect(log).toEqual(['start a', 'skip b', 'start c']);
  });

  it('after the first interrupt starts nothing more, lets the running changes end, and lists the rest as not started', async () => {
    const stop = new AbortController();
    const h = harness([change('a'), change('b', 'a'), change('c', 'b')], { stop: stop.signal });
    await h.tick();
    stop.abort('SIGINT');
    await h.end('a');
    await expect(h.done).resolves.toEqual({ notStarted: ['b', 'c'] });
    expect(h.log).toEqual(['start a']);
  });

  it('on the second interrupt stops waiting at once and names what was still running', async () => {
    const stop = new AbortController();
    const abandon = new AbortController();
    const h = harness([change('a'), change('b'), change('c', 'a')], { stop: stop.signal, abandon: abandon.signal });
    await h.tick();
    stop.abort('SIGINT');
    abandon.abort('SIGINT');
    await expect(h.done).resolves.toEqual({ notStarted: ['c'], abandoned: ['a', 'b'] });
  });
});
