// The Redis operation builders (pure): create (POST, tags, patch party, stop, in that order), the shared
// PaaS updates in phase order, and the refusals.
import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../../../../../src/core/errors.js';
import { Secret } from '../../../../../../src/core/secret.js';
import { refusal } from '../../../../../support/refusal.js';
import type { FieldDiff } from '../../../../../../src/engine/plan.js';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { fakeHttp } from '../../../../../support/fake-http.js';
import { PASSWORD, REDIS_ID, SID, ctx, observed, redisDesired } from '../../fixtures.js';

const provider = createItcareProvider({ http: fakeHttp() });
const redis = provider.handler('Redis')!;
const REDIS_PATH = `/itcare/databases/redis/${REDIS_ID}`;

const d = (path: string, value?: unknown, op: FieldDiff['op'] = 'replace'): FieldDiff => ({ op, path, value });

describe('createOperations', () => {
  it('creates a Redis, then tags it, sets its patch party and stops it, in that order', () => {
    const desired = redisDesired({ tags: { team: 'checkout', app: 'orders' }, patchParty: { excluded: false, patchGroup: '2' }, state: 'stopped' });
    const ops = redis.createOperations(desired, ctx());
    expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual([
      'POST /itcare/databases/redis',
      'PUT /itcare/compute/resources/${ref:self}/tags',
      'PATCH /itcare/databases/redis/${ref:self}',
      'PATCH /itcare/databases/redis/${ref:self}',
    ]);
    const [create, tags, party, stop] = ops;
    expect(create).toMatchObject({ async: true, irreversible: false, role: 'create', serviceId: SID, summary: 'create Redis orders-cache (2cpu4gb, 40 GB, 1 instance)' });
    expect(create!.body).toMatchObject({ name: 'orders-cache', serviceId: SID, nodeSizing: '2cpu4gb', redisVersion: '6.2.5', instanceCount: 1 });
    for (const k of ['state', 'tags', 'patchParty']) expect(create!.body).not.toHaveProperty(k);
    expect(tags).toMatchObject({
      async: false, role: 'update',
      body: [{ tagKey: 'caretaker-stack', tagValue: 'orders-qa' }, { tagKey: 'app', tagValue: 'orders' }, { tagKey: 'team', tagValue: 'checkout' }],
    });
    expect(party).toMatchObject({ body: { operation: 'update_patch_party', options: { patchParty: { excluded: false, patchGroup: '2' } } }, summary: 'patch party: include, group 2' });
    expect(stop).toMatchObject({ body: { operation: 'stop' }, irreversible: true, summary: 'stop' });
    expect(stop!.body).toEqual({ operation: 'stop' }); // documented without options (001:5703-5719)
  });

  it('keeps the password a Secret inside the body, printed as (sensitive)', () => {
    const [create] = redis.createOperations(redisDesired(), ctx());
    const body = create!.body as Record<string, unknown>;
    expect(body.admPassword).toBeInstanceOf(Secret);
    expect((body.admPassword as Secret).reveal()).toBe(PASSWORD);
    const json = JSON.stringify(create);
    expect(json).toContain('"admPassword":"(sensitive)"');
    expect(json).not.toContain(PASSWORD);
  });

  it('always sets the ownership tag, even without spec.tags; no stop for a running resource', () => {
    const ops = redis.createOperations(redisDesired({ state: 'running' }), ctx());
    expect(ops).toHaveLength(2);
    expect(ops[1]!.body).toEqual([{ tagKey: 'caretaker-stack', tagValue: 'orders-qa' }]);
  });

  it('is pure: same input, same operations, desired spec untouched', () => {
    const desired = redisDesired({ tags: { a: 'b' } });
    const before = JSON.stringify(desired);
    expect(JSON.stringify(redis.createOperations(desired, ctx()))).toBe(JSON.stringify(redis.createOperations(desired, ctx())));
    expect(JSON.stringify(desired)).toBe(before);
  });

  it('refuses an exclusion from the patch party without a reason', () => {
    const err = (() => {
      try {
        redis.createOperations(redisDesired({ patchParty: { excluded: true } }), ctx());
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(RefusedError);
    expect((err as RefusedError).code).toBe('ERR_REFUSED');
  });
});

describe('Redis updateOperations', () => {
  const live = observed(REDIS_ID, {
    nodeSizing: '2cpu4gb', monitoringEnabled: true, onCallSupervision: false, state: 'running',
    patchParty: { excluded: true, exclusionReason: 'DBA' },
  });

  const cases: Record<string, { reason: string; spec: Record<string, unknown>; diff: FieldDiff[]; want: { body: unknown; summary: string; irreversible: boolean }[] }> = {
    resize: {
      reason: 'nodeSizing changes with PATCH resize {sizing}, which cannot be undone',
      spec: { nodeSizing: '4cpu8gb' }, diff: [d('/nodeSizing', '4cpu8gb')],
      want: [{ body: { operation: 'resize', options: { sizing: '4cpu8gb' } }, summary: 'resize 2cpu4gb -> 4cpu8gb', irreversible: true }],
    },
    monitoringOnly: {
      reason: 'on-call not in the spec: its live value is sent unchanged',
      spec: { monitoringEnabled: false }, diff: [d('/monitoringEnabled', false)],
      want: [{ body: { operation: 'update_monitoring', options: { state: false, on_call: false } }, summary: 'update monitoring: disabled, on-call off', irreversible: false }],
    },
    monitoringBoth: {
      reason: 'both monitoring fields changing make ONE update_monitoring',
      spec: { monitoringEnabled: true, onCallSupervision: true }, diff: [d('/monitoringEnabled', true), d('/onCallSupervision', true)],
      want: [{ body: { operation: 'update_monitoring', options: { state: true, on_call: true } }, summary: 'update monitoring: enabled, on-call on', irreversible: false }],
    },
    include: {
      reason: 'including sends excluded:false with the group',
      spec: { patchParty: { excluded: false, patchGroup: '2' } }, diff: [d('/patchParty/excluded', false), d('/patchParty/patchGroup', '2', 'add')],
      want: [{ body: { operation: 'update_patch_party', options: { patchParty: { excluded: false, patchGroup: '2' } } }, summary: 'patch party: include, group 2', irreversible: false }],
    },
    exclude: {
      reason: 'excluding sends the reason, never a group',
      spec: { patchParty: { excluded: true, exclusionReason: 'handled by DBAs' } }, diff: [d('/patchParty/exclusionReason', 'handled by DBAs')],
      want: [{ body: { operation: 'update_patch_party', options: { patchParty: { excluded: true, exclusionReason: 'handled by DBAs' } } }, summary: 'patch party: exclude', irreversible: false }],
    },
    stop: {
      reason: 'stop is flagged irreversible as the docs say (although start exists)',
      spec: { state: 'stopped' }, diff: [d('/state', 'stopped')],
      want: [{ body: { operation: 'stop' }, summary: 'stop', irreversible: true }],
    },
    start: {
      reason: 'start is reversible',
      spec: { state: 'running' }, diff: [d('/state', 'running')],
      want: [{ body: { operation: 'start' }, summary: 'start', irreversible: false }],
    },
  };
  it.each(Object.entries(cases))('%s', (_name, c) => {
    const ops = redis.updateOperations(redisDesired(c.spec), live, c.diff, ctx());
    expect(ops.map((o) => ({ body: o.body, summary: o.summary, irreversible: o.irreversible })), c.reason).toEqual(c.want);
    for (const o of ops) expect(o).toMatchObject({ method: 'PATCH', path: REDIS_PATH, async: true, role: 'update' });
  });

  it('orders one change: start, resize, monitoring, patch party, tags', () => {
    const stopped = observed(REDIS_ID, { ...live.spec, state: 'stopped' });
    const desired = redisDesired({ state: 'running', nodeSizing: '4cpu8gb', monitoringEnabled: false, patchParty: { excluded: false }, tags: { team: 'a' } });
    const diff = [d('/monitoringEnabled', false), d('/nodeSizing'), d('/patchParty/excluded', false), d('/state', 'running'), d('/tags/team', 'a', 'add')];
    const ops = redis.updateOperations(desired, stopped, diff, ctx());
    expect(ops.map((o) => o.summary)).toEqual(['start', 'resize 2cpu4gb -> 4cpu8gb', 'update monitoring: disabled, on-call off', 'patch party: include', 'tag team=a']);
  });

  it('puts stop after everything else', () => {
    const ops = redis.updateOperations(redisDesired({ state: 'stopped', nodeSizing: '4cpu8gb' }), live, [d('/state'), d('/nodeSizing')], ctx());
    expect(ops.map((o) => o.summary)).toEqual(['resize 2cpu4gb -> 4cpu8gb', 'stop']);
  });

  it('ignores differences that force a replacement (the engine replaces instead)', () => {
    expect(redis.updateOperations(redisDesired(), live, [{ op: 'replace', path: '/diskSize', value: 80, forcesReplace: true }], ctx())).toEqual([]);
  });

  it('refuses a difference no operation can make', () => {
    const err = refusal(() => redis.updateOperations(redisDesired({ monitoringAlerting: true }), live, [d('/monitoringAlerting', true)], ctx()));
    expect(err.message).toContain('spec.monitoringAlerting');
    expect(err.address).toBe('Redis/orders-cache');
  });
});
