import { describe, expect, it } from 'vitest';
import { createMemo } from '../../../src/core/memo.js';

describe('createMemo', () => {
  it('makes one promise per key and shares it, settled or not', async () => {
    const memo = createMemo();
    let made = 0;
    const make = async () => ++made;
    const [a, b] = await Promise.all([memo.once('k', make), memo.once('k', make)]);
    expect([a, b, await memo.once('k', make), await memo.once('other', make)]).toEqual([1, 1, 1, 2]);
  });

  it('keeps a rejection by default, and forgets it with forgetFailures', async () => {
    const fail = () => Promise.reject(new Error('boom'));
    const kept = createMemo();
    await expect(kept.once('k', fail)).rejects.toThrow('boom');
    await expect(kept.once('k', async () => 'ok')).rejects.toThrow('boom');
    const forgetting = createMemo({ forgetFailures: true });
    await expect(forgetting.once('k', fail)).rejects.toThrow('boom');
    await expect(forgetting.once('k', async () => 'ok')).resolves.toBe('ok');
  });
});
