// Issue 20: a live tag whose key is an object member name (`constructor`, `__proto__`, `toString`) is
// data. Before, the Tags kind read the desired map with `want[k]` and planned
// `constructor=function Object() { [native code] }`, which failed every apply.
import { afterEach, describe, expect, it } from 'vitest';
import { simLibrary, stackIn46922, type SimLibrary } from '../../../../support/sim-library.js';

const STACK = stackIn46922('orders-qa');
const VM = 500079802;
const HOSTILE = [
  { tagKey: 'constructor', tagValue: 'c' }, { tagKey: '__proto__', tagValue: 'p' }, { tagKey: 'toString', tagValue: 't' },
  { tagKey: 'hasOwnProperty', tagValue: 'h' },
];

let lib: SimLibrary | undefined;
afterEach(async () => lib?.close());

const tagsOf = (l: SimLibrary, id: number) => l.sim.state.resources.find((r) => r.id === id)!.tags.map((t) => `${t.tagKey}=${t.tagValue}`).sort();

describe('live tags named after object members', () => {
  it('Tags: removes them as plain keys, applies, then plans no change', async () => {
    lib = await simLibrary();
    const vm = lib.sim.state.resources.find((r) => r.id === VM)!;
    vm.tags = [{ tagKey: 'app', tagValue: 'orders' }, ...HOSTILE];
    const files = {
      'stack.yaml': STACK,
      'tags.yaml': `apiVersion: caretaker/v1\nkind: Tags\nmetadata: { name: legacy-app-vm }\nspec:\n  resource: { id: ${VM} }\n  tags: { app: orders, owner: team }\n`,
    };
    const first = await lib.planFiles(files);
    const change = first.plan.changes.find((c) => c.address === 'Tags/legacy-app-vm')!;
    expect(JSON.stringify(change)).not.toContain('native code');
    expect(change.operations.map((o) => [o.method, o.body])).toEqual([
      ['PUT', [{ tagKey: 'app', tagValue: 'orders' }, { tagKey: 'owner', tagValue: 'team' }]],
    ]);
    await first.run();
    expect(tagsOf(lib, VM)).toEqual(['app=orders', 'owner=team']);
    expect((await lib.planFiles()).plan.changes.filter((c) => c.action !== 'no-op')).toEqual([]);
  });

  it('a managed resource: plans their removal by key, applies, then plans no change', async () => {
    lib = await simLibrary();
    const redis = 'apiVersion: caretaker/v1\nkind: Redis\nmetadata: { name: orderscache }\n' +
      'spec: { nodeSizing: 2cpu4gb, diskSize: 40, redisVersion: 6.2.5, instanceCount: 1, persistenceMode: PERSISTENT, admPassword: Test123@2022, tags: { app: orders } }\n';
    await (await lib.planFiles({ 'stack.yaml': STACK, 'redis.yaml': redis })).run();
    const r = lib.sim.state.resources.find((x) => x.name === 'orderscache')!;
    r.tags.push(...HOSTILE);
    const second = await lib.planFiles();
    const change = second.plan.changes.find((c) => c.address === 'Redis/orderscache')!;
    expect(change.diff.map((d) => `${d.op} ${d.path}`)).toEqual([
      'remove /tags/__proto__', 'remove /tags/constructor', 'remove /tags/hasOwnProperty', 'remove /tags/toString',
    ]);
    expect(JSON.stringify(change)).not.toContain('native code');
    await second.run();
    expect(tagsOf(lib, r.id)).toEqual(['app=orders', 'caretaker-stack=orders-qa']);
    expect((await lib.planFiles()).plan.changes.filter((c) => c.action !== 'no-op')).toEqual([]);
  });
});
