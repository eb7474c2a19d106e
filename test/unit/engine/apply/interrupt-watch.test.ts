import { describe, expect, it } from 'vitest';
import {
  Interrupted, signalName, untilAborted, watchInterrupts, whenAbandoned,
} from '../../../../src/engine/apply/interrupt-watch.js';
import type { EngineEvent } from '../../../../src/engine/events.js';
import type { RunningAction } from '../../../../src/engine/apply/in-flight.js';

const inFlight: RunningAction[] = [{ address: 'Thing/a', summary: 'create', actionId: 'act-1' }];

describe('watchInterrupts (the first interrupt)', () => {
  it('announces the interrupt with what is in flight when the signal aborts', () => {
    const stop = new AbortController();
    const events: EngineEvent[] = [];
    watchInterrupts(stop.signal, (e) => events.push(e), () => inFlight);
    expect(events).toEqual([]);
    stop.abort('SIGTERM');
    expect(events).toEqual([{ type: 'apply_interrupting', signal: 'SIGTERM', running: inFlight }]);
  });

  it('announces at once a signal that aborted before the run, and nothing after dispose', () => {
    const before = new AbortController();
    before.abort('SIGINT');
    const events: EngineEvent[] = [];
    watchInterrupts(before.signal, (e) => events.push(e), () => []);
    expect(events).toEqual([{ type: 'apply_interrupting', signal: 'SIGINT', running: [] }]);

    const later = new AbortController();
    const quiet: EngineEvent[] = [];
    watchInterrupts(later.signal, (e) => quiet.push(e), () => []).dispose();
    later.abort('SIGINT');
    expect(quiet).toEqual([]);
  });

  it('reports a change that sent a call as stopped, one that sent none as not started, deduplicated and sorted', () => {
    const stop = new AbortController();
    const watch = watchInterrupts(stop.signal, () => {}, () => []);
    watch.callSent('Thing/b');
    watch.changeInterrupted('Thing/b');
    watch.changeInterrupted('Thing/c');
    watch.notStarted(['Thing/e', 'Thing/d', 'Thing/c']);
    watch.abandoned(['Thing/a', 'Thing/b']);
    stop.abort('SIGINT');
    expect(watch.report(true, inFlight)).toEqual({
      signal: 'SIGINT', abandoned: true, running: inFlight, stopped: ['Thing/a', 'Thing/b'], notStarted: ['Thing/c', 'Thing/d', 'Thing/e'],
    });
  });

  it('reports nothing when the first interrupt did not come', () => {
    const watch = watchInterrupts(new AbortController().signal, () => {}, () => inFlight);
    watch.abandoned(['Thing/a']);
    expect(watch.report(true, inFlight)).toBeUndefined();
    expect(watchInterrupts(undefined, () => {}, () => []).report(false, [])).toBeUndefined();
  });
});

describe('whenAbandoned (the second interrupt)', () => {
  it('resolves when the signal aborts, at once when it already has', async () => {
    const c = new AbortController();
    const p = whenAbandoned(c.signal);
    c.abort();
    await expect(p).resolves.toBe('abandoned');
    await expect(whenAbandoned(c.signal)).resolves.toBe('abandoned');
  });

  it('never resolves without a signal', async () => {
    const winner = await Promise.race([whenAbandoned(undefined), new Promise((r) => setTimeout(() => r('timer'), 10))]);
    expect(winner).toBe('timer');
  });
});

describe('untilAborted', () => {
  it('passes the promise through while the signal stays quiet', async () => {
    await expect(untilAborted(Promise.resolve(3), new AbortController().signal)).resolves.toBe(3);
    await expect(untilAborted(Promise.reject(new Error('no')), undefined)).rejects.toThrow('no');
  });

  it('rejects with Interrupted as soon as the signal aborts, without waiting for the promise', async () => {
    const c = new AbortController();
    const p = untilAborted(new Promise(() => {}), c.signal);
    c.abort();
    await expect(p).rejects.toBeInstanceOf(Interrupted);
    await expect(untilAborted(Promise.resolve(1), c.signal)).rejects.toBeInstanceOf(Interrupted);
  });
});

describe('signalName', () => {
  it('is the abort reason when it is a string, else "interrupt"', () => {
    const c = new AbortController();
    c.abort('SIGTERM');
    expect(signalName(c.signal)).toBe('SIGTERM');
    const d = new AbortController();
    d.abort();
    expect(signalName(d.signal)).toBe('interrupt');
    expect(signalName(undefined)).toBe('interrupt');
  });
});
