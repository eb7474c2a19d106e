import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY,
  backoffDelay,
  decideRetry,
  isIdempotent,
  parseRetryAfter,
  resolveRetryOptions,
  type RetryContext,
} from '../../../src/http/retry.js';
import type { RetryOptions } from '../../../src/http/types.js';

const OPTS: RetryOptions = { maxRetries: 4, minDelayMs: 250, maxDelayMs: 10_000 };
const NOW = Date.parse('2025-01-01T00:00:00Z');
const top = (): number => 1; // the ceiling of the jitter range

describe('resolveRetryOptions', () => {
  it('fills defaults', () => expect(resolveRetryOptions()).toEqual(DEFAULT_RETRY));
  it('keeps given values and repairs nonsense', () => {
    expect(resolveRetryOptions({ maxRetries: 1, minDelayMs: -3, maxDelayMs: Number.NaN })).toEqual({
      maxRetries: 1,
      minDelayMs: 250,
      maxDelayMs: 10_000,
    });
  });
});

describe('isIdempotent', () => {
  it.each([
    ['GET', undefined, true],
    ['HEAD', undefined, true],
    ['PUT', undefined, true],
    ['DELETE', undefined, true],
    ['POST', undefined, false],
    ['PATCH', undefined, false],
    ['POST', true, true],
    ['GET', false, false],
  ] as const)('%s (explicit %s) -> %s', (method, explicit, want) => {
    expect(isIdempotent(method, explicit)).toBe(want);
  });
});

describe('parseRetryAfter', () => {
  const cases: Record<string, { reason: string; value: string | undefined; want: number | undefined }> = {
    seconds: { reason: 'delta-seconds', value: '1', want: 1000 },
    spaced: { reason: 'whitespace tolerated', value: ' 3 ', want: 3000 },
    date: { reason: 'HTTP date in the future', value: 'Wed, 01 Jan 2025 00:00:05 GMT', want: 5000 },
    past: { reason: 'a past date means now', value: 'Tue, 31 Dec 2024 23:59:00 GMT', want: 0 },
    garbage: { reason: 'malformed falls back to backoff', value: 'soon', want: undefined },
    negative: { reason: 'negative is malformed', value: '-1', want: undefined },
    absent: { reason: 'no header', value: undefined, want: undefined },
  };
  it.each(Object.entries(cases))('%s', (_name, { value, want }) => {
    expect(parseRetryAfter(value, NOW)).toBe(want);
  });
});

describe('backoffDelay', () => {
  it('grows exponentially up to the cap (full jitter at its ceiling)', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n, OPTS, top))).toEqual([
      250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });
  it('full jitter can draw zero', () => expect(backoffDelay(3, OPTS, () => 0)).toBe(0));
  it('decorrelated jitter stays within [min, 3*previous] and the cap', () => {
    expect(backoffDelay(2, OPTS, () => 0, 'decorrelated', 1000)).toBe(250);
    expect(backoffDelay(2, OPTS, top, 'decorrelated', 1000)).toBe(3000);
    expect(backoffDelay(2, OPTS, top, 'decorrelated', 9000)).toBe(10_000);
  });
});

describe('decideRetry', () => {
  const base: RetryContext = { method: 'GET', retriesSoFar: 0, nowMs: NOW, random: top };
  const cases: Record<string, { reason: string; ctx: Partial<RetryContext>; want: ReturnType<typeof decideRetry> }> = {
    get503: { reason: 'idempotent call, server trouble', ctx: { status: 503 }, want: { retry: true, delayMs: 250 } },
    get500third: { reason: 'backoff grows with retries', ctx: { status: 500, retriesSoFar: 2 }, want: { retry: true, delayMs: 1000 } },
    get404: { reason: 'client errors are final', ctx: { status: 404 }, want: { retry: false } },
    get400: { reason: 'validation errors are final', ctx: { status: 400 }, want: { retry: false } },
    exhausted: { reason: 'maxRetries reached', ctx: { status: 503, retriesSoFar: 4 }, want: { retry: false } },
    retryAfter: { reason: 'Retry-After seconds honoured', ctx: { status: 429, retryAfter: '1' }, want: { retry: true, delayMs: 1000 } },
    retryAfterCap: { reason: 'Retry-After capped at maxDelay', ctx: { status: 503, retryAfter: '3600' }, want: { retry: true, delayMs: 10_000 } },
    retryAfterDate: {
      reason: 'Retry-After HTTP date',
      ctx: { status: 503, retryAfter: 'Wed, 01 Jan 2025 00:00:02 GMT' },
      want: { retry: true, delayMs: 2000 },
    },
    retryAfterBad: { reason: 'malformed Retry-After -> backoff', ctx: { status: 503, retryAfter: 'later' }, want: { retry: true, delayMs: 250 } },
    post503: { reason: 'POST may have been processed', ctx: { method: 'POST', status: 503 }, want: { retry: false } },
    patch502: { reason: 'PATCH may have been processed', ctx: { method: 'PATCH', status: 502 }, want: { retry: false } },
    post429: { reason: 'a 429 was refused before processing', ctx: { method: 'POST', status: 429, retryAfter: '2' }, want: { retry: true, delayMs: 2000 } },
    postIdempotent: { reason: 'caller vouches for the POST', ctx: { method: 'POST', idempotent: true, status: 503 }, want: { retry: true, delayMs: 250 } },
    reset: { reason: 'connection reset on GET', ctx: { errorCode: 'ECONNRESET' }, want: { retry: true, delayMs: 250 } },
    socket: { reason: 'undici socket error', ctx: { method: 'DELETE', errorCode: 'UND_ERR_SOCKET' }, want: { retry: true, delayMs: 250 } },
    postReset: { reason: 'a reset POST may have been processed', ctx: { method: 'POST', errorCode: 'ECONNRESET' }, want: { retry: false } },
    dns: { reason: 'unknown host is final', ctx: { errorCode: 'ENOTFOUND' }, want: { retry: false } },
    getTimeout: { reason: 'a read that timed out changes nothing', ctx: { timedOut: true }, want: { retry: true, delayMs: 250 } },
    headTimeoutThird: { reason: 'read timeouts back off like other retries', ctx: { method: 'HEAD', timedOut: true, retriesSoFar: 2 }, want: { retry: true, delayMs: 1000 } },
    getTimeoutExhausted: { reason: 'read timeouts share the retry bound', ctx: { timedOut: true, retriesSoFar: 4 }, want: { retry: false } },
    deleteTimeout: { reason: 'a timed-out write may still run on the server', ctx: { method: 'DELETE', timedOut: true }, want: { retry: false } },
    postTimeoutIdempotent: { reason: 'only reads are repeated after a timeout', ctx: { method: 'POST', idempotent: true, timedOut: true }, want: { retry: false } },
  };
  it.each(Object.entries(cases))('%s', (_name, { ctx, want }) => {
    expect(decideRetry({ ...base, ...ctx }, OPTS)).toEqual(want);
  });
});
