import { describe, expect, it } from 'vitest';
import { providerFactories } from '../../../src/providers/index.js';
import { fakeHttp } from '../../support/fake-http.js';

describe('provider registry', () => {
  it('registers itcare with every ITCare kind, and counts requests', async () => {
    const http = fakeHttp({ 'GET /itcare/actions': { body: [] } });
    const p = providerFactories.itcare!({ http });
    expect(p.name).toBe('itcare');
    // Exactly the kinds whose schema names the itcare provider (so a new kind adds no line here), these among
    // them; Stack and Policy configure a manifest set and name no provider.
    const { createSchemaRegistry } = await import('../../../src/schema/registry.js');
    const registry = createSchemaRegistry();
    const itcareKinds = registry.kinds().filter((k) => registry.schema(k)?.['x-provider'] === 'itcare');
    expect([...p.kinds()].sort()).toEqual(itcareKinds);
    expect(itcareKinds).toEqual(expect.arrayContaining(['KubernetesCluster', 'LoadBalancer', 'PatchPolicy', 'PostgreSQL', 'Redis', 'Tags']));
    expect(p.handler('Redis')?.kind).toBe('Redis');
    expect(p.handler('Nope')).toBeUndefined();
    await p.pollActions([{ id: '1', serviceId: 46922 }]);
    // Not in the IN_PROGRESS list, not in the requestId list, then asked by id (unknown here): 3 requests.
    expect(p.requestCount!()).toBe(3);
  });
});

describe('schemas and providers agree', () => {
  it('every kind with a schema has a handler in the provider its schema names', async () => {
    const { createSchemaRegistry } = await import('../../../src/schema/registry.js');
    const registry = createSchemaRegistry();
    const http = fakeHttp({});
    // Stack and Policy configure a manifest set: they are not resources, no provider handles them.
    const missing = registry.kinds().filter((k) => k !== 'Stack' && k !== 'Policy').filter((k) => {
      const factory = providerFactories[registry.policy(k).provider];
      return !factory?.({ http }).handler(k);
    });
    expect(missing).toEqual([]);
  });
});
