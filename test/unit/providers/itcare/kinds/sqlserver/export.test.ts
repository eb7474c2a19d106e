// The SQLServer export against the simulator, after applying examples/kinds/sqlserver: the service's
// farms (the example's and the seeded rhutsql20) from their own list, region with a note, the password
// left to the engine's ${env:} placeholder, and the unreadable collation guessed with a note.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderFiles, simLibrary, type SimLibrary } from '../../../../../support/sim-library.js';
import { exportOf, writeOnly } from '../../export-support.js';

describe('SQLServer export', () => {
  let lib: SimLibrary;
  beforeAll(async () => {
    lib = await simLibrary({ env: { ORDERS_SQL_PASSWORD: 'Orders#Sql2026' } });
    await (await lib.planFiles(folderFiles('examples/kinds/sqlserver'))).run();
  });
  afterAll(async () => lib?.close());

  it('reads the farms of the service in spec shape, with notes on what no read returns', async () => {
    const { rules, resources } = await exportOf(lib, 'SQLServer');
    expect(rules).toEqual({ fileStem: 'sqlserver' });
    expect(resources.map((r) => r.name)).toEqual(['orderssql01', 'rhutsql20']);
    const [mine, seeded] = resources;
    expect(mine).toMatchObject({
      kind: 'SQLServer', owner: 'sqlserver-qa',
      spec: { nodeSizing: '2cpu8gb', edition: 'STD', alwaysOn: false, area: 'EB-QA', networkId: 1234511, region: 'EB', collation: 'French_BIN', patchParty: { excluded: false, patchGroup: '2' }, tags: { app: 'orders' } },
    });
    expect(mine!.spec).not.toHaveProperty('customerPassword');
    expect(mine!.notes).toEqual({
      'spec.region': writeOnly("read from the farm's region"),
      'spec.collation': writeOnly("NOT READABLE from the API: the docs' example (ITCare 001:13250), check it before any re-create"),
    });
    expect(seeded!.spec).toMatchObject({ edition: 'ENT', alwaysOn: false });
  });

  it('reads nothing of another service', async () => {
    expect((await exportOf(lib, 'SQLServer', 46923)).resources).toEqual([]);
  });
});
