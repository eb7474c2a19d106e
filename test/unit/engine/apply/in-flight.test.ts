import { describe, expect, it } from 'vitest';
import { InFlight, operationKey, pendingKey } from '../../../../src/engine/apply/in-flight.js';

/** A wait that lasts until `end()` is called. */
function held() {
  let end!: () => void;
  const promise = new Promise<void>((r) => (end = r));
  return { wait: () => promise, end };
}

describe('InFlight', () => {
  it('lists a sent call without an action id until its actions are known, then one line per action', async () => {
    const f = new InFlight();
    const key = operationKey('Thing/a', 0);
    f.sent(key, 'Thing/a', 'create');
    expect(f.running()).toEqual([{ address: 'Thing/a', summary: 'create' }]);
    const one = held();
    const two = held();
    const waits = [f.track(key, 'Thing/a', 'create', 'act-2', one.wait), f.track(key, 'Thing/a', 'create', 'act-1', two.wait)];
    expect(f.running()).toEqual([
      { address: 'Thing/a', summary: 'create', actionId: 'act-1' },
      { address: 'Thing/a', summary: 'create', actionId: 'act-2' },
    ]);
    one.end();
    two.end();
    await Promise.all(waits);
    // Its actions ended but the operation did not: still listed as sent until `end`.
    expect(f.running()).toEqual([{ address: 'Thing/a', summary: 'create' }]);
    f.end(key);
    expect(f.running()).toEqual([]);
  });

  it('lists the actions that were there before the run only while they are waited for', async () => {
    const f = new InFlight();
    const h = held();
    const wait = f.track(pendingKey('Thing/b'), 'Thing/b', 'earlier actions', 'act-9', h.wait);
    expect(f.running()).toEqual([{ address: 'Thing/b', summary: 'earlier actions', actionId: 'act-9' }]);
    h.end();
    await wait;
    expect(f.running()).toEqual([]);
  });

  it('stops listing an action whose wait failed, and passes the failure on', async () => {
    const f = new InFlight();
    const key = operationKey('Thing/a', 1);
    f.sent(key, 'Thing/a', 'update');
    await expect(f.track(key, 'Thing/a', 'update', 'act-3', () => Promise.reject(new Error('poll failed')))).rejects.toThrow('poll failed');
    expect(f.running()).toEqual([{ address: 'Thing/a', summary: 'update' }]);
  });

  it('sorts by address, then action id', () => {
    const f = new InFlight();
    f.sent(operationKey('Thing/b', 0), 'Thing/b', 'x');
    f.sent(operationKey('Thing/a', 2), 'Thing/a', 'y');
    expect(f.running().map((r) => r.address)).toEqual(['Thing/a', 'Thing/b']);
  });
});
