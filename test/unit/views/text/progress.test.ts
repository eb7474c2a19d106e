import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryTerminal } from '../../../../src/views/terminal.js';
import { createTextProgress } from '../../../../src/views/text/progress.js';
import { RESIZE, applyRun } from '../apply-run.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('createTextProgress without a TTY', () => {
  it('prints one deterministic line per event (golden)', async () => {
    const term = memoryTerminal();
    const progress = createTextProgress(term, { now: () => 0 });
    for (const e of applyRun) progress.event(e);
    progress.close();
    expect(term.stderr()).toBe('');
    await expect(term.stdout()).toMatchFileSnapshot('../../../golden/text/progress-apply.txt');
  });

  it('prints the same bytes twice and writes no escape codes', () => {
    const run = () => {
      const term = memoryTerminal();
      const p = createTextProgress(term);
      for (const e of applyRun) p.event(e);
      p.close();
      return term.stdout();
    };
    expect(run()).toBe(run());
    expect(run()).not.toContain('\x1b');
  });

  it('ignores events after close', () => {
    const term = memoryTerminal();
    const p = createTextProgress(term);
    p.close();
    p.event(applyRun[0]!);
    expect(term.stdout()).toBe('');
  });
});

describe('overall progress (issue 24 item 8)', () => {
  /** `changes` changes, one finishing every `everyMs` on a fake clock; every fifth fails. */
  const run = (term: ReturnType<typeof memoryTerminal>, changes: number, everyMs: number) => {
    let clock = 0;
    const p = createTextProgress(term, { now: () => clock, intervalMs: 100 });
    p.event({ type: 'apply_start', changes, operations: changes });
    for (let i = 0; i < changes; i++) {
      clock += everyMs;
      const address = `Redis/c${i}`;
      if (i % 5 === 4) p.event({ type: 'change_errored', address, action: 'create', error: 'boom' });
      else p.event({ type: 'change_complete', address, action: 'create' });
    }
    return p;
  };

  it('off a TTY: "N of M changes done" at most once per second, none in the first second', () => {
    const term = memoryTerminal();
    run(term, 2000, 7).close();
    const lines = term.stdout().split('\n').filter((l) => l.startsWith('Progress: '));
    // 2,000 changes over 14 s: a line every full second after the first (143 = ceil(1000 / 7) changes).
    expect(lines).toHaveLength(13);
    expect(lines[0]).toBe('Progress: 115 of 2,000 changes done, 28 failed (1.0s)');
    expect(lines.at(-1)).toMatch(/^Progress: 1,\d{3} of 2,000 changes done, \d+ failed \(13s\)$/);
  });

  it('a run shorter than a second prints no progress line (the same bytes every time)', () => {
    const term = memoryTerminal();
    run(term, 50, 10).close();
    expect(term.stdout()).not.toContain('Progress:');
  });

  it('on a TTY: the count heads the live block while changes run', () => {
    vi.useFakeTimers();
    const term = memoryTerminal({ isTTY: true, width: 80 });
    let clock = 0;
    const p = createTextProgress(term, { now: () => clock, intervalMs: 100 });
    p.event({ type: 'apply_start', changes: 3, operations: 3 });
    p.event({ type: 'operation_start', address: 'Redis/a', index: 0, summary: 'create a', method: 'POST', path: '/x' });
    p.event({ type: 'operation_start', address: 'Redis/b', index: 0, summary: 'create b', method: 'POST', path: '/x' });
    clock += 500;
    p.event({ type: 'operation_complete', address: 'Redis/a', index: 0, summary: 'create a', elapsedMs: 500 });
    p.event({ type: 'change_complete', address: 'Redis/a', action: 'create' });
    expect(term.stdout().endsWith('Redis/a: created\nProgress: 1 of 3 changes done\n⠋ Redis/b create b (0.5s)\n')).toBe(true);
    p.close();
  });
});

