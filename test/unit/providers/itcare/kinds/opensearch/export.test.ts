// The OpenSearch export against the simulator, after applying examples/kinds/opensearch: the cluster in
// spec shape (sizing, disk, network from its nodes), region and area with a note, no az, and the
// unreadable nodePrefix guessed from the node names with a note saying so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prefixOfNodes } from '../../../../../../src/providers/itcare/kinds/opensearch/export.js';
import { folderFiles, simLibrary, type SimLibrary } from '../../../../../support/sim-library.js';
import { exportOf, writeOnly } from '../../export-support.js';

describe('OpenSearch export', () => {
  let lib: SimLibrary;
  beforeAll(async () => {
    lib = await simLibrary({ env: { ORDERS_SEARCH_PASSWORD: 'Orders#Search2026' } });
    await (await lib.planFiles(folderFiles('examples/kinds/opensearch'))).run();
  });
  afterAll(async () => lib?.close());

  it('reads the cluster in spec shape, with notes on the fields no read returns as such', async () => {
    const { rules, resources } = await exportOf(lib, 'OpenSearch');
    expect(rules).toEqual({ fileStem: 'opensearch' });
    expect(resources.map((r) => r.name)).toEqual(['orders-search']);
    const r = resources[0]!;
    expect(r).toMatchObject({
      kind: 'OpenSearch', owner: 'opensearch-qa',
      spec: { nodeSizing: '2cpu4gb', diskSize: 60, instanceCount: 3, clusterVersion: '2.11.1', networkId: 1234511, region: 'EB', area: 'EB-QA', nodePrefix: 'ORDSRCH', tags: { app: 'orders' } },
    });
    for (const k of ['az', 'admPassword']) expect(r.spec).not.toHaveProperty(k);
    expect(r.notes).toMatchObject({ 'spec.region': writeOnly("read from the nodes' region"), 'spec.area': writeOnly("read from the nodes' area") });
    expect(r.notes!['spec.nodePrefix']).toMatch(/^write-only: not compared after create; NOT READABLE from the API/);
  });

  it('guesses the node prefix as the common start of the node names without their number', () => {
    expect(prefixOfNodes([{ name: 'ordsrch01' }, { name: 'ordsrch02' }, { name: 'ordsrch13' }])).toBe('ORDSRCH');
    expect(prefixOfNodes([{ name: 'a1' }, { name: 'b1' }])).toBeUndefined();
    expect(prefixOfNodes([])).toBeUndefined();
  });
});
