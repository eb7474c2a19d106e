// One refresh reads each service-wide list once: the ownership listing (which every plan makes, to
// report owned resources the manifests no longer name) shares the lists refresh reads and runs beside
// the observations; the PaaS kinds find their owned resources in the service's generic list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadScope } from '../../../src/engine/provider.js';
import { simLibrary, stackIn46922, type SimLibrary } from '../../support/sim-library.js';

describe('createReadScope', () => {
  it('runs a read once per key, sharing the answer with callers that ask while it is in flight', async () => {
    const reads = createReadScope();
    let runs = 0;
    const read = () => new Promise<number>((r) => setTimeout(() => r(++runs), 5));
    const [a, b] = await Promise.all([reads.once('k', read), reads.once('k', read)]);
    expect([a, b, await reads.once('k', read), runs]).toEqual([1, 1, 1, 1]);
    expect(await reads.once('other', read)).toBe(2);
  });

  it('shares a failed read too: the refresh it belongs to fails once, not once per caller', async () => {
    const reads = createReadScope();
    let runs = 0;
    const read = () => { runs++; return Promise.reject(new Error('boom')); };
    await expect(reads.once('k', read)).rejects.toThrow('boom');
    await expect(reads.once('k', read)).rejects.toThrow('boom');
    expect(runs).toBe(1);
  });
});

describe('refresh with the ownership listing', () => {
  let lib: SimLibrary;
  beforeAll(async () => {
    lib = await simLibrary();
  });
  afterAll(async () => lib.close());

  const redis = (name: string) => `apiVersion: caretaker/v1
kind: Redis
metadata: { name: ${name} }
spec: { nodeSizing: 2cpu4gb, diskSize: 40, redisVersion: "7.2", instanceCount: 1, persistenceMode: PERSISTENT, admPassword: Test123@2022 }
`;

  it('makes every list request once per plan and still finds what the manifests dropped', async () => {
    await (await lib.planFiles({ 'stack.yaml': stackIn46922('sharedstack'), 'redis.yaml': [redis('sharedcache1'), redis('sharedcache2')].join('---\n') })).run();
    const since = lib.sim.requests.length;
    // sharedcache2 leaves the manifests: the plan still reports it as owned and not managed.
    const { plan } = await lib.planFiles({ 'stack.yaml': stackIn46922('sharedstack'), 'redis.yaml': redis('sharedcache1') });
    const seen = lib.sim.requests.slice(since);
    const lists = seen.filter((r) => !/\/\d+(\/|$)/.test(r.path)).map((r) => `${r.method} ${r.path}?${new URLSearchParams(r.query).toString()}`);
    expect(lists.length).toBeGreaterThan(0);
    expect(new Set(lists).size).toBe(lists.length);
    // The ownership tag is checked on the items of the service's generic list (they embed tags[]):
    // no tags= list of its own.
    expect(lists).toContain('GET /itcare/compute/resources?services=46922&page=0&size=2000');
    expect(lists.filter((l) => l.includes('tags='))).toEqual([
      'GET /itcare/networking/loadbalancers?services=46922&tags=caretaker-stack%3Asharedstack&page=0&size=2000',
    ]);
    expect(plan.changes.filter((c) => c.action !== 'no-op')).toEqual([]);
    expect(plan.missingOwned).toEqual(['Redis/sharedcache2']);
  });
});