describe('createTextProgress on a TTY', () => {
  it('redraws the running operations with their elapsed time and keeps finished lines', () => {
    vi.useFakeTimers();
    let clock = 1_000_000;
    const term = memoryTerminal({ isTTY: true, width: 60 });
    const p = createTextProgress(term, { now: () => clock, intervalMs: 100 });
    p.event(applyRun[2]!);
    expect(term.stdout()).toBe(`⠋ Redis/sessions ${RESIZE} (0.0s)\n`);

    clock += 80_000;
    vi.advanceTimersByTime(100);
    expect(term.stdout().endsWith(`\x1b[1A\r\x1b[J⠙ Redis/sessions ${RESIZE} (1m20s)\n`)).toBe(true);

    p.event(applyRun[13]!);
    expect(term.stdout().endsWith(`\x1b[1A\r\x1b[JRedis/sessions: ${RESIZE}: done (1m25s)\n`)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    p.close();
  });

  it('cuts live lines to the terminal width and clears the timer on close', () => {
    vi.useFakeTimers();
    const term = memoryTerminal({ isTTY: true, width: 30 });
    const p = createTextProgress(term, { now: () => 0 });
    p.event(applyRun[2]!);
    expect(term.stdout()).toBe(`⠋ Redis/sessions ${RESIZE} (0.0s)`.slice(0, 29) + '\n');
    expect(vi.getTimerCount()).toBe(1);
    p.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(term.stdout().endsWith('\x1b[1A\r\x1b[J')).toBe(true);
  });

  it('prints no "started" or "still running" lines, only the live block', () => {
    vi.useFakeTimers();
    const term = memoryTerminal({ isTTY: true });
    const p = createTextProgress(term, { now: () => 0 });
    for (const e of applyRun) p.event(e);
    p.close();
    expect(term.stdout()).not.toContain('started');
    expect(term.stdout()).not.toContain('still running');
    expect(term.stdout()).toContain('Apply complete: 2 succeeded, 1 failed, 1 skipped; 3 operations, 52 API requests in 1m38s');
  });
});

describe('createTextProgress edge cases', () => {
  it('throttles progress of an operation whose start it never saw', () => {
    const term = memoryTerminal();
    const p = createTextProgress(term, { now: () => 0 });
    for (const elapsedMs of [11_000, 12_000, 22_000]) {
      p.event({ type: 'action_progress', address: 'Redis/a', index: 1, actionId: '7', state: 'IN_PROGRESS', elapsedMs });
    }
    expect(term.stdout()).toBe('Redis/a: operation 2: still running (action 7, 11s)\nRedis/a: operation 2: still running (action 7, 22s)\n');
  });

  it('indents the continuation lines of a multi-line error', () => {
    const term = memoryTerminal();
    const p = createTextProgress(term);
    p.event({ type: 'change_errored', address: 'Redis/a', action: 'update', error: 'first\nsecond' });
    expect(term.stdout()).toBe('Redis/a: update failed: first\n    second\n');
  });
});

describe('the end of an apply', () => {
  const render = (events: Parameters<ReturnType<typeof createTextProgress>['event']>[0][]) => {
    const term = memoryTerminal();
    const p = createTextProgress(term, { now: () => 0 });
    for (const e of events) p.event(e);
    p.close();
    return term.stdout();
  };
  const base = { type: 'apply_summary' as const, succeeded: 1, failed: 0, skipped: 0, operations: 2, elapsedMs: 1500 };

  it('recaps every failure with its resource and the API message', () => {
    const out = render([{ ...base, failed: 2, skipped: 1, failures: [
      { address: 'Redis/a', error: '400 POST /itcare/databases/redis: name already used' },
      { address: 'Redis/b', error: 'action 7 failed: quota exceeded' },
    ] }]);
    expect(out).toBe([
      'Apply complete: 1 succeeded, 2 failed, 1 skipped; 2 operations in 1.5s',
      'Failed (2):',
      '  Redis/a: 400 POST /itcare/databases/redis: name already used',
      '  Redis/b: action 7 failed: quota exceeded',
      '',
    ].join('\n'));
  });

  it('says "Destroy complete" for a destroy', () => {
    expect(render([{ ...base, destroy: true }])).toBe('Destroy complete: 1 succeeded, 0 failed, 0 skipped; 2 operations in 1.5s\n');
  });

  it('shows the calls in flight on the first interrupt, then what finished, what still runs and how to resume', () => {
    const running = [{ address: 'Redis/b', summary: 'create Redis/b', actionId: '77' }, { address: 'Redis/c', summary: 'resize', }];
    const out = render([
      { type: 'apply_interrupting', signal: 'SIGINT', running },
      { ...base, interrupted: { signal: 'SIGINT', abandoned: true, succeeded: ['Redis/a'], running, stopped: ['Redis/b'], notStarted: ['Redis/d'] } },
    ]);
    expect(out).toBe([
      'Interrupted (SIGINT): no new call will be sent; waiting for what is already sent (press Ctrl-C again to stop waiting):',
      '  waiting: Redis/b: create Redis/b (action 77)',
      '  waiting: Redis/c: resize (sent, no answer yet)',
      'Apply interrupted (SIGINT, stopped waiting): 1 succeeded, 0 failed, 0 skipped; 2 operations in 1.5s',
      'Finished: Redis/a',
      'Still running on the server:',
      '  Redis/b: create Redis/b (action 77)',
      '  Redis/c: resize (sent, no answer yet)',
      'Stopped before all their calls were sent: Redis/b',
      'Not started: Redis/d',
      'To resume, run the same command again: it waits for the actions still running, re-reads the live state and sends only what is missing (a saved plan must be made again).',
      '',
    ].join('\n'));
  });
});
