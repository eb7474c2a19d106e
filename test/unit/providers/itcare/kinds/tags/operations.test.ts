// The Tags governance kind's operations: the fewest tag calls, the caretaker-stack tag kept as it is,
// and nothing owned or deleted.
import { describe, expect, it } from 'vitest';
import type { FieldDiff } from '../../../../../../src/engine/plan.js';
import type { DesiredResource, Observation } from '../../../../../../src/engine/provider.js';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { fakeHttp, type FakeRoutes } from '../../../../../support/fake-http.js';
import { SID, ctx} from '../../fixtures.js';

const VM = 500079802;
const TAGS = `/itcare/compute/resources/${VM}/tags`;

const desired = (resource: Record<string, unknown>, tags: Record<string, string> = { app: 'orders', owner: 'team-checkout' }): DesiredResource => ({
  address: 'Tags/legacy-app-vm', kind: 'Tags', name: 'legacy-app-vm', spec: { resource, tags },
});

function handler(routes: FakeRoutes = {}) {
  // No running action unless a test says otherwise (read only when a write would follow).
  const http = fakeHttp({ 'GET /itcare/actions': { body: [] }, ...routes });
  return { http, tags: createItcareProvider({ http }).handler('Tags')! };
}

const call = (o: { method: string; path: string; body?: unknown }) => [o.method, o.path, o.body];

describe('Tags operations', () => {
  const { tags } = handler();
  const live = (t: Record<string, string>, owner?: string): Observation => ({
    exists: true, id: VM, spec: { resource: { id: VM }, tags: t }, ...(owner ? { owner } : {}),
  });

  const cases: Record<string, { reason: string; want: Record<string, string>; have: Record<string, string>; owner?: string; diff: FieldDiff[]; calls: unknown[] }> = {
    oneAdd: {
      reason: 'one missing pair: one POST (a PUT is not fewer calls, and touches more)',
      want: { app: 'orders', owner: 'x' }, have: { app: 'orders' }, diff: [{ op: 'add', path: '/tags/owner', value: 'x' }],
      calls: [['POST', TAGS, { tagKey: 'owner', tagValue: 'x' }]],
    },
    oneRemove: {
      reason: 'one extra live pair: one DELETE of the live pair',
      want: { app: 'orders' }, have: { app: 'orders', env: 'qa' }, diff: [{ op: 'remove', path: '/tags/env' }],
      calls: [['DELETE', TAGS, { tagKey: 'env', tagValue: 'qa' }]],
    },
    changedValue: {
      reason: 'a changed value is 2 pair calls: one PUT instead, keeping the live caretaker-stack of another stack',
      want: { app: 'shop' }, have: { app: 'orders' }, owner: 'other-stack', diff: [{ op: 'replace', path: '/tags/app', value: 'shop' }],
      calls: [['PUT', TAGS, [{ tagKey: 'caretaker-stack', tagValue: 'other-stack' }, { tagKey: 'app', tagValue: 'shop' }]]],
    },
    noOwner: {
      reason: 'a PUT never adds a caretaker-stack tag the target does not have',
      want: { a: '1', b: '2' }, have: {}, diff: [{ op: 'add', path: '/tags/a', value: '1' }, { op: 'add', path: '/tags/b', value: '2' }],
      calls: [['PUT', TAGS, [{ tagKey: 'a', tagValue: '1' }, { tagKey: 'b', tagValue: '2' }]]],
    },
    identityOnly: {
      reason: 'a difference of resource alone changes no tag',
      want: { a: '1' }, have: { a: '1' }, diff: [{ op: 'replace', path: '/resource', value: 1 }], calls: [],
    },
  };
  it.each(Object.entries(cases))('%s', (_n, c) => {
    const ops = tags.updateOperations(desired({ id: VM }, c.want), live(c.have, c.owner), c.diff, ctx());
    expect(ops.map(call), c.reason).toEqual(c.calls);
    for (const o of ops) expect(o).toMatchObject({ async: false, irreversible: false, role: 'update' });
  });

  it('keeps the stack as owner in a PUT on a {ref} target (it carries the stack tag once its own change ran)', () => {
    const obs: Observation = { exists: true, id: 42, spec: { resource: 42, tags: { x: '1' } } };
    const diff: FieldDiff[] = [{ op: 'remove', path: '/tags/x' }, { op: 'add', path: '/tags/y', value: '2' }];
    const ops = tags.updateOperations(desired({ ref: 'Redis/orderscache' }, { y: '2' }), obs, diff, ctx({ resolveRef: () => 42 }));
    expect(ops.map(call)).toEqual([['PUT', '/itcare/compute/resources/42/tags', [{ tagKey: 'caretaker-stack', tagValue: 'orders-qa' }, { tagKey: 'y', tagValue: '2' }]]]);
    expect(ops[0]!.summary).toBe('replace tags: y=2 (caretaker-stack kept)');
  });

  it('creates the tags of a {ref} target not yet created with one PUT on its placeholder', () => {
    const ops = tags.createOperations(desired({ ref: 'Redis/orderscache' }, { app: 'orders' }), ctx(), { exists: false, spec: {} });
    expect(ops.map(call)).toEqual([['PUT', '/itcare/compute/resources/${ref:Redis/orderscache}/tags', [
      { tagKey: 'caretaker-stack', tagValue: 'orders-qa' }, { tagKey: 'app', tagValue: 'orders' },
    ]]]);
  });

  it('owns nothing: no owned resources, no delete operation', async () => {
    expect(await tags.listOwned('orders-qa', { serviceIds: [SID] })).toEqual([]);
    expect(tags.deleteOperations('Tags/x', live({}), ctx())).toEqual([]);
  });
});

describe('Tags and lifecycle.ignoreChanges', () => {
  it('keeps the live value of a key the diff does not name when it replaces the set', () => {
    const { tags } = handler();
    const obs: Observation = { exists: true, id: VM, spec: { resource: { id: VM }, tags: { owner: 'live-owner', a: '1' } } };
    // spec.tags.owner is ignored: the engine's diff does not name it.
    const diff: FieldDiff[] = [{ op: 'remove', path: '/tags/a' }, { op: 'add', path: '/tags/b', value: '2' }];
    const ops = tags.updateOperations(desired({ id: VM }, { owner: 'manifest-owner', b: '2' }), obs, diff, ctx());
    expect(ops.map(call)).toEqual([['PUT', TAGS, [{ tagKey: 'b', tagValue: '2' }, { tagKey: 'owner', tagValue: 'live-owner' }]]]);
  });
});
