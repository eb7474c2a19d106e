// Tags end to end through the library against the simulator on 127.0.0.1: plan -> apply -> plan is
// empty, a {ref} target created in the same run gets its tags after it, the caretaker-stack tag is kept,
// and removing a Tags document plans nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply } from '../../../../../../src/index.js';
import { simLibrary, stackIn46922, type SimLibrary } from '../../../../../support/sim-library.js';

const STACK = stackIn46922('orders-qa');
const REDIS = `apiVersion: caretaker/v1
kind: Redis
metadata: { name: orderscache }
spec: { nodeSizing: 2cpu4gb, diskSize: 40, redisVersion: 6.2.5, instanceCount: 1, persistenceMode: PERSISTENT, admPassword: Test123@2022 }
`;
const TAGS = `apiVersion: caretaker/v1
kind: Tags
metadata: { name: cache-tags }
spec:
  resource: { ref: Redis/orderscache }
  tags: { app: orders, owner: team-checkout }
---
apiVersion: caretaker/v1
kind: Tags
metadata: { name: legacy-app-vm }
spec:
  resource: { serviceId: 46922, name: PEB4APP01 }
  tags: { app: orders, owner: team-checkout }
---
apiVersion: caretaker/v1
kind: Tags
metadata: { name: bare-vm }
spec:
  resource: { id: 500079803 }
  tags: {}
`;

describe('Tags against the simulator', () => {
  let lib: SimLibrary;
  beforeAll(async () => {
    lib = await simLibrary();
    await lib.planFiles({ 'stack.yaml': STACK, 'redis.yaml': REDIS, 'tags.yaml': TAGS });
    lib.sim.state.resources.find((r) => r.id === 500079803)!.tags.push({ tagKey: 'caretaker-stack', tagValue: 'another-stack' });
  });
  afterAll(async () => lib?.close());

  const planned = () => lib.planFiles();

  const tagsOf = (id: number) => lib.sim.state.resources.find((r) => r.id === id)!.tags.map((t) => `${t.tagKey}=${t.tagValue}`).sort();

  it('plans the tags of a resource created in the same run after it, with one PUT on its placeholder', async () => {
    const { plan: p } = await planned();
    const byAddress = new Map(p.changes.map((c) => [c.address, c]));
    expect(byAddress.get('Tags/cache-tags')).toMatchObject({
      action: 'create', dependsOn: ['Redis/orderscache'],
      operations: [{ method: 'PUT', path: '/itcare/compute/resources/${ref:Redis/orderscache}/tags' }],
    });
    // env=qa to remove and owner to add: 2 pair calls, so one PUT of the whole set instead.
    expect(byAddress.get('Tags/legacy-app-vm')!.operations.map((o) => [o.method, o.body])).toEqual([
      ['PUT', [{ tagKey: 'app', tagValue: 'orders' }, { tagKey: 'owner', tagValue: 'team-checkout' }]],
    ]);
    expect(byAddress.get('Tags/bare-vm')).toMatchObject({ action: 'update', operations: [{ method: 'DELETE', body: { tagKey: 'app', tagValue: 'orders' } }] });
  });

  it('applies, then plans no change; ownership tags are kept as they were', async () => {
    const { set, plan: p } = await planned();
    const r = await apply(p, set, { providers: lib.providers, sink: () => {}, tracker: { minIntervalMs: 5, maxIntervalMs: 20 } });
    expect(r.failed).toEqual([]);
    const again = (await planned()).plan;
    expect(again.changes.filter((c) => c.action !== 'no-op')).toEqual([]);
    const redis = lib.sim.state.resources.find((x) => x.name === 'orderscache')!;
    expect(tagsOf(redis.id)).toEqual(['app=orders', 'caretaker-stack=orders-qa', 'owner=team-checkout']);
    expect(tagsOf(500079802)).toEqual(['app=orders', 'owner=team-checkout']);
    expect(tagsOf(500079803)).toEqual(['caretaker-stack=another-stack']);
  });

  it('plans nothing for a Tags document removed from the manifests, even with prune', async () => {
    const { plan: p } = await lib.planFiles({ 'stack.yaml': STACK.replace('spec:\n', 'spec:\n  prune: true\n'), 'redis.yaml': REDIS });
    expect(p.changes.map((c) => [c.address, c.action])).toEqual([['Redis/orderscache', 'no-op']]);
  });
});
