// The MariaDB export against the simulator, after applying examples/kinds/mariadb: the service's
// MariaDB (the example's Galera cluster and the seeded pmariadb01), every field observe reads, region
// and area from the nodes with a note, no az, and nothing of another kind or service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderFiles, simLibrary, type SimLibrary } from '../../../../../support/sim-library.js';
import { exportOf, writeOnly } from '../../export-support.js';

describe('MariaDB export', () => {
  let lib: SimLibrary;
  beforeAll(async () => {
    lib = await simLibrary({ env: { ORDERS_MARIADB_PASSWORD: 'Orders#Maria2026' } });
    await (await lib.planFiles(folderFiles('examples/kinds/mariadb'))).run();
  });
  afterAll(async () => lib?.close());

  it('reads the MariaDB of the service in spec shape, with its placement from the nodes and no az', async () => {
    const { rules, resources } = await exportOf(lib, 'MariaDB');
    expect(rules).toEqual({ fileStem: 'mariadb' });
    expect(resources.map((r) => r.name)).toEqual(['orders-galera', 'pmariadb01']);
    const r = resources[0]!;
    expect(r).toMatchObject({
      kind: 'MariaDB', owner: 'mariadb-qa',
      spec: {
        nodeSizing: '2cpu4gb', diskSize: 60, instanceCount: 3, topology: 'CLUSTER', version: '10.6', networkId: 1234511,
        region: 'EB', area: 'EB-QA', monitoringEnabled: true, onCallSupervision: true, patchParty: { excluded: false }, tags: { app: 'orders' },
      },
    });
    for (const k of ['az', 'admPassword']) expect(r.spec).not.toHaveProperty(k);
    expect(r.notes).toEqual({ 'spec.region': writeOnly("read from the nodes' region"), 'spec.area': writeOnly("read from the nodes' area") });
    expect(resources[1]!.spec).toMatchObject({ topology: 'CLUSTER', instanceCount: 3 });
  });

  it('reads nothing of another service', async () => {
    expect((await exportOf(lib, 'MariaDB', 46923)).resources).toEqual([]);
  });
});
