// Shared fixtures of the HTTP tests: a MockAgent that refuses real connections, fast retry options.
import { MockAgent } from 'undici';
import type { RetryOptions } from '../../../src/http/types.js';

export const ORIGIN = 'https://api.test';
export const VND_JSON = { 'content-type': 'application/vnd.cegedim-it.v1+json' };

/** Retry options that keep the suite fast: delays of a few ms, never real backoff. */
export const FAST_RETRY: RetryOptions = { maxRetries: 4, minDelayMs: 1, maxDelayMs: 5 };

export function mockAgent(): MockAgent {
  const agent = new MockAgent();
  agent.disableNetConnect();
  return agent;
}

/** A connection error as Node raises it (e.g. ECONNRESET). */
export function sysError(code: string): Error {
  return Object.assign(new Error(`read ${code}`), { code });
}
