import { describe, expect, it } from 'vitest';
import { Secret } from '../../../../../src/core/secret.js';
import type { FieldDiff } from '../../../../../src/engine/plan.js';
import { createItcareProvider } from '../../../../../src/providers/itcare/index.js';
import { fakeHttp } from '../../../../support/fake-http.js';
import { REDIS_ID, ctx, observed, redisDesired } from '../fixtures.js';

const redis = createItcareProvider({ http: fakeHttp() }).handler('Redis')!;
const TAGS = `/itcare/compute/resources/${REDIS_ID}/tags`;
const call = (o: { method: string; body?: unknown; summary: string }) => [o.method, o.body, o.summary];

describe('tag updates', () => {
  const live = observed(REDIS_ID, { tags: { app: 'orders', team: 'payments', old: 'x', keep: 'me' } });

  const cases: Record<string, { reason: string; tags?: Record<string, unknown>; diff: FieldDiff[]; owner?: string; want: unknown[] }> = {
    add: {
      reason: 'a new key is one POST',
      tags: { app: 'orders', team: 'payments', old: 'x', keep: 'me', env: 'qa' },
      diff: [{ op: 'add', path: '/tags/env', value: 'qa' }],
      want: [['POST', { tagKey: 'env', tagValue: 'qa' }, 'tag env=qa']],
    },
    remove: {
      reason: 'a removed key is one DELETE of the live pair',
      tags: { app: 'orders', team: 'payments', keep: 'me' },
      diff: [{ op: 'remove', path: '/tags/old' }],
      want: [['DELETE', { tagKey: 'old', tagValue: 'x' }, 'untag old']],
    },
    changed: {
      reason: 'a changed value is DELETE of the old pair then POST of the new one',
      tags: { app: 'orders', team: 'checkout', old: 'x', keep: 'me' },
      diff: [{ op: 'replace', path: '/tags/team', from: 'payments', value: 'checkout' }],
      want: [['DELETE', { tagKey: 'team', tagValue: 'payments' }, 'untag team'], ['POST', { tagKey: 'team', tagValue: 'checkout' }, 'tag team=checkout']],
    },
    adoption: {
      reason: 'adopting a resource adds only the ownership tag, even with tags unmanaged',
      diff: [{ op: 'add', path: '/tags/caretaker-stack', value: 'orders-qa' }], owner: undefined,
      want: [['POST', { tagKey: 'caretaker-stack', tagValue: 'orders-qa' }, 'tag caretaker-stack=orders-qa']],
    },
    manyChanges: {
      reason: 'more than 2 pair calls with spec.tags present: one PUT of the full set with the owner tag',
      tags: { app: 'shop', team: 'checkout', keep: 'me' },
      diff: [
        { op: 'replace', path: '/tags/app', value: 'shop' }, { op: 'remove', path: '/tags/old' },
        { op: 'replace', path: '/tags/team', value: 'checkout' },
      ],
      want: [['PUT', [
        { tagKey: 'caretaker-stack', tagValue: 'orders-qa' }, { tagKey: 'app', tagValue: 'shop' },
        { tagKey: 'keep', tagValue: 'me' }, { tagKey: 'team', tagValue: 'checkout' },
      ], 'set tags: caretaker-stack=orders-qa, app=shop, keep=me, team=checkout']],
    },
    manyChangesNotAdopted: {
      reason: 'lifecycle.adopt: false (untagged, no ownership-tag difference): the PUT carries no owner tag',
      tags: { app: 'shop', team: 'checkout', keep: 'me' }, owner: undefined,
      diff: [
        { op: 'replace', path: '/tags/app', value: 'shop' }, { op: 'remove', path: '/tags/old' },
        { op: 'replace', path: '/tags/team', value: 'checkout' },
      ],
      want: [['PUT', [
        { tagKey: 'app', tagValue: 'shop' }, { tagKey: 'keep', tagValue: 'me' }, { tagKey: 'team', tagValue: 'checkout' },
      ], 'set tags: app=shop, keep=me, team=checkout']],
    },
  };
  it.each(Object.entries(cases))('%s', (_name, c) => {
    const obs = { ...live, owner: 'owner' in c ? c.owner : live.owner };
    const ops = redis.updateOperations(redisDesired(c.tags ? { tags: c.tags } : {}), obs, c.diff, ctx());
    expect(ops.map(call), c.reason).toEqual(c.want);
    for (const o of ops) expect(o).toMatchObject({ path: TAGS, async: false, irreversible: false, role: 'update' });
  });

  it('never touches a key it was not asked about', () => {
    const ops = redis.updateOperations(redisDesired({ tags: { app: 'orders', keep: 'me', team: 'payments', old: 'y' } }), live, [{ op: 'replace', path: '/tags/old', value: 'y' }], ctx());
    const keys = ops.map((o) => (o.body as { tagKey: string }).tagKey);
    expect(new Set(keys)).toEqual(new Set(['old']));
  });

  it('a PUT keeps the live value of a key the diff does not name (ignoreChanges), not the manifest\'s', () => {
    // keep is 'me' live and 'you' in the manifest, but ignored: the diff does not name it.
    const ops = redis.updateOperations(redisDesired({ tags: { app: 'shop', team: 'checkout', keep: 'you' } }), live, [
      { op: 'replace', path: '/tags/app', value: 'shop' }, { op: 'remove', path: '/tags/old' },
      { op: 'replace', path: '/tags/team', value: 'checkout' },
    ], ctx());
    expect(ops.map(call)).toEqual([['PUT', [
      { tagKey: 'caretaker-stack', tagValue: 'orders-qa' }, { tagKey: 'app', tagValue: 'shop' },
      { tagKey: 'keep', tagValue: 'me' }, { tagKey: 'team', tagValue: 'checkout' },
    ], 'set tags: caretaker-stack=orders-qa, app=shop, keep=me, team=checkout']]);
  });

  it('a PUT keeps both the live origin tag and the live value of a key the diff does not name', () => {
    // The two behaviours of the shared tag code together: keep (ignored) stays 'me', the origin stays the live one.
    const diff: FieldDiff[] = [
      { op: 'replace', path: '/tags/app', value: 'shop' }, { op: 'remove', path: '/tags/old' }, { op: 'replace', path: '/tags/team', value: 'checkout' },
    ];
    const withOrigin = { ...live, origin: 'git@example:ops.git#stacks/orders' };
    const ops = redis.updateOperations(redisDesired({ tags: { app: 'shop', team: 'checkout', keep: 'you' } }), withOrigin, diff, { ...ctx(), origin: 'git@example:ops.git#stacks/elsewhere' });
    expect(ops.map((o) => o.body)).toEqual([[
      { tagKey: 'caretaker-stack', tagValue: 'orders-qa' }, { tagKey: 'caretaker-origin', tagValue: 'git@example:ops.git#stacks/orders' },
      { tagKey: 'app', tagValue: 'shop' }, { tagKey: 'keep', tagValue: 'me' }, { tagKey: 'team', tagValue: 'checkout' },
    ]]);
    // Taken over (--allow-foreign-origin: the diff names the origin tag): re-stamped once, the ignored key still kept.
    const taken = redis.updateOperations(redisDesired({ tags: { app: 'shop', team: 'checkout', keep: 'you' } }), withOrigin,
      [...diff, { op: 'replace', path: '/tags/caretaker-origin', value: 'git@example:ops.git#stacks/elsewhere' }], { ...ctx(), origin: 'git@example:ops.git#stacks/elsewhere' });
    expect(taken.map((o) => o.body)).toEqual([[
      { tagKey: 'caretaker-stack', tagValue: 'orders-qa' }, { tagKey: 'caretaker-origin', tagValue: 'git@example:ops.git#stacks/elsewhere' },
      { tagKey: 'app', tagValue: 'shop' }, { tagKey: 'keep', tagValue: 'me' }, { tagKey: 'team', tagValue: 'checkout' },
    ]]);
  });

  it('keeps a Secret tag value as a Secret and out of the summary', () => {
    const secret = new Secret('s3cr3t-value');
    const ops = redis.updateOperations(redisDesired({ tags: { token: secret } }), observed(REDIS_ID, { tags: {} }), [{ op: 'add', path: '/tags/token', value: '(sensitive)' }], ctx());
    expect((ops[0]!.body as { tagValue: unknown }).tagValue).toBe(secret);
    expect(ops[0]!.summary).toBe('tag token=(sensitive)');
    expect(JSON.stringify(ops)).not.toContain('s3cr3t-value');
  });

  it('moves the ownership tag from another owner with DELETE + POST', () => {
    const ops = redis.updateOperations(redisDesired(), { ...live, owner: 'old-stack' }, [{ op: 'add', path: '/tags/caretaker-stack', value: 'orders-qa' }], ctx());
    expect(ops.map(call)).toEqual([
      ['DELETE', { tagKey: 'caretaker-stack', tagValue: 'old-stack' }, 'untag caretaker-stack'],
      ['POST', { tagKey: 'caretaker-stack', tagValue: 'orders-qa' }, 'tag caretaker-stack=orders-qa'],
    ]);
  });

  it('uses single calls, never a PUT, when spec.tags is absent', () => {
    const diff: FieldDiff[] = [{ op: 'add', path: '/tags/caretaker-stack', value: 'orders-qa' }, { op: 'remove', path: '/tags/old' }];
    const ops = redis.updateOperations(redisDesired(), { ...live, owner: 'x' }, diff, ctx());
    expect(ops.map((o) => o.method)).toEqual(['DELETE', 'POST', 'DELETE']);
  });
});
