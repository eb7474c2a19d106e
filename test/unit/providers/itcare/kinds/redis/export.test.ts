// The Redis export against the simulator: only the service's Redis (the seeded MariaDB and SQL Server
// of the aggregate list are not), every field observe reads with the probe (persistenceMode and
// tlsEnabled come from the detail GET), region and area from the nodes with a note, and no az.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simLibrary, stackIn46922, type SimLibrary } from '../../../../../support/sim-library.js';
import { exportOf, writeOnly } from '../../export-support.js';

const REDIS = `apiVersion: caretaker/v1
kind: Redis
metadata: { name: orderscache }
spec: { nodeSizing: 2cpu4gb, diskSize: 40, redisVersion: 6.2.5, instanceCount: 1, persistenceMode: PERSISTENT, admPassword: Test123@2022, tags: { app: orders } }
`;

describe('Redis export', () => {
  let lib: SimLibrary;
  beforeAll(async () => {
    lib = await simLibrary();
    await (await lib.planFiles({ 'stack.yaml': stackIn46922('orders-qa'), 'redis.yaml': REDIS })).run();
  });
  afterAll(async () => lib?.close());

  it('reads the Redis of the service in spec shape, with its placement from the nodes and no az', async () => {
    const { rules, resources } = await exportOf(lib, 'Redis');
    expect(rules).toEqual({ fileStem: 'redis' });
    expect(resources.map((r) => r.name)).toEqual(['orderscache']);
    const [r] = resources;
    expect(r).toMatchObject({
      kind: 'Redis', owner: 'orders-qa',
      spec: { nodeSizing: '2cpu4gb', redisVersion: '6.2.5', persistenceMode: 'PERSISTENT', tlsEnabled: false, region: 'EB', area: 'EB-QA', diskSize: 40, networkId: 1234511, tags: { app: 'orders' } },
    });
    expect(r!.spec).not.toHaveProperty('az');
    expect(r!.spec).not.toHaveProperty('admPassword');
    expect(r!.notes).toEqual({ 'spec.region': writeOnly("read from the nodes' region"), 'spec.area': writeOnly("read from the nodes' area") });
  });

  it('reads nothing of another service', async () => {
    expect((await exportOf(lib, 'Redis', 46923)).resources).toEqual([]);
  });
});
