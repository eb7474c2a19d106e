// Asserts that a pure operation builder refuses (RefusedError, code ERR_REFUSED) and returns the error.
import { expect } from 'vitest';
import { RefusedError } from '../../src/core/errors.js';

export function refusal(fn: () => unknown): RefusedError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RefusedError);
    expect((e as RefusedError).code).toBe('ERR_REFUSED');
    return e as RefusedError;
  }
  throw new Error('expected a RefusedError');
}
