import { describe, expect, it } from 'vitest';
import { providerFactories } from '../../../src/providers/index.js';
import { fakeHttp } from '../../support/fake-http.js';

describe('provider registry', () => {
  it('registers itcare with the Redis and PostgreSQL kinds, and counts requests', async () => {
    const http = fakeHttp({ 'GET /itcare/actions': { body: [] } });
    const p = providerFactories.itcare!({ http });
    expect(p.name).toBe('itcare');
    expect(p.kinds()).toEqual(['Redis', 'PostgreSQL']);
    expect(p.handler('Redis')?.kind).toBe('Redis');
    expect(p.handler('Nope')).toBeUndefined();
    await p.pollActions([{ id: '1', serviceId: 46922 }]);
    expect(p.requestCount!()).toBe(2);
  });
});
