// Credentials from the environment: a token, both halves of the OAuth2 client credentials, or a message
// that names what is missing (issue 24 item 6: half of the credentials names the other half). Credentials
// per provider used (issue 21): a run builds only the providers its manifest set uses, asks only for their
// settings, reports every missing one at once before any request, and sends the SCP keys only where
// SCP_ENDPOINT points.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { authFromEnv, createRuntime, scpEndpointProblem, type RuntimeInput } from '../../../src/cli/context.js';

const SCP = { SCP_ENDPOINT: 'https://cachestore.kr-west1.e.samsungsdscloud.com', SCP_ACCESS_KEY: 'AK-test-0001', SCP_SECRET_KEY: 'sk-test-secret-0001' };
const ITCARE = { ITCARE_TOKEN: 'itcare-token-0001' };

function input(uses: string[], env: Record<string, string>, over: Partial<RuntimeInput> = {}): RuntimeInput {
  return { global: {}, env, cwd: '/nowhere', uses: new Set(uses), ...over };
}

async function refusal(i: RuntimeInput): Promise<ConfigError> {
  const err = await createRuntime(i).then(async (rt) => {
    await rt.close();
    return new Error('no error');
  }, (e: unknown) => e);
  expect(err).toBeInstanceOf(ConfigError);
  return err as ConfigError;
}

describe('createRuntime: credentials per provider used', () => {
  it('a set of CacheStores alone needs SCP_* only and names no ITCare endpoint', async () => {
    const rt = await createRuntime(input(['scp'], SCP));
    try {
      expect(rt.apis).toEqual([{ provider: 'scp', label: 'SCP Cache Store API', endpoint: SCP.SCP_ENDPOINT }]);
      expect(rt.providers.get('scp')!.kinds()).toEqual(['CacheStore']);
      expect(rt.providers.get('itcare')!.kinds()).toEqual([]);
    } finally {
      await rt.close();
    }
  });

  it('a set without CacheStores needs no SCP keys', async () => {
    const rt = await createRuntime(input(['itcare'], ITCARE));
    try {
      expect(rt.apis.map((a) => a.provider)).toEqual(['itcare']);
      expect(rt.providers.get('scp')!.kinds()).toEqual([]);
    } finally {
      await rt.close();
    }
  });

  it('a set that uses nothing needs nothing', async () => {
    const rt = await createRuntime(input([], {}));
    expect(rt.apis).toEqual([]);
    await rt.close();
  });

  it('missing SCP keys: one error naming the variables (an empty variable counts as unset)', async () => {
    const err = await refusal(input(['scp'], { SCP_ENDPOINT: SCP.SCP_ENDPOINT, SCP_ACCESS_KEY: '', ...ITCARE }));
    expect(err.message).toBe('no Samsung Cloud Platform settings (the manifests hold SCP resources): set SCP_ACCESS_KEY, SCP_SECRET_KEY (or use --simulator)');
  });

  it('a mixed set missing both: one error naming every variable', async () => {
    const err = await refusal(input(['itcare', 'scp'], {}));
    expect(err.message).toMatch(/^no ITCare credentials: set ITCARE_TOKEN, or ITCARE_CLIENT_ID and ITCARE_CLIENT_SECRET .*; no Samsung Cloud Platform settings \(the manifests hold SCP resources\): set SCP_ENDPOINT, SCP_ACCESS_KEY, SCP_SECRET_KEY/);
    expect(err.message.split('\n')).toHaveLength(1);
  });

  it.each([
    ['a line feed', 'acct\n1', 5, 'U+000A'],
    ['a space', 'acct 1', 5, 'U+0020'],
    ['a non-ASCII letter', 'acctéé', 5, 'U+00E9'],
  ])('an SCP_ACCOUNT_ID with %s is refused before any request', async (_what, value, at, cp) => {
    const err = await refusal(input(['scp'], { ...SCP, SCP_ACCOUNT_ID: value }));
    expect(err.message).toBe(`SCP_ACCOUNT_ID cannot be sent as the Scp-AccountId header: character ${at} (${cp}) is not visible ASCII (a space, a control character or a non-ASCII letter)`);
  });

  it('an access key a header cannot carry is refused without echoing it', async () => {
    const err = await refusal(input(['scp'], { ...SCP, SCP_ACCESS_KEY: 'AK-secret\tvalue' }));
    expect(err.message).toContain('SCP_ACCESS_KEY cannot be sent as the Scp-AccessKey header: character 10 (U+0009)');
    expect(err.message).not.toContain('AK-secret');
  });
});

describe('SCP keys go only where the operator points them', () => {
  it('refuses a Stack endpoint that no SCP_ENDPOINT confirms, naming it and the variable', async () => {
    const stack = 'https://collector.example.net';
    const err = await refusal(input(['scp'], { SCP_ACCESS_KEY: SCP.SCP_ACCESS_KEY, SCP_SECRET_KEY: SCP.SCP_SECRET_KEY }, { stackEndpoints: { scp: stack } }));
    expect(err.message).toBe(scpEndpointProblem(undefined, stack));
    expect(err.message).toContain(`spec.provider.scp.endpoint is ${stack} but SCP_ENDPOINT is not set`);
    expect(err.message).toContain(`set SCP_ENDPOINT=${stack}`);
    expect(err.message).not.toMatch(/set SCP_ENDPOINT,/);
  });

  it('refuses a Stack endpoint that differs from SCP_ENDPOINT, naming both', async () => {
    const stack = 'https://collector.example.net';
    const err = await refusal(input(['scp'], SCP, { stackEndpoints: { scp: stack } }));
    expect(err.message).toContain(`spec.provider.scp.endpoint is ${stack} but the SCP keys are sent only to ${SCP.SCP_ENDPOINT} (SCP_ENDPOINT)`);
  });

  it('uses SCP_ENDPOINT as configured when it confirms the Stack endpoint', async () => {
    const configured = 'https://CacheStore.KR-West1.e.samsungsdscloud.com:443';
    const rt = await createRuntime(input(['scp'], { ...SCP, SCP_ENDPOINT: configured }, { stackEndpoints: { scp: 'https://cachestore.kr-west1.e.samsungsdscloud.com/' } }));
    try {
      expect(rt.apis[0]!.endpoint).toBe(configured);
    } finally {
      await rt.close();
    }
  });

  it('does not look at an unused provider\'s Stack endpoint', async () => {
    const rt = await createRuntime(input(['itcare'], ITCARE, { stackEndpoints: { scp: 'https://collector.example.net' } }));
    await rt.close();
    expect(rt.apis.map((a) => a.provider)).toEqual(['itcare']);
  });
});

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
