// `drift --unmanaged`: resources sorted by their ownership tag, the managed share, the adopt commands
// (shell-quoted), kinds whose handler cannot list, governance kinds left out, one shared read scope.
import { describe, expect, it } from 'vitest';
import { adoptCommand, shellWord, unmanagedOf } from '../../../src/engine/unmanaged.js';
import { createReadScope, type LiveResource, type ReadScope } from '../../../src/engine/provider.js';
import { fakeProvider, manifest, world } from '../../support/fake-provider.js';

const set = (serviceIds: number[]) => ({
  stack: { name: 'orders', provider: {}, defaults: {}, prune: false, file: 'stack.yaml' },
  resources: serviceIds.map((sid, i) => manifest('Redis', `r${i}`, { serviceId: sid })),
});

describe('unmanagedOf', () => {
  it('splits the inventory by tag, computes the share, writes one adopt command per service', async () => {
    const scopes: Array<{ serviceIds: number[]; reads?: ReadScope }> = [];
    const live: LiveResource[] = [
      { kind: 'Redis', name: 'mine', id: 1, serviceId: 10, owner: 'orders' },
      { kind: 'Redis', name: 'theirs', id: 2, serviceId: 10, owner: 'billing' },
      { kind: 'Redis', name: 'legacy cache', id: 3, serviceId: 10 },
      { kind: 'Redis', name: 'old', id: 4, serviceId: 20 },
    ];
    const provider = fakeProvider(world(), ['Redis', 'Tags', 'Widget'], {
      handlers: { Redis: { inventory: async (scope, reads) => (scopes.push({ ...scope, reads }), live) } },
    });
    const reads = createReadScope();
    const u = await unmanagedOf(set([20, 10, 10]), { providers: new Map([['fake', provider]]), owned: (k) => k !== 'Tags', reads });
    expect(scopes).toEqual([{ serviceIds: [10, 20], reads }]);
    expect(u).toEqual({
      total: 4, thisStack: 1, otherStacks: 1, managedShare: 0.5,
      resources: [{ kind: 'Redis', name: 'legacy cache', id: 3, serviceId: 10 }, { kind: 'Redis', name: 'old', id: 4, serviceId: 20 }],
      adopt: [
        "caretaker export --service 10 --kind Redis --name 'legacy cache' --adopt --stack orders -o adopt-10",
        'caretaker export --service 20 --kind Redis --name old --adopt --stack orders -o adopt-20',
      ],
      // Widget has no inventory (said in the report); Tags is a governance kind (not a resource to adopt).
      notListed: ['Widget'],
    });
  });

  it('an empty estate is fully managed', async () => {
    const provider = fakeProvider(world(), ['Redis'], { handlers: { Redis: { inventory: async () => [] } } });
    const u = await unmanagedOf(set([10]), { providers: new Map([['fake', provider]]), owned: () => true });
    expect(u.managedShare).toBe(1);
    expect(u.adopt).toEqual([]);
  });

  it('quotes what a shell would split or expand', () => {
    expect(shellWord('orders-cache')).toBe('orders-cache');
    expect(shellWord("it's $HOME")).toBe("'it'\\''s $HOME'");
    expect(adoptCommand('a b', 1, [{ kind: 'Redis', name: 'x', id: 1 }, { kind: 'PostgreSQL', name: 'y', id: 2 }], 'out')).toBe(
      "caretaker export --service 1 --kind PostgreSQL Redis --name x y --adopt --stack 'a b' -o out");
  });
});
