// The PostgreSQL export against the simulator: the extensions of every database (the probe names
// none), region and area from one read of its nodes with a note, and only the service's PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simLibrary, stackIn46922, type SimLibrary } from '../../../../../support/sim-library.js';
import { exportOf, writeOnly } from '../../export-support.js';

const PG = `apiVersion: caretaker/v1
kind: PostgreSQL
metadata: { name: ordersdb }
spec:
  nodeSizing: 2cpu4gb
  diskSize: 40
  postgreVersion: "15"
  topology: STANDALONE
  trigram: ord
  allowedReplicationLag: 10
  admPassword: Test123@2022
  extensions: { ordersdb: [pgcrypto, uuid-ossp] }
`;

describe('PostgreSQL export', () => {
  let lib: SimLibrary;
  beforeAll(async () => {
    lib = await simLibrary();
    await (await lib.planFiles({ 'stack.yaml': stackIn46922('orders-qa'), 'pg.yaml': PG })).run();
  });
  afterAll(async () => lib?.close());

  it('reads the extensions of every database and the placement from the nodes', async () => {
    const { rules, resources } = await exportOf(lib, 'PostgreSQL');
    expect(rules).toEqual({ fileStem: 'postgresql' });
    expect(resources.map((r) => r.name)).toEqual(['ordersdb']);
    const [r] = resources;
    expect(r).toMatchObject({
      kind: 'PostgreSQL', owner: 'orders-qa',
      spec: { postgreVersion: '15', topology: 'STANDALONE', trigram: 'ord', extensions: { ordersdb: ['pgcrypto', 'uuid-ossp'] }, region: 'EB', area: 'EB-QA' },
    });
    expect(r!.notes).toEqual({ 'spec.region': writeOnly("read from the nodes' region"), 'spec.area': writeOnly("read from the nodes' area") });
  });
});
