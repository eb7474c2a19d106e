// The GlusterFS export against the simulator, after applying examples/estate's GlusterFS: the first
// volume listed taken for the create's own (user_name, diskSize, with a note), the other volumes
// without their password, region and area from the nodes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simLibrary, type SimLibrary } from '../../../../../support/sim-library.js';
import { ESTATE_ENV, estateFiles, exportOf, writeOnly } from '../../export-support.js';

describe('GlusterFS export', () => {
  let lib: SimLibrary;
  beforeAll(async () => {
    lib = await simLibrary({ env: ESTATE_ENV });
    await (await lib.planFiles(estateFiles('glusterfs'))).run();
  });
  afterAll(async () => lib?.close());

  it('reads the cluster and its volumes in spec shape', async () => {
    const { rules, resources } = await exportOf(lib, 'GlusterFS');
    expect(rules).toEqual({ fileStem: 'glusterfs' });
    expect(resources).toHaveLength(1);
    const [r] = resources;
    expect(r).toMatchObject({
      kind: 'GlusterFS', name: 'estate-files', owner: 'estate-qa',
      spec: { region: 'EB', area: 'EB-QA', networkId: 1234511, diskSize: 20, user_name: 'estate', volumes: [{ name: 'reports', diskSize: 10 }], tags: { app: 'estate' } },
    });
    expect(JSON.stringify(r)).not.toContain(ESTATE_ENV.ESTATE_GLUSTERFS_REPORTS_PASSWORD);
    expect(r!.notes).toEqual({
      'spec.region': writeOnly("read from the nodes' region"), 'spec.area': writeOnly("read from the nodes' area"),
      'spec.user_name': writeOnly('NOT READABLE from the API: the first volume listed (estate) is taken for the one the create made, check it'),
    });
  });
});
