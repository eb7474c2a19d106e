// The VirtualMachine export against the simulator, after applying examples/kinds/virtual-machine: the
// service's instances (the example's and the seeded ones) from their own list, region and area with a
// note, and the create's platform from imageCode with a note (the GET has no platform field).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderFiles, simLibrary, type SimLibrary } from '../../../../../support/sim-library.js';
import { exportOf, writeOnly } from '../../export-support.js';

describe('VirtualMachine export', () => {
  let lib: SimLibrary;
  beforeAll(async () => {
    lib = await simLibrary();
    await (await lib.planFiles(folderFiles('examples/kinds/virtual-machine'))).run();
  });
  afterAll(async () => lib?.close());

  it('reads the instances of the service in spec shape, the platform from imageCode with a note', async () => {
    const { rules, resources } = await exportOf(lib, 'VirtualMachine');
    expect(rules).toEqual({ fileStem: 'virtual-machine' });
    expect(resources.map((r) => r.name)).toEqual(['PEB4APP01', 'PEB4APP02', 'PEB4APP03', 'PEB4ORD01']);
    const mine = resources.find((r) => r.name === 'PEB4ORD01')!;
    expect(mine).toMatchObject({
      kind: 'VirtualMachine', owner: 'virtual-machine-qa',
      spec: {
        resourceId: '2cpu4gb', availabilityZone: 'EB-QA-A', networkId: 1234511, region: 'EB', area: 'EB-QA', monitoringEnabled: true, monitoringAlerting: true,
        backupEnabled: false, replicationEnabled: false, state: 'running', patchParty: { excluded: false, patchGroup: '2' }, tags: { app: 'orders', tier: 'back' },
      },
    });
    expect(typeof mine.spec.platform).toBe('string');
    expect(mine.notes).toEqual({
      'spec.region': writeOnly("read from the instance's region"), 'spec.area': writeOnly("read from the instance's area"),
      'spec.platform': writeOnly("read from imageCode (not documented to echo the create's platform), check it before any re-create"),
    });
    expect(resources.find((r) => r.name === 'PEB4APP03')!.spec.state).toBe('stopped');
  });

  it('reads nothing of another service', async () => {
    expect((await exportOf(lib, 'VirtualMachine', 46924)).resources.map((r) => r.name)).toEqual(['PEB4SBX01', 'PEB4SBX02', 'PEB4SBX03']);
    expect((await exportOf(lib, 'VirtualMachine', 99999)).resources).toEqual([]);
  });
});
