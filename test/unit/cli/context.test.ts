// Credentials from the environment: a token, both halves of the OAuth2 client credentials, or a message
// that names what is missing (issue 24 item 6: half of the credentials names the other half).
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { authFromEnv } from '../../../src/cli/context.js';

describe('authFromEnv', () => {
  const cases: Record<string, { reason: string; env: Record<string, string>; want: string }> = {
    Nothing: {
      reason: 'no variable at all', env: {},
      want: 'no ITCare credentials: set ITCARE_TOKEN, or ITCARE_CLIENT_ID and ITCARE_CLIENT_SECRET (or use --simulator to try caretaker without credentials)',
    },
    IdOnly: {
      reason: 'the client id without its secret', env: { ITCARE_CLIENT_ID: 'ci-bot' },
      want: 'incomplete ITCare credentials: ITCARE_CLIENT_ID is set but ITCARE_CLIENT_SECRET is not; set ITCARE_CLIENT_SECRET too (OAuth2 client credentials need both), or set ITCARE_TOKEN instead',
    },
    SecretOnly: {
      reason: 'the secret without its client id', env: { ITCARE_CLIENT_SECRET: 'shhh-long-secret' },
      want: 'incomplete ITCare credentials: ITCARE_CLIENT_SECRET is set but ITCARE_CLIENT_ID is not; set ITCARE_CLIENT_ID too (OAuth2 client credentials need both), or set ITCARE_TOKEN instead',
    },
    EmptySecret: {
      reason: 'a secret a CI passes as "" counts as missing', env: { ITCARE_CLIENT_ID: 'ci-bot', ITCARE_CLIENT_SECRET: '' },
      want: 'incomplete ITCare credentials: ITCARE_CLIENT_ID is set but ITCARE_CLIENT_SECRET is not; set ITCARE_CLIENT_SECRET too (OAuth2 client credentials need both), or set ITCARE_TOKEN instead',
    },
  };
  it.each(Object.entries(cases))('%s', (_n, c) => {
    let err: unknown;
    try {
      authFromEnv(c.env);
    } catch (e) {
      err = e;
    }
    expect(err, c.reason).toBeInstanceOf(ConfigError);
    expect((err as Error).message, c.reason).toBe(c.want);
    expect((err as Error).message).not.toContain('shhh-long-secret');
  });

  it('accepts a token alone, or both halves', () => {
    expect(() => authFromEnv({ ITCARE_TOKEN: 'tok-123456789' })).not.toThrow();
    expect(() => authFromEnv({ ITCARE_CLIENT_ID: 'ci-bot', ITCARE_CLIENT_SECRET: 'shhh-long-secret' })).not.toThrow();
  });
});
