// Bad input through the real CLI: every problem reported at once as file:line:col, exit 1, and not a
// single request reaches the API.
import { afterEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/cli.js';
import { redisYaml, SECRETS, stackYaml } from '../support/manifests.js';

describe('bad input', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  const cases: Record<string, { reason: string; files: Record<string, string>; env?: Record<string, string>; unset?: string[]; want: RegExp[] }> = {
    MalformedYaml: {
      reason: 'a YAML syntax error names its position',
      files: { 'redis.yaml': 'apiVersion: caretaker/v1\nkind: Redis\nmetadata: {name: abcde\nspec: [\n' },
      want: [/^redis\.yaml:\d+:\d+: /m],
    },
    SchemaViolation: {
      reason: 'a value out of range is reported at the value',
      files: { 'redis.yaml': redisYaml({ diskSize: 20 }) },
      want: [/^redis\.yaml:7:13: .*diskSize.*40/m],
    },
    UnknownKind: {
      reason: 'an unknown kind gets a did-you-mean',
      files: { 'x.yaml': 'apiVersion: caretaker/v1\nkind: Reddis\nmetadata:\n  name: abcde\nspec: {}\n' },
      want: [/^x\.yaml:2:7: .*Reddis.*did you mean "Redis"/m],
    },
    UnknownField: {
      reason: 'an unknown field gets a did-you-mean at its key',
      files: { 'redis.yaml': redisYaml().replace('nodeSizing:', 'nodeSizng:') },
      want: [/^redis\.yaml:6:3: .*nodeSizng.*did you mean "nodeSizing"/m],
    },
    WeakPassword: {
      reason: 'a weak admPassword is refused without printing it',
      files: { 'redis.yaml': redisYaml() },
      env: { E2E_REDIS_PASSWORD: 'weakpass' },
      want: [/^redis\.yaml:11:\d+: .*admPassword/m],
    },
    MissingEnv: {
      reason: 'a missing ${env:…} variable is named at its position',
      files: { 'redis.yaml': redisYaml() },
      unset: ['E2E_REDIS_PASSWORD'],
      want: [/^redis\.yaml:11:\d+: .*E2E_REDIS_PASSWORD/m],
    },
    DuplicateIdentity: {
      reason: 'two resources with the same identity',
      files: { 'a.yaml': redisYaml(), 'b.yaml': redisYaml() },
      want: [/^b\.yaml:\d+:\d+: .*duplicate.*a\.yaml:\d+/m],
    },
    DanglingRef: {
      reason: 'a reference to nothing gets a did-you-mean',
      files: {
        'redis.yaml': redisYaml(),
        'tags.yaml': 'apiVersion: caretaker/v1\nkind: Tags\nmetadata:\n  name: t1\nspec:\n  resource: { ref: Redis/orderscach }\n  tags: { a: b }\n',
      },
      want: [/^tags\.yaml:6:\d+: .*Redis\/orderscach.*did you mean "Redis\/orderscache"/m],
    },
  };

  it.each(Object.entries(cases))('%s', async (_name, c) => {
    h = await harness({ secrets: SECRETS });
    h.write('stack.yaml', stackYaml());
    for (const [f, t] of Object.entries(c.files)) h.write(f, t);
    for (const cmd of [['validate'], ['plan'], ['apply', '--auto-approve']]) {
      const r = await h.run(cmd, { env: c.env, unset: c.unset });
      expect(r.code, `${cmd[0]}: ${c.reason}`).toBe(1);
      for (const w of c.want) expect(r.stderr, c.reason).toMatch(w);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      if (c.env?.E2E_REDIS_PASSWORD) expect(r.stdout + r.stderr).not.toContain(c.env.E2E_REDIS_PASSWORD);
    }
    expect(h.sim.requests.filter((r) => r.path.startsWith('/itcare'))).toEqual([]);
  });

  it('reports every error of several files in one run', async () => {
    h = await harness({ secrets: SECRETS });
    h.write('stack.yaml', stackYaml());
    h.write('a.yaml', redisYaml({ name: 'cachea', diskSize: 5000 }));
    h.write('b.yaml', redisYaml({ name: 'cacheb' }).replace('instanceCount: 1', 'instanceCount: 4'));
    const r = await h.run(['validate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^a\.yaml:7:\d+: .*diskSize/m);
    expect(r.stderr).toMatch(/^b\.yaml:9:\d+: .*instanceCount/m);
  });
});
