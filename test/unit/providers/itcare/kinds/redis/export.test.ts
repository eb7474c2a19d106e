// The Redis export against the simulator, after applying examples/quickstart: only the service's Redis
// (the quickstart's PostgreSQL and the seeded MariaDB and SQL Server of the aggregate list are not),
// every field observe reads with the probe (persistenceMode and tlsEnabled come from the detail GET),
// region and area from the nodes with a note, and no az.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderFiles, simLibrary, type SimLibrary } from '../../../../../support/sim-library.js';
import { exportOf, writeOnly } from '../../export-support.js';

const ENV = { ORDERS_PG_PASSWORD: 'Orders#Pg2026', ORDERS_REDIS_PASSWORD: 'Orders#Redis2026' };

describe('Redis export', () => {
  let lib: SimLibrary;
  beforeAll(async () => {
    lib = await simLibrary({ env: ENV });
    await (await lib.planFiles(folderFiles('examples/quickstart'))).run();
  });
  afterAll(async () => lib?.close());

  it('reads the Redis of the service in spec shape, with its placement from the nodes and no az', async () => {
    const { rules, resources } = await exportOf(lib, 'Redis');
    expect(rules).toEqual({ fileStem: 'redis' });
    expect(resources.map((r) => r.name)).toEqual(['orderscache']);
    const [r] = resources;
    expect(r).toMatchObject({
      kind: 'Redis', owner: 'orders-qa',
      spec: {
        nodeSizing: '2cpu4gb', redisVersion: '7.2', persistenceMode: 'PERSISTENT', tlsEnabled: false, region: 'EB', area: 'EB-QA', diskSize: 40,
        networkId: 1234511, patchParty: { excluded: false, patchGroup: '2' }, tags: { app: 'orders', team: 'checkout' },
      },
    });
    expect(r!.spec).not.toHaveProperty('az');
    expect(r!.spec).not.toHaveProperty('admPassword');
    expect(r!.notes).toEqual({ 'spec.region': writeOnly("read from the nodes' region"), 'spec.area': writeOnly("read from the nodes' area") });
  });

  it('reads nothing of another service', async () => {
    expect((await exportOf(lib, 'Redis', 46923)).resources).toEqual([]);
  });
});
